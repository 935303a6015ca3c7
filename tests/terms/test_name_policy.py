"""One name policy: `toolkit translit` and `toolkit run` spell every name the same; names the rules leave in
French spelling are flagged `name-unconverted`."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.pipeline.qa import unconverted_names
from toolkit.terms.translit import english_name, transliterate_text

DATA = Path(__file__).parents[2] / "toolkit" / "terms" / "data"


def names(table: str) -> list[str]:
    rows = (DATA / table).read_text("utf-8").splitlines()
    return [r.split("\t")[0] for r in rows if r.strip() and not r.startswith("#")]


ALL = [
    *sorted(set(names("names_dev.tsv") + names("names_heldout.tsv"))),
    "Iouri Podoliaka",
    "Iouri Gagarine",
    "Oleg Deripaska",
    "Alexandre Dumas",
    "Jean-Yves Le Drian",
]
CARRIERS = ["Selon {}, rien ne change.", "Le rapport cite {} hier.", "{} a parlé."]


def test_table_is_large() -> None:
    assert len(ALL) > 200


@pytest.mark.parametrize("name", ALL)
def test_translit_and_run_agree(name: str) -> None:
    expected = english_name(name).english  # what `toolkit translit --no-glossary` prints
    for carrier in CARRIERS:
        text = carrier.format(name)
        converted, _pairs = transliterate_text(text, french=True)  # what `toolkit run` does to the French
        assert converted == carrier.format(expected), (text, expected)


@pytest.mark.parametrize(
    "name", ["Kavelachvili", "Vardanian", "Homiel", "Energodar", "Pachinian", "Mkrtchian"]
)
def test_slavic_or_caucasian_name_left_as_is_is_flagged(name: str) -> None:
    assert transliterate_text(f"Selon {name}, rien.")[0] == f"Selon {name}, rien."
    assert unconverted_names(f"Selon {name}, rien.", f"According to {name}, nothing.") == [name]


@pytest.mark.parametrize(
    "name",
    ["Merkel", "Erdogan", "Macron", "Dupont", "Christian", "Washington", "Bruxelles", "Vilnius", "Europe"],
)
def test_other_names_are_not_flagged(name: str) -> None:
    assert unconverted_names(f"Selon {name}, rien.", f"According to {name}, nothing.") == []


def test_converted_or_covered_names_are_not_flagged() -> None:
    assert unconverted_names("Selon Vardanian, rien.", "According to Vardanyan, nothing.") == []
    assert unconverted_names("Selon Vardanian, rien.", "According to Vardanian.", covered=["Vardanian"]) == []
