"""The bilingual review DOCX: one table row per segment (ID, French, English, Status, Comment), written and read back.

Writing uses python-docx's public API for the content, then the oxml/ helpers on the document's element tree
for what python-docx has no API for (fixed widths, repeated header row, shading, language tags) and for the
custom properties; reading parses the stranger's package through `oxml.package` (every part through
`xmlsafe`), so a reviewer's file from Word or LibreOffice is read without python-docx's parser. What the cells
mean (which edits are allowed, how they become XLIFF targets) is `toolkit.review.exchange`'s business; this
module only knows how a cell looks.

Custom document properties (docProps/custom.xml) tie the file to its XLIFF:
  toolkit.review            format version ("1")
  toolkit.review.xliff      the XLIFF file name it was exported from
  toolkit.review.signature  the XLIFF's signature (compact form)
  toolkit.review.source     hash of every row's ID and normalised French
  toolkit.review.targets.N  the hash of each row's English as exported, in row order (chunks of ≤ 255 characters,
                            the longest text value Word keeps)
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.errors import InputError, ToolkitError
from toolkit.model import Block, Content, Document, End, Issue, Ph, Segment, Start, noted_issues

HEADER: tuple[str, ...] = ("ID", "French", "English", "Status", "Comment")
ID_COL, FRENCH_COL, ENGLISH_COL, STATUS_COL, COMMENT_COL = range(5)
# A4 landscape with 1.5 cm margins leaves 26.7 cm of text width; the two text columns take the most
COLUMN_WIDTHS_CM: tuple[float, ...] = (2.4, 9.3, 9.3, 2.5, 3.2)
PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 29.7, 21.0, 1.5
FOOTNOTE_FILL = "F2F2F2"
HEADING_FILL = "E3ECF7"
INSTRUCTION = "Edit the English and Comment columns only. Do not change IDs or French."
FORMAT_VERSION = "1"
PROP_PREFIX = "toolkit.review"
PROP_CHUNK = 255  # Word keeps custom text properties up to 255 characters
# the language of each column's text, for Word's proofing (the ID and Status columns are left untagged)
COLUMN_LANGS = {FRENCH_COL: "fr-FR", ENGLISH_COL: "en-GB", COMMENT_COL: "en-GB"}

# a footnote reference as the cells show it: "[3]"
MARKER = re.compile(r"\[([^\[\]\s]{1,12})\]")
CODE_FONT = "Courier New"  # verbatim code in a cell
STYLE_OF_KIND = {"strong": "bold", "em": "italic", "sup": "superscript", "sub": "subscript"}
KIND_OF_STYLE = {v: k for k, v in STYLE_OF_KIND.items()}


@dataclass(frozen=True)
class Span:
    """A piece of a cell with its look: `marker` is a footnote reference shown as "[n]", `term` a glossary hit."""

    text: str
    styles: frozenset[str] = frozenset()  # bold, italic, superscript, subscript
    marker: str = ""  # footnote id when this span is a reference marker
    term: bool = False
    code: bool = False  # verbatim code, shown in a fixed-width font


@dataclass
class ReviewRow:
    """One table row as the reviewer left it: `english` keeps each paragraph's styled spans."""

    number: int  # 1 = the first segment row (the header is not counted)
    id: str
    french: str
    english: list[list[Span]]
    status: str
    comments: list[str]  # one per non-empty paragraph, as typed
    cells: int = 5
    word_comments: list[tuple[str, str]] = field(default_factory=list)  # (author, text) of Word comments


@dataclass
class ReviewFile:
    """A review DOCX read back: its header, rows, custom properties and who saved it last."""

    path: str
    header: list[str]
    rows: list[ReviewRow]
    properties: dict[str, str] = field(default_factory=dict)
    last_modified_by: str = ""

    @property
    def target_hashes(self) -> list[str]:
        """The hash of each row's English as exported ([] when the properties are gone)."""
        chunks = [
            self.properties[f"{PROP_PREFIX}.targets.{n}"]
            for n in range(1, 10_000)
            if f"{PROP_PREFIX}.targets.{n}" in self.properties
        ]
        return " ".join(chunks).split()


# ------------------------------------------------------------------------------------------ text rules


_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a\u2060\ufeff]+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d]")
# French typography's spaces inside guillemets and before high punctuation: an editor may add or drop them
_FRENCH_SPACING = re.compile(r"(«)[\s\u00a0\u202f]+|[\s\u00a0\u202f]+([»;:!?])")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"',
                         "»": '"', "‹": "'", "›": "'", "\u2011": "-", "\u2010": "-"})


