"""Golden table for the shipped English rules (rules/en.srx), read from benchmarks/data/segment_gold_en.tsv."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.segment.test_fr_golden import load_gold
from toolkit.segment.srx import load_segmenter

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "segment_gold_en.tsv"
CASES = load_gold(GOLD)


def test_golden_table_is_large_enough() -> None:
    assert len(CASES) >= 50
    assert len({section for section, _ in CASES}) >= 8


@pytest.mark.parametrize(
    "expected", [sentences for _, sentences in CASES], ids=[f"{n:03d}" for n in range(len(CASES))]
)
def test_golden(expected: list[str]) -> None:
    text = "".join(expected)
    assert load_segmenter(lang="en").split(text) == expected


@pytest.mark.parametrize("lang", ["en", "en-GB", "EN_us"])
def test_english_tags_get_the_english_rules(lang: str) -> None:
    assert load_segmenter(lang=lang).split("Talks began in Sept. 2023 in Geneva. They failed.") == [
        "Talks began in Sept. 2023 in Geneva. ", "They failed."]


def test_the_french_rules_would_cut_english_wrongly() -> None:
    """Why English needs its own rules: the French ones know neither `Mr.` nor `Sept.` before a year."""
    text = "Mr. Smith arrived. He left."
    assert load_segmenter(lang="fr").split(text) != load_segmenter(lang="en").split(text)
