"""English and bilingual (French | English) DOCX editions: pandoc writes, oxml/ finishes what pandoc cannot.

Pandoc turns the pandoc AST of `formats.pandoc_ast` into WordprocessingML with real footnotes. The post-pass
then sets what pandoc has no words for: language tags on every run (en-GB, and fr-FR on the French side of
the bilingual edition), document properties, the bilingual table's fixed 50/50 widths, quiet borders and
repeated header row, list levels, and custom footnote marks so each side is numbered like the source.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from toolkit.errors import InputError, ToolkitError
from toolkit.formats.pandoc_ast import (
    UNATTACHED_HEADINGS,
    Node,
    NoteBlocks,
    Side,
    api_version,
    block_content,
    body_blocks,
    inlines,
    note_maker,
    table_node,
    unattached_note_paragraphs,
    with_every_reference,
)
from toolkit.model import Block, Document, footnote_refs, table_end, unattached_footnotes
from toolkit.support.fileio import write_bytes

DEFAULT_REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference.docx"

LANGS: dict[Side, str] = {"source": "fr-FR", "target": "en-GB"}
COLUMN_TITLES: dict[Side, str] = {"source": "Français", "target": "English"}
SIDES: tuple[Side, Side] = ("source", "target")

# Paragraph styles pandoc chooses by itself: a block carrying one of them needs no custom style.
_NATURAL_STYLES = {"", "Normal", "Body Text", "First Paragraph", "Compact", "Block Text", "List Paragraph"}
_NATURAL_STYLES.update(f"Heading {n}" for n in range(1, 10))

Finish = Callable[[Any], None]  # receives the oxml Package


# ---------------------------------------------------------------- public API


def english_docx(
    doc: Document, meta: dict[str, str], reference_docx: Path | None = None, where: str = "English DOCX"
) -> bytes:
    """The English edition: the target side with real footnotes numbered like the source.

    `meta`: `title` (default: the document's), `signature` (goes to the Comments property and a custom
    property), optional `author`, `subject`, `keywords`. `reference_docx`: styles to reuse (the input DOCX),
    else the shipped reference document.
    """
    doc = with_every_reference(doc)  # a reference the translation lost keeps its note
    notes = note_maker(doc, "target")
    blocks = _styled_body(doc.blocks, "target", notes)
    unattached = unattached_footnotes(doc)
    if unattached:
        blocks.append(_heading(UNATTACHED_HEADINGS["target"]))
        blocks.extend(para for fn in unattached for para in unattached_note_paragraphs(fn, "target"))
    refs = [ref for block in doc.blocks for ref in footnote_refs(block_content(block, "target"))]
    # Word numbers notes 1, 2, 3… in order; only a reordered or gapped sequence needs marks of its own.
    custom = refs != [str(i) for i in range(1, len(refs) + 1)]

    def finish(package: Any) -> None:
        from toolkit.oxml.lang import tag_runs

        document, notes_part = package.xml("word/document.xml"), _footnotes_part(package)
        tag_runs(document, LANGS["target"])
        if notes_part is not None:
            tag_runs(notes_part, LANGS["target"])
            if custom:
                _apply_marks(package, refs)
        elif refs:
            raise ToolkitError("pandoc wrote no footnotes part", package.where)

    return _docx_bytes(blocks, where, {"title": doc.title, **meta}, reference_docx, finish, subject="English edition")


def bilingual_docx(
    doc: Document, meta: dict[str, str], reference_docx: Path | None = None, where: str = "bilingual DOCX"
) -> bytes:
    """The bilingual edition: one table row per block, French left, English right, each side's own notes.

    Footnotes carry custom marks (the source's numbers) because Word would number both sides in one run.
    """
    doc = with_every_reference(doc)  # a reference the translation lost keeps its note
    notes = {side: note_maker(doc, side) for side in SIDES}
    starts = _list_starts(doc.blocks)
    # one row per block; a table is one row: the French table left, the English table right
    units: list[list[int]] = []
    i = 0
    while i < len(doc.blocks):
        end = table_end(doc.blocks, i) if doc.blocks[i].cell is not None else i + 1
        units.append(list(range(i, end)))
        i = end
    rows = []
    for unit in units:
        first = doc.blocks[unit[0]]
        if first.cell is not None:
            cells = [doc.blocks[k] for k in unit]
            rows.append([_cell([table_node(cells, side, notes[side])]) for side in SIDES])
        else:
            rows.append([_cell([_block_node(first, side, notes[side], starts[unit[0]])]) for side in SIDES])
    unattached = unattached_footnotes(doc)
    if unattached:
        rows.append([_cell([_heading(UNATTACHED_HEADINGS[side])]) for side in SIDES])
        rows.extend([_cell(unattached_note_paragraphs(fn, side)) for side in SIDES] for fn in unattached)
    extra_rows = len(rows) - len(units)
    header = [_cell([{"t": "Plain", "c": [{"t": "Strong", "c": [{"t": "Str", "c": COLUMN_TITLES[side]}]}]}])
              for side in SIDES]
    table = _table(header, rows)
    # Pandoc meets the notes row by row, left cell before right cell.
    marks: list[tuple[Side, str]] = [
        (side, ref)
        for unit in units
        for side in SIDES
        for k in unit
        for ref in footnote_refs(block_content(doc.blocks[k], side))
    ]

    def finish(package: Any) -> None:
        from toolkit.oxml import footnotes as fn
        from toolkit.oxml import numbering, section
        from toolkit.oxml import table as tbl
        from toolkit.oxml.lang import tag_runs
        from toolkit.oxml.ns import qn

        document = package.xml("word/document.xml")
        body_tables = document.find(qn("w:body")).findall(qn("w:tbl"))
        if len(body_tables) != 1:
            raise ToolkitError("pandoc did not write the bilingual table", package.where)
        table_el = body_tables[0]
        width = section.text_width(document)
        tbl.set_fixed_widths(table_el, [width // 2, width - width // 2])
        tbl.set_quiet_borders(table_el)
        table_rows = tbl.rows(table_el)
        if len(table_rows) != len(units) + 1 + extra_rows:
            raise ToolkitError("the bilingual table lost rows", package.where)
        tbl.set_header_row(table_rows[0])
        numbering_part = package.xml("word/numbering.xml") if package.has("word/numbering.xml") else None
        for row, unit in zip(table_rows[1 : 1 + len(units)], units, strict=True):
            block = doc.blocks[unit[0]]
            if block.cell is not None:  # each side's table fits its half of the page
                for cell in tbl.cells(row):
                    for inner in cell.findall(qn("w:tbl")):
                        columns = max((len(tbl.cells(r)) for r in tbl.rows(inner)), default=1)
                        room = width // 2 - 2 * tbl.CELL_MARGIN
                        tbl.set_fixed_widths(inner, [room // columns] * columns)
            if block.kind == "list-item" and block.level > 1:
                for cell in tbl.cells(row):
                    _deepen(cell, block, starts[unit[0]], numbering_part, numbering)
        for row in table_rows:
            for cell, side in zip(tbl.cells(row), SIDES, strict=True):
                tag_runs(cell, LANGS[side])
        notes_part = _footnotes_part(package)
        if marks and notes_part is None:
            raise ToolkitError("pandoc wrote no footnotes part", package.where)
        if notes_part is not None:
            by_id = fn.notes_by_id(notes_part)
            references = fn.references(document)
            for reference, (side, _ref) in zip(references, marks, strict=False):
                note = by_id.get(reference.get(qn("w:id")))
                if note is not None:
                    tag_runs(note, LANGS[side])
            _apply_marks(package, [ref for _side, ref in marks])

    return _docx_bytes([table], where, {"title": doc.title, **meta}, reference_docx, finish,
           subject="Bilingual edition (French | English)")


class EditionFile(Protocol):
    def __call__(self, doc: Document, path: Path, meta: dict[str, str], reference_docx: Path | None = None) -> None:
        ...


def _to_file(make: Callable[..., bytes]) -> EditionFile:
    """An edition's bytes function as one that writes `path` atomically."""

    def write(doc: Document, path: Path, meta: dict[str, str], reference_docx: Path | None = None) -> None:
        write_bytes(path, make(doc, meta, reference_docx, where=str(path)))

    write.__doc__ = f"`{make.__name__}` written to `path` atomically."
    return write


write_english_docx = _to_file(english_docx)
write_bilingual_docx = _to_file(bilingual_docx)


# ---------------------------------------------------------------- AST building


def _styled_body(blocks: list[Block], side: Side, notes: NoteBlocks) -> list[Node]:
    """Blocks in order, runs of list items nested by pandoc_ast, source styles kept as custom styles."""
    out: list[Node] = []
    i = 0
    while i < len(blocks):
        if blocks[i].cell is not None:
            end = table_end(blocks, i)
            out.append(table_node(blocks[i:end], side, notes))
            i = end
            continue
        if blocks[i].kind == "list-item":
            j = i
            while j < len(blocks) and blocks[j].kind == "list-item":
                j += 1
            out.extend(body_blocks(blocks[i:j], side, notes))
            i = j
            continue
        out.append(_block_node(blocks[i], side, notes, 1))
        i += 1
    return out


def _block_node(block: Block, side: Side, notes: NoteBlocks, start: int) -> Node:
    """One block alone; a list item is a one-item list numbered from `start`; a source style is kept."""
    content = inlines(block_content(block, side), notes)
    if block.kind == "list-item":
        item = [[{"t": "Plain", "c": content}]]
        if block.ordered:
            return {"t": "OrderedList", "c": [[start, {"t": "Decimal"}, {"t": "Period"}], item]}
        return {"t": "BulletList", "c": item}
    style = block.style or ("Caption" if block.kind == "caption" else "")
    if style not in _NATURAL_STYLES:
        # Title, Subtitle, a house style of the input DOCX: pandoc writes the paragraph in that style
        return {"t": "Div", "c": [["", [], [["custom-style", style]]], [{"t": "Para", "c": content}]]}
    if block.kind == "heading":
        return {"t": "Header", "c": [max(1, min(block.level, 6)), ["", [], []], content]}
    if block.kind == "quote":
        return {"t": "BlockQuote", "c": [{"t": "Para", "c": content}]}
    return {"t": "Para", "c": content}


def _heading(text: str) -> Node:
    return {"t": "Header", "c": [2, ["", [], []], [{"t": "Str", "c": text}]]}


def _list_starts(blocks: list[Block]) -> list[int]:
    """The number each ordered list item starts its Word list at (1 for the rest), by the one list rule."""
    from toolkit.formats.lists import list_numbers

    return [number or 1 for number in list_numbers(blocks)]


def _cell(blocks: list[Node]) -> list[Any]:
    return [["", [], []], {"t": "AlignDefault"}, 1, 1, blocks]


def _table(header: list[Any], rows: list[list[Any]]) -> Node:
    attr: list[Any] = ["", [], []]
    columns = [[{"t": "AlignDefault"}, {"t": "ColWidth", "c": 0.5}] for _ in SIDES]
    head = [attr, [[attr, header]]]
    body = [attr, 0, [], [[attr, cells] for cells in rows]]
    return {"t": "Table", "c": [attr, [None, []], columns, head, [body], [attr, []]]}


# ---------------------------------------------------------------- post-processing helpers


def _footnotes_part(package: Any) -> Any:
    return package.xml("word/footnotes.xml") if package.has("word/footnotes.xml") else None


def _apply_marks(package: Any, marks: list[str]) -> None:
    """Give the body's references, in order, the marks `marks` (the source's footnote numbers)."""
    from toolkit.oxml import footnotes as fn
    from toolkit.oxml.ns import qn

    document, notes_part = package.xml("word/document.xml"), _footnotes_part(package)
    references = fn.references(document)
    if len(references) != len(marks):
        raise ToolkitError(f"pandoc wrote {len(references)} footnote references for {len(marks)} notes",
                           package.where)
    by_id = fn.notes_by_id(notes_part)
    for reference, mark in zip(references, marks, strict=True):
        note = by_id.get(reference.get(qn("w:id")))
        if note is None:
            raise ToolkitError("a footnote reference has no note", package.where)
        fn.set_custom_mark(reference, note, mark)


def _deepen(cell: Any, block: Block, start: int, numbering_part: Any, numbering: Any) -> None:
    """Put a nested list item's paragraph at its level, numbered from `start` when ordered."""
    from toolkit.oxml.ns import qn

    for para in cell.iter(qn("w:p")):
        num_id = numbering.set_list_level(para, block.level - 1)
        if num_id and block.ordered and numbering_part is not None:
            numbering.start_at(numbering_part, num_id, block.level - 1, start)


# ---------------------------------------------------------------- pandoc and the package


def _docx_bytes(blocks: list[Node], where: str, meta: dict[str, str], reference_docx: Path | None,
                finish: Finish, subject: str) -> bytes:
    from toolkit.oxml.coreprops import set_core_properties
    from toolkit.oxml.lang import set_default_lang
    from toolkit.oxml.package import Package

    reference = _reference(reference_docx)
    pandoc_meta: dict[str, Node] = {"lang": _meta_text(LANGS["target"])}
    if meta.get("signature"):
        pandoc_meta["signature"] = _meta_text(meta["signature"])  # a custom document property
    ast = {"pandoc-api-version": api_version(), "meta": pandoc_meta, "blocks": blocks}
    with tempfile.TemporaryDirectory(prefix="toolkit-docx-") as scratch:
        raw = Path(scratch) / "pandoc.docx"
        _run_pandoc(ast, reference, raw, where)
        package = Package.read(raw, checked=False)  # our own output: a long word compresses well
        set_default_lang(package.xml("word/styles.xml"), LANGS["target"])
        finish(package)
        # the style reference's headers and footers may hold links: only the body's safe ones leave
        from toolkit.oxml.relationships import drop_external_relationships
        from toolkit.support.links import publishable

        drop_external_relationships(package, publishable)
        _conform(package)
        title = meta.get("title", "")
        set_core_properties(
            package.xml("docProps/core.xml"),
            title=title,
            subject=meta.get("subject", subject),
            creator=meta.get("author", "toolkit"),
            keywords=meta.get("keywords", ""),
            description=meta.get("signature", ""),
            language=LANGS["target"],
            last_modified_by="toolkit",
        )
        return package.to_bytes()


def _conform(package: Any) -> None:
    """Whatever the style reference: valid page margins and zoom, no inherited footnote restarts, and every
    style the body and notes name defined (taken from the shipped reference when the input DOCX lacks it)."""
    from toolkit.oxml import conform
    from toolkit.oxml.package import Package

    document = package.xml("word/document.xml")
    conform.complete_page_margins(document)
    roots = [document]
    if package.has("word/settings.xml"):
        settings = package.xml("word/settings.xml")
        conform.complete_zoom(settings)
        conform.drop_note_restarts(settings, document)
    else:
        conform.drop_note_restarts(document)
    notes_part = _footnotes_part(package)
    if notes_part is not None:
        roots.append(notes_part)
    styles = package.xml("word/styles.xml")
    if conform.undefined_styles(styles, roots):
        shipped = Package.read(DEFAULT_REFERENCE, checked=False).xml("word/styles.xml")
        conform.add_missing_styles(styles, conform.used_styles(roots), shipped)


def _meta_text(text: str) -> Node:
    return {"t": "MetaInlines", "c": [{"t": "Str", "c": text}]}


def _reference(reference_docx: Path | None) -> Path:
    """The style reference: the given DOCX after a container check, else the shipped one."""
    if reference_docx is None:
        return DEFAULT_REFERENCE
    from toolkit.support.containers import check_container

    try:
        data = Path(reference_docx).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the style reference: {exc.strerror}", str(reference_docx)) from None
    check_container(data, "DOCX", "word/styles.xml", str(reference_docx))
    return Path(reference_docx)


def _run_pandoc(ast: Node, reference: Path, out: Path, where: str) -> None:
    from toolkit.formats.pandoc_run import PANDOC_WRITE_HEAP, PANDOC_WRITE_TIMEOUT_S, pandoc_process

    options = ["-f", "json", "-t", "docx", f"--reference-doc={reference}", "-o", str(out)]
    try:
        done = pandoc_process(options, json.dumps(ast).encode("utf-8"), PANDOC_WRITE_TIMEOUT_S, PANDOC_WRITE_HEAP)
    except subprocess.TimeoutExpired:
        raise ToolkitError(f"pandoc took longer than {PANDOC_WRITE_TIMEOUT_S:g} s to write the DOCX",
                           where) from None
    except OSError as exc:
        raise ToolkitError(f"cannot run pandoc: {exc.strerror}") from None
    if done.returncode != 0 or not out.is_file():
        lines = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        raise ToolkitError(f"pandoc cannot write the DOCX: {lines[0] if lines else done.returncode}", where)
