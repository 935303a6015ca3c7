"""A QA issue stays one typed value from QA to every writer: the XLIFF carries it as a note written once, its
reader gives it back, and no page lists it twice."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from toolkit.formats.review_docx import review_rows
from toolkit.formats.review_html import review_html
from toolkit.formats.xliff import load_xliff, write_xliff
from toolkit.model import Block, Document, Issue, Note, Segment
from toolkit.pipeline.run import attach_qa_notes

ISSUES = [
    Issue("b1.s1", "length-ratio", "English 3× the French"),
    Issue("b1.s1", "term-missing", "“Kremlin”: expected in the English"),
    Issue("b2.s1", "number-mismatch", "not in the English: 10"),
]


def document() -> Document:
    return Document(blocks=[
        Block("b1", "paragraph", [Segment("b1.s1", ["Le Kremlin."], ["The Kremlin."], state="translated",
                                          notes=[Note("check", "comment", "Ana")])]),
        Block("b2", "paragraph", [Segment("b2.s1", ["10 jours."], ["Days."], state="translated")]),
    ])


def test_the_xliff_reader_gives_back_the_issues_and_the_writers_show_them_once(tmp_path: Path) -> None:
    doc = document()
    attach_qa_notes(doc, ISSUES)
    attach_qa_notes(doc, ISSUES)  # a second run replaces its notes, never adds to them
    path = tmp_path / "brief.xlf"
    write_xliff(doc, path)
    store = load_xliff(path)
    assert store.issues == ISSUES
    comments = [n for n in next(store.document.segments()).notes if n.category == "comment"]
    assert [(n.text, n.author) for n in comments] == [("check", "Ana")]

    page = html.fromstring(review_html(store.document, store.issues, {}, {}))
    row = page.xpath("//*[@data-segment='b1.s1']")[0]
    details = [li.text_content() for li in row.xpath(".//ul[@class='details']/li")]
    assert details == ["length-ratio English 3× the French", "term-missing “Kremlin”: expected in the English",
                       "comment · Ana check"]

    flags = {r.segment.id: r.flags for r in review_rows(store.document)}
    assert flags == {"b1.s1": ["length-ratio", "term-missing"], "b2.s1": ["number-mismatch"]}
    assert {r.segment.id: r.flags for r in review_rows(store.document, issues=ISSUES[2:])}["b1.s1"] == []
