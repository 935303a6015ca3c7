"""Document → pandoc JSON AST, for either language side: the common ground of the DOCX and Typst writers.

Footnote references become pandoc `Note`s holding that side's footnote text, so every writer pandoc has
gets real footnotes, in place. The API version is read from the bundled pandoc once.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from toolkit.model import (
    Block,
    Content,
    Document,
    End,
    Footnote,
    Ph,
    Start,
    footnote_refs,
    table_end,
    table_grid,
)

Side = Literal["source", "target"]
Node = dict[str, Any]
NoteBlocks = Callable[[str], list[Node]]

_PAIRS = {
    "em": "Emph",
    "strong": "Strong",
    "sup": "Superscript",
    "sub": "Subscript",
    "smallcaps": "SmallCaps",
}
_TOKENS = re.compile(r"[ \t\n]+|[^ \t\n]+")


@functools.lru_cache(maxsize=1)
def api_version() -> list[int]:
    from toolkit.errors import ToolkitError
    from toolkit.formats.pandoc_run import pandoc_process

    done = pandoc_process(["-f", "markdown", "-t", "json"], b"")
    if done.returncode != 0:
        raise ToolkitError(f"cannot run pandoc: exit status {done.returncode}")
    version: list[int] = json.loads(done.stdout)["pandoc-api-version"]
    return version


def block_content(block: Block, side: Side) -> Content:
    """The block's inline content on one side; untranslated segments fall back to the source."""
    out: Content = []
    for seg in block.segments:
        content = seg.source if side == "source" or seg.target is None else seg.target
        out.extend(content)
        out.append(seg.space_after)
    # trailing whitespace of the block is not content
    while out and isinstance(out[-1], str) and not out[-1].strip():
        out.pop()
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    return out


def _text(text: str) -> list[Node]:
    nodes: list[Node] = []
    for token in _TOKENS.findall(text):
        if token.strip(" \t\n"):
            nodes.append({"t": "Str", "c": token})
        elif "\n" in token:
            nodes.append({"t": "SoftBreak"})
        else:
            nodes.append({"t": "Space"})
    return nodes


def inlines(content: Content, notes: NoteBlocks | None = None) -> list[Node]:
    """Flat content → nested pandoc inlines. `notes(ref)` gives the blocks of footnote `ref`."""
    root: list[Node] = []
    stack: list[tuple[str, Start, list[Node]]] = []

    def current() -> list[Node]:
        return stack[-1][2] if stack else root

    for part in content:
        if isinstance(part, str):
            current().extend(_text(part))
        elif isinstance(part, Ph):
            if part.kind == "fn":
                if notes is not None:
                    current().append({"t": "Note", "c": notes(part.ref)})
            elif part.kind == "br":
                current().append({"t": "LineBreak"})
            elif part.kind == "code":
                current().append({"t": "Code", "c": [["", [], []], part.text]})
            elif part.text:
                current().extend(_text(part.text))
        elif isinstance(part, Start):
            stack.append((part.id, part, []))
        elif isinstance(part, End):
            if not stack or stack[-1][0] != part.id:
                continue
            _id, start, children = stack.pop()
            current().append(_wrap(start, children))
    while stack:  # unbalanced content never reaches here from our readers; close gracefully
        _id, start, children = stack.pop()
        current().append(_wrap(start, children))
    return root


def _wrap(start: Start, children: list[Node]) -> Node:
    if start.kind == "link":
        return {"t": "Link", "c": [["", [], []], children, [start.href, ""]]}
    kind = _PAIRS.get(start.kind)
    if kind is None:
        return {"t": "Span", "c": [["", [], []], children]}
    return {"t": kind, "c": children}


def footnote_blocks(fn: Footnote | None, side: Side) -> list[Node]:
    if fn is None:
        return [{"t": "Para", "c": []}]
    return [{"t": "Para", "c": inlines(block_content(b, side))} for b in fn.blocks] or [
        {"t": "Para", "c": []}
    ]


def note_maker(doc: Document, side: Side) -> NoteBlocks:
    by_id = {fn.id: fn for fn in doc.footnotes}
    return lambda ref: footnote_blocks(by_id.get(ref), side)


def block_node(block: Block, side: Side, notes: NoteBlocks | None) -> Node:
    """One block alone (a list item becomes a one-item list of its kind)."""
    para = {"t": "Para", "c": inlines(block_content(block, side), notes)}
    if block.kind == "heading":
        return {"t": "Header", "c": [max(1, min(block.level, 6)), ["", [], []], para["c"]]}
    if block.kind == "quote":
        return {"t": "BlockQuote", "c": [para]}
    if block.kind == "list-item":
        return _list([[{"t": "Plain", "c": para["c"]}]], block.ordered)
    return para


def _list(items: list[list[Node]], ordered: bool) -> Node:
    if ordered:
        return {"t": "OrderedList", "c": [[1, {"t": "Decimal"}, {"t": "Period"}], items]}
    return {"t": "BulletList", "c": items}


_ATTR: list[Any] = ["", [], []]


