"""List numbering: a paragraph's list level, and a list instance that starts at a given number."""

from __future__ import annotations

from toolkit.oxml.ns import Element, get_or_add, make, qn, wattr


def list_properties(paragraph: Element) -> Element | None:
    """The paragraph's `w:numPr`, or None when it is not a list item."""
    return paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")


def set_list_level(paragraph: Element, ilvl: int) -> str:
    """Put a list paragraph at level `ilvl` (0-based); returns its numbering instance id."""
    numpr = list_properties(paragraph)
    if numpr is None:
        return ""
    get_or_add(numpr, "w:ilvl", ("w:numId",)).set(qn("w:val"), str(ilvl))
    num_id = numpr.find(qn("w:numId"))
    return "" if num_id is None else wattr(num_id, "val")


def start_at(numbering: Element, num_id: str, ilvl: int, start: int) -> None:
    """Make list instance `num_id` count level `ilvl` from `start` (a w:lvlOverride/w:startOverride)."""
    for num in numbering.findall(qn("w:num")):
        if wattr(num, "numId") != num_id:
            continue
        for old in num.findall(qn("w:lvlOverride")):
            if wattr(old, "ilvl") == str(ilvl):
                num.remove(old)
        override = make("w:lvlOverride", {"w:ilvl": str(ilvl)})
        override.append(make("w:startOverride", {"w:val": str(start)}))
        num.append(override)
        return

