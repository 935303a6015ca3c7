"""Glossary terms in French text, quoted spans to leave alone, and checking and fixing the English output."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from toolkit.terms.glossary import Entry, Glossary
from toolkit.terms.lookalike import reading_map
from toolkit.terms.matcher import (
    _APOSTROPHES,
    _TOKEN,
    _english_pattern,
    _separator_key,
    matcher_for,
)

Skip = Callable[[int, int], bool]

# letters and digits make separate tokens, so a footnote number glued to a word (biélorusses2)
# does not hide the word, and G7 is the tokens G, 7 with an empty separator
# the lookbehind keeps the search linear on a long word (see typography._PROTECTED)
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# French words that elide before a vowel: the hit starts after their apostrophe
ELIDING = frozenset(
    {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"}
)


# -- inflection ---------------------------------------------------------------------------------


def english_plural(word: str) -> str:
    """The regular English plural of a noun (irregular ones go in the entry's `plural=` tag)."""
    if re.search(r"(s|sh|ch|x|z)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


# -- matching ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A glossary term found at text[start:end]; `target` is the English to place there.

    `elision` is the elided French word just before the hit (`l’`, `d'`, `qu'`), which is not part
    of the hit: text[start - len(elision):start] == elision. The caller drops it in the English.
    """

    start: int
    end: int
    source_text: str
    entry: Entry
    target: str = ""
    elision: str = ""
    plural: bool = False

    def __post_init__(self) -> None:
        if not self.target:
            object.__setattr__(self, "target", self.entry.target)

    @property
    def elision_start(self) -> int:
        return self.start - len(self.elision)


def _target_for(entry: Entry, found: str, plural: bool) -> str:
    if not plural:
        return entry.target
    if entry.kind == "noun":
        return entry.plural or english_plural(entry.target)
    if entry.kind == "adj" and found[:1].isupper() and not found.isupper():
        # a capitalised plural is the people, not the adjective: les Ukrainiens -> Ukrainians
        return entry.plural or english_plural(entry.target)
    return entry.target


def _elision_before(text: str, start: int, tokens: list[re.Match[str]], index: int) -> str:
    if index == 0 or start == 0 or text[start - 1] not in _APOSTROPHES:
        return ""
    prev = tokens[index - 1]
    if prev.end() != start - 1 or prev.group(0).lower() not in ELIDING:
        return ""
    return text[prev.start() : start]


def find_terms(text: str, glossary: Glossary, skip: Skip | None = None) -> list[Hit]:
    """Glossary terms in French `text`, left to right, without overlaps (longest wins, then leftmost).

    `skip(start, end)` returning true drops a candidate (e.g. inside a quoted title) before
    overlaps are resolved, so a shorter term outside the skipped span can still win.
    """
    if not text or not len(glossary):
        return []
    # every form is looked up in the glossary's index, built once (toolkit.terms.matcher)
    m = matcher_for(glossary)
    # terms are matched as read: a word joiner inside Loukachenko or a Cyrillic К in Кiev does not hide them
    mapped = reading_map(text)
    work = mapped[0] if mapped else text

    def original(start: int, end: int) -> tuple[int, int]:
        if mapped is None:
            return start, end
        return mapped[1][start], mapped[2][end - 1]

    tokens = list(_TOKEN.finditer(work))
    # a web address or e-mail address is never translated, whatever words it spells
    links = [u.span() for u in _URL.finditer(work)]
    candidates = m.french_candidates(work, tokens, links)
    chosen: list[tuple[int, int, int, Entry, bool]] = []
    for cand in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
        start, end = original(cand[0], cand[1])
        if skip is not None and skip(start, end):
            continue
        if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
            chosen.append(cand)
    hits: list[Hit] = []
    for start, end, index, entry, plural in sorted(chosen, key=lambda c: c[0]):
        found = work[start:end]
        elision = _elision_before(work, start, tokens, index)
        o_start, o_end = original(start, end)
        if elision:
            elision = text[original(start - len(elision), start)[0] : o_start]
        hits.append(
            Hit(
                start=o_start,
                end=o_end,
                source_text=text[o_start:o_end],
                entry=entry,
                target=_target_for(entry, found, plural),
                elision=elision,
                plural=plural,
            )
        )
    return hits


# -- quotations ----------------------------------------------------------------------------------

_OPEN_CLOSE = {"«": "»", "“": "”", "‹": "›"}
_CLOSERS = {v: k for k, v in _OPEN_CLOSE.items()}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations, marks included: « … », “ … ”, ‹ … › (outermost, balanced) and "…" pairs."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in _OPEN_CLOSE:
            stack.append((ch, i))
        elif ch in _CLOSERS and any(o == _CLOSERS[ch] for o, _ in stack):
            while stack:
                opener, at = stack.pop()
                if opener == _CLOSERS[ch]:
                    break
            if not stack:
                spans.append((at, i + 1))
    straight = [i for i, ch in enumerate(text) if ch == '"']
    spans.extend((a, b + 1) for a, b in zip(straight[::2], straight[1::2], strict=False))
    return _merge_spans(spans)


def _merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def inside(spans: list[tuple[int, int]]) -> Skip:
    """A `skip` callable for find_terms/fix_forbidden: true for anything overlapping one of `spans`."""

    def skip(start: int, end: int) -> bool:
        return any(start < b and end > a for a, b in spans)

    return skip


# -- English output --------------------------------------------------------------------------------


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# what may follow an expected English term and still count: possessives and nationality suffixes
_TOLERATED_SUFFIX = r"(?:['’]s|['’]|s|n|ns|an|ans|ian|ians|ese)?"


@functools.lru_cache(maxsize=4096)
def _expected_pattern(term: str) -> re.Pattern[str]:
    """An expected English term as found in a target: whole word, tolerated suffixes, case unless an acronym."""
    flags = 0 if _is_acronym(term) else re.IGNORECASE
    return re.compile(rf"(?<![^\W\d_]){_english_pattern(term)}{_TOLERATED_SUFFIX}(?![^\W\d_])", flags)


def check_target(text_en: str, expected: list[str]) -> list[str]:
    """The expected English terms not found in `text_en`, one per missing occurrence, in order.

    Tolerant of case (not for acronyms), possessives ("Belarus's") and derived nationality words
    ("Belarusian" counts for "Belarus"); each occurrence in the text satisfies only one expectation,
    longer terms first, so two expected "Kyiv" need two in the text.
    """
    used: list[tuple[int, int]] = []
    found_for: dict[int, bool] = {}
    order = sorted(range(len(expected)), key=lambda k: -len(expected[k]))
    for k in order:
        term = expected[k].strip()
        if not term:
            found_for[k] = True
            continue
        pattern = _expected_pattern(term)
        found_for[k] = False
        for m in pattern.finditer(text_en):
            if all(m.end() <= a or m.start() >= b for a, b in used):
                used.append(m.span())
                found_for[k] = True
                break
    return [expected[k] for k in range(len(expected)) if not found_for[k]]


def fix_forbidden(
    text_en: str, glossary: Glossary, skip: Skip | None = None
) -> tuple[str, list[tuple[str, str]]]:
    """Replace forbidden English variants (Kiev -> Kyiv) as whole words; return the text and the changes.

    A variant matches as listed or in capitals (KIEV -> KYIV); URLs, e-mail addresses and spans that
    `skip` refuses (quoted titles of cited works) are left alone.
    """
    # the glossary's variants are indexed once by their words: only those whose words occur are searched
    matcher = matcher_for(glossary)
    if not matcher.forbidden or not text_en:
        return text_en, []
    lookup = matcher.replacements
    protected = [m.span() for m in _URL.finditer(text_en)]
    # variants are found as read, so `Кiev` (a Cyrillic К) or `Ki<word joiner>ev` is replaced too
    mapped = reading_map(text_en)
    work = mapped[0] if mapped else text_en
    changes: list[tuple[str, str]] = []
    out: list[str] = []
    last = 0
    for m in matcher.forbidden_matches(work):
        start, end = (mapped[1][m.start()], mapped[2][m.end() - 1]) if mapped else m.span()
        if any(start < b and end > a for a, b in protected):
            continue
        if skip is not None and skip(start, end):
            continue
        replacement = lookup.get(_separator_key(m.group(0)))
        if replacement is None or start < last:
            continue
        out.append(text_en[last:start])
        out.append(replacement)
        changes.append((text_en[start:end], replacement))
        last = end
    out.append(text_en[last:])
    return "".join(out), changes
