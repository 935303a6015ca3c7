"""Do-not-translate: proper nouns an engine would translate, locked as written.

Two sources, as OmegaT flagging rules and memoQ non-translatables have them:
- a user's list (`--dnt FILE`): one entry a line, a literal term (matched as a whole word, case as written) or a
  regular expression after `re:`; `#` lines are comments. Listed names are locked and never flagged;
- rules: runs of capitalised words with their particles (Thomas de Waal, Kim Jong-un, International Crisis Group,
  Ursula von der Leyen), the Western-names list (`names_western.tsv`), and capitalised titles in italics
  (*Carnegie Europe*, *Foreign Affairs*). A guessed name is locked and flagged (`name-locked`) for the reviewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.terms.translit import FRENCH_LEADS

# words between the capitalised words of one name
PARTICLES = frozenset(
    "de du des d van von der den ter bin ben ibn al el la le di da dos das del y zu af".split()
)
# a capitalised word more frequent than this in French (Zipf) may be a common word that wants translating
COMMON_FRENCH = 4.0
# French nouns that introduce a place's name: the capitalised words after them are the name (ville de Jourdain)
PLACE_NOUNS = (
    "ville", "village", "commune", "localité", "bourg", "hameau", "district", "raïon", "province", "oblast",
    "région", "port", "aéroport", "gare", "base aérienne", "quartier", "île", "rivière", "fleuve", "lac", "mont",
)
_PLACE_AFTER = re.compile(
    r"\b(?:" + "|".join(PLACE_NOUNS) + r")\s+(?:de\s+|d['’])((?:[A-Z][\w’'-]+)(?:[ -][A-Z][\w’'-]+)*)"
)
_TOKEN = re.compile(r"[^\W\d_][\w-]*")


@dataclass
class Span:
    start: int
    end: int
    text: str
    guessed: bool


@dataclass
class DoNotTranslate:
    """A user's do-not-translate list: literal terms and regular expressions; `digest`, the hash of the bytes
    read (the files one after the other), is its part of a run's signature."""

    literals: list[str] = field(default_factory=list)
    patterns: list[re.Pattern[str]] = field(default_factory=list)
    digest: str = ""

    @classmethod
    def load(cls, paths: Iterable[Path]) -> DoNotTranslate:
        from toolkit.support.fileio import read_input
        from toolkit.support.signature import short_hash

        out = cls()
        read: list[bytes] = []
        for path in paths:
            read.append(read_input(path, "do-not-translate list"))
            try:
                text = read[-1].decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ToolkitError("do-not-translate list is not UTF-8", str(path)) from None
            for number, line in enumerate(text.splitlines(), 1):
                entry = line.strip()
                if not entry or entry.startswith("#"):
                    continue
                if entry.startswith("re:"):
                    try:
                        out.patterns.append(re.compile(entry[3:].strip()))
                    except re.error as error:
                        raise ToolkitError(f"bad regular expression: {error}", f"{path}:{number}") from None
                else:
                    out.literals.append(entry)
        out.digest = short_hash(b"".join(read))
        return out

    def spans(self, text: str) -> list[Span]:
        found: list[Span] = []
        for literal in sorted(self.literals, key=len, reverse=True):
            literal_re = r"(?<![\w])" + re.escape(literal) + r"(?![\w])"
            found.extend(Span(m.start(), m.end(), m.group(0), False) for m in re.finditer(literal_re, text))
        for pattern in self.patterns:
            found.extend(
                Span(m.start(), m.end(), m.group(0), False) for m in pattern.finditer(text) if m.group(0)
            )
        return found


def _sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0\u202f«“\"(":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n"


def _common_french(word: str) -> bool:
    from toolkit.terms.lexicon import zipf

    return all(zipf(part.lower(), "fr") >= COMMON_FRENCH for part in re.split(r"[’'-]", word) if part)


def guess_names(text: str) -> list[Span]:
    """Proper nouns the rules lock in French text: capitalised runs with particles, and Western names."""
    from toolkit.terms.translit import western_names

    tokens = list(_TOKEN.finditer(text))
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        if not tokens[i].group(0)[:1].isupper():
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < len(tokens):
            gap = text[tokens[j - 1].end() : tokens[j].start()]
            word = tokens[j].group(0)
            if gap not in (" ", "\u00a0"):
                break
            if word[:1].isupper() or (word.lower() in PARTICLES and j + 1 < len(tokens)):
                run.append(tokens[j])
                j += 1
            else:
                break
        while run and run[-1].group(0).lower() in PARTICLES:
            run.pop()
        while run and run[0].group(0).lower() in FRENCH_LEADS:
            run.pop(0)
        # a capital at a sentence start says nothing: before a particle it starts a name only if it is a known
        # first name (`Tweet de Belarusian Hajun` is a tweet by Belarusian Hajun; `Ursula von der Leyen` a name)
        if (
            len(run) > 2
            and _sentence_start(text, run[0].start())
            and run[1].group(0).lower() in PARTICLES
            and run[0].group(0).casefold() not in western_names()
        ):
            run = run[2:]
        capitals = [t for t in run if t.group(0)[:1].isupper()]
        if len(capitals) >= 2 and any(not _common_french(t.group(0)) for t in capitals):
            spans.append(Span(run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()], True))
        elif len(capitals) == 1 and run and capitals[0].group(0).casefold() in western_names():
            only = capitals[0]
            spans.append(Span(only.start(), only.end(), only.group(0), True))
        i = max(j, i + 1)
    # a place named after a word for a place (la ville de Jourdain): the name, whatever its French meaning
    taken = [(s.start, s.end) for s in spans]
    for m in _PLACE_AFTER.finditer(text):
        # a French exonym common in French (Londres, Moscou) is the engine's or the glossary's to translate
        if _common_french(m.group(1)):
            continue
        if all(m.end(1) <= a or m.start(1) >= b for a, b in taken):
            spans.append(Span(m.start(1), m.end(1), m.group(1), True))
    # whole Western names the runs did not take (Le Drian starts with an article)
    taken = [(s.start, s.end) for s in spans]
    for m in re.finditer(r"(?<!\w)Le [A-Z][\w-]+|(?<!\w)La [A-Z][\w-]+", text):
        if m.group(0).casefold() in western_names() and all(m.end() <= a or m.start() >= b for a, b in taken):
            spans.append(Span(m.start(), m.end(), m.group(0), True))
    return sorted(spans, key=lambda s: s.start)


def italic_title(text: str) -> bool:
    """Whether an italic run reads as a title of a work or a publication (capitalised, a few words)."""
    words = text.split()
    return bool(words) and words[0][:1].isupper() and len(words) <= 8
