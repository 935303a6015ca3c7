"""Language tags (`w:lang`): the styles' default language and a language on every run, so Word proofs each
language with its own dictionary."""

from __future__ import annotations

from toolkit.oxml.ns import Element, get_or_add, insert_before, qn

# rPr children that come after w:lang in the schema (CT_RPr sequence)
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")
# rPr children first in a run's properties
_RPR_BEFORE = ("w:rStyle",)
# pPr children after the paragraph mark's rPr
_AFTER_PARA_RPR = ("w:sectPr", "w:pPrChange")


def set_rpr_lang(rpr: Element, tag: str) -> None:
    """Put `<w:lang w:val=tag>` in a run-properties element, keeping other scripts' languages."""
    from lxml import etree

    name = qn("w:lang")
    olds = rpr.findall(name)
    attrs = {qn("w:val"): tag}
    if olds:
        for key in ("w:eastAsia", "w:bidi"):
            value = olds[0].get(qn(key))
            if value is not None:
                attrs[qn(key)] = value
    for old in olds:
        rpr.remove(old)
    # made in place (the part's own namespace declarations), then moved to its schema place
    insert_before(rpr, etree.SubElement(rpr, name, attrs), _AFTER_LANG)


def set_default_lang(styles: Element, tag: str) -> None:
    """The language of text that says nothing else: styles.xml docDefaults."""
    defaults = get_or_add(styles, "w:docDefaults", ("w:latentStyles", "w:style"))
    rpr_default = get_or_add(defaults, "w:rPrDefault", ("w:pPrDefault",))
    set_rpr_lang(get_or_add(rpr_default, "w:rPr"), tag)


def tag_runs(element: Element, tag: str) -> int:
    """Tag every run (and paragraph mark) under `element` with language `tag`; returns the runs tagged."""
    from lxml import etree

    count = 0
    rpr_name = qn("w:rPr")
    for run in element.iter(qn("w:r")):
        rpr = run.find(rpr_name)
        if rpr is None:
            rpr = etree.SubElement(run, rpr_name)  # in the part's namespaces, then first
            run.insert(0, rpr)
        set_rpr_lang(rpr, tag)
        count += 1
    for ppr in element.iter(qn("w:pPr")):
        rpr = ppr.find(rpr_name)
        if rpr is None:
            rpr = etree.SubElement(ppr, rpr_name)
            insert_before(ppr, rpr, _AFTER_PARA_RPR)
        set_rpr_lang(rpr, tag)
    return count


def run_langs(element: Element) -> list[str]:
    """The language of each run under `element` ('' when untagged), in order."""
    out: list[str] = []
    for run in element.iter(qn("w:r")):
        lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        out.append("" if lang is None else str(lang.get(qn("w:val"))))
    return out