def normalize_text(text: str) -> str:
    """Text as compared between the DOCX and the XLIFF: NFC, one plain space for any run of spaces (no-break
    and thin ones included), none inside guillemets or before `;:!?`, straight quotes, no soft hyphens,
    "…" as "...", trimmed."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    text = _FRENCH_SPACING.sub(lambda m: m.group(1) or m.group(2), text)
    text = text.translate(_QUOTES).replace("…", "...")
    return _SPACES.sub(" ", text).strip()


def french_key(text: str) -> str:
    """The French of a row for matching: normalised, footnote markers left out (Word may renumber nothing, but a
    reviewer's stray edit to a marker is not a change to the French)."""
    return normalize_text(re.sub(r"[\s\u00a0\u202f]*" + MARKER.pattern, "", text))


def spans_text(spans: Iterable[Span]) -> str:
    return "".join(s.text for s in spans)


def english_key(paragraphs: Sequence[Sequence[Span]]) -> str:
    """What counts as the English of a cell: its normalised text with markers, and the text under each emphasis.

    Highlighting (glossary terms) and fonts do not count; bold, italic, superscript and subscript do, since they
    become XLIFF codes.
    """
    flat = [s for i, para in enumerate(paragraphs) for s in ([Span(" ")] if i else []) + list(para)]
    chars = [(ch, span.styles) for span in flat for ch in span.text]
    full = "".join(ch for ch, _ in chars)
    for m in MARKER.finditer(full):  # a marker's own superscript is its look, not an emphasis
        for k in range(m.start(), m.end()):
            chars[k] = (chars[k][0], frozenset())
    groups: list[tuple[frozenset[str], str]] = []
    for ch, styles in chars:
        if groups and (groups[-1][0] == styles or not ch.strip()):
            groups[-1] = (groups[-1][0], groups[-1][1] + ch)  # spaces join the group they stand in
        else:
            groups.append((styles, ch))
    text = normalize_text(full)
    styled = [f"{'+'.join(sorted(st))}:{normalize_text(t)}" for st, t in groups if st and t.strip()]
    return text + "\x1f" + "\x1e".join(styled)


def english_hash(paragraphs: Sequence[Sequence[Span]]) -> str:
    from toolkit.support.signature import short_hash

    return short_hash(english_key(paragraphs).encode("utf-8"))


def source_hash(rows: Iterable[tuple[str, str]]) -> str:
    """Hash of (id, French) pairs, the French normalised with `french_key`."""
    from toolkit.support.signature import short_hash

    return short_hash("\x1e".join(f"{sid}\x1f{french_key(fr)}" for sid, fr in rows).encode("utf-8"))


def content_spans(content: Content) -> list[Span]:
    """How a segment's source or target looks in a cell: emphasis as bold/italic, references as "[n]", control
    characters as their pictures (a DOCX cannot hold them; the import compares the same view)."""
    from toolkit.support.encoding import visible_controls

    spans: list[Span] = []
    open_kinds: dict[str, str] = {}
    for part in content:
        styles = frozenset(STYLE_OF_KIND[k] for k in open_kinds.values() if k in STYLE_OF_KIND)
        if isinstance(part, str):
            spans.append(Span(visible_controls(part), styles))
        elif isinstance(part, Ph):
            if part.kind == "fn":
                spans.append(Span(f"[{part.ref}]", frozenset({"superscript"}), marker=part.ref))
            elif part.kind == "br":
                spans.append(Span("\n", styles))
            else:
                spans.append(Span(visible_controls(part.text), styles, code=True))
        elif isinstance(part, Start):
            open_kinds[part.id] = part.kind
        elif isinstance(part, End):
            open_kinds.pop(part.id, None)
    return [s for s in spans if s.text]


def mark_terms(spans: list[Span], ranges: Iterable[tuple[int, int]]) -> list[Span]:
    """Split spans at the given plain-text ranges (offsets ignore markers) and flag the pieces inside as terms."""
    ranges = sorted(ranges)
    if not ranges:
        return spans
    cuts = sorted({p for r in ranges for p in r})
    out: list[Span] = []
    pos = 0
    for span in spans:
        if span.marker:
            out.append(span)
            continue
        start, end = pos, pos + len(span.text)
        points = [start] + [c for c in cuts if start < c < end] + [end]
        for a, b in itertools.pairwise(points):
            inside = any(ra <= a and b <= rb for ra, rb in ranges)
            out.append(replace(span, text=span.text[a - start : b - start], term=inside))
        pos = end
    return out


# ------------------------------------------------------------------------------------------ writing


@dataclass
class RowInfo:
    """Everything one row shows, prepared before any DOCX object exists."""

    segment: Segment
    label: str  # "Heading 2", "List item", "Footnote 3", ""
    fill: str
    french: list[Span]
    english: list[Span]
    flags: list[str]
    comments: list[str]


def _label(block: Block, footnote: str) -> tuple[str, str]:
    if footnote:
        return f"Footnote {footnote}", FOOTNOTE_FILL
    if block.kind == "heading":
        return (f"Heading {block.level}" if block.level else "Heading"), HEADING_FILL
    if block.kind == "list-item":
        return "List item", ""
    if block.kind == "quote":
        return "Quote", ""
    if block.cell is not None:
        return block.cell.label.capitalize(), ""
    if block.kind == "caption":
        return "Caption", ""
    return "", ""


def review_rows(doc: Document, glossary: Any = None, issues: Iterable[Issue] | None = None) -> list[RowInfo]:
    """The rows of the review table, in XLIFF order (body, then each footnote), with terms and flags found.
    The flags are the kinds of `issues` (None: of the issues the document's `qa` notes carry)."""
    from toolkit.terms.match import check_target, find_terms, term_spans

    kinds: dict[str, list[str]] = {}
    for issue in noted_issues(doc) if issues is None else issues:
        kinds.setdefault(issue.segment, []).append(issue.kind)
    rows: list[RowInfo] = []
    for block, note in doc.placed_blocks():
        footnote = note.id if note is not None else ""
        label, fill = _label(block, footnote)
        for seg in block.segments:
            hits = find_terms(seg.text, glossary) if glossary is not None else []
            french = mark_terms(content_spans(seg.source), [(h.start, h.end) for h in hits])
            expected = [h.target for h in hits]
            english = content_spans(seg.target or [])
            english = mark_terms(english, term_spans(seg.target_text, expected))
            flags = list(kinds.get(seg.id, []))
            if seg.target is not None and seg.target_text.strip():
                missing = check_target(seg.target_text, expected)
                flags += [f"term missing: {t}" for t in dict.fromkeys(missing)]
            comments = [n.text for n in seg.notes if n.category == "comment" and n.text.strip()]
            rows.append(RowInfo(seg, label, fill, french, english, list(dict.fromkeys(flags)), comments))
    return rows


def _write_spans(paragraph: Any, spans: Sequence[Span]) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    for span in spans:
        pieces = span.text.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                paragraph.add_run().add_break()
            if not piece:
                continue
            run = paragraph.add_run(piece)
            font = run.font
            # set only what is on: python-docx's `subscript = None` would also clear a superscript
            if "bold" in span.styles:
                font.bold = True
            if "italic" in span.styles:
                font.italic = True
            if "superscript" in span.styles:
                font.superscript = True
            elif "subscript" in span.styles:
                font.subscript = True
            if span.term:
                font.highlight_color = WD_COLOR_INDEX.YELLOW
            if span.code:
                font.name = CODE_FONT


_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def _dress_table(document: Any, rows: Sequence[RowInfo]) -> None:
    """What python-docx has no API for, done on the document's element tree: each column's language, the
    shading of footnote and heading rows, fixed column widths and the header row repeated on every page."""
    from docx.shared import Cm

    from toolkit.oxml.lang import tag_runs
    from toolkit.oxml.ns import get_or_add, make, qn, replace_child
    from toolkit.oxml.table import cells, set_fixed_widths, set_header_row
    from toolkit.oxml.table import rows as table_rows

    table = document.element.find(f"{qn('w:body')}/{qn('w:tbl')}")
    header, *body = table_rows(table)
    for info, tr in zip(rows, body, strict=True):
        tcs = cells(tr)
        for col, lang in COLUMN_LANGS.items():
            tag_runs(tcs[col], lang)
        if info.fill:
            for tc in tcs:
                shade = make("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": info.fill})
                replace_child(get_or_add(tc, "w:tcPr"), shade, _AFTER_SHD)
    set_fixed_widths(table, [int(Cm(w).twips) for w in COLUMN_WIDTHS_CM])
    set_header_row(header)


