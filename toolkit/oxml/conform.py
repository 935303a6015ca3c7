"""What every DOCX the toolkit writes must hold whatever its style reference: ECMA-376 Transitional validity where
pandoc's output or a user's reference falls short, every style the body names defined, and no footnote
numbering restart carried over from the input."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from toolkit.oxml.ns import Element, qn, wattr

# CT_PageMar: all seven edges are required; Word's own values for those a reference omits.
PAGE_MARGIN_DEFAULTS = {"top": "1440", "right": "1440", "bottom": "1440", "left": "1440", "header": "708",
                        "footer": "708", "gutter": "0"}
_STYLE_REFS = ("w:pStyle", "w:rStyle", "w:tblStyle")
_STYLE_LINKS = ("w:basedOn", "w:next", "w:link")


def complete_page_margins(document: Element) -> int:
    """Give every `w:pgMar` the attributes the schema requires; returns how many were completed."""
    changed = 0
    for margins in document.iter(qn("w:pgMar")):
        for name, value in PAGE_MARGIN_DEFAULTS.items():
            if margins.get(qn(f"w:{name}")) is None:
                margins.set(qn(f"w:{name}"), value)
                changed += 1
    return changed


def complete_zoom(settings: Element) -> None:
    """`w:zoom` must carry `w:percent` (a `bestFit` zoom alone is invalid)."""
    for zoom in settings.iter(qn("w:zoom")):
        if zoom.get(qn("w:percent")) is None:
            zoom.set(qn("w:percent"), "100")


def drop_note_restarts(*roots: Element) -> int:
    """Remove footnote numbering restarts and start values (settings and every section): the editions number
    their notes like the source, once through; returns how many were removed."""
    removed = 0
    for root in roots:
        for props in list(root.iter(qn("w:footnotePr"))):
            for tag in ("w:numRestart", "w:numStart"):
                for child in props.findall(qn(tag)):
                    props.remove(child)
                    removed += 1
            if len(props) == 0 and props.getparent() is not None and props.getparent().tag == qn("w:sectPr"):
                props.getparent().remove(props)
    return removed


def used_styles(roots: Iterable[Element]) -> set[str]:
    """Style ids named by paragraphs, runs and tables under `roots`."""
    return {wattr(el, "val") for root in roots for tag in _STYLE_REFS for el in root.iter(qn(tag))}


def _styles_by_id(styles: Element) -> dict[str, Element]:
    return {wattr(style, "styleId"): style for style in styles.findall(qn("w:style"))}


def add_missing_styles(styles: Element, wanted: Iterable[str], reference: Element) -> list[str]:
    """Copy from `reference` (a styles part) every style of `wanted`, and the styles they are based on or
    linked to, that `styles` lacks; returns the ids added. A style neither defines stays undefined."""
    have = _styles_by_id(styles)
    offer = _styles_by_id(reference)
    added: list[str] = []
    todo = [sid for sid in sorted(set(wanted)) if sid not in have]
    while todo:
        sid = todo.pop(0)
        if sid in have or sid not in offer:
            continue
        style = copy.deepcopy(offer[sid])
        styles.append(style)
        have[sid] = style
        added.append(sid)
        todo.extend(wattr(link, "val") for tag in _STYLE_LINKS for link in style.findall(qn(tag)))
    return added


def undefined_styles(styles: Element, roots: Iterable[Element]) -> set[str]:
    """Style ids used under `roots` that `styles` does not define."""
    return used_styles(roots) - set(_styles_by_id(styles))

