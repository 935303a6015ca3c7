"""Text width from the section properties, with A4 and Word's margins for what is missing."""

from __future__ import annotations

from lxml import etree

from toolkit.oxml.ns import W
from toolkit.oxml.section import text_width

NS = f'xmlns:w="{W}"'


def test_text_width() -> None:
    doc = etree.fromstring(f'<w:document {NS}><w:body><w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
                           '<w:pgMar w:left="1247" w:right="1247"/></w:sectPr></w:body></w:document>')
    assert text_width(doc) == 11906 - 2 * 1247
    bare = etree.fromstring(f"<w:document {NS}><w:body><w:sectPr/></w:body></w:document>")
    assert text_width(bare) == 11906 - 2 * 1440
