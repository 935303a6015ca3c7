"""Markdown, DOCX, ODT and HTML readers: pandoc (run by `pandoc_run`) parses each into its JSON AST, flattened
into the model and tidied.

Conventions (what the AST becomes):

- Header → `heading` (level = header level); Para/Plain → `paragraph`, or `list-item` inside a list
  (level = list depth from 1, `ordered` for OrderedList) or `quote` inside a BlockQuote (the innermost
  container decides). Every paragraph of a list item becomes a `list-item` block of that item's depth.
- Div, Figure (caption and body), table cells and captions, definition terms and definitions: recurse;
  their paragraphs are `paragraph` blocks in reading order (tables row by row).
- LineBlock → one paragraph with `Ph("br")` between lines. CodeBlock, RawBlock, HorizontalRule, images
  (alt text included) and blocks left without text are skipped: nothing in them is translated.
- Document metadata (title, subtitle, author, date, abstract) becomes blocks at the top, styled `Title`,
  `Subtitle`, `Author`, `Date`, `Abstract`, because pandoc moves Word's Title/Subtitle/Author/Date/Abstract
  paragraphs out of the body into metadata and they must still be translated (not for HTML, whose
  `<title>` usually repeats the first heading).
- Markdown is read without pandoc's `smart` extension, so quotes, apostrophes, dashes and spaces stay
  exactly as typed.
- Inlines: Emph/Strong/Link/Superscript/Subscript/SmallCaps → `Start`/`End` pairs (`em`, `strong`, `link`,
  `sup`, `sub`, `smallcaps`); Underline, Strikeout, Span and Cite → their content only; Code and Math →
  `Ph("code")`; LineBreak → `Ph("br")`; Space/SoftBreak → one space; Quoted (HTML `<q>`) → « » with
  no-break spaces (French typography) or ‘ ’; RawInline and Image → nothing. Whitespace runs become one
  space, block ends are stripped, no-break spaces are kept.
- Note → `Ph("fn", ref=n)`, n = 1, 2, 3… in order of appearance (the number Word and pandoc print);
  its blocks become Footnote `n` (notes nested in notes are numbered after the body's).
- DOCX paragraph style names (pandoc's `styles` extension) are kept in `Block.style`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.formats.pandoc_run import JsonNode, run_pandoc
from toolkit.model import (
    Block,
    Cell,
    Content,
    Document,
    End,
    Footnote,
    Inline,
    Ph,
    Segment,
    Start,
    block_id,
    footnote_block_id,
    footnote_refs,
    normalize_content,
    plain_text,
    segment_id,
)
from toolkit.support.containers import check_container
from toolkit.support.encoding import decode_text

# Pandoc's Markdown, minus `smart` (it rewrites ' " -- ... and puts no-break spaces after "p." or
# "cf.": the reader must give the characters the author typed) and minus TeX (`$` and `\` stay text).
MARKDOWN_FORMAT = "markdown-smart-raw_tex-tex_math_dollars"

_COLLAPSIBLE = re.compile(r"[ \t\r\n\f\v]+")  # not \s: no-break spaces are kept as they are
_PAIRED = {
    "Emph": "em",
    "Strong": "strong",
    "Superscript": "sup",
    "Subscript": "sub",
    "SmallCaps": "smallcaps",
}
_TRANSPARENT_INLINES = ("Underline", "Strikeout")
_META_FIELDS = (("title", "Title"), ("subtitle", "Subtitle"), ("author", "Author"), ("date", "Date"))
NBSP = "\u00a0"


# ---------------------------------------------------------------- readers


def read_markdown(path: Path, data: bytes) -> Document:
    """Read a Markdown brief (pandoc Markdown, `[^1]` footnotes)."""
    text, warnings = decode_text(data, str(path))
    ast, notices = run_pandoc(text.encode("utf-8"), MARKDOWN_FORMAT, str(path))
    return _finish(document_from_ast(ast), warnings + notices)


def read_html(path: Path, data: bytes) -> Document:
    """Read an HTML brief; pandoc-style footnote sections come back as real footnotes."""
    text, warnings = decode_text(data, str(path))
    ast, notices = run_pandoc(text.encode("utf-8"), "html", str(path))
    return _finish(document_from_ast(ast, meta_blocks=False), warnings + notices)


def read_docx(path: Path, data: bytes) -> Document:
    """Read a Word brief with its real footnotes, after checking the zip container."""
    check_container(data, "DOCX", "word/document.xml", str(path))
    ast, notices = run_pandoc(data, "docx+styles", str(path))
    return _finish(document_from_ast(ast), notices)


def read_odt(path: Path, data: bytes) -> Document:
    """Read an OpenDocument text brief, after checking the zip container."""
    check_container(data, "ODT", "content.xml", str(path))
    ast, notices = run_pandoc(data, "odt", str(path))
    return _finish(document_from_ast(ast), notices)


def _finish(doc: Document, warnings: list[str]) -> Document:
    doc.warnings[:0] = warnings
    return doc


# ---------------------------------------------------------------- AST → Document


@dataclass(frozen=True)
class _Where:
    """The container a paragraph sits in: it decides the block's kind and level."""

    kind: str = "paragraph"
    level: int = 0
    ordered: bool = False
    list_depth: int = 0
    style: str = ""


