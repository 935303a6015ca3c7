"""Builds a tiny but real Argos package (SentencePiece + CTranslate2 transformer + metadata.json, zipped)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR_NAME = "translate-fr_en-0_1"
PACKAGE_FILE_NAME = f"{PACKAGE_DIR_NAME}.argosmodel"

# French and English lines from the seed brief's world: enough for SentencePiece to learn ~250 pieces.
CORPUS: tuple[str, ...] = (
    "En octobre, le président biélorusse annonçait la création d’un groupe régional conjoint.",
    "Des forces russes stationnées au Bélarus avaient amorcé une invasion de l’Ukraine par le Nord.",
    "Un scénario similaire est potentiellement en préparation.",
    "De nouveaux exercices militaires ont été annoncés hier entre les forces russes et biélorusses.",
    "Le commandant en chef des armées ukrainiennes a annoncé que l’Ukraine se préparait.",
    "Aucun signe corroborant ces prévisions n’émane de la visite officielle russe en Biélorussie.",
    "Le communiqué de la présidence ne mentionne pas l’Ukraine.",
    "La rhétorique de l’alliance entre les deux pays était néanmoins bien présente.",
    "La décision finale reviendrait à Poutine, à qui Loukachenko ne pourrait rien refuser.",
    "L’absence de journalistes laisse planer le mystère sur le contenu des échanges.",
    "Vladimir Poutine s’est entretenu deux heures durant avec Loukachenko.",
    "Sa résidence est située à une trentaine de kilomètres de Minsk.",
    "Les sanctions contre la Russie ont été renforcées en décembre.",
    "Le gouvernement ukrainien demande davantage de défense aérienne.",
    "In October, the Belarusian president announced the creation of a joint regional group.",
    "Russian forces stationed in Belarus had begun an invasion of Ukraine from the North.",
    "A similar scenario is potentially in preparation.",
    "New military exercises were announced yesterday between Russian and Belarusian forces.",
    "The commander in chief of the Ukrainian armed forces announced that Ukraine was preparing.",
    "No sign supporting these forecasts emerges from the official Russian visit to Belarus.",
    "The statement of the presidency does not mention Ukraine.",
    "The rhetoric of the alliance between the two countries was nevertheless present.",
    "The final decision would rest with Putin, whom Lukashenko could refuse nothing.",
    "The absence of journalists leaves the content of the talks a mystery.",
    "Vladimir Putin talked for two hours with Lukashenko.",
    "His residence is located about thirty kilometres from Minsk.",
    "Sanctions against Russia were strengthened in December.",
    "The Ukrainian government asks for more air defence.",
)


@dataclass(frozen=True)
class ModelSize:
    """Shape of the synthetic transformer: tiny for tests, size-realistic for benchmarks."""

    layers: int = 2
    d_model: int = 64
    heads: int = 4
    ffn: int = 128
    vocab_size: int = 256
    quantization: str | None = None  # e.g. "int8", as Argos ships its models


TINY = ModelSize()
CROSS_GAIN = 3.0


def _train_sentencepiece(vocab_size: int, corpus: Sequence[str]) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        # a small corpus cannot always reach the requested size; the exact size does not matter
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=1,
    )
    return model.getvalue()


def _write_ctranslate2_model(model_dir: Path, vocabulary: list[str], size: ModelSize, seed: int) -> None:
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    d, ffn, v = size.d_model, size.ffn, len(vocabulary)

    def weights(*shape: int, gain: float = 1.0) -> object:
        # unit-variance outputs keep activations sane, so outputs depend on the input instead of saturating
        return (rng.standard_normal(shape) * (gain / np.sqrt(shape[-1]))).astype(np.float32)

    def norm(layer_norm: object) -> None:
        layer_norm.gamma = np.ones(d, dtype=np.float32)  # type: ignore[attr-defined]
        layer_norm.beta = np.zeros(d, dtype=np.float32)  # type: ignore[attr-defined]

    spec = transformer_spec.TransformerSpec.from_config(size.layers, size.heads)
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = weights(v, d)
    norm(encoder.layer_norm)
    for layer in encoder.layer:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = weights(3 * d, d)
        layer.self_attention.linear[1].weight = weights(d, d)
        norm(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight = weights(ffn, d)
        layer.ffn.linear_1.weight = weights(d, ffn)
    decoder.embeddings.weight = weights(v, d)
    norm(decoder.layer_norm)
    decoder.projection.weight = weights(v, d)
    for layer in decoder.layer:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = weights(3 * d, d)
        layer.self_attention.linear[1].weight = weights(d, d)
        norm(layer.attention.layer_norm)
        layer.attention.linear[0].weight = weights(d, d, gain=CROSS_GAIN)
        layer.attention.linear[1].weight = weights(2 * d, d, gain=CROSS_GAIN)
        # a loud cross-attention makes the output follow the source rather than the decoder's own history
        layer.attention.linear[2].weight = weights(d, d, gain=CROSS_GAIN)
        norm(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight = weights(ffn, d)
        layer.ffn.linear_1.weight = weights(d, ffn)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    if size.quantization:
        spec.optimize(quantization=size.quantization)
    model_dir.mkdir()
    spec.save(str(model_dir))


def build_package_dir(
    dest_dir: Path,
    *,
    size: ModelSize = TINY,
    seed: int = 1234,
    metadata: dict[str, object] | None = None,
    dir_name: str = PACKAGE_DIR_NAME,
) -> Path:
    """Write an unzipped package directory `dest_dir/dir_name` and return it."""
    import sentencepiece as spm

    package_dir = Path(dest_dir) / dir_name
    package_dir.mkdir(parents=True)
    sp_model = _train_sentencepiece(min(size.vocab_size, 256), CORPUS)
    (package_dir / "sentencepiece.model").write_bytes(sp_model)
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    # a big model needs a bigger softmax than a small corpus can teach SentencePiece: pad with unused pieces
    vocabulary += [f"<extra_{i}>" for i in range(size.vocab_size - len(vocabulary))]
    _write_ctranslate2_model(package_dir / "model", vocabulary, size, seed)
    meta: dict[str, object] = {
        "package_version": "0.1",
        "argos_version": "1.0",
        "from_code": "fr",
        "from_name": "French",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "links": [],
    }
    meta.update(metadata or {})
    (package_dir / "metadata.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    (package_dir / "README.md").write_text("Tiny synthetic test package: random weights.\n", encoding="utf-8")
    return package_dir


def zip_package_dir(package_dir: Path, archive: Path) -> Path:
    """Zip a package directory with its top-level directory, as Argos distributes packages."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(package_dir.rglob("*")):
            zf.write(path, f"{package_dir.name}/{path.relative_to(package_dir).as_posix()}")
    return archive


def build_tiny_package(dest_dir: Path, *, size: ModelSize = TINY, seed: int = 1234) -> Path:
    """Build `dest_dir/translate-fr_en-0_1.argosmodel`, a real installable Argos package; return its path."""
    dest_dir = Path(dest_dir)
    work = dest_dir / "build"
    package_dir = build_package_dir(work, size=size, seed=seed)
    return zip_package_dir(package_dir, dest_dir / PACKAGE_FILE_NAME)
