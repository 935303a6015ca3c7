"""The document model every stage speaks: Document, Block, Segment, Footnote and inline codes.

Inline content is a flat sequence, the way XLIFF 2 keeps it: runs of text interleaved with
standalone codes (`Ph`: a footnote reference, a line break, verbatim code) and the two halves
of paired codes (`Start`/`End`: emphasis, strong, links). Keeping it flat lets the segmenter
cut a block into sentences without a tree to rebalance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list-item", "quote", "table-cell", "caption"]
BLOCK_KINDS: tuple[str, ...] = ("heading", "paragraph", "list-item", "quote", "table-cell", "caption")

SegmentState = Literal["initial", "translated", "reviewed", "final"]
STATES: tuple[str, ...] = ("initial", "translated", "reviewed", "final")


@dataclass(frozen=True)
class Ph:
    """A standalone inline code: footnote reference (`fn`), line break (`br`), verbatim code (`code`)."""

    kind: str
    ref: str = ""  # footnote id for kind "fn"
    text: str = ""  # verbatim text for kind "code"


@dataclass(frozen=True)
class Start:
    """Opening half of a paired code: `em`, `strong`, `link` (with `href`), `sup`, `sub`, `smallcaps`."""

    kind: str
    id: str
    href: str = ""


@dataclass(frozen=True)
class End:
    """Closing half of the paired code opened by the `Start` with the same id."""

    id: str


Code = Ph | Start | End
Inline = str | Ph | Start | End
Content = list[Inline]


def plain_text(content: Iterable[Inline], *, br: str = "\n", code: Literal["text", "mask", "drop"] = "text",
               ) -> str:
    """The text a reader sees, without any code: the one way plain text is taken from content.

    `br`: what a line break reads as ("\n"; " " for an engine; "" to count only the text runs). `code`: what a
    verbatim code span reads as — its text, the same number of "x" (one opaque word to sentence rules: no break
    inside it), or nothing (offsets into the text runs alone).
    """
    out: list[str] = []
    for part in content:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Ph):
            if part.kind == "code" and code != "drop":
                out.append(part.text if code == "text" else "x" * len(part.text))
            elif part.kind == "br":
                out.append(br)
    return "".join(out)


def span_text(content: Iterable[Inline], start_id: str) -> str:
    """The text runs inside the paired code opened by the `Start` with id `start_id` (up to its `End`)."""
    out: list[str] = []
    inside = False
    for part in content:
        if isinstance(part, Start) and part.id == start_id:
            inside = True
        elif isinstance(part, End) and part.id == start_id:
            break
        elif inside and isinstance(part, str):
            out.append(part)
    return "".join(out)


def footnote_refs(content: Iterable[Inline]) -> list[str]:
    """Footnote ids referenced in `content`, in order."""
    return [p.ref for p in content if isinstance(p, Ph) and p.kind == "fn"]


def normalize_content(content: Iterable[Inline]) -> Content:
    """Merge adjacent strings and drop empty ones (in one pass: a long paragraph is many small strings)."""
    out: Content = []
    run: list[str] = []
    for part in content:
        if isinstance(part, str):
            if part:
                run.append(part)
            continue
        if run:
            out.append(run[0] if len(run) == 1 else "".join(run))
            run = []
        out.append(part)
    if run:
        out.append(run[0] if len(run) == 1 else "".join(run))
    return out


@dataclass
class Note:
    """A note attached to a segment: a reviewer's comment, a QA flag, a memory suggestion."""

    text: str
    category: str = "comment"  # comment | qa | suggestion
    author: str = ""


@dataclass
class Segment:
    """One sentence: source, target, state. `space_after` is the whitespace that followed it in its block."""

    id: str
    source: Content
    target: Content | None = None
    state: SegmentState = "initial"
    space_after: str = ""
    notes: list[Note] = field(default_factory=list)
    origin: str = ""  # what produced the target: engine name, "memory", "review"

    @property
    def text(self) -> str:
        return plain_text(self.source)

    @property
    def target_text(self) -> str:
        return plain_text(self.target or [])

    @property
    def notes_referenced(self) -> list[str]:
        return footnote_refs(self.source)


@dataclass(frozen=True)
class Cell:
    """Where a `table-cell` block sits: the document's `table`-th table (from 1), its row and column (from 1),
    and whether the row is a header row. A cell holding several paragraphs is several blocks with one Cell."""

    table: int
    row: int
    col: int
    header: bool = False

    @property
    def label(self) -> str:
        """How review pages name the cell: `table 1, row 2, column 3`."""
        return f"table {self.table}, row {self.row}, column {self.col}" + (" (header)" if self.header else "")


@dataclass
class Block:
    """A heading (level 1-6), paragraph, list item (depth from 1), quote, table cell (with its `cell`) or
    caption (a table's or figure's, one sentence whatever its full stops), holding its sentences."""

    id: str
    kind: BlockKind
    segments: list[Segment] = field(default_factory=list)
    level: int = 0  # heading level, or list depth
    ordered: bool = False  # list items: numbered list
    style: str = ""  # source paragraph style name where the reader knows one
    cell: Cell | None = None  # set on every block inside a table cell (a paragraph there is a "table-cell")

    @property
    def source(self) -> Content:
        out: Content = []
        for seg in self.segments:
            out.extend(seg.source)
            out.append(seg.space_after)
        return normalize_content(out)

    @property
    def text(self) -> str:
        return "".join(seg.text + seg.space_after for seg in self.segments)


@dataclass
class Footnote:
    """A footnote keyed by the number printed in the source, holding its own blocks."""

    id: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text.strip() for b in self.blocks)


