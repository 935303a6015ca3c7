"""Plain text in the web-copy format: blank-line paragraphs, `•` bullets, glued footnote numbers, a Sources list.

A brief copied from a web page loses its superscripts: `forces russes1.` means "russes" followed by
footnote 1. The references are chosen over the whole text at once: every glued digit run is read every way it
can be (all digits a note, or a value followed by a note: `F-162`, `20232`, `janvier 202518`), and the
chain of readings that rises with the text and attaches the most notes, the most plausible first, wins. So
`F-35`, `COVID-19`, `G20`, `23h`, years and `p. 12` stay text, and one number the reader cannot place never
makes the later ones unreadable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import InputError
from toolkit.model import (
    Block,
    Content,
    Document,
    Footnote,
    Ph,
    Segment,
    block_id,
    footnote_block_id,
    normalize_content,
    segment_id,
)

# A heading that opens the list of footnote texts, alone on its line.
SOURCES_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:sources?|notes?|références|references|notes et références|bibliographie"
    r"|notes de bas de page|renvois)\s*:?\s*$",
    re.IGNORECASE,
)
SOURCE_ITEM = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})[.)])\s+(\S.*)$")
BULLET = re.compile(r"^(\s*)([•◦▪▫‣⁃∙·●○■□–—*+-])\s+(\S.*)$")
NUMBERED_ITEM = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(\S.*)$")
MD_HEADING = re.compile(r"^\s*(#{1,6})\s+(\S.*?)\s*#*\s*$")
QUOTE = re.compile(r"^\s*>\s?(.*)$")

# Digits glued to the word or closing punctuation before them, followed by punctuation, space or the end.
GLUED_NUMBER = re.compile(r"(?<=[^\W\d_]|[»”’\"').\]…,;:!?])(\d{1,3})(?=[\s.,;:!?…)»”’\]\u00a0\u202f]|$)")

INVISIBLES = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
ROMAN_SPACES = {"\t": " ", "\u2028": "\n", "\u2029": "\n\n", "\x0b": "\n", "\x0c": "\n"}


@dataclass
class _RawBlock:
    kind: str
    text: str
    level: int = 0
    ordered: bool = False


@dataclass
class _Parsed:
    blocks: list[_RawBlock] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    source_order: list[int] = field(default_factory=list)


def decode(data: bytes, where: str, warnings: list[str]) -> str:
    """Decoded by the one rule (`toolkit.support.encoding`), then checked for binary content and normalized."""
    from toolkit.support.encoding import decode_text

    text, found = decode_text(data, where)
    warnings.extend(found)
    if "\x00" in text:
        raise InputError("binary content in a text file", where)
    controls = sum(
        1 for ch in text[:65536] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\x0b\x0c"
    )
    if controls > 8:
        raise InputError("binary content in a text file", where)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(INVISIBLES)
    for old, new in ROMAN_SPACES.items():
        text = text.replace(old, new)
    return unicodedata.normalize("NFC", text)


# the whitespace of the file's layout (line breaks, indentation); no-break spaces are the text's own typography
_LAYOUT_SPACE = re.compile(r"[ \t\n]+")


def _collapse_layout(text: str) -> str:
    """Runs of layout whitespace become one space, none at either end; no-break spaces are kept as written."""
    return _LAYOUT_SPACE.sub(" ", text).strip(" \t\n")


def _split_sources(lines: list[str], where: str) -> tuple[list[str], dict[str, str], list[int]]:
    """Cut the trailing Sources list off the body; return body lines, texts by number, numbers in order."""
    heading_at = None
    for i in range(len(lines) - 1, -1, -1):
        if SOURCES_HEADING.match(lines[i]):
            # the list must follow: every non-blank line after it is an item or a continuation
            rest = [ln for ln in lines[i + 1 :] if ln.strip()]
            if rest and SOURCE_ITEM.match(rest[0]):
                heading_at = i
            break
    if heading_at is None:
        return lines, {}, []
    sources: dict[str, str] = {}
    order: list[int] = []
    current: int | None = None
    for line in lines[heading_at + 1 :]:
        if not line.strip():
            continue
        m = SOURCE_ITEM.match(line)
        if m:
            number = int(m.group(1) or m.group(2))
            if number in order:
                raise InputError(f"source {number} appears twice in the Sources list", where)
            order.append(number)
            sources[str(number)] = m.group(3).strip(" \t")
            current = number
        elif current is not None:
            sources[str(current)] += " " + line.strip(" \t")
    expected = list(range(1, len(order) + 1))
    if order != expected:
        for i, (got, want) in enumerate(zip(order, expected, strict=True)):
            if got != want:
                after = f" after {order[i - 1]}" if i else " first"
                raise InputError(
                    f"the Sources list is numbered {', '.join(map(str, order))}: expected {want}{after}",
                    where,
                )
    return lines[:heading_at], sources, order


def _indent_depths(indents: list[int]) -> dict[int, int]:
    return {width: depth for depth, width in enumerate(sorted(set(indents)), start=1)}


def _looks_like_heading(text: str, is_first: bool) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 14
        and len(text) <= 120
        and text[0].isupper()
        and text[-1] not in ".!?:;,…»”\"'’)]"
        and not GLUED_NUMBER.search(text)
        and (is_first or len(words) <= 10)
    )


def _flush(items: list[tuple[int, str, bool, list[str]]], plain: list[str], quote: list[str]) -> None:
    """Close the paragraph or quote being gathered."""
    if plain:
        items.append((0, "paragraph", False, list(plain)))
        plain.clear()
    if quote:
        items.append((0, "quote", False, list(quote)))
        quote.clear()


def _parse_body(lines: list[str]) -> list[_RawBlock]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line.rstrip())
        elif paragraphs[-1]:
            paragraphs.append([])
    blocks: list[_RawBlock] = []
    for para in (p for p in paragraphs if p):
        items: list[tuple[int, str, bool, list[str]]] = []  # indent, kind, ordered, lines
        plain: list[str] = []
        quote: list[str] = []

        for line in para:
            bullet = BULLET.match(line)
            if bullet and bullet.group(2) in "*+-–—" and not line.startswith((" ", "\t")) and not items:
                # a dash at the start of a lone paragraph is an item only when others follow
                bullet = bullet if len(para) > 1 and all(BULLET.match(x) for x in para) else None
            numbered = NUMBERED_ITEM.match(line) if not bullet else None
            quoted = QUOTE.match(line) if not (bullet or numbered) else None
            if bullet or (numbered and len(para) > 1):
                _flush(items, plain, quote)
                m = bullet or numbered
                assert m is not None
                width = len(m.group(1).expandtabs(4))
                items.append((width, "list-item", bool(numbered), [m.group(3)]))
            elif quoted:
                if plain:
                    _flush(items, plain, quote)
                quote.append(quoted.group(1))
            elif items and items[-1][1] == "list-item" and not plain:
                items[-1][3].append(line.strip())  # continuation of the item's text
            else:
                plain.append(line.strip())
        _flush(items, plain, quote)
        depths = _indent_depths([indent for indent, kind, _o, _l in items if kind == "list-item"])
        for indent, kind, ordered, item_lines in items:
            text = " ".join(ln.strip() for ln in item_lines)
            text = re.sub(r"[ \t]+", " ", text).strip()
            if not text:
                continue
            if kind == "list-item":
                blocks.append(_RawBlock("list-item", text, level=depths[indent], ordered=ordered))
                continue
            heading = MD_HEADING.match(text) if kind == "paragraph" and len(item_lines) == 1 else None
            if heading:
                blocks.append(_RawBlock("heading", heading.group(2), level=len(heading.group(1))))
            else:
                blocks.append(_RawBlock(kind, text))
    # A short line without final punctuation standing alone before a paragraph is a heading.
    for i, raw in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            raw.kind == "paragraph"
            and following is not None
            and following.kind != "heading"
            and _looks_like_heading(raw.text, is_first=i == 0)
        ):
            raw.kind, raw.level = "heading", 1 if i == 0 else 2
    return blocks


# Glued footnote numbers, read as a whole: every digit run that may hold a reference, with its readings.
#
# A reading says which digits are the reference (all of them, or the last ones after a value such as a year or
# a model number) and how plausible it is. The chosen references are the chain of readings whose numbers rise
# with the text and that attaches the most notes, the most plausible first: one weak or ambiguous number can
# cost at most its own note, never the ones after it.
_DIGITS = re.compile(r"(?<!\d)(\d{1,7})(?=[\s.,;:!?…)»”’\]\u00a0\u202f]|$)")
_CLOSERS = "»”’\"').]…,;:!?"
_HYPHENS = "-‐‑‒"
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
ATTACH_GAIN = 4.0  # what attaching one more note is worth: above any reading's doubt, so more notes win


@dataclass(frozen=True)
class _Reading:
    """Footnote `number` read in the digits text[cut:end] of block `block`; `rest` digits before stay text."""

    block: int
    cut: int
    end: int
    number: int
    score: float
    in_sequence_only: bool  # plausible only right after the note before it
    order: int  # the digit run's rank in the text


def _readings(text: str, block: int, order: int, start: int, end: int, last: int) -> list[_Reading]:
    digits = text[start:end]
    before = text[start - 1] if start else " "
    # a note is called where a clause ends more often than before the next word: `T-72 et les T-802.`
    closing = 0.25 if end < len(text) and text[end] in ".,;:!?…)»”’]" else 0.0
    out: list[_Reading] = []

    def whole(score: float, in_sequence_only: bool = False) -> None:
        number = int(digits)
        if digits[0] != "0" and 1 <= number <= last:
            out.append(_Reading(block, start, end, number, score + closing, in_sequence_only, order))

    def splits(score: float, prefix_ok: Callable[[str], bool] = lambda _p: True) -> None:
        for cut in range(1, len(digits)):
            prefix, suffix = digits[:cut], digits[cut:]
            number = int(suffix)
            if suffix[0] != "0" and 1 <= number <= last and prefix_ok(prefix):
                out.append(_Reading(block, start + cut, end, number, score + closing, True, order))

    if before.isalpha():
        word = re.search(r"[^\W\d_]+$", text[max(0, start - 40) : start])
        letters = word.group(0) if word else before
        if letters[-1].islower():
            whole(3.0)  # `russes1`, `Horki13`
        else:
            whole(1.0, in_sequence_only=True)  # an acronym or a code: `UE1`, `OTAN2` — or `G20`, `MH17`
            splits(0.5)  # `MH172`
    elif before in "%‰":
        whole(2.0)  # `45 %2`
    elif before in _HYPHENS and start >= 2 and text[start - 2].isalpha():
        whole(0.0, in_sequence_only=True)  # `COVID-19` is a name far more often than note 19
        splits(1.0)  # `F-162`: the F-16 and note 2
    elif before in _CLOSERS:
        ahead = text[end : end + 3]
        if before in ".,:" and start >= 2 and text[start - 2].isdigit():
            # `1,5` or `12:30` is a number; `in 2022.1 Then` ends a sentence on a reference
            if before == "." and re.match(r"\s+[A-Z«“\"]|\s*$", ahead):
                whole(2.0)
        else:
            whole(3.0)  # `»3.`, `(2023)1`
    if before.isspace() or before in _HYPHENS or not start:
        splits(1.5, lambda prefix: bool(_YEAR.fullmatch(prefix)))  # `janvier 202518`, `2022-20232`
    return out


class _BestBefore:
    """Prefix maxima over note numbers (a Fenwick tree): the best chain ending below a number."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.tree: list[tuple[float, int]] = [(float("-inf"), -1)] * (size + 1)

    def update(self, number: int, value: tuple[float, int]) -> None:
        i = number + 1
        while i <= self.size:
            if value > self.tree[i]:
                self.tree[i] = value
            i += i & -i

    def best(self, below: int) -> tuple[float, int]:
        """Best chain ending at a number < `below`."""
        i, found = below, (float("-inf"), -1)
        while i > 0:
            if self.tree[i] > found:
                found = self.tree[i]
            i -= i & -i
        return found


