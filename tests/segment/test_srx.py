"""SRX 2.0 segmenter: the first matching rule decides, rules in code, shipped rules, split invariants, budget."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.segment.test_srxfile import OMEGAT_SRX, srx_with_rules
from toolkit.errors import InputError
from toolkit.segment.srx import SrxSegmenter, load_segmenter
from toolkit.segment.srxfile import SrxRule

# --- the segmenter ------------------------------------------------------------------------------


def test_first_matching_rule_decides() -> None:
    no_then_yes = srx_with_rules(
        "<rule break='no'><beforebreak>Dr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
        "<rule break='yes'><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
    )
    yes_then_no = srx_with_rules(
        "<rule break='yes'><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
        "<rule break='no'><beforebreak>Dr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
    )
    text = "Le Dr. House. Fin"
    assert SrxSegmenter.from_bytes(no_then_yes, "t", "fr").split(text) == ["Le Dr. House. ", "Fin"]
    assert SrxSegmenter.from_bytes(yes_then_no, "t", "fr").split(text) == ["Le Dr. ", "House. ", "Fin"]


def test_rules_built_in_code() -> None:
    segmenter = SrxSegmenter([SrxRule(True, r"[;]", r"\s")])
    assert segmenter.split("a; b; c") == ["a; ", "b; ", "c"]
    assert segmenter.break_offsets("a; b; c") == [3, 6]


def test_from_file_and_load_segmenter(tmp_path: Path) -> None:
    path = tmp_path / "segment.srx"
    path.write_text(OMEGAT_SRX, encoding="utf-8")
    segmenter = load_segmenter(path, lang="fr")
    assert segmenter.split("Voir Mme. X. Y") == ["Voir Mme. X. ", "Y"]
    with pytest.raises(InputError, match="no such SRX file"):
        load_segmenter(tmp_path / "missing.srx")


def test_shipped_rules_load_once() -> None:
    assert load_segmenter() is load_segmenter(None, "fr")
    # The shipped French file's common rules serve languages without rules of their own (English has en.srx).
    assert load_segmenter(lang="de").split("M. Smith. Yes.") == ["M. ", "Smith. ", "Yes."]
    assert load_segmenter(lang="en") is load_segmenter(None, "en")


# --- invariants -----------------------------------------------------------------------------------

_TRICKY = [*'aAéÉ1 .?!…»«"”)(—-\n\t\u00a0\u202fMpJ', "M. ", "etc. ", "p. 12", " J.-C. ", "...", "\n\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY) | st.text(max_size=3), max_size=60).map("".join))
def test_split_keeps_every_character_and_never_returns_empty_pieces(text: str) -> None:
    pieces = load_segmenter().split(text)
    assert "".join(pieces) == text
    assert all(pieces)
    assert (pieces == []) == (text == "")
    # Whitespace after a break stays with the sentence before it.
    assert all(not piece[0].isspace() for piece in pieces[1:])


def test_empty_and_blank_text() -> None:
    assert load_segmenter().split("") == []
    assert load_segmenter().split(" \n ") == [" \n "]


# --- a budget per paragraph, in any thread -----------------------------------------------------------

BACKTRACKING = srx_with_rules(r"<rule break='yes'><beforebreak>(a|a)+b</beforebreak><afterbreak>\s</afterbreak></rule>")


@pytest.mark.parametrize("where", ["main thread", "worker thread"])
def test_a_backtracking_rule_stops_at_the_paragraphs_budget(
    where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from toolkit.segment import srx

    monkeypatch.setattr(srx, "SPLIT_SECONDS", 0.2)
    segmenter = SrxSegmenter.from_bytes(BACKTRACKING, "slow.srx", "fr")
    raised: list[BaseException] = []

    def split() -> None:
        try:
            segmenter.split("Le texte " + "a" * 40 + " fin.")
        except InputError as exc:
            raised.append(exc)

    if where == "main thread":
        split()
    else:  # a Dask or thread-pool worker: no signal can reach it, the regex's own timeout does
        worker = threading.Thread(target=split)
        worker.start()
        worker.join(timeout=120)
        assert not worker.is_alive()
    assert len(raised) == 1 and "took longer than" in str(raised[0]), raised


def test_nested_quantifiers_that_regex_runs_linearly_are_not_refused() -> None:
    # `(a+)+b` backtracks without end in Python's `re`; the `regex` engine splits with it at once
    rules = srx_with_rules(r"<rule break='yes'><beforebreak>(a+)+b</beforebreak><afterbreak>\s</afterbreak></rule>")
    segmenter = SrxSegmenter.from_bytes(rules, "nested.srx", "fr")
    assert segmenter.split("x " + "a" * 5000 + "b y") == ["x " + "a" * 5000 + "b ", "y"]
