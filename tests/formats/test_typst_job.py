"""A long PDF typeset in parts, one process each, and joined: the same pages as typesetting it whole.

The oracle is Typst itself typesetting the whole document in one process (the path every short document takes),
read back by poppler's pdftotext (-layout: every line where it stands on its page) and pypdf (outline, links)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from toolkit.formats import typst_job
from toolkit.formats.typst import bilingual_source, english_source
from toolkit.formats.typst_job import Row, TypstJob, _accounted, _cut, _Piece, typeset
from toolkit.model import Block, Document, Footnote, Ph, Segment

Editions = tuple[bool, tuple[bytes, list[str]], tuple[bytes, list[str]]]  # bilingual?, whole, in parts
LOREM = ("Les autorités biélorusses ont annoncé le transfert de nouvelles unités vers la frontière, une décision "
         "que les observateurs occidentaux lisent comme un signal adressé à Kyiv et à Varsovie")


def _para(bid: str, text: str, refs: tuple[str, ...] = (), kind: str = "paragraph", level: int = 0) -> Block:
    source: list[str | Ph] = [text]
    for ref in refs:
        source.append(Ph("fn", ref=ref))
    source.append(".")
    target = [part.upper() if isinstance(part, str) else part for part in source]
    return Block(bid, kind, [Segment(f"{bid}.s1", source, target)], level=level)  # type: ignore[arg-type]


def long_document(sections: int = 36) -> Document:
    """Headings, paragraphs with notes, list items, a note referenced again sections later, and one paragraph
    several pages long: every kind of place a part can be cut at or must not be."""
    doc = Document(title="Long brief")
    n = 0
    for s in range(sections):
        doc.blocks.append(_para(f"h{s}", f"Section {s}", kind="heading", level=2))
        for p in range(3):
            n += 1
            doc.footnotes.append(Footnote(str(n), [_para(f"fn{n}.p1", f"Note {n} : {LOREM[:60 + 20 * p]}")]))
            refs = (str(n), "1") if (s, p) == (sections - 1, 2) else (str(n),)  # note 1 again at the end
            text = f"{s}.{p} {LOREM}"[:40 + 60 * (s % 4) * p]  # one line to a few
            doc.blocks.append(_para(f"b{s}.{p}", text, refs))
        for i in range(3):
            doc.blocks.append(_para(f"l{s}.{i}", f"Point {s}.{i}", kind="list-item", level=1))
        if s == sections // 2:
            doc.blocks.append(_para(f"big{s}", f"{LOREM}, " * 60))  # one block of a few pages
    return doc


def layout(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def outline_and_links(pdf: bytes) -> tuple[list[tuple[str, int]], int]:
    reader = PdfReader(io.BytesIO(pdf))

    def flat(items: list) -> list:  # type: ignore[type-arg]
        return [y for x in items for y in (flat(x) if isinstance(x, list) else [x])]

    outline = [(item.title, reader.get_destination_page_number(item)) for item in flat(reader.outline)]
    return outline, sum(len(page.get("/Annots") or []) for page in reader.pages)


@pytest.fixture(scope="module", params=["english", "bilingual"])
def whole_and_parts(request: pytest.FixtureRequest) -> Editions:
    doc = long_document()
    make = english_source if request.param == "english" else bilingual_source
    job = make(doc, {"title": "Long brief", "signature": "test"})
    size = sum(len(row.markup) for row in job.rows)
    with pytest.MonkeyPatch.context() as patch:
        whole = typeset(job)
        patch.setattr(typst_job, "PARTS_FROM_CHARS", 0)
        patch.setattr(typst_job, "PART_CHARS", size // 5)
        parts = typeset(job)
    return request.param == "bilingual", whole, parts


def test_parts_lay_out_every_page_as_the_whole_document(
        whole_and_parts: Editions) -> None:
    _, (whole, _), (parts, warnings) = whole_and_parts
    assert len(PdfReader(io.BytesIO(whole)).pages) >= 8
    # several parts were really joined (else this test would compare the whole with itself)
    count = int(re.search(r"in (\d+) parts", warnings[-1]).group(1))  # type: ignore[union-attr]
    assert count >= 3
    assert layout(parts) == layout(whole)  # every line of every page, folios "n / N" included


def test_parts_keep_outline_links_and_metadata(
        whole_and_parts: Editions) -> None:
    bilingual, (whole, _), (parts, _) = whole_and_parts
    outline, links = outline_and_links(parts)
    whole_outline, whole_links = outline_and_links(whole)
    assert outline == whole_outline
    # every link but those of note 1's last marks (one in each column), whose note an earlier part made
    assert links == whole_links - (2 if bilingual else 1)
    a, b = PdfReader(io.BytesIO(whole)), PdfReader(io.BytesIO(parts))
    for key in ("/Title", "/Keywords"):
        assert b.metadata[key] == a.metadata[key]  # type: ignore[index]
    assert b.root_object["/Lang"] == a.root_object["/Lang"]


def test_a_joined_pdf_says_it_is_not_tagged(
        whole_and_parts: Editions) -> None:
    _, (whole, whole_warnings), (parts, warnings) = whole_and_parts
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(whole)).root_object
    assert "/StructTreeRoot" not in PdfReader(io.BytesIO(parts)).root_object
    assert not any("not tagged" in w for w in whole_warnings)
    assert "not tagged for accessibility" in warnings[-1]


def test_a_note_made_in_an_earlier_part_keeps_its_mark(tmp_path: Path) -> None:
    """Note 1 is made in the first part and marked again in the last: the mark prints, the note prints once."""
    doc = long_document()
    job = english_source(doc, {"title": "Long brief"})
    last = job.part(len(job.rows) - 5, len(job.rows))
    assert f'#{typst_job.FAR_NOTE}("1")' in last and f'#{typst_job.AGAIN_NOTE}("1")' not in last
    whole = job.part(0, len(job.rows))
    assert f'#{typst_job.AGAIN_NOTE}("1")' in whole  # within one part it stays a link to the note


# ---------------------------------------------------------------- where a part is cut (golden table)

ROWS = [Row("r0"), Row("r1", ("1",)), Row("r2"), Row("r3", ("2",)), Row("r4"), Row("r5")]
TOP = 73.7  # the text area's top, in points
MID = 400.0  # somewhere lower on the page

CUTS = [
    # (case, where each row starts: (page, height), the page each note's entry ends on, expected (row, page))
    ("rows at the tops of pages 2 and 3: the latest wins",
     [(1, TOP), (1, MID), (2, TOP), (2, MID), (3, TOP), (3, MID)], {}, (4, 3)),
    ("page 3 begins with the rest of row 3: the cut is at page 2",
     [(1, TOP), (1, MID), (2, TOP), (2, MID), (3, MID), (3, MID + 50)], {}, (2, 2)),
    ("a note made before row 4 spills onto page 3: the cut is at page 2",
     [(1, TOP), (1, MID), (2, TOP), (2, MID), (3, TOP), (3, MID)], {"2": 3}, (2, 2)),
    ("a note made in row 1 spills onto every later page: no cut",
     [(1, TOP), (1, MID), (2, TOP), (2, MID), (3, TOP), (3, MID)], {"1": 3}, None),
    ("everything on the first page: no cut",
     [(1, TOP + 20 * k) for k in range(6)], {}, None),
    ("one row over every page: no cut",
     [(1, TOP), (1, MID), (1, MID + 10), (1, MID + 20), (1, MID + 30), (4, MID)], {}, None),
    ("an empty row at the top of page 2 with the next: the cut is before it, not after",
     [(1, TOP), (1, MID), (2, TOP), (2, TOP), (2, MID), (2, MID + 10)], {}, (2, 2)),
    ("the first row cannot be the cut: no cut",
     [(2, TOP), (2, MID), (2, MID + 10), (2, MID + 20), (2, MID + 30), (2, MID + 40)], {}, None),
]


@pytest.mark.parametrize(("case", "starts", "notes", "expected"), CUTS, ids=[c[0] for c in CUTS])
def test_where_a_part_is_cut(case: str, starts: list[tuple[int, float]], notes: dict[str, int],
                             expected: tuple[int, int] | None) -> None:
    report = {"pages": 4, "top": TOP, "starts": [(k, page, y) for k, (page, y) in enumerate(starts)],
              "notes": list(notes.items())}
    assert _cut(ROWS, 0, len(ROWS), report) == expected


def _short_and_long(long_at: int) -> TypstJob:
    blocks = [_para(f"b{i}", f"Ligne {i}") for i in range(120)]
    blocks.insert(long_at, _para("big", f"{LOREM}, " * 150))  # some four pages in one block
    return english_source(Document(title="T", blocks=blocks), {"title": "T"})


def test_a_part_too_long_for_any_cut_grows_until_one_fits() -> None:
    """A block longer than a later part: that part takes more rows until a page can end it; nothing is lost."""
    job = _short_and_long(60)
    with pytest.MonkeyPatch.context() as patch:
        whole, _ = typeset(job)
        patch.setattr(typst_job, "PARTS_FROM_CHARS", 0)
        patch.setattr(typst_job, "PART_CHARS", 400)
        parts, warnings = typeset(job)
    assert "not tagged" in warnings[-1]
    assert layout(parts) == layout(whole)
    assert "LIGNE 119" in layout(parts)


def test_a_first_part_no_page_can_end_is_typeset_whole() -> None:
    """The long block comes first: no page of the first part can end it, so the document is typeset whole."""
    job = _short_and_long(0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typst_job, "PARTS_FROM_CHARS", 0)
        patch.setattr(typst_job, "PART_CHARS", 400)
        pdf, warnings = typeset(job)
    assert not any("not tagged" in w for w in warnings)
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf)).root_object
    assert "LIGNE 119" in layout(pdf)


def test_publishing_says_which_pdf_was_joined_untagged(tmp_path: Path) -> None:
    """The run's warnings name the edition typeset in parts; nothing about a PDF typeset whole."""
    from toolkit.pipeline.publish import PublishContext, publish
    from toolkit.support.fileio import OutputSet

    said: list[str] = []
    doc = long_document()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typst_job, "PARTS_FROM_CHARS", 0)
        patch.setattr(typst_job, "PART_CHARS", 8_000)
        with OutputSet(tmp_path / "out") as out:
            publish(doc, out, PublishContext(stem="brief", signature={}, warn=said.append), formats=("pdf",))
    assert len(said) == 2 and all(re.fullmatch(r"brief\.(en|fr-en)\.pdf: the PDF was typeset in \d+ parts .*", s)
                                  for s in said), said
    said.clear()
    with OutputSet(tmp_path / "again") as out:
        publish(doc, out, PublishContext(stem="brief", signature={}, warn=said.append), formats=("pdf",))
    assert said == []


