"""The Argos engine on a tiny real package: batching, dedupe, order, oracle equality, prefix, long inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engines.tinyargos import build_package_dir
from toolkit.engines.argos import ArgosEngine, engine_from_options, find_package
from toolkit.errors import ToolkitError

SENTENCES = [
    "En octobre, le président biélorusse annonçait la création d’un groupe régional conjoint.",
    "Un scénario similaire est potentiellement en préparation.",
    "Le communiqué de la présidence ne mentionne pas l’Ukraine.",
    "Les sanctions contre la Russie ont été renforcées.",
    "Vladimir Poutine s’est entretenu deux heures durant avec Loukachenko.",
    "Minsk.",
    "La décision finale reviendrait à Poutine.",
    "L’absence de journalistes laisse planer le mystère sur le contenu des échanges qui y ont eu lieu.",
]
# short decodes keep the tests fast; random weights always run to the limit anyway
DECODE = 12


class SpyEngine(ArgosEngine):
    """Records every batch handed to CTranslate2."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.batches: list[list[list[str]]] = []

    def _translate_batch(self, batch: list[list[str]]) -> list[list[str]]:
        self.batches.append([list(tokens) for tokens in batch])
        return super()._translate_batch(batch)


def oracle(package_dir: Path, text: str, max_decoding_length: int, target_prefix: str = "") -> str:
    """One sentence through CTranslate2 and SentencePiece directly, with Argos's decoding settings."""
    import ctranslate2
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu", compute_type="auto")
    result = translator.translate_batch(
        [sp.encode(text, out_type=str)],
        target_prefix=[[target_prefix]] if target_prefix else None,
        beam_size=4,
        length_penalty=0.2,
        replace_unknowns=True,
        max_decoding_length=max_decoding_length,
    )[0]
    pieces = result.hypotheses[0]
    if target_prefix:
        assert pieces[0] == target_prefix
        pieces = pieces[1:]
    decoded: str = sp.decode_pieces(pieces)
    return decoded.strip()


def test_one_output_per_input_in_order_and_blanks_pass_through(argos_packages_dir: Path) -> None:
    engine = ArgosEngine(max_decoding_length=DECODE)
    texts = ["", SENTENCES[0], "   ", SENTENCES[1]]
    out = engine.translate(texts)
    assert len(out) == 4
    assert out[0] == "" and out[2] == "   "
    assert out[1] and out[3] and out[1] != out[3]
    assert out[1] == engine.translate([SENTENCES[0]])[0]


def test_output_is_deterministic_across_calls_and_engines(argos_packages_dir: Path) -> None:
    first = ArgosEngine(max_decoding_length=DECODE).translate(SENTENCES)
    assert ArgosEngine(max_decoding_length=DECODE).translate(SENTENCES) == first
    assert len(set(first)) == len(SENTENCES)  # the model does read its input


def test_each_output_equals_ctranslate2_on_that_sentence_alone(argos_packages_dir: Path) -> None:
    engine = ArgosEngine(max_batch_size=3, max_decoding_length=DECODE)
    out = engine.translate(SENTENCES)
    package_dir = engine.package_path
    assert out == [oracle(package_dir, text, DECODE) for text in SENTENCES]


def test_identical_strings_are_translated_once(argos_packages_dir: Path) -> None:
    engine = SpyEngine(max_decoding_length=DECODE)
    texts = [SENTENCES[0], SENTENCES[1], SENTENCES[0], SENTENCES[0], SENTENCES[1]]
    out = engine.translate(texts)
    sent = [tokens for batch in engine.batches for tokens in batch]
    assert len(sent) == 2
    assert out[0] == out[2] == out[3] and out[1] == out[4]


def test_batches_respect_max_batch_size_and_are_sorted_by_length(argos_packages_dir: Path) -> None:
    engine = SpyEngine(max_batch_size=3, max_decoding_length=DECODE)
    out = engine.translate(SENTENCES)
    assert [len(batch) for batch in engine.batches] == [3, 3, 2]
    lengths = [len(tokens) for batch in engine.batches for tokens in batch]
    assert lengths == sorted(lengths)
    assert lengths != [len(engine._encode(text)) for text in SENTENCES]  # the sort did reorder
    # and the results still come back in input order
    assert out == ArgosEngine(max_batch_size=1, max_decoding_length=DECODE).translate(SENTENCES)


def test_progress_counts_every_input_once(argos_packages_dir: Path) -> None:
    steps: list[int] = []
    texts = [*SENTENCES, "", SENTENCES[0]]
    ArgosEngine(max_batch_size=2, max_decoding_length=DECODE).translate(texts, steps.append)
    assert sum(steps) == len(texts)
    assert len(steps) > 1


