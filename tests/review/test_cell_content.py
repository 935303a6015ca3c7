"""A reviewer's English cell read as content: regressions found when the review DOCX joined the round-trip suite."""

from __future__ import annotations

from toolkit.formats.review_docx import Span
from toolkit.model import End, Ph, Segment, Start
from toolkit.review.exchange import cell_content

LINK = "https://example.org/report"


def test_a_reference_right_after_a_link_stays_after_it() -> None:
    seg = Segment("b1.s1", ["Voir ", Start("link", "1", LINK), "le rapport", End("1"), Ph("fn", ref="2"), "."],
                  ["See ", Start("link", "1", LINK), "the report", End("1"), Ph("fn", ref="2"), "."])
    cell = [[Span("See the new report"), Span("[2]", frozenset({"superscript"})), Span(".")]]
    seg.target = ["See the ", Start("link", "1", LINK), "new report", End("1"), Ph("fn", ref="2"), "."]
    target, _repairs = cell_content(cell, seg)
    assert target == ["See the ", Start("link", "1", LINK), "new report", End("1"), Ph("fn", ref="2"), "."]


def test_two_looks_ending_on_the_same_letter_leave_no_empty_pair() -> None:
    seg = Segment("b1.s1", [Start("strong", "s"), "très ", Start("em", "e"), "fort", End("e"), End("s"), " !"])
    bold, both = frozenset({"bold"}), frozenset({"bold", "italic"})
    target, _repairs = cell_content([[Span("very ", bold), Span("strong", both), Span(" indeed")]], seg)
    assert target == [Start("strong", "s"), "very ", Start("em", "e"), "strong", End("e"), End("s"), " indeed"]


def test_verbatim_code_goes_where_the_code_font_is_when_its_words_come_twice() -> None:
    seg = Segment("b1.s1", ["Lancer ", Ph("code", text="run"), " puis run."])
    cell = [[Span("Then run "), Span("run", code=True), Span(".")]]
    target, _repairs = cell_content(cell, seg)
    assert target == ["Then run ", Ph("code", text="run"), "."]


def test_a_link_the_target_had_around_nothing_is_not_put_on_the_source_words() -> None:
    seg = Segment("b1.s1", [Start("link", "1", LINK), "report", End("1"), " publié."],
                  ["published ", Start("link", "1", LINK), End("1"), "report."])
    target, repairs = cell_content([[Span("the published report.")]], seg)
    assert target == ["the published report."]
    assert any("link" in r and "dropped" in r for r in repairs)
