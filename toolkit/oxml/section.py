"""Page geometry from the body's section properties (w:sectPr), in twentieths of a point (twips)."""

from __future__ import annotations

from toolkit.oxml.ns import Element, qn, wattr

A4_WIDTH = 11906
WORD_DEFAULT_MARGIN = 1440


def body_section(document: Element) -> Element | None:
    body = document.find(qn("w:body"))
    return None if body is None else body.find(qn("w:sectPr"))


def text_width(document: Element) -> int:
    """Page width minus left and right margins; A4 and Word's default margins for what the section omits."""
    sect = body_section(document)
    page = sect.find(qn("w:pgSz")) if sect is not None else None
    margins = sect.find(qn("w:pgMar")) if sect is not None else None
    width = int(wattr(page, "w", str(A4_WIDTH))) if page is not None else A4_WIDTH
    left = right = WORD_DEFAULT_MARGIN
    if margins is not None:
        left = int(wattr(margins, "left", "") or wattr(margins, "start", "") or WORD_DEFAULT_MARGIN)
        right = int(wattr(margins, "right", "") or wattr(margins, "end", "") or WORD_DEFAULT_MARGIN)
    return max(width - left - right, 1440)
