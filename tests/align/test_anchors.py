"""Anchors: numbers, dates and months meet across the French and English conventions."""

from __future__ import annotations

import pytest

from toolkit.align.anchors import numbers


@pytest.mark.parametrize(("french", "english"), [
    ("1,5 %", "1.5%"),
    ("10 000 soldats", "10,000 soldiers"),
    ("10\u202f000", "10 000"),
    ("16,3 milliards", "$16.3 billion"),
    ("le 25 mars 2023", "on 25 March 2023"),
    ("vers 23h", "at around 11 pm"),
    ("trois jours", "a three-day"),
    ("en mai", "in May"),
])
def test_numbers_and_dates_meet_across_conventions(french: str, english: str) -> None:
    assert sorted(numbers(french, "fr")) == sorted(numbers(english, "en"))
    assert sorted(numbers(french, "fr"))


def test_english_may_the_verb_is_not_a_month() -> None:
    assert list(numbers("Minsk may refuse", "en")) == []