@dataclass
class _Draft:
    kind: str
    level: int
    ordered: bool
    style: str
    content: Content
    cell: Cell | None = None


# Paragraph styles of captions (Word's, LibreOffice's, pandoc's): such a paragraph is one segment.
CAPTION_STYLES = {"Caption", "Table Caption", "Image Caption", "caption"}


@dataclass
class _Flattener:
    """One pass over a pandoc AST; numbers footnotes as their references are met."""

    notes: list[tuple[str, list[JsonNode]]] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)
    _next_code: int = 0
    _tables: int = 0

    # -- blocks

    def blocks(self, nodes: Iterable[JsonNode], where: _Where) -> list[_Draft]:
        out: list[_Draft] = []
        for node in nodes:
            self._block(node, where, out)
        return out

    def _block(self, node: JsonNode, where: _Where, out: list[_Draft]) -> None:
        tag = node.get("t")
        c: Any = node.get("c")
        if tag in ("Para", "Plain"):
            self.emit(out, where.kind, where.level, where.ordered, where.style, c)
        elif tag == "Header":
            self.emit(out, "heading", c[0], False, where.style, c[2])
        elif tag in ("BulletList", "OrderedList"):
            items = c if tag == "BulletList" else c[1]
            depth = where.list_depth + 1
            ordered = tag == "OrderedList"
            inner = replace(where, kind="list-item", level=depth, ordered=ordered, list_depth=depth)
            for item in items:
                out.extend(self.blocks(item, inner))
        elif tag == "BlockQuote":
            out.extend(self.blocks(c, replace(where, kind="quote", level=0, ordered=False)))
        elif tag == "Div":
            style = _attr_value(c[0], "custom-style") or where.style
            out.extend(self.blocks(c[1], replace(where, style=style)))
        elif tag == "Figure":
            out.extend(self._captions(self.blocks(c[1][1], where)))
            out.extend(self.blocks(c[2], where))
        elif tag == "Table":
            self._table(c, where, out)
        elif tag == "LineBlock":
            lines: list[JsonNode] = []
            for i, line in enumerate(c):
                if i:
                    lines.append({"t": "LineBreak"})
                lines.extend(line)
            self.emit(out, where.kind, where.level, where.ordered, where.style, lines)
        elif tag == "DefinitionList":
            for term, definitions in c:
                self.emit(out, where.kind, where.level, where.ordered, where.style, term)
                for definition in definitions:
                    out.extend(self.blocks(definition, where))
        elif tag in ("CodeBlock", "RawBlock", "HorizontalRule"):
            pass  # nothing to translate
        else:
            self.skipped.add(str(tag))

    def _table(self, c: list[Any], where: _Where, out: list[_Draft]) -> None:
        """Every paragraph of a cell becomes a `table-cell` block placed by its row and column (spans
        accounted for); the caption is one `caption` block before the table."""
        cell_where = replace(where, kind="paragraph", level=0, ordered=False)
        _attr, caption, _cols, head, bodies, foot = c
        out.extend(self._captions(self.blocks(caption[1], cell_where)))
        self._tables += 1
        rows: list[tuple[Any, bool]] = [(row, True) for row in head[1]]
        for body in bodies:
            rows.extend((row, True) for row in body[2])  # a body's intermediate head rows
            rows.extend((row, False) for row in body[3])
        rows.extend((row, False) for row in foot[1])
        taken: set[tuple[int, int]] = set()  # grid positions covered by a cell spanning rows from above
        for r, (row, header) in enumerate(rows, start=1):
            col = 1
            for cell in row[1]:
                while (r, col) in taken:
                    col += 1
                _cattr, _align, rowspan, colspan, cell_blocks = cell
                for dr in range(max(1, rowspan)):
                    for dc in range(max(1, colspan)):
                        taken.add((r + dr, col + dc))
                position = Cell(self._tables, r, col, header)
                for draft in self.blocks(cell_blocks, cell_where):
                    if draft.kind == "paragraph":
                        draft.kind = "table-cell"
                    draft.cell = position
                    out.append(draft)
                col += max(1, colspan)

    @staticmethod
    def _captions(drafts: list[_Draft]) -> list[_Draft]:
        for draft in drafts:
            draft.kind, draft.level, draft.ordered = "caption", 0, False
        return drafts

    def emit(
        self, out: list[_Draft], kind: str, level: int, ordered: bool, style: str, inlines: list[JsonNode]
    ) -> None:
        raw: Content = []
        self.inlines(inlines, raw)
        content = tidy_content(raw)
        if kind == "paragraph" and style in CAPTION_STYLES:
            kind = "caption"
        if plain_text(content).strip() or footnote_refs(content):
            out.append(_Draft(kind, level, ordered, style, content))

    # -- inlines

    def inlines(self, nodes: Iterable[JsonNode], out: Content) -> None:
        for node in nodes:
            self._inline(node, out)

    def _pair(self, kind: str, nodes: list[JsonNode], out: Content, href: str = "") -> None:
        self._next_code += 1
        cid = str(self._next_code)
        out.append(Start(kind, cid, href))
        self.inlines(nodes, out)
        out.append(End(cid))

    def _inline(self, node: JsonNode, out: Content) -> None:
        tag = node.get("t")
        c: Any = node.get("c")
        if tag == "Str":
            out.append(c)
        elif tag in ("Space", "SoftBreak"):
            out.append(" ")
        elif tag in _PAIRED:
            self._pair(_PAIRED[tag], c, out)
        elif tag == "Link":
            self._pair("link", c[1], out, href=c[2][0])
        elif tag in _TRANSPARENT_INLINES:
            self.inlines(c, out)
        elif tag in ("Span", "Cite"):
            self.inlines(c[1], out)
        elif tag == "Quoted":
            double = c[0].get("t") == "DoubleQuote"
            out.append("«" + NBSP if double else "‘")
            self.inlines(c[1], out)
            out.append(NBSP + "»" if double else "’")
        elif tag in ("Code", "Math"):
            out.append(Ph("code", text=c[1]))
        elif tag == "LineBreak":
            out.append(Ph("br"))
        elif tag == "Note":
            number = str(len(self.notes) + 1)
            self.notes.append((number, c))
            out.append(Ph("fn", ref=number))
        elif tag in ("Image", "RawInline"):
            pass  # images are not translated; raw markup is not text
        else:
            self.skipped.add(str(tag))


