"""Plain text in the web-copy format: blank-line paragraphs, `•` bullets, glued footnote numbers, a Sources list.

A brief copied from a web page loses its superscripts: `forces russes1.` means "russes" followed by
footnote 1. A glued number is a reference only when it is the next number expected in sequence and the
closing Sources list has it, so `F-35`, `COVID-19`, `G20`, `23h`, years and `p. 12` stay text.
"""

from __future__ import annotations

import re
import unicodedata
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
# What may stand before glued digits that are still part of a name or code: `G20`, `MH17`, `T-72`.
SHORT_CAPS_CODE = re.compile(r"(?:^|[^\w])[A-Z]{1,2}$")

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
    """UTF-8 with or without BOM, UTF-16 with its BOM; otherwise Windows-1252 (a superset of Latin-1 for
    French) with a warning."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                text = data.decode("utf-16")
            except UnicodeDecodeError:
                raise InputError("damaged UTF-16 text", where) from None
        else:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
            warnings.append(f"not UTF-8, read as Windows-1252 ({where})")
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


def _find_references(
    blocks: list[_RawBlock], sources: dict[str, str], where: str
) -> list[list[tuple[int, int, str]]]:
    """For each block, the (start, end, number) spans of glued footnote numbers, taken strictly in sequence."""
    spans: list[list[tuple[int, int, str]]] = [[] for _ in blocks]
    if not sources:
        return spans
    expected = 1
    last = len(sources)
    for index, raw in enumerate(blocks):
        for m in GLUED_NUMBER.finditer(raw.text):
            number = int(m.group(1))
            if number != expected:
                continue
            before = raw.text[: m.start()]
            if SHORT_CAPS_CODE.search(before):
                continue  # G20, MH17 — part of a code
            if re.search(r"\d[.,]$", before) and not (
                before.endswith(".") and re.match(r"\s+[A-Z«“\"]|\s*$", raw.text[m.end() :])
            ):
                continue  # 1,5 or 2.5 — part of a number; but `in 2022.1 Then` ends a sentence on a reference
            if number > last:
                raise InputError(
                    f"footnote {number} is referenced but the Sources list stops at {last}", where
                )
            spans[index].append((m.start(), m.end(), str(number)))
            expected += 1
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