def table_node(cells: list[Block], side: Side, notes: NoteBlocks | None) -> Node:
    """The `table-cell` blocks of one table as a pandoc Table: leading header rows in its head, a cell's
    paragraphs in its cell, empty cells where the source had them."""
    grid = table_grid(cells)
    cols = max((len(row) for row in grid), default=0)

    def row_node(row: list[list[Block]]) -> list[Any]:
        return [_ATTR, [[_ATTR, {"t": "AlignDefault"}, 1, 1, cell_blocks(blocks)] for blocks in row]]

    def cell_blocks(blocks: list[Block]) -> list[Node]:
        plain = len(blocks) == 1 and blocks[0].kind == "table-cell"
        return [{"t": "Plain" if plain else "Para", "c": inlines(block_content(b, side), notes)}
                if b.kind == "table-cell" else block_node(b, side, notes) for b in blocks]

    head = 0
    while head < len(grid) and any(b.cell is not None and b.cell.header for c in grid[head] for b in c):
        head += 1
    columns = [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(cols)]
    return {"t": "Table", "c": [_ATTR, [None, []], columns, [_ATTR, [row_node(r) for r in grid[:head]]],
                                [[_ATTR, 0, [], [row_node(r) for r in grid[head:]]]], [_ATTR, []]]}


def body_blocks(blocks: list[Block], side: Side, notes: NoteBlocks | None) -> list[Node]:
    """Blocks in order, consecutive list items nested by level into pandoc lists, table cells as tables."""
    out: list[Node] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.cell is not None:
            end = table_end(blocks, i)
            out.append(table_node(blocks[i:end], side, notes))
            i = end
            continue
        if block.kind != "list-item":
            out.append(block_node(block, side, notes))
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "list-item":
            j += 1
        out.extend(_nest(blocks[i:j], side, notes, max(1, min(b.level or 1 for b in blocks[i:j]))))
        i = j
    return out


def _nest(items: list[Block], side: Side, notes: NoteBlocks | None, level: int) -> list[Node]:
    """Items at `level` become a list; deeper items nest inside the item before them."""
    lists: list[Node] = []
    entries: list[list[Node]] = []
    ordered = items[0].ordered if items else False
    k = 0
    while k < len(items):
        item = items[k]
        depth = max(1, item.level or 1)
        if depth <= level or not entries:
            if entries and item.ordered != ordered:
                lists.append(_list(entries, ordered))
                entries = []
            ordered = item.ordered
            # Plain, not Para: a tight list, as briefs have them
            entries.append([{"t": "Plain", "c": inlines(block_content(item, side), notes)}])
            k += 1
            continue
        m = k
        while m < len(items) and max(1, items[m].level or 1) > level:
            m += 1
        entries[-1].extend(_nest(items[k:m], side, notes, level + 1))
        k = m
    if entries:
        lists.append(_list(entries, ordered))
    return lists


def with_every_reference(doc: Document) -> Document:
    """`doc`, or a copy where every footnote the source references in a block is referenced by its translation.

    A translation that lost a reference would lose the note from the edition; the mark goes back at the end
    of the sentence that had it (QA reports the loss; the edition keeps the note). The caller's document is
    never changed.
    """
    blocks = [_with_block_references(block) for block in doc.blocks]
    if all(new is old for new, old in zip(blocks, doc.blocks, strict=True)):
        return doc
    return replace(doc, blocks=blocks)


def _with_block_references(block: Block) -> Block:
    present = set(footnote_refs(block_content(block, "target")))
    segments = []
    for seg in block.segments:
        missing = [ref for ref in footnote_refs(seg.source) if ref not in present]
        if seg.target is None or not missing:
            segments.append(seg)
            continue
        present.update(missing)
        segments.append(replace(seg, target=[*seg.target, *(Ph("fn", ref=ref) for ref in missing)]))
    if all(new is old for new, old in zip(segments, block.segments, strict=True)):
        return block
    return replace(block, segments=segments)


# where an edition prints the notes of `model.unattached_footnotes`, after the body
UNATTACHED_HEADINGS: dict[Side, str] = {
    "source": "Notes non appelées dans le texte",
    "target": "Notes not referenced in the text",
}


def unattached_note_paragraphs(fn: Footnote, side: Side) -> list[Node]:
    """A note printed after the body: `[n]` then its text."""
    paras = footnote_blocks(fn, side)
    first = paras[0]["c"]
    paras[0] = {"t": "Para", "c": [{"t": "Str", "c": f"[{fn.id}]"}, {"t": "Space"}, *first]}
    return paras


def _meta_string(text: str) -> Node:
    return {"t": "MetaInlines", "c": _text(text)}


def document_ast(doc: Document, side: Side, meta: dict[str, str] | None = None) -> Node:
    """The whole document on one side, footnotes as pandoc notes, ready for any pandoc writer."""
    notes = note_maker(doc, side)
    return {
        "pandoc-api-version": api_version(),
        "meta": {key: _meta_string(value) for key, value in (meta or {}).items() if value},
        "blocks": body_blocks(doc.blocks, side, notes),
    }
