"""Style and font-table edits python-docx has no words for: explicit fonts over theme fonts, font fallbacks,
fields in headers and footers."""

from __future__ import annotations

from toolkit.oxml.ns import Element, get_or_add, make, qn, replace_child

_RPR_AFTER_FONTS = ("w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
                    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish",
                    "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
                    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl",
                    "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_fonts(rpr: Element, latin: str) -> None:
    """Name the font outright for Latin and complex scripts: a theme font would win over a named one."""
    fonts = make("w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:cs": latin, "w:eastAsia": latin})
    replace_child(rpr, fonts, _RPR_AFTER_FONTS)


def drop_theme_color(rpr: Element) -> None:
    """Keep a run colour's RGB value and forget its theme colour, which would override it."""
    color = rpr.find(qn("w:color"))
    if color is not None:
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)


def style_rpr(style: Element) -> Element:
    """The run properties of a `w:style` element, created in place if missing."""
    return get_or_add(style, "w:rPr", ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"))


def add_font(font_table: Element, name: str, family: str, alt_name: str, panose: str) -> None:
    """Declare a font with its family and a look-alike, so an application without it substitutes well."""
    for old in font_table.findall(qn("w:font")):
        if old.get(qn("w:name")) == name:
            font_table.remove(old)
    font = make("w:font", {"w:name": name})
    font.append(make("w:altName", {"w:val": alt_name}))
    font.append(make("w:panose1", {"w:val": panose}))
    font.append(make("w:charset", {"w:val": "00"}))
    font.append(make("w:family", {"w:val": family}))
    font.append(make("w:pitch", {"w:val": "variable"}))
    font_table.insert(0, font)


def simple_field(instruction: str, placeholder: str) -> Element:
    """A `w:fldSimple` (PAGE, TITLE…) showing `placeholder` until the application updates it."""
    field = make("w:fldSimple", {"w:instr": f" {instruction} "})
    run = make("w:r")
    text = make("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    return field