def _choose_references(blocks: list[_RawBlock], last: int, where: str) -> list[_Reading]:
    """The most plausible rising chain of readings over the whole text (see `_Reading`)."""
    nodes: list[tuple[_Reading, int]] = []  # reading, parent node (-1: the start)
    start: tuple[float, int] = (0.0, 1)  # (score, -node id): the empty chain is node -1
    at: list[tuple[float, int]] = [start] + [(float("-inf"), 0)] * last  # best chain ending at each number
    below = _BestBefore(last + 1)
    below.update(0, start)
    beyond: list[_Reading] = []  # a plain reference to a note the list does not have
    order = 0
    for index, raw in enumerate(blocks):
        pending: list[tuple[_Reading, float, int]] = []
        for m in _DIGITS.finditer(raw.text):
            order += 1
            for reading in _readings(raw.text, index, order, m.start(), m.end(), last + 1):
                if reading.number > last:
                    if reading.score >= 3.0:
                        beyond.append(reading)
                    continue
                prev = at[reading.number - 1] if reading.in_sequence_only else below.best(reading.number)
                if prev[0] != float("-inf"):
                    pending.append((reading, prev[0] + ATTACH_GAIN + reading.score, -prev[1]))
            # readings of one digit run never chain to each other: commit after the run
            for reading, value, parent in pending:
                nodes.append((reading, parent))
                key = (value, 1 - len(nodes))  # -(node id): ties go to the earlier node
                if key > at[reading.number]:
                    at[reading.number] = key
                    below.update(reading.number, key)
            pending.clear()
    best = max([start, *at[1:]])
    chain: list[_Reading] = []
    node = -best[1]
    while node >= 0:
        reading, parent = nodes[node]
        chain.append(reading)
        node = parent
    chain.reverse()
    if chain and chain[-1].number == last:
        after = [r for r in beyond if r.order > chain[-1].order]
        if after:
            raise InputError(
                f"footnote {after[0].number} is referenced but the Sources list stops at {last}", where
            )
    return chain


