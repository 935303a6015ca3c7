"""Sentence segmentation: SRX 2.0 rules (data in `rules/`) and their application to documents."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from toolkit.segment.blocks import segment_block, segment_content, segment_document

if TYPE_CHECKING:
    from toolkit.segment.srx import SrxSegmenter


def load_segmenter(srx: str | os.PathLike[str] | None = None, lang: str = "fr") -> SrxSegmenter:
    """The shipped rules of `lang` (French, English), or the SRX 2.0 file given."""
    from toolkit.segment import srx as srx_module

    return srx_module.load_segmenter(srx, lang=lang)


__all__ = ["load_segmenter", "segment_block", "segment_content", "segment_document"]
