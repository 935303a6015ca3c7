"""Language tags: placed in schema order, other scripts' languages kept, paragraph marks tagged too."""

from __future__ import annotations

from lxml import etree

from toolkit.oxml.lang import run_langs, set_default_lang, tag_runs
from toolkit.oxml.ns import W, qn

NS = f'xmlns:w="{W}"'


def parse(xml: str) -> etree._Element:
    return etree.fromstring(xml)


def test_tag_runs_puts_lang_before_east_asian_layout_and_keeps_scripts() -> None:
    p = parse(f'<w:p {NS}><w:pPr><w:jc w:val="left"/></w:pPr>'
              '<w:r><w:rPr><w:b/><w:eastAsianLayout/></w:rPr><w:t>a</w:t></w:r>'
              '<w:r><w:rPr><w:lang w:val="fr-FR" w:eastAsia="zh-CN"/></w:rPr><w:t>b</w:t></w:r>'
              '<w:r><w:t>c</w:t></w:r></w:p>')
    assert tag_runs(p, "en-GB") == 3
    assert run_langs(p) == ["en-GB", "en-GB", "en-GB"]
    first = p.findall(qn("w:r"))[0].find(qn("w:rPr"))
    assert [etree.QName(c).localname for c in first] == ["b", "lang", "eastAsianLayout"]
    second = p.findall(qn("w:r"))[1].find(f"{qn('w:rPr')}/{qn('w:lang')}")
    assert second.get(qn("w:eastAsia")) == "zh-CN"
    mark = p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert mark is not None and mark.get(qn("w:val")) == "en-GB"


def test_default_lang_created_in_doc_defaults() -> None:
    styles = parse(f'<w:styles {NS}><w:style w:styleId="Normal"/></w:styles>')
    set_default_lang(styles, "en-GB")
    assert etree.QName(styles[0]).localname == "docDefaults"
    lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"
