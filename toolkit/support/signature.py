"""The signature of a result: every setting that produced it (toolkit, engine, model, glossary hash)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping

from toolkit import __version__

# the keys every engine reports come first in the compact string; anything else follows in the order given
_LEADING = ("toolkit", "engine", "version", "model")
HASH_LENGTH = 8


def short_hash(data: bytes) -> str:
    """A short content hash (first hex digits of SHA-256) for glossaries, rule files, memories."""
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def file_hash(path: str | os.PathLike[str]) -> str:
    """`short_hash` of a file's bytes."""
    with open(path, "rb") as fh:
        return short_hash(fh.read())


def make_signature(
    engine_sig: Mapping[str, str],
    glossary_sha: str | None = None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Toolkit version, then the engine's own signature, the glossary hash ("none" without one), then `extra`.

    `extra` carries anything else that changes the output, e.g. {"segmenter": <rules hash>, "tm": <hash>}.
    """
    sig: dict[str, str] = {"toolkit": __version__}
    for key, value in engine_sig.items():
        if key != "toolkit":
            sig[key] = str(value)
    sig["glossary"] = glossary_sha[:HASH_LENGTH] if glossary_sha else "none"
    for key, value in (extra or {}).items():
        sig[key] = str(value)
    return sig


def _clean(value: str) -> str:
    # the compact form is one line of `key:value` fields joined by `|`
    return " ".join(value.replace("|", "/").split())


def signature_string(sig: Mapping[str, str]) -> str:
    """The compact one-line form, as sacrebleu prints it.

    e.g. `toolkit:0.1.0|engine:apertium|version:3.8.3|model:fr-es+es-en|glossary:ab12cd34`
    """
    keys = [k for k in _LEADING if k in sig] + [k for k in sig if k not in _LEADING]
    return "|".join(f"{_clean(k)}:{_clean(sig[k])}" for k in keys)
