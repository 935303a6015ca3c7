"""Transliteration of French spellings of Russian, Ukrainian and Belarusian names into English press spelling.

The knowledge lives in data tables under `toolkit/terms/data/`: ordered rewrite rules with contexts
(`translit_rules.tsv`), Ukrainian markers (`translit_varieties.tsv`), the Slavic-name detector's weighted
patterns (`translit_detect.tsv`), genuinely irregular names (`names_exceptions.tsv`), French first-name forms
(`names_first.tsv`), Western names that never change (`names_western.tsv`) and an English stop-list.
This module is the small engine that applies them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal, NamedTuple

# capitalised at a sentence start, never the start of a name
FRENCH_LEADS = frozenset(
    """le la les l un une des du de au aux à en selon pour par dans sur avec chez contre vers après avant depuis
    pendant et ou mais donc car ni ce cet cette ces son sa ses leur leurs mon ma mes notre nos votre vos il elle
    ils elles on nous vous je quand si lorsque comme alors puis ainsi enfin outre entre dès lors""".split()
)
VOWELS = frozenset("aeiouyéèêëïîöüâ")
SLAVIC_THRESHOLD = 2
VETO = -100

Variety = Literal["ru", "uk"]


@dataclass(frozen=True)
class Rule:
    """One rewrite: `source` becomes `target` where the left and right contexts hold."""

    id: str
    source: str
    target: str
    left: str
    right: str
    variety: str
    example: str


class NameResult(NamedTuple):
    source: str
    english: str
    by: Literal["glossary", "rules", "unchanged"]


# ---------------------------------------------------------------------------------------------------------
# data tables


def _rows(name: str) -> Iterator[list[str]]:
    """The tab-separated rows of a data file, without comments and blank lines."""
    text = resources.files("toolkit.terms").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [unicodedata.normalize("NFC", cell.strip()) for cell in line.split("\t")]


@cache
def rules() -> tuple[Rule, ...]:
    """The ordered rewrite rules of `translit_rules.tsv`."""
    return tuple(Rule(*row[:7]) for row in _rows("translit_rules.tsv"))


@cache
def _rules_by_letter() -> dict[str, tuple[Rule, ...]]:
    # each position only tries the rules that can start there, in table order
    index: dict[str, list[Rule]] = {}
    for rule in rules():
        index.setdefault(rule.source[0], []).append(rule)
    return {letter: tuple(found) for letter, found in index.items()}


@cache
def _variety_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(row[1]) for row in _rows("translit_varieties.tsv") if row[0] == "uk")


@cache
def _detect_patterns() -> tuple[tuple[int, re.Pattern[str]], ...]:
    return tuple((int(row[0]), re.compile(row[1])) for row in _rows("translit_detect.tsv"))


@cache
def exceptions() -> dict[str, str]:
    """Irregular names, keyed by their case-folded French spelling."""
    return {row[0].casefold(): row[1] for row in _rows("names_exceptions.tsv")}


@cache
def first_names() -> dict[str, str]:
    """French forms of first names and their English forms, for Slavic persons only."""
    return {row[0].casefold(): row[1] for row in _rows("names_first.tsv")}


@cache
def western_names() -> frozenset[str]:
    """Western names that never change, whole names and their single words, case-folded."""
    names: set[str] = set()
    for row in _rows("names_western.tsv"):
        names.add(row[0].casefold())
        if " " not in row[0]:
            continue
        # the words of a listed full name are safe too, except a first name shared with Slavic persons
        names.update(word.casefold() for word in row[0].split(" ") if word.casefold() not in first_names())
    return frozenset(names)


@cache
def english_stoplist() -> frozenset[str]:
    return frozenset(row[0].casefold() for row in _rows("translit_english_stoplist.txt"))


# ---------------------------------------------------------------------------------------------------------
# the rule engine


def variety(word: str) -> Variety:
    """uk when the French spelling shows a Ukrainian marker, else ru (Russian and Belarusian)."""
    lower = _lower(word)
    return "uk" if any(p.search(lower) for p in _variety_patterns()) else "ru"


def _lower(word: str) -> str:
    return unicodedata.normalize("NFC", word).lower()


def _holds(spec: str, char: str | None, edge: str) -> bool:
    """Does the neighbouring `char` (None at the word's edge) satisfy the context `spec`?"""
    if spec == "*":
        return True
    if spec == edge:
        return char is None
    if char is None:
        return False
    if spec == "V":
        return char in VOWELS
    if spec == "C":
        return char.isalpha() and char not in VOWELS
    if spec.startswith("["):
        return char in spec[1:-1]
    raise ValueError(f"unknown context {spec!r} in translit_rules.tsv")


def rewrite(word: str, kind: Variety | None = None) -> tuple[str, list[str]]:
    """Apply the rules to one lower-case word (no space, no hyphen); return the result and the rules fired."""
    kind = kind or variety(word)
    by_letter = _rules_by_letter()
    out: list[str] = []
    fired: list[str] = []
    pos = 0
    while pos < len(word):
        for rule in by_letter.get(word[pos], ()):
            end = pos + len(rule.source)
            if (
                word.startswith(rule.source, pos)
                and rule.variety in ("*", kind)
                and _holds(rule.left, word[pos - 1] if pos else None, "^")
                and _holds(rule.right, word[end] if end < len(word) else None, "$")
            ):
                out.append(rule.target)
                fired.append(rule.id)
                pos = end
                break
        else:
            out.append(word[pos])
            pos += 1
    return "".join(out), fired


def _recase(source: str, result: str) -> str:
    """Give `result` the case pattern of `source`: UPPER, Title or lower."""
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return result.upper()
    if source[:1].isupper():
        return result[:1].upper() + result[1:]
    return result


def _transliterate_word(word: str) -> str:
    """Rules on one word; hyphenated parts (Kara-Mourza, Ioujno-Sakhalinsk) one by one."""
    if "-" in word:
        return "-".join(_transliterate_word(part) for part in word.split("-"))
    if not word or not any(c.isalpha() for c in word):
        return word
    irregular = exceptions().get(word.casefold())
    if irregular is not None:
        return _recase(word, irregular)
    result, _fired = rewrite(_lower(word))
    return _recase(word, result)


# ---------------------------------------------------------------------------------------------------------
# detection


def slavic_score(word: str) -> int:
    """The detector's score for one word (see translit_detect.tsv); hyphenated words score their best part."""
    if "-" in word:
        return max(slavic_score(part) for part in word.split("-"))
    lower = _lower(word)
    if len(lower) < 4 or lower in english_stoplist() or lower in western_names():
        return 0
    return sum(weight for weight, pattern in _detect_patterns() if pattern.search(lower))


def looks_slavic(word: str) -> bool:
    """Is `word` a proper noun that looks like a French transcription of a Russian, Ukrainian or Belarusian
    name?"""
    if not word[:1].isupper() or word.casefold() in western_names():
        return False
    return slavic_score(word) >= SLAVIC_THRESHOLD


def _vetoed(word: str) -> bool:
    """A word whose letters rule out a French transcription of a Slavic name (Joseph, Macron, Chevènement)."""
    lower = _lower(word)
    return any(weight <= VETO and pattern.search(lower) for weight, pattern in _detect_patterns())


def _is_known(word: str) -> bool:
    return word.casefold() in exceptions()


# ---------------------------------------------------------------------------------------------------------
# names


def _person_slavic(tokens: Sequence[str]) -> bool:
    return any(looks_slavic(t) or _is_known(t) for t in tokens)


def transliterate_person(tokens: Sequence[str]) -> list[str]:
    """Transliterate the words of one name; French first-name forms change only when the surname is Slavic.

    Alexandre Loukachenko -> Alexander Lukashenko; Alexandre Dumas stays. Words whose letters rule out a
    Slavic name (Joseph in Joseph Staline) and listed Western names are kept.
    """
    slavic = _person_slavic(tokens)
    out: list[str] = []
    for token in tokens:
        folded = token.casefold()
        if _is_known(token):
            out.append(_recase(token, exceptions()[folded]))
        elif slavic and folded in first_names():
            out.append(_recase(token, first_names()[folded]))
        elif folded in western_names() or _vetoed(token) or (len(tokens) > 1 and not token[:1].isupper()):
            # Western words and the particles of a longer name (de, le, von) stay as written
            out.append(token)
        else:
            out.append(_transliterate_word(token))
    return out


def transliterate(name: str) -> str:
    """Rules only: the English press spelling of a French-spelled Slavic name (Choïgou -> Shoigu)."""
    name = unicodedata.normalize("NFC", name.strip())
    irregular = exceptions().get(name.casefold())
    if irregular is not None:
        return irregular
    if name.casefold() in western_names():
        return name
    tokens = name.split()
    return " ".join(transliterate_person(tokens))


def english_name(name: str, glossary_lookup: Callable[[str], str | None] | None = None) -> NameResult:
    """Glossary first (whole name, then each word), rules for Slavic names, unchanged for Western names."""
    source = unicodedata.normalize("NFC", name.strip())
    if glossary_lookup is not None:
        hit = glossary_lookup(source)
        if hit is not None:
            return NameResult(name, hit, "glossary")
    irregular = exceptions().get(source.casefold())
    if irregular is not None:
        return NameResult(name, irregular, "rules")
    tokens = source.split()
    hits = [glossary_lookup(t) if glossary_lookup is not None else None for t in tokens]
    if source.casefold() in western_names():
        return NameResult(name, source, "unchanged")
    # a changed glossary hit on one word (Loukachenko) also tells us the person is Slavic
    slavic = _person_slavic(tokens) or any(
        h is not None and h != t for h, t in zip(hits, tokens, strict=True)
    )
    by_rules = transliterate_person(tokens) if slavic else list(tokens)
    english: list[str] = []
    used_rules = False
    for token, hit, ruled in zip(tokens, hits, by_rules, strict=True):
        if hit is not None:
            english.append(hit)
        else:
            english.append(ruled)
            used_rules = used_rules or ruled != token
    result = " ".join(english)
    if used_rules:
        return NameResult(name, result, "rules")
    if any(h is not None for h in hits):
        return NameResult(name, result, "glossary")
    return NameResult(name, source, "unchanged")


# ---------------------------------------------------------------------------------------------------------
# running text

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# marks only a French transcription has: an English or already-English name never carries them
_FRENCH_MARKS = re.compile(
    r"ou|tch|j|ï|é|è|(?<=[aeiouy])ss(?=[aeiouy])|gu[eéiïy]|^i[aeo]|[^aeiouy]ine$|ski$|[dlnrt]i$|[^aeiouy]io"
)


def _french_marked(word: str) -> bool:
    return any(bool(_FRENCH_MARKS.search(_lower(part))) for part in word.split("-"))


def _candidate(word: str) -> bool:
    """A word of running English text to transliterate: Slavic-looking and still in French spelling."""
    if _is_known(word):
        return True
    return looks_slavic(word) and _french_marked(word)


def _french_companion(word: str) -> bool:
    """In the French source, any capitalised word before a Slavic surname that is not a French word starting the
    sentence (Selon, Le) is the person's first name (Alicher Ousmanov)."""
    return _surname_after(word) and word.casefold() not in FRENCH_LEADS


def _first_name(word: str) -> bool:
    # first names the rules know, and the irregular ones of the exceptions table (Iouri -> Yuri)
    return word.casefold() in first_names() or (_is_known(word) and len(word) <= 8)


def _surname_after(word: str) -> bool:
    folded = word.casefold()
    return not (folded in english_stoplist() or folded in western_names() or _vetoed(word))


# endings of Caucasian and Slavic names the French way, which the rules do not convert (Kavelachvili, Vardanian)
_UNCONVERTED_ENDINGS = re.compile(r"(?:chvili|dze|ian|iane|iants|ik|iel|odar)$")


def unconverted_name(word: str) -> bool:
    """A capitalised word that looks like a French spelling of a Slavic or Caucasian name but that the rules
    leave as it is (Kavelachvili, Vardanian, Homiel, Energodar): the QA flags it `name-unconverted`."""
    if not word[:1].isupper() or len(word) < 5 or word.casefold() in western_names() or _vetoed(word):
        return False
    if looks_slavic(word) or _is_known(word):
        return False  # the rules convert it
    score = slavic_score(word)
    return 0 < score < SLAVIC_THRESHOLD or bool(_UNCONVERTED_ENDINGS.search(_lower(word)))


def _companion(word: str) -> bool:
    """A first name or patronymic standing before a Slavic surname (Valeri in Valeri Zaloujny)."""
    folded = word.casefold()
    if folded in first_names():
        return True
    if folded in english_stoplist() or folded in western_names() or _vetoed(word):
        return False
    return _french_marked(word)


def _spans(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of capitalised words separated by single spaces: candidate multi-word names."""
    run: list[re.Match[str]] = []
    for match in _WORD.finditer(text):
        if match.group()[:1].isupper():
            if run and text[run[-1].end() : match.start()] not in (" ", "\u00a0", "\u202f"):
                yield run
                run = []
            run.append(match)
        elif run:
            yield run
            run = []
    if run:
        yield run


def transliterate_text(
    text: str, skip: Callable[[int, int], bool] | None = None, french: bool = False
) -> tuple[str, list[tuple[str, str]]]:
    """Replace French-spelled Slavic names left in an English text; return it and the (french, english) pairs.

    Only capitalised words that look like French transcriptions change, with the first names standing before
    them. `skip(start, end)` protects spans (quoted titles): a name overlapping a protected span stays as is.
    `french`: the text is the French source, where every Slavic-looking name is a French spelling, decided as
    `english_name` (and so `toolkit translit`) decides it; in English text a name must also carry a French mark.
    """
    pieces: list[str] = []
    replacements: list[tuple[str, str]] = []
    done = 0
    for run in _spans(text):
        words = [m.group() for m in run]
        core = [_candidate(w) or (french and looks_slavic(w)) for w in words]
        if not any(core):
            continue
        # a name is its Slavic words plus the companions directly before them
        keep = list(core)
        for i in range(len(words) - 2, -1, -1):
            if keep[i + 1] and not keep[i] and (_companion(words[i]) or (french and _french_companion(words[i]))):
                keep[i] = True
        # a Slavic first name makes the surname after it Slavic, as `toolkit translit` decides for a whole name
        # (Iouri Podoliaka -> Yuri Podolyaka, not Yuri Podoliaka)
        for i in range(len(words) - 1):
            if not keep[i] or keep[i + 1] or not _surname_after(words[i + 1]):
                continue
            if french or _first_name(words[i]):
                # in the French source the rest of the name is the same person's: `toolkit translit` converts
                # a whole name once one word of it is Slavic (Dmitri Rogozine, Vladimir Kara-Mourza)
                keep[i + 1] = True
        i = 0
        while i < len(words):
            if not keep[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(words) and keep[j + 1]:
                j += 1
            start, end = run[i].start(), run[j].end()
            i = j + 1
            if skip is not None and skip(start, end):
                continue
            written = text[start:end]
            inside = [m for m in run if start <= m.start() and m.end() <= end]
            english_words = transliterate_person([m.group() for m in inside])
            # rebuild with the original separators (no-break spaces stay no-break)
            english = "".join(
                word + (text[m.end() : nxt.start()] if nxt is not None else "")
                for word, m, nxt in zip(english_words, inside, [*inside[1:], None], strict=True)
            )
            if english == written:
                continue
            pieces.append(text[done:start])
            pieces.append(english)
            done = end
            replacements.append((written, english))
    pieces.append(text[done:])
    return "".join(pieces), replacements
