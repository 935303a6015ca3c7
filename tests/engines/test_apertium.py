"""Tests for the Apertium engine: real translations through both pivots, inline codes, escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.engines import apertium
from toolkit.engines.apertium import DEFAULT_PIVOT, PIVOTS, ApertiumEngine, install_hint
from toolkit.engines.apertium_stream import decode, encode
from toolkit.errors import ToolkitError

CODE = re.compile(r"<x\b[^<>]*/>|<g\b[^<>]*>|</g>")

SENTENCES = [
    "La guerre a commencé le 24 février 2022.",
    "Le président biélorusse a rencontré Vladimir Poutine à Minsk.",
    "Les sanctions visent le secteur bancaire russe.",
    "Aucun signe d’une offensive imminente n’a été observé.",
    "Les exercices militaires dureront deux semaines.",
    "Cette visite, qui n’avait pas été annoncée, a surpris les observateurs.",
    "« Nous ne céderons pas », a déclaré le ministre.",
    "Le taux d’inflation a atteint 12,5 % en décembre.",
    "Les troupes russes se sont retirées de la région de Kyiv.",
    "Le pont a été endommagé par une explosion.",
]


def require_apertium(pivot: str) -> ApertiumEngine:
    """The engine, or a loud failure: CI installs Apertium, so its absence is a broken setup."""
    if not ApertiumEngine.available(pivot):
        pytest.fail(f"these tests need Apertium: {install_hint(pivot)}")
    return ApertiumEngine(pivot)


@pytest.fixture(scope="module", params=sorted(PIVOTS))
def engine(request: pytest.FixtureRequest) -> ApertiumEngine:
    return require_apertium(request.param)


@pytest.fixture(scope="module")
def default_engine() -> ApertiumEngine:
    return require_apertium(DEFAULT_PIVOT)


def test_known_sentences_come_out_in_english(engine: ApertiumEngine) -> None:
    war, president, sanctions = engine.translate(SENTENCES[:3])
    assert "war" in war and "2022" in war
    assert "president" in president and "Putin" in president and "Minsk" in president
    assert "sanctions" in sanctions and "Russian" in sanctions


def test_one_output_per_input_in_order(engine: ApertiumEngine) -> None:
    outputs = engine.translate(["Le pont a été endommagé.", "La guerre a commencé.", "Minsk."])
    assert len(outputs) == 3
    assert "bridge" in outputs[0] and "war" in outputs[1] and outputs[2] == "Minsk."


def test_batch_of_fifty_equals_single_calls(default_engine: ApertiumEngine) -> None:
    texts = [f'{s[:-1]} <g id="{n}">hier</g><x id="fn{n}"/>.' for n, s in enumerate(SENTENCES * 5)]
    batch = default_engine.translate(texts)
    assert len(batch) == 50
    # Null-flush chunks are translated independently: order in the batch changes nothing.
    assert default_engine.translate(texts[::-1]) == batch[::-1]
    for index in (0, 13, 26, 39, 49):
        assert default_engine.translate([texts[index]]) == [batch[index]]


def test_batch_that_does_not_split_back_falls_back_to_single_calls(
    default_engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = default_engine.translate(SENTENCES[:3])
    real_run = ApertiumEngine._run
    calls: list[int] = []
    assert apertium.BATCH_SIZE > 50  # so the 50-text test above is one pipeline call

    def garbled_batches(self: ApertiumEngine, streams: list[str]) -> list[str] | None:
        calls.append(len(streams))
        return None if len(streams) > 1 else real_run(self, streams)

    monkeypatch.setattr(ApertiumEngine, "_run", garbled_batches)
    assert default_engine.translate(SENTENCES[:3]) == expected
    assert calls == [3, 1, 1, 1]


@pytest.mark.parametrize(
    "text",
    [
        'Le <g id="1">président</g> a parlé<x id="2"/> de la <g id="3">guerre</g>.',
        'Loukachenko a rencontré <g id="1">Poutine</g> à <g id="2">Minsk</g><x id="3"/>.',
        'Les <g id="1">forces <g id="2">russes</g></g> ont franchi la frontière<x id="3"/>.',
        '<x id="1"/>La <g id="2" ctype="x-link">guerre</g> continue<x id="3"/><x id="4"/>.',
    ],
)
def test_inline_codes_survive_in_order_and_count(engine: ApertiumEngine, text: str) -> None:
    [output] = engine.translate([text])
    assert CODE.findall(output) == CODE.findall(text)
    assert not re.search(r"<g\b[^<>]*></g>", output)  # a pair never comes back empty


def test_footnote_reference_stays_before_final_period(engine: ApertiumEngine) -> None:
    [output] = engine.translate(['Les forces russes sont stationnées au Bélarus<x id="7"/>.'])
    assert output.endswith('<x id="7"/>.')


def test_xml_escapes_round_trip_and_tags_stay_tags(engine: ApertiumEngine) -> None:
    [output] = engine.translate(['Les pertes &amp; les gains &lt; 3 &gt; 2<x id="1"/>.'])
    assert "&amp;" in output and "&lt; 3 &gt; 2" in output and output.endswith('<x id="1"/>.')
    assert "&" not in re.sub(r"&(amp|lt|gt);", "", output)
    assert "<" not in CODE.sub("", output)


def test_raw_text_comes_back_raw(engine: ApertiumEngine) -> None:
    [output] = engine.translate(["Pertes & gains < 3."])
    assert "&" in output and "< 3" in output and "&amp;" not in output


def test_empty_and_blank_texts_pass_through(engine: ApertiumEngine) -> None:
    outputs = engine.translate(["", "  ", "La guerre a commencé.", "\n"])
    assert outputs[0] == "" and outputs[1] == "  " and outputs[3] == "\n"
    assert "war" in outputs[2]
    assert engine.translate([]) == []


def test_edge_whitespace_is_kept(engine: ApertiumEngine) -> None:
    [output] = engine.translate(["  La guerre a commencé.\n"])
    assert output.startswith("  ") and not output.startswith("   ")
    assert output.endswith(".\n") and "war" in output


def test_no_unknown_word_marks_but_literal_marks_kept(engine: ApertiumEngine) -> None:
    [unknown, literal] = engine.translate(
        ["Le zorglubage des Krivitchs est fréquent.", "Voir #Minsk, @MFA et 3*4 ~ 12."]
    )
    assert "zorglubage" in unknown and not re.search(r"[*#@~]", unknown)
    assert "#Minsk" in literal and "@MFA" in literal and "3*4" in literal and "~" in literal


def test_french_typography_and_numbers_pass_through(engine: ApertiumEngine) -> None:
    [output] = engine.translate(["Il a dit\u00a0: «\u00a0non\u00a0» vers 23h, soit 1,5\u202f% de l’armée."])
    assert "«\u00a0" in output and "\u00a0»" in output
    assert "23h" in output and "1,5\u202f%" in output
    assert "  " not in output


def test_progress_counts_every_text(default_engine: ApertiumEngine) -> None:
    seen: list[int] = []
    default_engine.translate(["La guerre.", "", "Minsk."], progress=seen.append)
    assert sum(seen) == 3


def test_signature_names_engine_version_and_pairs(engine: ApertiumEngine) -> None:
    signature = engine.signature()
    assert signature["engine"] == "apertium"
    assert re.match(r"\d+\.\d+", signature["version"])
    route = PIVOTS[engine.pivot]
    assert signature["model"].startswith(f"{route.model} ({route.packages[0]} ")
    assert re.search(rf"{route.packages[1]} \d", signature["model"])


def test_missing_apertium_is_a_one_line_error_with_the_apt_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not ApertiumEngine.available()
    with pytest.raises(ToolkitError) as caught:
        ApertiumEngine()
    assert caught.value.message == (
        "Apertium fr→en is not installed: run `apt-get install apertium apertium-fra-cat apertium-eng-cat`"
    )
    with pytest.raises(ToolkitError, match=r"apt-get install apertium apertium-fr-es apertium-eng-spa"):
        ApertiumEngine(pivot="es")


def test_unknown_pivot_is_refused() -> None:
    with pytest.raises(ToolkitError, match="unknown Apertium pivot 'de'"):
        ApertiumEngine(pivot="de")


# --- the stream format, without running Apertium ------------------------------------------------


def test_encode_escapes_text_and_binds_words_to_paired_codes() -> None:
    encoded = encode('Le <g id="1">chef [x]</g> #1<x id="2"/> &amp; {a}', 3)
    assert encoded.stream == r"[seg:3]Le [[t:0]]chef[[/]] [[t:0]]\[x\][[/]] [#]1[c:2] & \{a\}.[]"
    assert encoded.tags == ['<g id="1">', "</g>", '<x id="2"/>']
    assert encoded.closers == {0: 1}


def test_encode_keeps_codes_without_words_as_superblanks() -> None:
    encoded = encode('A <g id="1">«</g> b <g id="2"></g> c</g>', 0)
    assert encoded.stream == "[seg:0]A [c:0]«[c:1] b [c:2][c:3] c[c:4].[]"


def test_decode_merges_words_split_by_apertium_and_drops_marks() -> None:
    encoded = encode('Les <g id="1">forces russes<x id="2"/></g>.', 0)
    output = r"[seg:0]The [[t:0]]Russian[[/]] [[t:0; t:0]]forces[[/]][c:1] *zorg #x \@y..[]"
    assert decode(output, 0, encoded) == 'The <g id="1">Russian forces<x id="2"/></g> zorg x @y.'


def test_decode_ignores_superblanks_that_name_no_standalone_code_or_repeat_one() -> None:
    encoded = encode('La <g id="1">guerre</g><x id="2"/>.', 0)
    assert decode("[seg:0]The [[t:0]]war[[/]][c:1][c:2][c:9][c:2]..[]", 0, encoded) == (
        'The <g id="1">war</g><x id="2"/>.'
    )


def test_decode_keeps_crossing_codes_well_nested() -> None:
    encoded = encode('<g id="a">un</g> <g id="b">deux trois</g>', 0)
    crossed = "[seg:0][[t:0]]one[[/]] [[t:2]]two[[/]] [[t:0]]three[[/]] [[t:2]]four[[/]].[]"
    assert decode(crossed, 0, encoded) == '<g id="a">one <g id="b">two three four</g></g>'


def test_decode_refuses_a_chunk_with_the_wrong_number() -> None:
    encoded = encode("La guerre.", 4)
    assert decode("[seg:5]The war..[]", 4, encoded) is None
    assert decode("[seg:4]The war..[]", 4, encoded) == "The war."


def _unknown(engine: ApertiumEngine, count: int) -> list[set[str]]:
    words: list[set[str]] = [set() for _ in range(count)]
    for warning in engine.warnings:
        if warning.kind == "untranslated-word":
            words[warning.index] = set(warning.detail.split())
    return words


def test_unknown_words_are_reported_and_stripped() -> None:
    engine = ApertiumEngine("ca")
    (out,) = engine.translate(["Les voitures stationnées brûlent."])
    assert "*" not in out and "estacionats" in out
    assert _unknown(engine, 1) == [{"estacionats"}]


def test_best_route_keeps_the_output_with_fewer_unknown_words() -> None:
    sources = [
        "Les voitures stationnées près du Kremlin ont brûlé.",
        "Le blogueur mentionne un point d'achoppement.",
        "Le renforcement des drones inquiète les voisins.",
        "On se tait au ministère.",
        "La délégation a quitté la salle.",
        'Il a dit <g id="1">non</g> au <x id="2"/> ministre.',
    ]
    ca, es, best = ApertiumEngine("ca"), ApertiumEngine("es"), ApertiumEngine("best")
    out_ca, out_es, out_best = ca.translate(sources), es.translate(sources), best.translate(sources)
    unknown_ca, unknown_es = _unknown(ca, len(sources)), _unknown(es, len(sources))
    unknown_best = _unknown(best, len(sources))
    for i in range(len(sources)):
        expected = out_es[i] if len(unknown_es[i]) < len(unknown_ca[i]) else out_ca[i]
        assert out_best[i] == expected
        assert len(unknown_best[i]) == min(len(unknown_ca[i]), len(unknown_es[i]))
    assert "fr-ca+ca-en" in best.signature()["model"] and "fr-es+es-en" in best.signature()["model"]
