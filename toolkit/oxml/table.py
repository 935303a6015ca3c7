"""Tables: fixed column widths, quiet borders, a header row repeated on every page."""

from __future__ import annotations

from toolkit.oxml.ns import Element, get_or_add, make, qn, replace_child

_TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_TCPR_ORDER = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
               "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_TRPR_ORDER = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")

RULE_COLOR = "A6A6A6"  # a light grey: separates the columns without boxing the text
HEADER_FILL = "EDEDED"
CELL_MARGIN = 142  # twips each side of the rule between the columns


def after(order: tuple[str, ...], tag: str) -> tuple[str, ...]:
    """The tags that come after `tag` in a schema sequence."""
    return order[order.index(tag) + 1 :]


def _set(parent: Element, order: tuple[str, ...], tag: str, attrs: dict[str, str]) -> Element:
    child = make(tag, attrs)
    replace_child(parent, child, after(order, tag))
    return child


def border(tag: str, kind: str = "single", size: int = 4, color: str = RULE_COLOR) -> Element:
    """A border edge (`w:top`, `w:insideV`, …); size in eighths of a point."""
    if kind == "nil":
        return make(tag, {"w:val": "nil"})
    return make(tag, {"w:val": kind, "w:sz": str(size), "w:space": "0", "w:color": color})


def rows(table: Element) -> list[Element]:
    return table.findall(qn("w:tr"))


def cells(row: Element) -> list[Element]:
    return row.findall(qn("w:tc"))


def set_fixed_widths(table: Element, widths: list[int]) -> None:
    """Fixed layout: the grid, the table and every cell get their width in twips."""
    tblpr = get_or_add(table, "w:tblPr")
    _set(tblpr, _TBLPR_ORDER, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
    _set(tblpr, _TBLPR_ORDER, "w:tblLayout", {"w:type": "fixed"})
    grid = table.find(qn("w:tblGrid"))
    if grid is None:
        grid = make("w:tblGrid")
        tblpr.addnext(grid)
    for col in list(grid):
        grid.remove(col)
    for width in widths:
        grid.append(make("w:gridCol", {"w:w": str(width)}))
    for row in rows(table):
        for cell, width in zip(cells(row), widths, strict=False):
            tcpr = get_or_add(cell, "w:tcPr")
            _set(tcpr, _TCPR_ORDER, "w:tcW", {"w:w": str(width), "w:type": "dxa"})


def set_quiet_borders(table: Element, cell_margin: int = CELL_MARGIN, row_gap: int = 100) -> None:
    """No frame; a thin rule between the columns; room on each side of the rule and below each row."""
    tblpr = get_or_add(table, "w:tblPr")
    borders = make("w:tblBorders")
    for tag in ("w:top", "w:left", "w:bottom", "w:right", "w:insideH"):
        borders.append(border(tag, "nil"))
    borders.append(border("w:insideV"))
    replace_child(tblpr, borders, after(_TBLPR_ORDER, "w:tblBorders"))
    margins = make("w:tblCellMar")
    for tag, value in (("w:top", 40), ("w:left", cell_margin), ("w:bottom", row_gap),
                       ("w:right", cell_margin)):
        margins.append(make(tag, {"w:w": str(value), "w:type": "dxa"}))
    replace_child(tblpr, margins, after(_TBLPR_ORDER, "w:tblCellMar"))
    # the first column starts flush with the text margin
    _set(tblpr, _TBLPR_ORDER, "w:tblInd", {"w:w": "0", "w:type": "dxa"})


def set_header_row(row: Element, fill: str = HEADER_FILL) -> None:
    """Repeat `row` at the top of every page, shaded, ruled below, never split."""
    trpr = row.find(qn("w:trPr"))
    if trpr is None:
        trpr = make("w:trPr")
        row.insert(0, trpr)
    _set(trpr, _TRPR_ORDER, "w:cantSplit", {})
    _set(trpr, _TRPR_ORDER, "w:tblHeader", {})
    for cell in cells(row):
        tcpr = get_or_add(cell, "w:tcPr")
        edges = make("w:tcBorders")
        edges.append(border("w:bottom", size=6, color="7F7F7F"))
        replace_child(tcpr, edges, after(_TCPR_ORDER, "w:tcBorders"))
        _set(tcpr, _TCPR_ORDER, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def is_header_row(row: Element) -> bool:
    return row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