def _find_references(
    blocks: list[_RawBlock], sources: dict[str, str], where: str
) -> list[list[tuple[int, int, str]]]:
    """For each block, the (start, end, number) spans of glued footnote numbers chosen over the whole text."""
    spans: list[list[tuple[int, int, str]]] = [[] for _ in blocks]
    if not sources:
        return spans
    for reading in _choose_references(blocks, len(sources), where):
        spans[reading.block].append((reading.cut, reading.end, str(reading.number)))
    return spans


def _content(text: str, refs: list[tuple[int, int, str]]) -> Content:
    parts: Content = []
    pos = 0
    for start, end, number in refs:
        parts.append(text[pos:start])
        parts.append(Ph("fn", ref=number))
        pos = end
    parts.append(text[pos:])
    return normalize_content(parts)


def parse(text: str, where: str) -> tuple[Document, list[str]]:
    """Parse decoded text; return the document and its warnings."""
    warnings: list[str] = []
    lines = text.split("\n")
    body_lines, sources, _order = _split_sources(lines, where)
    raw_blocks = _parse_body(body_lines)
    spans = _find_references(raw_blocks, sources, where)
    doc = Document()
    for i, (raw, refs) in enumerate(zip(raw_blocks, spans, strict=True), start=1):
        bid = block_id(i)
        doc.blocks.append(
            Block(
                id=bid,
                kind=raw.kind,  # type: ignore[arg-type]
                level=raw.level if raw.kind in ("heading", "list-item") else 0,
                ordered=raw.ordered,
                segments=[Segment(id=segment_id(bid, 1), source=_content(raw.text, refs))],
            )
        )
    referenced = {ref for block_refs in spans for _s, _e, ref in block_refs}
    for number, source_text in sources.items():
        if number not in referenced:
            warnings.append(f"source {number} in the Sources list is never referenced ({where})")
        fid = footnote_block_id(number, 1)
        block = Block(
            id=fid,
            kind="paragraph",
            segments=[Segment(id=segment_id(fid, 1), source=[_collapse_layout(source_text)])],
        )
        doc.footnotes.append(Footnote(id=number, blocks=[block]))
    headings = [b for b in doc.blocks if b.kind == "heading"]
    doc.title = headings[0].text.strip() if headings and doc.blocks[0] is headings[0] else ""
    return doc, warnings


def read(path: Path, data: bytes) -> Document:
    """Read a plain-text brief."""
    where = str(path)
    warnings: list[str] = []
    text = decode(data, where, warnings)
    if not text.strip():
        raise InputError("the file has no text", where)
    doc, more = parse(text, where)
    doc.warnings.extend(warnings + more)
    return doc