def _attr_value(attr: list[Any], key: str) -> str:
    for k, v in attr[2]:
        if k == key:
            return str(v)
    return ""


def _meta_inlines(value: JsonNode) -> list[list[JsonNode]]:
    """Each line of a metadata value as inlines (a list of authors gives several)."""
    tag = value.get("t")
    c: Any = value.get("c")
    if tag == "MetaInlines":
        return [c]
    if tag == "MetaString":
        return [[{"t": "Str", "c": c}]]
    if tag == "MetaList":
        return [line for item in c for line in _meta_inlines(item)]
    if tag == "MetaBlocks":
        return [b["c"] for b in c if b.get("t") in ("Para", "Plain")]
    return []


def document_from_ast(ast: JsonNode, meta_blocks: bool = True) -> Document:
    """A Document (one segment per block) from pandoc's JSON AST."""
    meta: dict[str, JsonNode] = ast.get("meta", {})
    flat = _Flattener()
    drafts: list[_Draft] = []
    if meta_blocks:
        for key, style in _META_FIELDS:
            for line in _meta_inlines(meta[key]) if key in meta else []:
                kind, level = ("heading", 1) if key == "title" else ("paragraph", 0)
                flat.emit(drafts, kind, level, False, style, line)
        if meta.get("abstract", {}).get("t") == "MetaBlocks":
            drafts.extend(flat.blocks(meta["abstract"]["c"], _Where(style="Abstract")))
        elif "abstract" in meta:
            for line in _meta_inlines(meta["abstract"]):
                flat.emit(drafts, "paragraph", 0, False, "Abstract", line)
    drafts.extend(flat.blocks(ast.get("blocks", []), _Where()))
    blocks = [_materialize(d, block_id(i)) for i, d in enumerate(drafts, 1)]

    footnotes: list[Footnote] = []
    done = 0
    while done < len(flat.notes):  # notes met inside notes are appended as we go
        number, note_blocks = flat.notes[done]
        done += 1
        note_drafts = flat.blocks(note_blocks, _Where())
        note_blocks_done = [
            _materialize(d, footnote_block_id(number, i)) for i, d in enumerate(note_drafts, 1)
        ]
        footnotes.append(Footnote(number, note_blocks_done))
    footnotes.sort(key=lambda fn: int(fn.id))

    doc = Document(blocks=blocks, footnotes=footnotes)
    doc.title = _meta_title(meta) or next((b.text for b in blocks if b.kind == "heading"), "")
    lang = "".join(plain_text(tidy_content(_flat_meta(meta["lang"])))) if "lang" in meta else ""
    if lang:
        doc.source_lang = lang.split("-")[0].lower()
    for tag in sorted(flat.skipped):
        doc.warnings.append(f"pandoc element {tag} skipped: the reader does not know it")
    return doc