@dataclass
class Document:
    """A brief: its body blocks, its footnotes and where it came from."""

    blocks: list[Block] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    title: str = ""
    source_path: str = ""
    source_format: str = ""
    source_hash: str = ""  # short hash of the input file's bytes, for signatures
    source_lang: str = "fr"
    target_lang: str = "en"
    warnings: list[str] = field(default_factory=list)

    def all_blocks(self) -> Iterator[Block]:
        """Body blocks, then each footnote's blocks."""
        for block, _footnote in self.placed_blocks():
            yield block

    def placed_blocks(self) -> Iterator[tuple[Block, Footnote | None]]:
        """Every block with the footnote holding it (None for a body block), body first: the one way to tell
        whether a block is a footnote's."""
        for block in self.blocks:
            yield block, None
        for fn in self.footnotes:
            for block in fn.blocks:
                yield block, fn

    def segments(self) -> Iterator[Segment]:
        for block in self.all_blocks():
            yield from block.segments

    def footnote(self, fid: str) -> Footnote | None:
        for fn in self.footnotes:
            if fn.id == fid:
                return fn
        return None


def table_end(blocks: list[Block], start: int) -> int:
    """Index after the last `table-cell` block of the table whose first cell is `blocks[start]`."""
    first = blocks[start].cell
    end = start + 1
    while end < len(blocks) and first is not None:
        cell = blocks[end].cell
        if cell is None or cell.table != first.table:
            break
        end += 1
    return end


def table_grid(cells: list[Block]) -> list[list[list[Block]]]:
    """The blocks of one table as rows of cells (each a list of blocks, empty where the source cell was)."""
    positions = [b.cell for b in cells if b.cell is not None]
    rows = max((c.row for c in positions), default=0)
    cols = max((c.col for c in positions), default=0)
    grid: list[list[list[Block]]] = [[[] for _ in range(cols)] for _ in range(rows)]
    for block in cells:
        if block.cell is not None:
            grid[block.cell.row - 1][block.cell.col - 1].append(block)
    return grid


def unattached_footnotes(doc: Document) -> list[Footnote]:
    """Footnotes no reference in the body calls (a web copy's Sources list may hold some): every edition prints
    them after the body, marked, and QA reports each as `note-unattached`."""
    called = {ref for block in doc.blocks for seg in block.segments for ref in footnote_refs(seg.source)}
    return [fn for fn in doc.footnotes if fn.id not in called]


def block_id(index: int) -> str:
    """Stable id of the index-th (from 1) body block."""
    return f"b{index}"


def footnote_key(footnote: str) -> str:
    """The id naming footnote `footnote` where an id must not be a bare number (stores' groups, block ids)."""
    return f"fn{footnote}"


def footnote_from_key(key: str) -> str:
    """The footnote a `footnote_key` names (a key without the prefix is the footnote's own id)."""
    return key[2:] if key.startswith("fn") and len(key) > 2 else key


def footnote_block_id(footnote: str, index: int) -> str:
    """Stable id of the index-th (from 1) block of a footnote."""
    return f"{footnote_key(footnote)}.p{index}"


def segment_id(block: str, index: int) -> str:
    """Stable id of the index-th (from 1) segment of a block."""
    return f"{block}.s{index}"


QA_NOTE = "qa"  # the category of the note a QA issue travels as in a store


def rename_pairs(content: Content, names: dict[str, str]) -> Content:
    """`content` with paired-code ids renamed through `names` (an id not in it gets a name of its own, added)."""
    out: Content = []
    for part in content:
        if isinstance(part, Start):
            names.setdefault(part.id, f"{part.id}-copy{len(names)}")
            out.append(Start(part.kind, names[part.id], part.href))
        elif isinstance(part, End):
            out.append(End(names.get(part.id, part.id)))
        else:
            out.append(part)
    return out


def renumber_pairs(content: Content) -> Content:
    """`content` with its paired codes numbered 1, 2, … in the order they open (the canonical ids)."""
    names: dict[str, str] = {}
    for part in content:
        if isinstance(part, Start):
            names.setdefault(part.id, str(len(names) + 1))
    return rename_pairs(content, names)


@dataclass
class Issue:
    """One line of the QA report: a typed value from QA to every writer. In a store it travels as a note of
    category `qa` reading `kind: detail`, written by `note` and read back by `from_note`, nowhere else."""

    segment: str
    kind: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"segment": self.segment, "kind": self.kind, "detail": self.detail}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Issue:
        """The issue a QA report line (`as_dict`, `<stem>.qa.json`) holds."""
        return cls(str(data.get("segment", "")), str(data.get("kind", "")), str(data.get("detail", "")))

    def note(self) -> Note:
        """The note this issue travels as in a store."""
        return Note(f"{self.kind}: {self.detail}", category=QA_NOTE)

    @classmethod
    def from_note(cls, segment: str, note: Note) -> Issue:
        """The issue a store's `qa` note of segment `segment` carries."""
        kind, _sep, detail = note.text.partition(": ")
        return cls(segment, kind.strip(), detail)


def noted_issues(doc: Document) -> list[Issue]:
    """The QA issues a document read from a store carries as notes, in document order."""
    return [Issue.from_note(seg.id, n) for seg in doc.segments() for n in seg.notes if n.category == QA_NOTE]


@dataclass
class Suggestion:
    """A translation candidate shown to the translator, never applied: `similarity` is a fraction (0–1)."""

    source: str
    target: str
    similarity: float
    origin: str = "memory"
