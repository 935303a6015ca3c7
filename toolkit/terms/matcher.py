"""One glossary's matcher: every French form and every forbidden English variant indexed once by its words.

Built once per glossary (`matcher_for`) and shared by placement (`find_terms`), the forbidden-variant fix
(`fix_forbidden`) and the lost-term check, which runs that fix before `check_target`. A sentence costs the
entries whose words it contains, never the others:

- French: every folded form (inflections and `forms=` included) is a key of words joined by their separators;
  a sentence is walked word by word and a run is extended only while it is the beginning of some key, so an
  entry whose words never occur is never looked at (the rules of what matches stay in `toolkit.terms.match`).
- English: every forbidden variant, as listed and in capitals, is indexed by its sequence of words (runs of
  letters). A variant can only match where its words stand one after the other in the text, so the sentence's
  word runs select the few variants that may occur, and only their alternation (in the order of the whole one:
  longest first) is searched. The result is the same as searching the alternation of every variant, since an
  alternative that can match nowhere changes nothing in a leftmost-first search; alternations are compiled once
  per set of variants that occur together.

`work` counts what the matcher did (words probed in the index, entries examined, regular-expression searches
run), for tests that check the cost does not grow with entries that never occur.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.terms.glossary import Entry, Glossary, fold, french_forms

# the words of an English variant: runs of letters; the modifier apostrophe ʼ is a letter to `\w` but stands for
# an apostrophe in a variant, so it separates words here (a separator never holds a letter of the index)
_WORD = re.compile(r"[^\W\d_ʼ]+")
_PATTERN_CACHE = 4096  # alternations kept per glossary before the cache starts again

# -- word primitives every glossary rule uses (toolkit.terms.match as well) ---------------------------

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_APOSTROPHES = "'’ʼ"
_HYPHENS = "-\u2010\u2011"


_SEPARATOR_CHARS = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_HYPHENS, "-")})
_SPACE_RUN = re.compile(r"\s+")


def _separator_key(sep: str) -> str:
    if not sep.isascii():  # ' and - are already the one kind
        sep = sep.translate(_SEPARATOR_CHARS)
    return _SPACE_RUN.sub(" ", sep)


def _token_count(form: str) -> int:
    return len(_TOKEN.findall(fold(form)))


def _case_ok(entry: Entry, found: str, form: str) -> bool:
    mode = entry.case_mode
    if mode == "any":
        return True
    if mode == "capital":
        return found[:1].isupper()
    # acronyms: as written, or capitalised the way AFP writes the pronounceable ones (Otan, Onu)
    found_key = _separator_key(found)
    form_key = _separator_key(unicodedata.normalize("NFC", form))
    return found_key == form_key or (len(form_key) >= 3 and found_key == form_key.capitalize())


@functools.lru_cache(maxsize=4096)
def _english_pattern(term: str) -> str:
    """`term` as a pattern tolerant of apostrophe, hyphen and space variants (built once per term)."""
    parts = []
    for ch in term:
        if ch in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif ch in _HYPHENS:
            parts.append(f"[{_HYPHENS}]")
        elif ch.isspace():
            parts.append(r"[\s\-\u2010\u2011]+")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


Candidate = tuple[int, int, int, Entry, bool]  # start, end, first token, entry, plural


@dataclass
class Work:
    """What the matcher did since it was built: index probes, entries examined, regex searches."""

    probes: int = 0
    examined: int = 0
    searches: int = 0


class TermMatcher:
    """The lookup tables of one glossary (French forms, forbidden English variants), built once."""

    def __init__(self, glossary: Glossary) -> None:
        self.work = Work()
        self._build_french(glossary)
        self._build_forbidden(glossary)

    # -- French ------------------------------------------------------------------------------------

    def _build_french(self, glossary: Glossary) -> None:
        # folded form -> (entry, form is plural), best entry first
        self.french: dict[str, list[tuple[Entry, bool]]] = glossary.inflection_index
        # each entry's forms by their folded key, spelled as the entry spells them: made for the entries a
        # sentence reaches, not for all
        self._spelled: dict[Entry, dict[str, str]] = {}
        self.max_tokens = max((_token_count(k) for k in self.french), default=0)
        self.separators: set[str] = set()
        self.prefixes: set[str] = set()  # every key cut after one of its tokens: stop extending early
        for key in self.french:
            tokens = list(_TOKEN.finditer(key))
            for a, b in itertools.pairwise(tokens):
                self.separators.add(key[a.end() : b.start()])
            self.prefixes.update(key[: t.end()] for t in tokens)

    def french_candidates(
        self, work: str, tokens: list[re.Match[str]], links: list[tuple[int, int]]
    ) -> list[Candidate]:
        """Every form found in `work` (its `tokens` given) whose case fits, outside `links`, overlaps and all."""
        candidates: list[Candidate] = []
        probes = examined = 0
        for i, first in enumerate(tokens):
            key = first.group(0).casefold()
            for j in range(i, min(i + self.max_tokens, len(tokens))):
                if j > i:
                    sep = _separator_key(work[tokens[j - 1].end() : tokens[j].start()])
                    if sep not in self.separators:
                        break
                    key += sep + tokens[j].group(0).casefold()
                probes += 1
                if key not in self.prefixes:
                    break
                bucket = self.french.get(key)
                if not bucket:
                    continue
                start, end = first.start(), tokens[j].end()
                if any(start < b and end > a for a, b in links):
                    break
                found = work[start:end]
                for entry, plural in bucket:
                    examined += 1
                    if _case_ok(entry, found, self._spelling(entry, key)):
                        candidates.append((start, end, i, entry, plural))
                        break
        self.work.probes += probes
        self.work.examined += examined
        return candidates

    def _spelling(self, entry: Entry, key: str) -> str:
        """The entry's form whose folded key is `key`, as the entry spells it (OTAN, not otan)."""
        spelled = self._spelled.get(entry)
        if spelled is None:
            spelled = self._spelled[entry] = {}
            for form, _ in french_forms(entry):
                spelled.setdefault(fold(form), form)
        return spelled.get(key, entry.source)

    # -- English: forbidden variants ----------------------------------------------------------------

    def _build_forbidden(self, glossary: Glossary) -> None:
        alternatives: dict[str, str] = {}
        for wrong, right in glossary.forbidden_variants().items():
            alternatives[wrong] = right
            alternatives.setdefault(wrong.upper(), right.upper())
        # the order of the one alternation of every variant: longest first, then as listed
        self.forbidden: list[str] = sorted(alternatives, key=len, reverse=True)
        self.replacements = {_separator_key(n): alternatives[n] for n in self.forbidden}
        self._by_words: dict[str, list[int]] = {}  # words joined by spaces -> ranks of the variants spelled so
        self._word_prefixes: set[str] = set()
        self._unindexed: list[int] = []  # variants that do not begin with a letter: always searched
        self._max_words = 0
        for rank, name in enumerate(self.forbidden):
            words = _WORD.findall(name)
            if not _WORD.match(name):
                self._unindexed.append(rank)
                continue
            self._max_words = max(self._max_words, len(words))
            self._by_words.setdefault(" ".join(words), []).append(rank)
            self._word_prefixes.update(" ".join(words[: k + 1]) for k in range(len(words)))
        self._patterns: dict[tuple[int, ...], re.Pattern[str]] = {}

    def _forbidden_here(self, text: str) -> tuple[int, ...]:
        """The ranks of the variants whose words stand one after the other in `text`."""
        words = _WORD.findall(text)
        ranks: set[int] = set(self._unindexed)
        probes = 0
        for i in range(len(words)):
            key = ""
            for j in range(i, min(i + self._max_words, len(words))):
                key = words[j] if j == i else key + " " + words[j]
                probes += 1
                if key not in self._word_prefixes:
                    break
                ranks.update(self._by_words.get(key, ()))
        self.work.probes += probes
        self.work.examined += len(ranks)
        return tuple(sorted(ranks))

    def forbidden_matches(self, text: str) -> Iterator[re.Match[str]]:
        """Forbidden variants in `text` as whole words, left to right, as the alternation of all would find them."""
        if not self.forbidden or not text:
            return iter(())
        ranks = self._forbidden_here(text)
        if not ranks:
            return iter(())
        pattern = self._patterns.get(ranks)
        if pattern is None:
            if len(self._patterns) >= _PATTERN_CACHE:
                self._patterns.clear()
            alternation = "|".join(_english_pattern(self.forbidden[r]) for r in ranks)
            pattern = self._patterns[ranks] = re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])")
        self.work.searches += 1
        return pattern.finditer(text)


def matcher_for(glossary: Glossary) -> TermMatcher:
    """The glossary's matcher, built the first time a sentence needs it and kept on the glossary."""
    if glossary._matcher is None:
        glossary._matcher = TermMatcher(glossary)
    matcher: TermMatcher = glossary._matcher
    return matcher