def _flat_meta(value: JsonNode) -> Content:
    out: Content = []
    scratch = _Flattener()  # notes in metadata text are not numbered here
    for line in _meta_inlines(value):
        if out:
            out.append(" ")
        scratch.inlines(line, out)
    return out


def _meta_title(meta: dict[str, JsonNode]) -> str:
    if "title" not in meta:
        return ""
    return plain_text(tidy_content(_flat_meta(meta["title"])))


def _materialize(draft: _Draft, bid: str) -> Block:
    level = draft.level if draft.kind in ("heading", "list-item") else 0
    return Block(
        id=bid,
        kind=draft.kind,  # type: ignore[arg-type]  # always one of BLOCK_KINDS by construction
        segments=[Segment(id=segment_id(bid, 1), source=draft.content)],
        level=level,
        ordered=draft.ordered if draft.kind == "list-item" else False,
        style=draft.style,
        cell=draft.cell,
    )


# ---------------------------------------------------------------- inline tidying


def tidy_content(content: Iterable[Inline]) -> Content:
    """Collapse whitespace runs (across paired codes) to one space, strip the ends, drop empty pairs.

    No-break spaces (U+00A0, U+202F) are kept as they are. Paired-code ids are renumbered 1, 2, …
    """
    parts = _drop_empty_pairs(normalize_content(content))
    out: Content = []
    at_space = True  # at the start of the block, or just after a space or line break
    for part in parts:
        if isinstance(part, str):
            text = _COLLAPSIBLE.sub(" ", part)
            if at_space:
                text = text.lstrip(" ")
            if text:
                at_space = text.endswith(" ")
                out.append(text)
        elif isinstance(part, Ph):
            if part.kind == "br":
                _rstrip_last_text(out)
                at_space = True
            else:
                at_space = False
            out.append(part)
        else:
            out.append(part)
    _rstrip_last_text(out)
    return _renumber(_drop_empty_pairs(normalize_content(out)))


def _rstrip_last_text(out: Content) -> None:
    """Strip the spaces ending the text before the end of `out`, looking through paired codes only."""
    for i in range(len(out) - 1, -1, -1):
        part = out[i]
        if isinstance(part, Ph):
            return
        if isinstance(part, str):
            out[i] = part.rstrip(" ")
            if out[i]:
                return


def _drop_empty_pairs(parts: Content) -> Content:
    """Remove Start/End pairs around nothing; unwrap pairs around whitespace only (pairs that become empty
    once an inner pair goes are dropped too). One pass over the content, checking each End against what it
    closes."""
    out: Content = []
    for part in parts:
        if isinstance(part, End):
            last = out[-1] if out else None
            if isinstance(last, Start) and last.id == part.id:
                out.pop()
                continue
            before = out[-2] if len(out) > 1 else None
            if isinstance(last, str) and last.isspace() and isinstance(before, Start) and before.id == part.id:
                out.pop()
                out.pop()
                _append_text(out, last)
                continue
            out.append(part)
        elif isinstance(part, str):
            _append_text(out, part)
        else:
            out.append(part)
    return out


def _append_text(out: Content, text: str) -> None:
    if not text:
        return
    if out and isinstance(out[-1], str):
        out[-1] = out[-1] + text  # only after a pair was removed: the input is already merged
    else:
        out.append(text)


def _renumber(parts: Content) -> Content:
    ids: dict[str, str] = {}
    out: Content = []
    for part in parts:
        if isinstance(part, Start):
            ids[part.id] = str(len(ids) + 1)
            out.append(Start(part.kind, ids[part.id], part.href))
        elif isinstance(part, End):
            out.append(End(ids.get(part.id, part.id)))
        else:
            out.append(part)
    return out
