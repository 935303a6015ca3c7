"""Protection keeps the sentence: no word lost next to a protected term, no term doubled (Apertium, both pivots)."""

from __future__ import annotations

import itertools
import re

import pytest

from tests.terms.protection_cases import Row, load_rows, translate_rows
from toolkit.engines.apertium import ApertiumEngine


@pytest.fixture(scope="module", params=["ca", "es"])
def rows(request: pytest.FixtureRequest) -> list[Row]:
    return translate_rows(load_rows(), ApertiumEngine(request.param))


@pytest.fixture(scope="module")
def rows_ca() -> list[Row]:
    return translate_rows(load_rows(), ApertiumEngine("ca"))


def test_table_covers_every_category() -> None:
    counts: dict[str, int] = {}
    for row in load_rows():
        counts[row.category] = counts.get(row.category, 0) + 1
    assert set(counts) >= {"person", "place", "acronym", "org", "plant", "mixed"}
    assert sum(counts.values()) >= 40


def test_no_sentence_word_lost_next_to_a_term(rows: list[Row]) -> None:
    # every content word of the raw output is still there (counted), and a source word whose translation
    # is missing from ours was at most rendered differently (ours has as many content words)
    fewer = [(r.french, r.raw, r.ours) for r in rows if r.our_count < r.raw_count]
    assert fewer == []
    lost = [
        (r.french, r.ours, r.lost) for r in rows if r.lost and r.our_count < r.raw_count + len(r.lost) - 1
    ]
    assert lost == []


def test_every_term_once(rows: list[Row]) -> None:
    for row in rows:
        for term in set(row.terms):
            found = len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", row.ours))
            assert found == row.terms.count(term), (row.french, row.ours, term)


def test_no_word_doubled(rows: list[Row]) -> None:
    for row in rows:
        words = re.findall(r"[^\W\d_]+", row.ours.lower())
        doubled = [a for a, b in itertools.pairwise(words) if a == b]
        assert doubled == [], (row.french, row.ours)


def test_placeholder_never_published(rows: list[Row]) -> None:
    assert [r.ours for r in rows if "Zqxv" in r.ours] == []


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("À Minsk, les manifestants sont arrêtés.", "In Minsk,"),
        ("Au Kremlin, on se tait.", "In the Kremlin,"),
        ("Les sanctions de l’UE sont lourdes.", "of the EU"),
        ("L’Union européenne a réagi.", "The European Union has"),
        ("La déclaration de Dmitri Peskov surprend.", "statement of Dmitry Peskov"),
    ],
)
def test_issue_examples(french: str, english: str, rows_ca: list[Row]) -> None:
    (row,) = [r for r in rows_ca if r.french == french]
    assert english in row.ours
