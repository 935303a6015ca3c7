"""Run signatures: every setting that produced an output, as a dict and as sacrebleu's compact string."""

from __future__ import annotations

from pathlib import Path

from toolkit import __version__
from toolkit.support.signature import file_hash, make_signature, short_hash, signature_string


def test_signature_orders_toolkit_engine_glossary_extra() -> None:
    sig = make_signature({"engine": "apertium", "version": "3.8.3", "model": "fr-es+es-en"},
                         "ab12cd34ef567890", {"segmenter": "0011aabb"})
    assert sig == {"toolkit": __version__, "engine": "apertium", "version": "3.8.3", "model": "fr-es+es-en",
                   "glossary": "ab12cd34", "segmenter": "0011aabb"}
    assert signature_string(sig) == (
        f"toolkit:{__version__}|engine:apertium|version:3.8.3|model:fr-es+es-en|glossary:ab12cd34"
        "|segmenter:0011aabb")


def test_signature_without_glossary_and_odd_values() -> None:
    sig = make_signature({"model": "a|b  c", "engine": "argos", "ctranslate2": "4.5"}, None)
    assert sig["glossary"] == "none"
    # leading keys first whatever the engine's order; one line, no stray separators
    assert signature_string(sig) == (
        f"toolkit:{__version__}|engine:argos|model:a/b c|ctranslate2:4.5|glossary:none")


def test_hashes_are_short_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_bytes(b"glossary")
    assert file_hash(path) == short_hash(b"glossary") == "3f5dcb46"
    assert short_hash(b"other") != short_hash(b"glossary")