def test_signature_names_engine_versions_and_model(argos_packages_dir: Path) -> None:
    from importlib.metadata import version

    signature = ArgosEngine().signature()
    assert signature == {
        "engine": "argos",
        "version": version("argos-translate-lt"),
        "model": "translate-fr_en 0.1",
        "ctranslate2": version("ctranslate2"),
    }


def test_missing_model_names_both_ways_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path))
    assert not ArgosEngine.available()
    with pytest.raises(ToolkitError) as caught:
        ArgosEngine()
    message = str(caught.value)
    assert "no Argos fr→en model installed" in message
    assert "toolkit models install fr en" in message and "--file" in message
    assert "\n" not in message


def test_available_and_explicit_packages_dir(
    argos_packages_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ArgosEngine.available()
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    engine = ArgosEngine(packages_dir=argos_packages_dir, max_decoding_length=DECODE)
    assert engine.package_path.parent == argos_packages_dir
    assert find_package("en", "fr", argos_packages_dir) is None


def test_target_prefix_is_forced_then_removed(tmp_path: Path) -> None:
    import sentencepiece

    probe = build_package_dir(tmp_path / "probe")
    sp = sentencepiece.SentencePieceProcessor(model_file=str(probe / "sentencepiece.model"))
    prefix = sp.id_to_piece(sp.get_piece_size() - 1)
    package_dir = build_package_dir(tmp_path / "packages", metadata={"target_prefix": prefix})
    engine = SpyEngine(packages_dir=tmp_path / "packages", max_decoding_length=DECODE)
    out = engine.translate(SENTENCES[:3])
    assert engine.target_prefix == prefix
    assert out == [oracle(package_dir, text, DECODE, prefix) for text in SENTENCES[:3]]
    plain = ArgosEngine(packages_dir=tmp_path / "probe", max_decoding_length=DECODE).translate(SENTENCES[:3])
    assert out != plain  # the forced first token changed the decoding


def test_long_input_is_split_at_clause_ends_and_reported(argos_packages_dir: Path) -> None:
    long_text = ", ".join(SENTENCES[i].rstrip(".") for i in (1, 2, 3, 6)) + "."
    engine = SpyEngine(max_input_tokens=16, max_decoding_length=DECODE)
    out = engine.translate([SENTENCES[5], long_text])
    chunks = [tokens for batch in engine.batches for tokens in batch]
    assert all(len(tokens) <= 16 for tokens in chunks)
    whole = engine._encode(long_text)
    pieces = [c for c in chunks if c != engine._encode(SENTENCES[5])]
    starts = sorted((next(i for i in range(len(whole)) if whole[i : i + len(c)] == c), c) for c in pieces)
    assert [token for _start, chunk in starts for token in chunk] == whole  # the chunks tile the sentence
    assert any(c[-1].endswith(",") for c in chunks)
    assert [(w.index, w.kind) for w in engine.warnings] == [(1, "long-segment-split")]
    assert out[0] == ArgosEngine(max_decoding_length=DECODE).translate([SENTENCES[5]])[0]
    assert out[1]


def test_bad_options_are_one_line_errors(argos_packages_dir: Path) -> None:
    with pytest.raises(ToolkitError, match="beam_size must be at least 1"):
        ArgosEngine(beam_size=0)
    with pytest.raises(ToolkitError, match="unknown Argos option 'beam'"):
        engine_from_options({"beam": "2"})
    with pytest.raises(ToolkitError, match="wants a number"):
        engine_from_options({"beam_size": "four"})
    engine = engine_from_options({"beam_size": "2", "max_batch_size": "8", "threads": "1"})
    assert (engine.beam_size, engine.max_batch_size, engine.threads) == (2, 8, 1)


def test_bpe_package_is_refused_clearly(argos_packages_dir: Path) -> None:
    engine = ArgosEngine()
    (engine.package_path / "sentencepiece.model").rename(engine.package_path / "bpe.model")
    with pytest.raises(ToolkitError, match="BPE"):
        engine.translate(["Bonjour."])


def test_translating_never_imports_argos_translate_stanza_or_torch(argos_packages_dir: Path) -> None:
    script = (
        "import json, sys\n"
        "from toolkit.engines.argos import ArgosEngine\n"
        "out = ArgosEngine(max_decoding_length=4).translate(['Le président biélorusse.'])\n"
        "heavy = [m for m in ('argostranslate.translate', 'stanza', 'torch', 'spacy') if m in sys.modules]\n"
        "print(json.dumps({'out': out, 'heavy': heavy}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["heavy"] == []
    assert len(result["out"]) == 1 and result["out"][0]
