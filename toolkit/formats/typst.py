"""PDF editions (English, bilingual French | English) through Typst: pandoc writes the markup, Typst typesets.

One pandoc call per edition converts every piece at once: the body (or each block of each side) and each
footnote's text on each side, separated by raw-block markers the output is split on. Footnote references never
reach pandoc as notes: they become calls to the template's note functions, so each mark prints the number the
source gave it, on both sides of the bilingual edition, and a note referenced twice is printed once. The shipped
template (`toolkit/data/typst/edition.typ`) owns the page: A4, running title, folio, fonts embedded in Typst
itself (Libertinus Serif), hyphenation by language.
"""

from __future__ import annotations

import re
import secrets
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.errors import ToolkitError
from toolkit.formats.pandoc_ast import (
    Node,
    Side,
    api_version,
    block_content,
    block_node,
    body_blocks,
    footnote_blocks,
    inlines,
    table_node,
    with_every_reference,
)
from toolkit.formats.pandoc_run import PANDOC_WRITE_HEAP, PANDOC_WRITE_TIMEOUT_S, pandoc_process
from toolkit.formats.typst_job import AGAIN_NOTE, Row, TypstJob, typeset, typst_str
from toolkit.formats.typst_job import TYPST_FAILED as TYPST_FAILED  # the one-line error's start, for callers
from toolkit.model import Block, Document, Segment, plain_text, table_end
from toolkit.support.fileio import write_bytes

TEMPLATE = ("data", "typst", "edition.typ")
# pandoc's Typst writer minus `smart`: typographic characters are written as themselves, never as ' -- ---
PANDOC_WRITER = "typst-smart"

# Rows longer than this (characters on either side, about five lines of a column) may break across pages.
LONG_ROW_CHARS = 300
# Characters of pandoc AST (JSON) converted to Typst in one pandoc run.
BATCH_JSON_CHARS = 3_000_000
_NOTE_SENTINEL = "toolkit-note"  # raw-block format marking a footnote reference inside the AST we build
_SHORTHAND = re.compile(r"-|\.(?=\.)")
# Presentation-form ligatures (ﬁ, ﬂ …, pasted from PDFs) are missing from Libertinus; Typst ligates the letters.
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


def write_english_pdf(doc: Document, path: Path, meta: dict[str, str]) -> None:
    """The English edition: the target side, real footnotes at the page foot, numbered like the source.

    `meta`: `title` (running title and PDF title; else the document's), `signature` (PDF keywords),
    `author`, `edition` (the header's right-hand label). Nothing is written at `path` unless all went well.
    """
    write_bytes(path, english_pdf(doc, meta))


def english_pdf(doc: Document, meta: dict[str, str], warn: Callable[[str], None] | None = None) -> bytes:
    """The English edition as PDF bytes (see `write_english_pdf`); Typst's warnings go to `warn`."""
    return _told(typeset(english_source(doc, meta)), warn)


def write_bilingual_pdf(doc: Document, path: Path, meta: dict[str, str]) -> None:
    """The bilingual edition: one row per block, French left and English right, each side's footnotes with it.

    A footnote's entry at the page foot is laid out like the body (French note left, English note right) and
    both columns' marks print the source's number. `meta` as for `write_english_pdf`.
    """
    write_bytes(path, bilingual_pdf(doc, meta))


def bilingual_pdf(doc: Document, meta: dict[str, str], warn: Callable[[str], None] | None = None) -> bytes:
    """The bilingual edition as PDF bytes (see `write_bilingual_pdf`); Typst's warnings go to `warn`."""
    return _told(typeset(bilingual_source(doc, meta)), warn)


def _told(typeset_pdf: tuple[bytes, list[str]], warn: Callable[[str], None] | None) -> bytes:
    pdf, warnings = typeset_pdf
    if warn is not None:
        for message in warnings:
            warn(message)
    return pdf


