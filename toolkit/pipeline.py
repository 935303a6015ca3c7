"""The stages in order: read → segment → protect terms → translate → restore & check → align."""

from __future__ import annotations

import os
from collections.abc import Callable

from toolkit.formats import read_document
from toolkit.model import Document

Warn = Callable[[str], None]


def prepare(
    path: str | os.PathLike[str], srx: str | os.PathLike[str] | None = None, warn: Warn | None = None,
    lang: str = "fr",
) -> Document:
    """Read any supported input and cut its blocks into sentences with the rules of `lang` (the shipped
    rules/fr.srx or rules/en.srx, or the SRX file given)."""
    from toolkit.segment import load_segmenter, segment_document

    segmenter = load_segmenter(srx, lang=lang)
    doc = read_document(os.fspath(path))
    if warn:
        for message in doc.warnings:
            warn(message)
    return segment_document(doc, segmenter.split)
