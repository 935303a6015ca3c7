"""Post-editing through the real stage: house style on engine output and on exact memory matches, never on a
reviewer's text."""

from __future__ import annotations

import pytest

from toolkit.model import Block, Content, Document, Ph, Segment, SegmentState
from toolkit.pipeline.postedit import finish_document
from toolkit.terms.policy import TermPolicy


def one(target: Content, origin: str, state: SegmentState = "translated") -> Document:
    seg = Segment(
        "b1.s1", ["Le 4 août 2024 à 23h, il a dit « non »."], target=target, state=state, origin=origin
    )
    return Document(blocks=[Block("b1", "paragraph", [seg])])


@pytest.mark.parametrize(("origin", "state"), [("apertium", "translated"), ("memory", "final")])
@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("en-GB", "On 4 August 2024 at 23:00, he said “no”.¹"),
        ("en-US", "On August 4, 2024 at 11 p.m., he said “no”.¹"),
    ],
)
def test_house_style(origin: str, state: SegmentState, style: str, expected: str) -> None:
    doc = one(["on 4 of August of 2024 at 23h, he said « no »", Ph("fn", ref="1"), "."], origin, state)
    finish_document(doc, TermPolicy(None, transliterate=False), style)
    seg = next(doc.segments())
    assert seg.target is not None
    text = "".join(p if isinstance(p, str) else "¹" for p in seg.target)
    assert text == expected


def test_reviewed_text_is_left_alone() -> None:
    target: Content = ["on 4 of August of 2024 at 23h", Ph("fn", ref="1"), "."]
    doc = one(list(target), "review", "reviewed")
    finish_document(doc, TermPolicy(None, transliterate=False))
    assert next(doc.segments()).target == target