def english_source(doc: Document, meta: dict[str, str]) -> TypstJob:
    """The English edition as Typst (one pandoc run)."""
    doc = with_every_reference(doc)
    batch = _Batch()
    marks = _Marks(first="note")
    body: list[tuple[int, tuple[str, ...]]] = []
    for node in body_blocks(doc.blocks, "target", _note_sentinel):
        before = len(marks.made)
        body.append((batch.add(_mark_notes([node], marks)), tuple(marks.made[before:])))
    notes = {fn.id: batch.add(_mark_notes(footnote_blocks(fn, "target"))) for fn in doc.footnotes}
    markup = batch.convert()
    head = "\n".join([
        _notes_dict(src={}, tgt={fid: markup[i] for fid, i in notes.items()}),
        _template(),
        "#show: english-edition",
    ])
    rows = [Row(markup[i], made) for i, made in body if markup[i]]
    return TypstJob(head, rows, _inputs(doc, meta, unreferenced_en=_unreferenced(doc, marks.seen)))


def bilingual_source(doc: Document, meta: dict[str, str]) -> TypstJob:
    """The bilingual edition as Typst (one pandoc run for every block and note of both sides)."""
    doc = with_every_reference(doc)
    batch = _Batch()
    marks = _Marks(first="bi-note")
    rows: list[tuple[Block, str, int, int, tuple[str, ...]]] = []
    markers = list(_list_markers(doc.blocks))
    i = 0
    while i < len(markers):
        block, marker = markers[i]
        if block.cell is not None:  # a whole table is one row: the French table left, the English right
            end = table_end(doc.blocks, i)
            cells = doc.blocks[i:end]
            before = len(marks.made)
            fr = batch.add(_mark_notes([table_node(cells, "source", _note_sentinel)], marks))
            en = batch.add(_mark_notes([table_node(cells, "target", _note_sentinel)], marks))
            rows.append((block, "", fr, en, tuple(marks.made[before:])))
            i = end
            continue
        for part, piece in enumerate(_row_pieces(block)):
            before = len(marks.made)
            fr = batch.add(_mark_notes([_piece(piece, "source")], marks))
            en = batch.add(_mark_notes([_piece(piece, "target")], marks))
            rows.append((piece, marker if part == 0 else "+", fr, en, tuple(marks.made[before:])))
        i += 1
    src_notes = {fn.id: batch.add(_mark_notes(footnote_blocks(fn, "source"))) for fn in doc.footnotes}
    tgt_notes = {fn.id: batch.add(_mark_notes(footnote_blocks(fn, "target"))) for fn in doc.footnotes}
    markup = batch.convert()

    head = "\n".join([
        _notes_dict(src={fid: markup[i] for fid, i in src_notes.items()},
                    tgt={fid: markup[i] for fid, i in tgt_notes.items()}),
        _template(),
        "#show: bilingual-edition",
    ])
    pairs: list[Row] = []
    previous: Block | None = None
    for block, marker, fr, en, made_here in rows:
        continued = marker == "+"  # a long paragraph's next piece: it reads on from the row above
        marker = "" if continued else marker
        tight = continued or (block.kind == "list-item" and previous is not None and previous.kind == "list-item")
        long = block.cell is not None or max(
            len(plain_text(block_content(block, side))) for side in ("source", "target")) > LONG_ROW_CHARS
        pairs.append(Row(f"#pair(kind: {typst_str(block.kind)}, tight: {_typst_bool(tight)}, "
                         f"long: {_typst_bool(long)})[{_cell(block, marker, markup[fr])}]"
                         f"[{_cell(block, marker, markup[en])}]", made_here))
        previous = block
    unreferenced = _unreferenced(doc, marks.seen)
    return TypstJob(head, pairs, _inputs(doc, meta, unreferenced_fr=unreferenced, unreferenced_en=unreferenced),
                    bilingual=True)


# ---------------------------------------------------------------- document preparation


def _unreferenced(doc: Document, seen: set[str]) -> list[str]:
    """Footnotes no mark points to (a web copy's Sources list may hold some): printed after the body."""
    return [fn.id for fn in doc.footnotes if fn.id not in seen]


def _list_markers(blocks: list[Block]) -> Iterator[tuple[Block, str]]:
    """Each block with its list marker ("" outside lists), by the one list rule (formats.lists)."""
    from toolkit.formats.lists import list_marker, list_numbers

    for block, number in zip(blocks, list_numbers(blocks), strict=True):
        yield block, list_marker(block, number)


