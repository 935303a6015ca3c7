"""List levels and start overrides."""

from __future__ import annotations

from lxml import etree

from toolkit.oxml.ns import W, qn
from toolkit.oxml.numbering import set_list_level, start_at

NS = f'xmlns:w="{W}"'


def test_level_and_start() -> None:
    para = etree.fromstring(f'<w:p {NS}><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1003"/></w:numPr>'
                            '</w:pPr></w:p>')
    numbering = etree.fromstring(f'<w:numbering {NS}>'
                                 '<w:num w:numId="1002"><w:abstractNumId w:val="1"/></w:num>'
                                 '<w:num w:numId="1003"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    assert set_list_level(para, 1) == "1003"
    assert para.find(f".//{qn('w:ilvl')}").get(qn("w:val")) == "1"
    start_at(numbering, "1003", 1, 4)
    override = numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='1003']/{qn('w:lvlOverride')}")
    assert override.get(qn("w:ilvl")) == "1"
    assert override.find(qn("w:startOverride")).get(qn("w:val")) == "4"
    assert numbering.find(f"{qn('w:num')}[@{qn('w:numId')}='1002']/{qn('w:lvlOverride')}") is None
    assert set_list_level(etree.fromstring(f"<w:p {NS}/>"), 1) == ""
