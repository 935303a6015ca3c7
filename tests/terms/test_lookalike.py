"""Look-alikes: glossary terms written with confusable letters, invisible or bidi controls are still matched,
and every look-alike is reported (golden table over many names and every kind of disguise)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tests.stages import through_apertium
from toolkit.terms.glossary import load_default_glossary
from toolkit.terms.lookalike import INVISIBLE, as_read, confusables, lookalikes
from toolkit.terms.match import find_terms

NAMES = {"Kiev": "Kyiv", "Loukachenko": "Lukashenko", "Poutine": "Putin", "Moscou": "Moscow", "OTAN": "NATO"}
CYRILLIC = {"K": "К", "o": "о", "e": "е", "a": "а", "c": "с", "P": "Р", "O": "О", "T": "Т", "A": "А"}


def disguises(word: str) -> list[tuple[str, str]]:
    """(kind, disguised word) for every way to hide `word`: each Latin letter with a Cyrillic twin swapped, and
    every invisible control inserted after the second letter; fullwidth letters."""
    out = [
        (f"cyrillic {c}", word[:i] + CYRILLIC[c] + word[i + 1 :]) for i, c in enumerate(word) if c in CYRILLIC
    ]
    out += [(f"U+{ord(ch):04X}", word[:2] + ch + word[2:]) for ch in sorted(INVISIBLE)]
    out.append(("fullwidth", "".join(chr(ord(c) + 0xFEE0) for c in word)))
    return out


CASES = [
    (french, english, kind, hidden) for french, english in NAMES.items() for kind, hidden in disguises(french)
]


def test_table_is_large() -> None:
    assert len(CASES) > 100


@pytest.mark.parametrize(("french", "english", "kind", "hidden"), CASES, ids=lambda v: str(v))
def test_disguised_term_is_matched_and_reported(french: str, english: str, kind: str, hidden: str) -> None:
    text = f"Selon le texte, {hidden} a parlé."
    hits = find_terms(text, load_default_glossary())
    assert [(h.source_text, h.target) for h in hits] == [(hidden, english)], kind
    assert as_read(text) == f"Selon le texte, {french} a parlé."
    assert lookalikes(text) == [(hidden, french)]


@pytest.mark.parametrize(
    "text",
    [
        "Киев, Москва и Минск",  # Cyrillic words stay Cyrillic
        "Λέσβος and Αθήνα",
        "Zaporijjia, Kharkiv, Kyiv",
        "L’Élysée, déjà, naïve, œuvre, Ça",
        "1 000 km, 10 h 15, 3 %",
    ],
)
def test_honest_text_is_read_as_written(text: str) -> None:
    assert as_read(text) == unicodedata.normalize("NFC", text)
    assert lookalikes(text) == []


def test_confusables_table_maps_to_latin() -> None:
    table = confusables()
    assert len(table) > 40
    for char, latin in table.items():
        assert not char.isascii() and latin.isascii() and latin.isalpha(), char


def test_offsets_point_into_the_written_text() -> None:
    text = "À Ki\u2060ev et à Louka\u200bchenko."
    hits = find_terms(text, load_default_glossary())
    assert [text[h.start : h.end] for h in hits] == ["Ki\u2060ev", "Louka\u200bchenko"]


@pytest.mark.parametrize(("kind", "hidden"), disguises("Kiev"), ids=lambda v: str(v))
def test_forbidden_variant_in_the_english_is_replaced_as_read(kind: str, hidden: str) -> None:
    from toolkit.terms.match import fix_forbidden

    text, changes = fix_forbidden(f"In {hidden}, nothing.", load_default_glossary())
    assert text == "In Kyiv, nothing.", kind
    assert changes == [(hidden, "Kyiv")]


def test_run_enforces_and_reports_disguised_terms(tmp_path: Path) -> None:
    sentences = [
        "À Кiev, rien.",
        "À Ki\u2060ev, rien.",
        "Alexandre Louka\u200bchenko parle.",
        "Louka\u202echenko parle.",
    ]
    path = tmp_path / "disguised.fr.txt"
    path.write_text("\n\n".join(sentences) + "\n", "utf-8")
    doc, issues = through_apertium(path)
    english = [seg.target_text for seg in doc.segments()]
    assert [
        "Kyiv" in english[0],
        "Kyiv" in english[1],
        "Lukashenko" in english[2],
        "Lukashenko" in english[3],
    ] == [True] * 4
    assert all(as_read(e) == e for e in english)  # nothing disguised is published
    # the text reader already drops zero-width characters; every disguise that reaches a segment is reported
    disguised = {s.id for s in doc.segments() if lookalikes(s.text)}
    assert disguised >= {"b1.s1", "b4.s1"}
    assert {i.segment for i in issues if i.kind == "look-alike"} == disguised