def _row_pieces(block: Block) -> list[Block]:
    """A long paragraph or quote as consecutive runs of whole sentences of about `LONG_ROW_CHARS` each, one row
    apiece: Typst lays out the footnotes of one grid row again for every note it holds, so a paragraph with a
    thousand notes in one row costs it time and memory that grow much faster than the paragraph."""
    if block.kind not in ("paragraph", "quote") or len(block.segments) < 2:
        return [block]
    pieces: list[list[Segment]] = [[]]
    size = 0
    for seg in block.segments:
        if pieces[-1] and size + len(seg.text) > LONG_ROW_CHARS:
            pieces.append([])
            size = 0
        pieces[-1].append(seg)
        size += len(seg.text) + len(seg.space_after)
    if len(pieces) == 1:
        return [block]
    return [replace(block, segments=segs) for segs in pieces]


def _piece(block: Block, side: Side) -> Node:
    """One block on one side; a list item is its text alone (the template draws its marker)."""
    if block.kind == "list-item":
        return {"t": "Plain", "c": inlines(block_content(block, side), _note_sentinel)}
    return block_node(block, side, _note_sentinel)


def _cell(block: Block, marker: str, markup: str) -> str:
    if block.kind == "list-item":
        return f"#item({max(1, block.level or 1)}, {typst_str(marker)})[{markup}]"
    return f"\n{markup}\n"


# ---------------------------------------------------------------- footnote marks


def _note_sentinel(ref: str) -> list[Node]:
    return [{"t": "RawBlock", "c": [_NOTE_SENTINEL, ref]}]


@dataclass
class _Marks:
    """Typst calls for footnote marks in document order: the first mark of a note makes it, later ones point."""

    first: str
    seen: set[str] = field(default_factory=set)
    made: list[str] = field(default_factory=list)  # the notes made, in order

    def __call__(self, ref: str) -> str:
        call = self.first if ref not in self.seen else AGAIN_NOTE
        if ref not in self.seen:
            self.made.append(ref)
        self.seen.add(ref)
        return f"#{call}({typst_str(ref)})"


def _mark_notes(nodes: list[Node], marks: Callable[[str], str] | None = None) -> list[Node]:
    """Replace our note sentinels by raw Typst calls, in reading order; make text safe from Typst shorthands."""

    def walk(value: Any) -> Any:
        # pandoc nodes are {"t": tag, "c": children}; only lists of nodes hold Str runs
        if isinstance(value, list):
            out: list[Any] = []
            for item in value:
                if isinstance(item, dict) and item.get("t") == "Str":
                    out.extend(_literal_text(item["c"]))
                else:
                    out.append(walk(item))
            return out
        if not isinstance(value, dict) or "c" not in value:
            return value
        if value["t"] == "Note":
            sentinel = value["c"][0]["c"]
            if sentinel[0] == _NOTE_SENTINEL and marks is not None:
                return {"t": "RawInline", "c": ["typst", marks(sentinel[1])]}
        return {"t": value["t"], "c": walk(value["c"])}

    marked: list[Node] = walk(nodes)
    return marked


def _literal_text(text: str) -> list[Node]:
    """A Str as nodes pandoc writes so that Typst prints exactly these characters.

    Pandoc escapes Typst's markup characters but not its shorthands: `--` (en dash), `---`, `-?` (soft
    hyphen), `-5` (minus sign), `...` (ellipsis). Hyphens and dots that could start one go out escaped.
    """
    text = text.translate(_LIGATURES)
    if "-" not in text and ".." not in text:
        return _short_runs(text)
    nodes: list[Node] = []
    last = 0
    for match in _SHORTHAND.finditer(text):
        if match.start() > last:
            nodes.extend(_short_runs(text[last:match.start()]))
        nodes.append({"t": "RawInline", "c": ["typst", "\\" + match.group()]})
        last = match.end()
    if last < len(text):
        nodes.extend(_short_runs(text[last:]))
    return nodes


MAX_RUN = 1000


def _short_runs(text: str) -> list[Node]:
    """A Str cut into runs of at most MAX_RUN characters: pandoc's Typst writer is quadratic in a run's length
    (a 256 K-character word took 108 s), and adjacent runs print as one word. Never cut beside `-`, `.` or `\\`."""
    nodes: list[Node] = []
    start = 0
    while len(text) - start > MAX_RUN:
        cut = start + MAX_RUN
        while cut < len(text) and (text[cut - 1] in "-.\\" or text[cut] in "-.\\"):
            cut += 1
        nodes.append({"t": "Str", "c": text[start:cut]})
        start = cut
    nodes.append({"t": "Str", "c": text[start:]})
    return nodes


