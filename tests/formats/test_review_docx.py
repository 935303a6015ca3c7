"""Review DOCX: table shape, page geometry, terms and flags, properties, and reading cells back (Word and LO)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Cm

from tests.formats.roundtrip import RoundTripSuite, UnitView
from toolkit.errors import InputError
from toolkit.formats.review_docx import (
    COLUMN_WIDTHS_CM,
    HEADER,
    INSTRUCTION,
    MARGIN_CM,
    PROP_PREFIX,
    Span,
    content_spans,
    english_hash,
    english_key,
    french_key,
    normalize_text,
    read_review_docx,
    spans_text,
    write_review_docx,
)
from toolkit.formats.xliff import write_xliff
from toolkit.model import Block, Document, End, Footnote, Note, Ph, Segment, Start
from toolkit.oxml.ns import qn
from toolkit.review.exchange import cell_content, check_rows
from toolkit.terms.glossary import load_default_glossary

LINK = "https://www.reuters.com/world/europe/"


def make_document() -> Document:
    """A small translated brief: a heading, references, emphasis, a link, a list item, two footnotes."""
    def seg(sid: str, source: list, target: list | None, space: str = "", **kw: object) -> Segment:
        return Segment(id=sid, source=source, target=target, state="translated", origin="apertium",
                       space_after=space, **kw)  # type: ignore[arg-type]

    return Document(
        title="Le Bélarus et la guerre",
        source_path="brief.fr.txt",
        source_format="text",
        blocks=[
            Block("b1", "heading", [seg("b1.s1", ["Le Bélarus et la guerre"], ["Belarus and the war"])], level=1),
            Block("b2", "paragraph", [
                seg("b2.s1",
                    ["En octobre, Alexandre Loukachenko annonçait un « groupe conjoint »", Ph("fn", ref="1"), "."],
                    ["In October, Alexander Lukashenko announced a “joint group”", Ph("fn", ref="1"), "."], " ",
                    notes=[Note("term-missing: none", category="qa")]),
                seg("b2.s2", ["Le Kremlin a ", Start("em", "e1"), "démenti", End("e1"), " l’information."],
                    ["The Kremlin ", Start("em", "e1"), "denied", End("e1"), " the report."],
                    notes=[Note("Ask the editor about the tense.", category="comment", author="Ivan")]),
            ]),
            Block("b3", "list-item", [
                seg("b3.s1", ["Minsk reste prudent", Ph("fn", ref="2"), "."],
                    ["Minsk remains cautious", Ph("fn", ref="2"), "."]),
            ], level=1),
            Block("b4", "paragraph", [
                seg("b4.s1", ["Voir ", Start("link", "l1", LINK), "le communiqué", End("l1"), " de Minsk."],
                    ["See ", Start("link", "l1", LINK), "the statement", End("l1"), " from Minsk."]),
            ]),
        ],
        footnotes=[
            Footnote("1", [Block("fn1.p1", "paragraph", [
                seg("fn1.p1.s1", ["« Belarus Says… », The Moscow Times, 10 octobre 2022."],
                    ["“Belarus Says…”, The Moscow Times, October 10, 2022."])])]),
            Footnote("2", [Block("fn2.p1", "paragraph", [
                seg("fn2.p1.s1", ["Reuters, 19 décembre 2022."], ["Reuters, December 19, 2022."])])]),
        ],
    )


def write_sample(folder: Path) -> tuple[Path, Path]:
    """The sample XLIFF and its review DOCX (default glossary highlighted) in `folder`."""
    xliff = folder / "brief.xlf"
    write_xliff(make_document(), xliff, signature={"toolkit": "0.1.0", "engine": "apertium"})
    review = folder / "brief.review.docx"
    write_review_docx(make_document(), review, xliff_name=xliff.name, signature="toolkit:0.1.0|engine:apertium",
                      glossary=load_default_glossary())
    return xliff, review


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_sample(tmp_path_factory.mktemp("review"))


def first_table(path: Path) -> docx.table.Table:
    return docx.Document(str(path)).tables[0]


IDS = ["b1.s1", "b2.s1", "b2.s2", "b3.s1", "b4.s1", "fn1.p1.s1", "fn2.p1.s1"]


# ------------------------------------------------------------------------------------------ writing


def test_first_table_has_header_and_one_row_per_segment(sample: tuple[Path, Path]) -> None:
    table = first_table(sample[1])
    assert [c.text for c in table.rows[0].cells] == list(HEADER)
    assert [r.cells[0].text for r in table.rows[1:]] == IDS
    assert all(len(r.cells) == 5 for r in table.rows)
    rows = {r.cells[0].text: r for r in table.rows[1:]}
    assert rows["b2.s2"].cells[1].text == "Le Kremlin a démenti l’information."
    assert rows["b2.s2"].cells[2].text == "The Kremlin denied the report."
    assert rows["fn2.p1.s1"].cells[2].text == "Reuters, December 19, 2022."


def test_a4_landscape_with_widths_that_fit(sample: tuple[Path, Path]) -> None:
    document = docx.Document(str(sample[1]))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    width, height = section.page_width, section.page_height
    left, right = section.left_margin, section.right_margin
    assert width is not None and height is not None and left is not None and right is not None
    assert round(width.cm, 1) == 29.7 and round(height.cm, 1) == 21.0
    assert round(left.cm, 1) == MARGIN_CM == round(right.cm, 1)
    tbl = document.tables[0]._tbl
    grid = [int(c.get(qn("w:w"))) for c in tbl.find(qn("w:tblGrid"))]
    assert grid == [int(Cm(w).twips) for w in COLUMN_WIDTHS_CM]
    text_width = width.twips - left.twips - right.twips
    assert sum(grid) <= text_width and sum(grid) > text_width - 60
    assert tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}").get(qn("w:type")) == "fixed"
    first_row = tbl.findall(qn("w:tr"))[0]
    assert first_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeated on every page


def test_title_and_instruction_come_before_the_table(sample: tuple[Path, Path]) -> None:
    body = docx.Document(str(sample[1])).element.body
    texts = []
    for child in body:
        if child.tag == qn("w:tbl"):
            break
        texts.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
    assert texts[0] == "Review: Le Bélarus et la guerre"
    assert any(INSTRUCTION in t for t in texts)


def test_footnote_rows_labelled_and_shaded_headings_and_list_items_labelled(sample: tuple[Path, Path]) -> None:
    rows = {r.cells[0].text: r for r in first_table(sample[1]).rows[1:]}
    assert rows["fn1.p1.s1"].cells[3].text.startswith("Footnote 1\n")
    assert rows["b1.s1"].cells[3].text.startswith("Heading 1\n")
    assert rows["b3.s1"].cells[3].text.startswith("List item\n")
    assert rows["b2.s1"].cells[3].text.startswith("translated")
    shading = rows["fn2.p1.s1"].cells[1]._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    assert shading is not None and shading.get(qn("w:fill")) == "F2F2F2"
    assert rows["b2.s1"].cells[1]._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is None


def test_terms_highlighted_markers_superscript_flags_and_comments(sample: tuple[Path, Path]) -> None:
    rows = {r.cells[0].text: r for r in first_table(sample[1]).rows[1:]}
    french, english = rows["b2.s1"].cells[1].paragraphs[0].runs, rows["b2.s1"].cells[2].paragraphs[0].runs
    lit_fr = [r.text for r in french if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    lit_en = [r.text for r in english if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert lit_fr == ["Alexandre Loukachenko"] and lit_en == ["Alexander Lukashenko"]
    assert [r.text for r in french if r.font.superscript] == ["[1]"]
    assert [r.text for r in english if r.font.superscript] == ["[1]"]
    assert [r.text for r in rows["b2.s2"].cells[2].paragraphs[0].runs if r.italic] == ["denied"]
    assert "term-missing" in rows["b2.s1"].cells[3].text  # the XLIFF's QA note
    assert rows["b2.s2"].cells[4].text == "Ask the editor about the tense."
    assert rows["b1.s1"].cells[4].text == ""


def test_missing_glossary_term_is_flagged_in_status(tmp_path: Path) -> None:
    doc = make_document()
    seg = next(doc.segments())
    seg.target = ["Belorussia and the war"]  # the glossary wants "Belarus"
    write_review_docx(doc, tmp_path / "r.docx", xliff_name="brief.xlf", glossary=load_default_glossary())
    status = first_table(tmp_path / "r.docx").rows[1].cells[3].text
    assert "term missing: Belarus" in status


def test_custom_properties_tie_the_file_to_its_xliff(sample: tuple[Path, Path]) -> None:
    review = read_review_docx(sample[1])
    props = review.properties
    assert props[PROP_PREFIX] == "1"
    assert props[f"{PROP_PREFIX}.xliff"] == "brief.xlf"
    assert props[f"{PROP_PREFIX}.signature"] == "toolkit:0.1.0|engine:apertium"
    assert len(props[f"{PROP_PREFIX}.source"]) == 8
    assert len(review.target_hashes) == len(IDS)
    assert review.target_hashes[1] == english_hash([content_spans(make_document().blocks[1].segments[0].target
                                                                  or [])])


def test_target_hashes_split_into_properties_word_keeps(tmp_path: Path) -> None:
    doc = make_document()
    doc.blocks[1].segments = [Segment(f"b2.s{i}", [f"Phrase {i}."], [f"Sentence {i}."]) for i in range(1, 80)]
    write_review_docx(doc, tmp_path / "r.docx", xliff_name="x.xlf")
    review = read_review_docx(tmp_path / "r.docx")
    chunks = [v for k, v in review.properties.items() if k.startswith(f"{PROP_PREFIX}.targets.")]
    assert len(chunks) > 2 and all(len(c) <= 255 for c in chunks)
    assert len(review.target_hashes) == len(list(doc.segments()))


def test_segments_without_target_have_an_empty_english_cell(tmp_path: Path) -> None:
    doc = make_document()
    for seg in doc.segments():
        seg.target, seg.state = None, "initial"
    write_review_docx(doc, tmp_path / "r.docx", xliff_name="x.xlf")
    rows = first_table(tmp_path / "r.docx").rows[1:]
    assert [r.cells[2].text for r in rows] == [""] * len(IDS)
    assert rows[0].cells[3].text.endswith("initial")


# ------------------------------------------------------------------------------------------ reading


def test_read_back_what_was_written(sample: tuple[Path, Path]) -> None:
    review = read_review_docx(sample[1])
    assert review.header == list(HEADER)
    assert [r.id for r in review.rows] == IDS
    assert [r.number for r in review.rows] == list(range(1, 8))
    row = review.rows[2]
    assert row.french == "Le Kremlin a démenti l’information."
    assert row.comments == ["Ask the editor about the tense."]
    assert [s.text for s in row.english[0] if "italic" in s.styles] == ["denied"]
    assert review.last_modified_by == "toolkit"


def test_tracked_changes_read_as_accepted(sample: tuple[Path, Path], tmp_path: Path) -> None:
    """A reviewer with Track Changes on: insertions count, deletions do not."""
    document = docx.Document(str(sample[1]))
    cell = document.tables[0].rows[2].cells[2]
    paragraph = cell.paragraphs[0]._p
    for run in list(paragraph.iter(qn("w:r"))):
        paragraph.remove(run)
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph.append(etree.fromstring(
        f'<w:r xmlns:w="{w}"><w:t xml:space="preserve">In October, Lukashenko </w:t></w:r>'))
    paragraph.append(etree.fromstring(
        f'<w:del xmlns:w="{w}" w:id="1" w:author="R"><w:r><w:delText>announced</w:delText></w:r></w:del>'))
    paragraph.append(etree.fromstring(
        f'<w:ins xmlns:w="{w}" w:id="2" w:author="R"><w:r><w:t>unveiled</w:t></w:r></w:ins>'))
    paragraph.append(etree.fromstring(f'<w:r xmlns:w="{w}"><w:t xml:space="preserve"> a group.</w:t></w:r>'))
    document.save(str(tmp_path / "tracked.docx"))
    english = read_review_docx(tmp_path / "tracked.docx").rows[1].english
    assert "".join(s.text for s in english[0]) == "In October, Lukashenko unveiled a group."


@pytest.mark.parametrize(("text", "expected"), [
    ("l’Ukraine\u00a0:  « oui »", "l'Ukraine: \"oui\""),
    ("l’Ukraine: «oui» !", "l'Ukraine: \"oui\"!"),
    ("  forces\u202frusses\n", "forces russes"),
    ("atten\u00adtion…", "attention..."),
    ("e\u0301té", "été"),
])
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


def test_french_key_ignores_markers_spacing_and_quotes() -> None:
    assert french_key("forces russes[1].") == french_key("forces russes.") == french_key("forces  russes [2].")
    assert french_key("d’un « groupe »") == french_key("d'un \"groupe\"")
    assert french_key("forces russes.") != french_key("forces russe.")


def test_english_key_counts_emphasis_not_run_splits_highlight_or_marker_look() -> None:
    plain = [Span("The Kremlin "), Span("denied", frozenset({"italic"})), Span(" it"), Span("[1]")]
    split = [Span("The Krem"), Span("lin ", term=True), Span("den", frozenset({"italic"})),
             Span("ied", frozenset({"italic"})), Span(" it"), Span("[1]", frozenset({"superscript"}))]
    assert english_key([plain]) == english_key([split])
    unstyled = [Span("The Kremlin denied it[1]")]
    assert english_key([plain]) != english_key([unstyled])
    assert english_key([[Span("a")], [Span("b")]]) == english_key([[Span("a b")]])


def test_not_a_docx_no_table_and_missing_files_are_input_errors(tmp_path: Path) -> None:
    text = tmp_path / "notes.docx"
    text.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError, match="not a DOCX file"):
        read_review_docx(text)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(InputError, match="not a DOCX file"):
        read_review_docx(broken)
    other_zip = tmp_path / "other.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"no word/document\.xml"):
        read_review_docx(other_zip)
    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("Just text.")
    document.save(str(plain))
    with pytest.raises(InputError, match="has no table"):
        read_review_docx(plain)
    with pytest.raises(InputError, match="no such file"):
        read_review_docx(tmp_path / "absent.docx")
    with pytest.raises(InputError, match="directory"):
        read_review_docx(tmp_path)


# ------------------------------------------------------------------------------------------ the shared round trip


class TestReviewDocxRoundTrip(RoundTripSuite):
    """The review DOCX as a store of targets: write it, read it back, and rebuild each unit the way an import
    does (the French checked against the store, each English cell turned into content with the segment's
    codes, the state read from the Status cell, the Comment column as comments)."""

    keeps_note_categories = False  # the Comment column holds reviewer comments; QA notes are Status flags
    keeps_spacing = False  # an edited cell is read with its spaces tidied (Word adds and drops them)
    keeps_empty_pairs = False  # a cell shows emphasis and links on words: one around nothing cannot be seen
    keeps_crossing = False  # two looks ending on the same letter end together: read back nested

    def roundtrip(self, doc: Document, tmp_path: Path) -> list[UnitView]:
        path = tmp_path / "review.docx"
        write_review_docx(doc, path, xliff_name="brief.xlf")
        review = read_review_docx(path)
        assert check_rows(review, doc) == []
        by_id = {s.id: s for s in doc.segments()}
        units = []
        for row in review.rows:
            seg = by_id[row.id]
            english = [p for p in row.english if spans_text(p)]
            target = cell_content(english, seg)[0] if english else None
            state = row.status.splitlines()[-1].split("·")[0].strip()
            units.append(UnitView(row.id, list(seg.source), target, state, [("", c) for c in row.comments]))
        return units
