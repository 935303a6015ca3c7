"""Prepare, the first stage: read any supported input into the model and cut its blocks into sentences."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from toolkit.formats import read_document
from toolkit.model import Document

if TYPE_CHECKING:
    from toolkit.segment.srx import SrxSegmenter

Warn = Callable[[str], None]


def prepare(
    path: str | os.PathLike[str],
    srx: str | os.PathLike[str] | None = None,
    warn: Warn | None = None,
    lang: str = "fr",
    segmenter: SrxSegmenter | None = None,
) -> Document:
    """Read any supported input and cut its blocks into sentences: with `segmenter` when one is already loaded,
    else with the rules of `lang` (the shipped rules/fr.srx or rules/en.srx, or the SRX file given)."""
    from toolkit.segment import load_segmenter, segment_document

    segmenter = segmenter or load_segmenter(srx, lang=lang)
    doc = read_document(os.fspath(path))
    if warn:
        for message in doc.warnings:
            warn(message)
    return segment_document(doc, segmenter.split)
