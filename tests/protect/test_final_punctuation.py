"""The one rule for a lost footnote reference: back before the sentence's final punctuation — the same place
whether an engine, a memory match or a reviewer lost it."""

from __future__ import annotations

import pytest

from toolkit.engines.memory import remap_codes
from toolkit.formats.review_docx import Span
from toolkit.model import End, Ph, Segment, Start, plain_text
from toolkit.protect.codes import before_final_punctuation, final_punctuation_offset, restore_codes
from toolkit.review.exchange import cell_content

REF = Ph("fn", ref="3")

# (English without its reference, where the reference goes: the text before it)
CASES = [
    ("The group was formed.", "The group was formed"),
    ("Was it formed?", "Was it formed"),
    ("It was formed…", "It was formed"),
    ("It was formed!?  ", "It was formed"),
    ("It was formed;", "It was formed"),
    ("It was formed:\u00a0", "It was formed"),
    ("No punctuation at all", "No punctuation at all"),
    ("No punctuation, trailing spaces   ", "No punctuation, trailing spaces"),
    ("Dr. Smith came.", "Dr. Smith came"),
    # after a closing quote or bracket the sentence has ended: the reference follows it (one rule for all three)
    ("He said “no.”", "He said “no.”"),
    ("(See below.)", "(See below.)"),
    ("Il a dit « non ».", "Il a dit « non »"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "before"), CASES)
def test_offset_table(text: str, before: str) -> None:
    assert text[: final_punctuation_offset(text)] == before


@pytest.mark.parametrize(("text", "before"), CASES)
def test_engine_memory_and_review_agree(text: str, before: str) -> None:
    """The three places a reference is lost put it back at the same offset."""
    if not text.strip():
        return
    # an engine that dropped the reference of "… fin[3]."
    source = ["La fin", REF, "."]
    engine = restore_codes(text, source).content
    # a memory unit without the reference
    memory, complete = remap_codes(source, ["La fin."], [text])
    assert not complete
    # a reviewer who deleted the "[3]" marker
    review, _repairs = cell_content([[Span(text)]], Segment("b1.s1", source, [text]))
    for content in (engine, memory, review):
        i = content.index(REF)
        assert plain_text(content[:i]) == before


def test_codes_inside_the_sentence_keep_their_places() -> None:
    content = ["A ", Start("em", "1"), "word", End("1"), " ends here."]
    assert before_final_punctuation(content, [REF]) == ["A ", Start("em", "1"), "word", End("1"), " ends here",
                                                        REF, "."]


def test_plain_text_options() -> None:
    content = ["a", Ph("br"), "b ", Ph("code", text="x.y"), Start("em", "1"), "c", End("1"), REF]
    assert plain_text(content) == "a\nb x.yc"
    assert plain_text(content, br=" ") == "a b x.yc"
    assert plain_text(content, code="mask") == "a\nb xxxc"
    assert plain_text(content, br="", code="drop") == "ab c"