def review_properties(rows: Sequence[RowInfo], xliff_name: str, signature: str) -> dict[str, str]:
    """The custom properties that tie a review file to its XLIFF."""
    props = {
        PROP_PREFIX: FORMAT_VERSION,
        f"{PROP_PREFIX}.xliff": xliff_name,
        f"{PROP_PREFIX}.signature": signature,
        f"{PROP_PREFIX}.source": source_hash((r.segment.id, spans_text(r.french)) for r in rows),
    }
    hashes = [english_hash([r.english]) for r in rows]
    per_chunk = PROP_CHUNK // 9  # 8 hex digits and a space
    for n, k in enumerate(range(0, len(hashes), per_chunk), start=1):
        props[f"{PROP_PREFIX}.targets.{n}"] = " ".join(hashes[k : k + per_chunk])
    return props


def write_review_docx(
    doc: Document,
    path: str | os.PathLike[str],
    *,
    xliff_name: str,
    signature: str = "",
    glossary: Any = None,
    issues: Iterable[Issue] | None = None,
) -> int:
    """Write the review DOCX of `doc` to `path` (atomically); returns the number of segment rows.

    `glossary`: a `toolkit.terms.glossary.Glossary` whose terms are highlighted (None: no highlighting).
    `issues`: the QA issues flagged (None: those the XLIFF's `qa` notes carry).
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.shared import Cm, Pt, RGBColor

    from toolkit.oxml import custprops
    from toolkit.support.fileio import atomic_path

    rows = review_rows(doc, glossary, issues)
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    normal = document.styles["Normal"]
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(0)

    name = doc.title or Path(xliff_name).stem
    document.add_heading(f"Review: {name}", level=1)
    about = document.add_paragraph().add_run(
        f"{xliff_name} · {len(rows)} segments" + (f" · {signature}" if signature else ""))
    about.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    instruction = document.add_paragraph()
    instruction.add_run(INSTRUCTION).bold = True
    instruction.add_run(
        " Footnote references show as [n]: keep them where they belong. Glossary terms are highlighted."
    )
    instruction.paragraph_format.space_after = Pt(6)

    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    table.style = "Table Grid"
    for col, title in enumerate(HEADER):
        table.rows[0].cells[col].paragraphs[0].add_run(title).bold = True
    for info_row, row in zip(rows, table.rows[1:], strict=True):
        cells = row.cells
        seg = info_row.segment
        cells[ID_COL].paragraphs[0].add_run(seg.id).font.size = Pt(8)
        _write_spans(cells[FRENCH_COL].paragraphs[0], info_row.french)
        _write_spans(cells[ENGLISH_COL].paragraphs[0], info_row.english)
        status = cells[STATUS_COL].paragraphs[0]
        if info_row.label:
            status.add_run(info_row.label).italic = True
            status.add_run().add_break()
        status.add_run(" · ".join([seg.state, *info_row.flags])).font.size = Pt(8)
        for k, comment in enumerate(info_row.comments):
            para = cells[COMMENT_COL].paragraphs[0] if k == 0 else cells[COMMENT_COL].add_paragraph()
            _write_spans(para, [Span(comment)])
    _dress_table(document, rows)

    core = document.core_properties
    core.title = f"Review: {name}"
    core.subject = "toolkit review"
    core.comments = signature
    core.author = "toolkit"
    core.last_modified_by = "toolkit"
    core.language = "fr-FR"
    package = document.part.package
    props = review_properties(rows, xliff_name, signature)
    part = Part(PackURI(f"/{custprops.PART_NAME}"), custprops.CONTENT_TYPE, custprops.custom_properties_xml(props),
                package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
    from toolkit.oxml.conform import complete_page_margins, complete_zoom

    complete_page_margins(document.element)
    complete_zoom(document.settings.element)  # python-docx's template has a zoom without its percentage
    with atomic_path(path) as tmp:
        document.save(str(tmp))
    return len(rows)


# ------------------------------------------------------------------------------------------ reading


_TRUE_OFF = {"0", "false", "off", "none"}


def _on(rpr: Any, tag: str) -> bool:
    from toolkit.oxml.ns import qn, wattr

    el = rpr.find(qn(tag))
    return el is not None and wattr(el, "val", "1").lower() not in _TRUE_OFF


def _run_styles(run: Any) -> frozenset[str]:
    from toolkit.oxml.ns import qn, wattr

    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        return frozenset()
    styles: set[str] = set()
    if _on(rpr, "w:b"):
        styles.add("bold")
    if _on(rpr, "w:i"):
        styles.add("italic")
    align = rpr.find(qn("w:vertAlign"))
    if align is not None and wattr(align, "val") in ("superscript", "subscript"):
        styles.add(wattr(align, "val"))
    style = rpr.find(qn("w:rStyle"))
    if style is not None:
        # character styles Word and LibreOffice use for the same looks
        styles.update({"Strong": {"bold"}, "StrongEmphasis": {"bold"}, "Emphasis": {"italic"}}.get(
            wattr(style, "val"), set()))
    return frozenset(styles)


def _in_code_font(run: Any) -> bool:
    from toolkit.oxml.ns import qn, wattr

    fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return fonts is not None and wattr(fonts, "ascii") == CODE_FONT


def _paragraph_spans(paragraph: Any) -> list[Span]:
    """The visible text of a paragraph with tracked insertions accepted and deletions left out."""
    from toolkit.oxml.ns import qn

    skip = {qn("w:del"), qn("w:moveFrom")}
    spans: list[Span] = []
    for run in paragraph.iter(qn("w:r")):
        if any(a.tag in skip for a in run.iterancestors()):
            continue
        styles = _run_styles(run)
        text: list[str] = []
        for child in run:
            tag = child.tag
            if tag == qn("w:t"):
                text.append(child.text or "")
            elif tag == qn("w:tab"):
                text.append("\t")
            elif tag in (qn("w:br"), qn("w:cr")):
                text.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                text.append("\u2011")
        if text:
            spans.append(Span("".join(text), styles, code=_in_code_font(run)))
    return spans


def _cell_paragraphs(cell: Any) -> list[list[Span]]:
    from toolkit.oxml.ns import qn

    return [_paragraph_spans(p) for p in cell.iter(qn("w:p"))]


def _cell_text(cell: Any) -> str:
    return "\n".join(spans_text(p) for p in _cell_paragraphs(cell))


def _word_comments(package: Any) -> dict[str, tuple[str, str]]:
    """Comments made with Word's or LibreOffice's own comment tool (word/comments.xml): id → (author, text)."""
    from toolkit.oxml.ns import qn, wattr

    if not package.has("word/comments.xml"):
        return {}
    out: dict[str, tuple[str, str]] = {}
    for comment in package.xml("word/comments.xml").findall(qn("w:comment")):
        text = "\n".join(spans_text(_paragraph_spans(p)).strip() for p in comment.iter(qn("w:p"))).strip()
        if text:
            out[wattr(comment, "id")] = (wattr(comment, "author"), text)
    return out


def read_review_docx(path: str | os.PathLike[str]) -> ReviewFile:
    """Read the first table of a review DOCX; InputError (one line) when it is not a DOCX or has no table."""
    from toolkit.oxml.coreprops import core_properties
    from toolkit.oxml.custprops import PART_NAME, custom_properties
    from toolkit.oxml.ns import qn, wattr
    from toolkit.oxml.package import Package
    from toolkit.oxml.table import cells as row_cells
    from toolkit.oxml.table import rows as table_rows
    from toolkit.support.containers import is_zip
    from toolkit.support.fileio import read_input

    where = str(path)
    data = read_input(path)
    if not is_zip(data):
        raise InputError("not a DOCX file (no zip container)", where)
    try:
        package = Package.from_bytes(data, where)
    except ToolkitError as exc:  # a broken zip is the user's input problem
        raise InputError(f"not a DOCX file: {exc.message}", where) from None
    if not package.has("word/document.xml"):
        raise InputError("not a DOCX file (no word/document.xml)", where)
    document = package.xml("word/document.xml")
    body = document.find(qn("w:body"))
    table = None if body is None else next(body.iter(qn("w:tbl")), None)
    if table is None:
        raise InputError("the DOCX has no table: not a review file", where)
    all_rows = table_rows(table)
    if not all_rows:
        raise InputError("the first table is empty: not a review file", where)
    header = [normalize_text(_cell_text(c)) for c in row_cells(all_rows[0])]
    word_comments = _word_comments(package)
    rows: list[ReviewRow] = []
    for number, tr in enumerate(all_rows[1:], start=1):
        tcs = row_cells(tr)
        texts = [_cell_text(c) for c in tcs] + [""] * (len(HEADER) - len(tcs))
        english = _cell_paragraphs(tcs[ENGLISH_COL]) if len(tcs) > ENGLISH_COL else []
        comments = [spans_text(p).strip() for p in _cell_paragraphs(tcs[COMMENT_COL])] \
            if len(tcs) > COMMENT_COL else []
        anchored = dict.fromkeys(wattr(el, "id") for tag in ("w:commentRangeStart", "w:commentReference")
                                 for el in tr.iter(qn(tag)))
        rows.append(ReviewRow(
            number=number, id=normalize_text(texts[ID_COL]), french=texts[FRENCH_COL], english=english,
            status=texts[STATUS_COL], comments=[c for c in comments if c], cells=len(tcs),
            word_comments=[word_comments[c] for c in anchored if c in word_comments]))
    core = core_properties(package.xml("docProps/core.xml")) if package.has("docProps/core.xml") else {}
    properties = custom_properties(package.xml(PART_NAME)) if package.has(PART_NAME) else {}
    return ReviewFile(path=where, header=header, rows=rows, properties=properties,
                      last_modified_by=(core.get("last_modified_by") or "").strip())
