"""English house style: dates and times in one style, sentence-initial capitals, note calls after punctuation."""

from __future__ import annotations

import pytest

from toolkit.model import Ph
from toolkit.terms.house_style import english_dates, english_times, notes_after_punctuation, sentence_capital

DATES = [
    # (engine output, en-GB, en-US)
    ("on 4 of August of 2024", "on 4 August 2024", "on August 4, 2024"),
    ("on June 28, 2024", "on 28 June 2024", "on June 28, 2024"),
    ("on 28 June 2024", "on 28 June 2024", "on June 28, 2024"),
    ("on 1st of May", "on 1 May", "on May 1"),
    ("on 10 of October", "on 10 October", "on October 10"),
    ("by December 15, 2022.", "by 15 December 2022.", "by December 15, 2022."),
    (
        "from 3 of March of 2022 to April 7, 2023",
        "from 3 March 2022 to 7 April 2023",
        "from March 3, 2022 to April 7, 2023",
    ),
    ("in May 2024", "in May 2024", "in May 2024"),  # no day: nothing to reorder
    ("the 7 June 2024 summit", "the 7 June 2024 summit", "the June 7, 2024 summit"),
    ("on 09 of July of 2021", "on 9 July 2021", "on July 9, 2021"),
]
TIMES = [
    ("at 23h", "at 23:00", "at 11 p.m."),
    ("at 10h15", "at 10:15", "at 10:15 a.m."),
    ("at 10 h 15", "at 10:15", "at 10:15 a.m."),
    ("at 9h30,", "at 09:30,", "at 9:30 a.m.,"),
    ("at 0h", "at 00:00", "at 12 a.m."),
    ("at 12h", "at 12:00", "at 12 p.m."),
    ("within 48h", "within 48h", "within 48h"),  # a duration, not a time
    ("the 4h road", "the 04:00 road", "the 4 a.m. road"),  # ambiguous, read as a time like the French
    ("a 10 hectare field", "a 10 hectare field", "a 10 hectare field"),
]


@pytest.mark.parametrize(("engine", "gb", "us"), DATES)
def test_dates(engine: str, gb: str, us: str) -> None:
    assert english_dates(engine, "en-GB") == gb
    assert english_dates(engine, "en-US") == us
    assert english_dates(gb, "en-US") == us and english_dates(us, "en-GB") == gb  # either style converts


@pytest.mark.parametrize(("engine", "gb", "us"), TIMES)
def test_times(engine: str, gb: str, us: str) -> None:
    assert english_times(engine, "en-GB") == gb
    assert english_times(engine, "en-US") == us
    assert english_times(gb, "en-GB") == gb  # idempotent


def fn(ref: str) -> Ph:
    return Ph("fn", ref=ref)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (["He was operative", fn("1"), "."], ["He was operative.", fn("1")]),
        (["Kyiv", fn("1"), ", then Minsk."], ["Kyiv,", fn("1"), " then Minsk."]),
        (["Two", fn("1"), fn("2"), "; three"], ["Two;", fn("1"), fn("2"), " three"]),
        (["Really", fn("3"), "?!"], ["Really?!", fn("3")]),
        (["Already after.", fn("1")], ["Already after.", fn("1")]),
        (["Mid", fn("1"), " sentence."], ["Mid", fn("1"), " sentence."]),
        (["Ellipsis", fn("1"), "..."], ["Ellipsis", fn("1"), "..."]),
        ([fn("1"), ". Odd"], [".", fn("1"), " Odd"]),
    ],
)
def test_note_calls_after_punctuation(content: list, expected: list) -> None:  # type: ignore[type-arg]
    assert notes_after_punctuation(content) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("On se tait.", "calla.", "Calla."),
        ("« Non », dit-il.", "“no”, he said.", "“No”, he said."),
        ("Il part.", "He leaves.", "He leaves."),
        ("iPhone vendu.", "iPhone sold.", "iPhone sold."),
        ("2024 fut dure.", "2024 was hard.", "2024 was hard."),
    ],
)
def test_sentence_capital(source: str, target: str, expected: str) -> None:
    assert sentence_capital([target], source) == [expected]
