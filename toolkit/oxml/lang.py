"""Language tags (`w:lang`): the styles' default language and a language on every run, so Word proofs each
language with its own dictionary."""

from __future__ import annotations

from toolkit.oxml.ns import Element, get_or_add, make, qn, replace_child

# rPr children that come after w:lang in the schema (CT_RPr sequence)
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")
# rPr children first in a run's properties
_RPR_BEFORE = ("w:rStyle",)
# pPr children after the paragraph mark's rPr
_AFTER_PARA_RPR = ("w:sectPr", "w:pPrChange")


def set_rpr_lang(rpr: Element, tag: str) -> None:
    """Put `<w:lang w:val=tag>` in a run-properties element, keeping other scripts' languages."""
    old = rpr.find(qn("w:lang"))
    lang = make("w:lang", {"w:val": tag})
    if old is not None:
        for key in ("w:eastAsia", "w:bidi"):
            if old.get(qn(key)) is not None:
                lang.set(qn(key), old.get(qn(key)))
    replace_child(rpr, lang, _AFTER_LANG)


def set_default_lang(styles: Element, tag: str) -> None:
    """The language of text that says nothing else: styles.xml docDefaults."""
    defaults = get_or_add(styles, "w:docDefaults", ("w:latentStyles", "w:style"))
    rpr_default = get_or_add(defaults, "w:rPrDefault", ("w:pPrDefault",))
    set_rpr_lang(get_or_add(rpr_default, "w:rPr"), tag)


def tag_runs(element: Element, tag: str) -> int:
    """Tag every run (and paragraph mark) under `element` with language `tag`; returns the runs tagged."""
    count = 0
    for run in element.iter(qn("w:r")):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = make("w:rPr")
            run.insert(0, rpr)
        set_rpr_lang(rpr, tag)
        count += 1
    for ppr in element.iter(qn("w:pPr")):
        set_rpr_lang(get_or_add(ppr, "w:rPr", _AFTER_PARA_RPR), tag)
    return count


def run_langs(element: Element) -> list[str]:
    """The language of each run under `element` ('' when untagged), in order."""
    out: list[str] = []
    for run in element.iter(qn("w:r")):
        lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        out.append("" if lang is None else str(lang.get(qn("w:val"))))
    return out
