"""Table helpers: fixed widths on grid, table and cells; quiet borders; a repeated header row."""

from __future__ import annotations

from lxml import etree

from toolkit.oxml.ns import W, qn
from toolkit.oxml.table import is_header_row, rows, set_fixed_widths, set_header_row, set_quiet_borders

NS = f'xmlns:w="{W}"'
TABLE = (f'<w:tbl {NS}><w:tblPr><w:tblStyle w:val="Table"/><w:tblW w:type="pct" w:w="5000"/>'
         '<w:tblLook w:val="0020"/></w:tblPr>'
         '<w:tblGrid><w:gridCol w:w="3960"/><w:gridCol w:w="3960"/></w:tblGrid>'
         '<w:tr><w:tc><w:p/></w:tc><w:tc><w:tcPr/><w:p/></w:tc></w:tr>'
         '<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>')


def names(el: etree._Element) -> list[str]:
    return [etree.QName(c).localname for c in el]


def test_widths_borders_and_header() -> None:
    table = etree.fromstring(TABLE)
    set_fixed_widths(table, [4000, 5000])
    set_quiet_borders(table)
    set_header_row(rows(table)[0])
    tblpr = table.find(qn("w:tblPr"))
    assert names(tblpr) == ["tblStyle", "tblW", "tblInd", "tblBorders", "tblLayout", "tblCellMar", "tblLook"]
    assert tblpr.find(qn("w:tblW")).get(qn("w:w")) == "9000"
    assert [c.get(qn("w:w")) for c in table.find(qn("w:tblGrid"))] == ["4000", "5000"]
    widths = [tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}").get(qn("w:w")) for tc in table.iter(qn("w:tc"))]
    assert widths == ["4000", "5000", "4000", "5000"]
    borders = tblpr.find(qn("w:tblBorders"))
    assert [b.get(qn("w:val")) for b in borders] == ["nil"] * 5 + ["single"]
    assert is_header_row(rows(table)[0]) and not is_header_row(rows(table)[1])
    assert names(rows(table)[0].find(qn("w:trPr"))) == ["cantSplit", "tblHeader"]
    assert names(rows(table)[0].find(f"{qn('w:tc')}/{qn('w:tcPr')}")) == ["tcW", "tcBorders", "shd"]