def test_text_that_reads_like_a_mark_is_left_alone() -> None:
    """A brief quoting the template's own call, or ending a word with a backslash before a note mark: only the
    real calls of a part's later marks change, and the quoted text prints as it is."""
    quoted = 'Texte #again-note("1") cité et fin\\'
    blocks = [_para("b1", "Premier", ("1",)),
              Block("b2", "paragraph", [Segment("b2.s1", [quoted, Ph("fn", ref="1"), "."],
                                                [quoted, Ph("fn", ref="1"), "."])])]
    doc = Document(title="T", footnotes=[Footnote("1", [_para("fn1.p1", "Note")])], blocks=blocks)
    job = english_source(doc, {"title": "T"})
    last = job.part(1, 2)
    assert last.count(f"#{typst_job.FAR_NOTE}(") == 1 and f'\\\\#{typst_job.FAR_NOTE}("1")' in last
    whole, _ = typeset(job)
    assert 'Texte #again-note("1") cité et fin\\' in layout(whole)


def _piece(start: int, kept: int, pages: int, starts: list[tuple[int, int]], notes: list[tuple[str, int]]) -> _Piece:
    report = {"pages": pages + 1, "top": TOP, "starts": [(r, p, TOP) for r, p in starts], "notes": notes}
    return _Piece("", start, kept + 1, kept, pages, report)


