"""Placing inline codes on sentence splits: references stay behind, openings go ahead, pairs stay balanced."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from toolkit.model import Content, End, Ph, Start, footnote_refs, plain_text
from toolkit.segment.blocks import segment_content


def split_after_stops(text: str) -> Sequence[str]:
    """A transparent splitter for these tests: after `.` and its following spaces."""
    pieces = re.findall(r".*?\.\s*|.+$", text, flags=re.S)
    return [p for p in pieces if p]


def sentences(content: Content) -> list[tuple[Content, str]]:
    return segment_content(content, split_after_stops)


def test_reference_after_the_final_period_stays_with_its_sentence() -> None:
    result = sentences(["Fin de phrase.", Ph("fn", ref="1"), " Suite."])
    assert result == [(["Fin de phrase.", Ph("fn", ref="1")], " "), (["Suite."], "")]


def test_reference_before_the_period() -> None:
    result = sentences(["Minsk", Ph("fn", ref="6"), ". L’absence."])
    assert result == [(["Minsk", Ph("fn", ref="6"), "."], " "), (["L’absence."], "")]


def test_emphasis_across_a_boundary_is_closed_and_reopened() -> None:
    content: Content = ["Avant ", Start("em", "1"), "un. deux", End("1"), " après."]
    (first, _s1), (second, _s2) = sentences(content)
    assert first == ["Avant ", Start("em", "1"), "un.", End("1")]
    assert second == [Start("em", "1.1"), "deux", End("1.1"), " après."]


def test_opening_code_at_a_boundary_goes_to_the_next_sentence() -> None:
    content: Content = ["Un. ", Start("strong", "1"), "Deux", End("1"), "."]
    result = sentences(content)
    assert result == [(["Un."], " "), ([Start("strong", "1"), "Deux", End("1"), "."], "")]


def test_closing_code_after_trailing_space_moves_the_space_out() -> None:
    content: Content = [Start("em", "1"), "Un. ", End("1"), "Deux."]
    result = sentences(content)
    assert result == [([Start("em", "1"), "Un.", End("1")], " "), (["Deux."], "")]


def test_reference_alone_after_the_last_space_joins_the_sentence() -> None:
    result = sentences(["Phrase. ", Ph("fn", ref="2")])
    assert result == [(["Phrase.", Ph("fn", ref="2")], " ")]


inline = st.one_of(
    st.text(alphabet="ab .", min_size=1, max_size=8),
    st.builds(lambda n: Ph("fn", ref=str(n)), st.integers(1, 9)),
)


@given(st.lists(inline, max_size=12))
def test_text_and_references_survive_any_cut(parts: list[str | Ph]) -> None:
    content: Content = list(parts)
    result = sentences(content)
    joined = "".join(plain_text(c) + space for c, space in result)
    assert joined.strip() == plain_text(content).strip()
    assert [r for c, _ in result for r in footnote_refs(c)] == footnote_refs(content)


@given(st.lists(st.sampled_from(["a. ", "b", "<", ">", " ", "c."]), max_size=14))
def test_pairs_are_balanced_in_every_sentence(tokens: list[str]) -> None:
    content: Content = []
    opened: list[str] = []
    for i, token in enumerate(tokens):
        if token == "<":
            opened.append(str(i))
            content.append(Start("em", str(i)))
        elif token == ">" and opened:
            content.append(End(opened.pop()))
        elif token not in "<>":
            content.append(token)
    content.extend(End(x) for x in reversed(opened))
    for piece, _space in sentences(content):
        stack: list[str] = []
        for part in piece:
            if isinstance(part, Start):
                stack.append(part.id)
            elif isinstance(part, End):
                assert stack and stack.pop() == part.id
        assert stack == []
