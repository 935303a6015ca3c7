"""Inline codes through engines: markup round trip, anchored restoration, repairs flagged, references never lost."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.model import Content, End, Ph, Start, footnote_refs
from toolkit.protect.codes import from_markup, restore_codes, to_markup, to_plain

FN1 = Ph("fn", ref="1")
FN6 = Ph("fn", ref="6")
EM = Start("em", "1")


def test_markup_escapes_text_and_numbers_codes() -> None:
    source: Content = ["A & B < C ", EM, "titre", End("1"), FN1, "."]
    assert to_markup(source) == 'A &amp; B &lt; C <g id="1">titre</g><x id="2"/>.'
    assert to_plain(source) == "A & B < C titre."


def test_markup_round_trip_is_exact() -> None:
    source: Content = ["Selon ", EM, "The Economist", End("1"), ", la guerre", FN1, "."]
    restored = from_markup(to_markup(source), source)
    assert restored.content == source
    assert restored.repairs == []


def test_dropped_reference_goes_before_final_punctuation_and_is_flagged() -> None:
    source: Content = ["La guerre continue", FN1, "."]
    restored = from_markup("The war goes on.", source)
    assert restored.content == ["The war goes on", FN1, "."]
    assert restored.repairs == ["restored footnote reference 1 at the end of the sentence"]


def test_duplicated_reference_is_kept_once() -> None:
    source: Content = ["Un", FN1, "."]
    restored = from_markup('One<x id="1"/> and<x id="1"/>.', source)
    assert footnote_refs(restored.content) == ["1"]
    assert restored.repairs == ["dropped an unexpected code x1"]


def test_unclosed_pair_is_closed_and_flagged() -> None:
    source: Content = [EM, "mot", End("1"), " fin."]
    restored = from_markup('<g id="1">word end.', source)
    assert restored.content == [EM, "word end.", End("1")]
    assert restored.repairs == ["closed em formatting the engine left open"]


def test_plain_engine_reference_anchored_on_a_name() -> None:
    source: Content = ["Poutine a parlé à Minsk", FN6, ". Puis il est parti."]
    restored = restore_codes("Putin spoke in Minsk. Then he left.", source)
    assert restored.content == ["Putin spoke in Minsk", FN6, ". Then he left."]
    assert restored.repairs == []


def test_plain_engine_reference_after_the_matching_closing_quote() -> None:
    source: Content = ["Il a dit « non » puis « jamais »", FN1, " hier."]
    restored = restore_codes("He said “no” then “never” yesterday.", source)
    assert restored.content == ["He said “no” then “never”", FN1, " yesterday."]


def test_plain_engine_reference_without_anchor_mid_sentence_is_flagged() -> None:
    source: Content = ["Les forces russes", FN1, " avancent vers le nord."]
    restored = restore_codes("The troops advance northward.", source)
    assert restored.content == ["The troops advance northward", FN1, "."]
    assert restored.repairs == ["restored footnote reference 1 at the end of the sentence"]


def test_link_without_anchor_wraps_the_sentence() -> None:
    link = Start("link", "1", href="https://example.org")
    source: Content = ["Voir ", link, "le rapport", End("1"), "."]
    restored = restore_codes("See the report.", source)
    assert restored.content == [link, "See the report", End("1"), "."]
    assert restored.repairs and "link kept around the whole sentence" in restored.repairs[0]


words = st.text(alphabet="abc <>&.", min_size=0, max_size=6)


@given(st.lists(st.one_of(words, st.integers(1, 5)), max_size=10), st.text(alphabet="xyz .<>&", max_size=30))
def test_every_reference_survives_any_output(parts: list[str | int], garbage: str) -> None:
    source: Content = [Ph("fn", ref=str(p)) if isinstance(p, int) else p for p in parts]
    refs = sorted(footnote_refs(source))
    assert sorted(footnote_refs(from_markup(garbage, source).content)) == refs
    assert sorted(footnote_refs(restore_codes(garbage, source).content)) == refs


@pytest.mark.parametrize(
    ("source_inner", "target", "expected"),
    [
        # (French span, engine's tagged English, English span after tightening)
        ("Rosatom", 'the control <g id="1">of Rosatom</g> since', "Rosatom"),
        ("inspecteurs", 'as <g id="1">the inspectors</g> of', "inspectors"),
        ("Bidzina Ivanichvili", 'the party <g id="1">of Bidzina Ivanishvili</g>.', "Bidzina Ivanishvili"),
        ("rapport", 'in <g id="1">the report</g>', "report"),
        ("de Moscou", 'the role <g id="1">of Moscow</g>', "of Moscow"),  # the French span had its "de"
        ("la Russie", 'with <g id="1">Russia</g>', "Russia"),
        ("of", 'the word <g id="1">of</g> alone', "of"),  # nothing would be left: kept
        ("Le Monde", 'in <g id="1">The Guardian</g>', "The Guardian"),  # the French span opened on "Le"
    ],
)
def test_formatting_stays_on_its_words(source_inner: str, target: str, expected: str) -> None:
    em = Start("strong", "1")
    source: Content = ["Le texte ", em, source_inner, End("1"), " suit."]
    restored = from_markup(target, source).content
    inside = restored[restored.index(em) + 1]
    assert inside == expected
    assert "".join(p for p in restored if isinstance(p, str)) == re.sub(r"<[^>]+>", "", target)