# ---------------------------------------------------------------- pandoc, once per edition


class _Batch:
    """Pieces of pandoc AST converted to Typst markup in one pandoc run, split on unforgeable marker lines."""

    def __init__(self) -> None:
        self.pieces: list[list[Node]] = []
        self.nonce = secrets.token_hex(8)

    def add(self, blocks: list[Node]) -> int:
        self.pieces.append(blocks)
        return len(self.pieces) - 1

    def _marker(self, index: int) -> str:
        return f"// toolkit-piece {self.nonce} {index}"

    def convert(self) -> list[str]:
        """Every piece's markup, in order: one pandoc run for up to `BATCH_JSON_CHARS` of AST (pandoc holds its
        whole input and output in memory; it spreads the work over the cores itself)."""
        import json

        # each piece is encoded once, behind its marker, and runs are joined from the encoded pieces
        encoded = [
            json.dumps([{"t": "RawBlock", "c": ["typst", self._marker(i)]}, *piece], ensure_ascii=False)[1:-1]
            for i, piece in enumerate(self.pieces)
        ]
        head = json.dumps({"pandoc-api-version": api_version(), "meta": {}})[:-1] + ', "blocks": ['
        markup: list[str] = []
        start = 0
        while start < len(self.pieces):
            stop, size = start + 1, len(encoded[start])
            while stop < len(self.pieces) and size + len(encoded[stop]) <= BATCH_JSON_CHARS:
                size += len(encoded[stop])
                stop += 1
            markup.extend(self._convert(start, stop, head + ", ".join(encoded[start:stop]) + "]}"))
            start = stop
        return markup

    def _convert(self, start: int, stop: int, ast: str) -> list[str]:
        out = _run_pandoc(ast.encode("utf-8"))
        markup: list[list[str]] = []
        for line in out.split("\n"):
            if line == self._marker(start + len(markup)):
                markup.append([])
            elif markup:
                markup[-1].append(line)
        if len(markup) != stop - start:
            raise ToolkitError(f"pandoc's Typst output lost pieces ({len(markup)} of {stop - start})")
        return ["\n".join(lines).strip("\n") for lines in markup]


def _run_pandoc(data: bytes) -> str:
    try:
        done = pandoc_process(["-f", "json", "-t", PANDOC_WRITER, "--wrap=none"], data,
                              PANDOC_WRITE_TIMEOUT_S, PANDOC_WRITE_HEAP)
    except subprocess.TimeoutExpired:
        raise ToolkitError(f"pandoc took longer than {PANDOC_WRITE_TIMEOUT_S:g} s to write Typst") from None
    except OSError as exc:
        raise ToolkitError(f"cannot run pandoc: {exc.strerror}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ToolkitError(f"pandoc could not write Typst: {reason[0] if reason else f'exit {done.returncode}'}")
    return done.stdout.decode("utf-8")


# ---------------------------------------------------------------- Typst


def _typst_bool(value: bool) -> str:
    return "true" if value else "false"


def _notes_dict(src: dict[str, str], tgt: dict[str, str]) -> str:
    def entries(notes: dict[str, str]) -> str:
        if not notes:
            return "(:)"
        return "(" + ", ".join(f"{typst_str(fid)}: [{markup}]" for fid, markup in notes.items()) + ",)"

    return f"#let NOTES = (src: {entries(src)}, tgt: {entries(tgt)})"


def _template() -> str:
    return resources.files("toolkit").joinpath(*TEMPLATE).read_text(encoding="utf-8")


def _inputs(doc: Document, meta: dict[str, str], unreferenced_fr: Iterable[str] = (),
            unreferenced_en: Iterable[str] = ()) -> dict[str, str]:
    """What the template reads from `sys.inputs`: strings only, so nothing from the user is parsed as code."""
    inputs = {
        "title": " ".join((meta.get("title") or doc.title or "").split()),
        "signature": meta.get("signature", ""),
        "author": meta.get("author", ""),
        "show-title": "no" if doc.blocks and doc.blocks[0].kind == "heading" else "yes",
        "unreferenced-fr": ",".join(unreferenced_fr),
        "unreferenced-en": ",".join(unreferenced_en),
    }
    if meta.get("edition"):
        inputs["edition"] = meta["edition"]
    return inputs