ACCOUNTS = [
    # (case, pieces, every row and note once?)
    ("each row and note once", [_piece(0, 3, 1, [(0, 1), (1, 1), (2, 1), (3, 2)], [("1", 1), ("2", 2)]),
                                _piece(3, 6, 2, [(3, 1), (4, 1), (5, 2)], [("2", 1), ("u", 2)])], True),
    ("a row on no kept page", [_piece(0, 3, 1, [(0, 1), (1, 1), (2, 2), (3, 2)], [("1", 1), ("2", 2)]),
                               _piece(3, 6, 2, [(3, 1), (4, 1), (5, 2)], [("2", 1), ("u", 2)])], False),
    ("a note printed twice", [_piece(0, 3, 1, [(0, 1), (1, 1), (2, 1), (3, 2)], [("1", 1), ("2", 1)]),
                              _piece(3, 6, 2, [(3, 1), (4, 1), (5, 2)], [("2", 1), ("u", 2)])], False),
    ("an unreferenced note left out", [_piece(0, 3, 1, [(0, 1), (1, 1), (2, 1), (3, 2)], [("1", 1)]),
                                       _piece(3, 6, 2, [(3, 1), (4, 1), (5, 2)], [("2", 1)])], False),
]


@pytest.mark.parametrize(("case", "pieces", "expected"), ACCOUNTS, ids=[c[0] for c in ACCOUNTS])
def test_the_kept_pages_are_counted_against_the_rows_and_notes(case: str, pieces: list[_Piece],
                                                                expected: bool) -> None:
    """Rows 0…5 (row 1 makes note 1, row 4 note 2), note u unreferenced: counted from what the parts laid out."""
    rows = [Row("r0"), Row("r1", ("1",)), Row("r2"), Row("r3"), Row("r4", ("2",)), Row("r5")]
    job = TypstJob("", rows, {"unreferenced-fr": "u", "unreferenced-en": "u"})
    assert _accounted(job, pieces) is expected


def test_parts_that_do_not_account_for_every_note_are_typeset_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the cut rule decided, a join that would lose a note is not made: the document comes out whole,
    tagged, every note in it."""
    doc = long_document(sections=12)
    job = english_source(doc, {"title": "Long brief"})
    monkeypatch.setattr(typst_job, "PARTS_FROM_CHARS", 0)
    monkeypatch.setattr(typst_job, "PART_CHARS", sum(len(r.markup) for r in job.rows) // 4)
    monkeypatch.setattr(typst_job, "_accounted", lambda _job, _pieces: False)
    pdf, warnings = typeset(job)
    assert not any("parts" in w for w in warnings)
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf)).root_object
    text = layout(pdf)
    assert all(f"NOTE {n} :" in text for n in range(1, len(doc.footnotes) + 1))
