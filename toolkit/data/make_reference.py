"""Rebuild toolkit/data/reference.docx, the house style of the DOCX editions, from pandoc's default reference.

Run: python -m toolkit.data.make_reference  (same pandoc, same bytes: zip dates and document dates are fixed).
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TARGET = Path(__file__).with_name("reference.docx")

BODY_FONT = "Liberation Serif"  # metric twin of Times New Roman; DejaVu Serif where neither is installed
HEADING_FONT = "Liberation Sans"  # metric twin of Arial
INK = "1F3864"  # navy headings
GREY = "595959"
FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)


def pandoc_default_reference() -> bytes:
    from toolkit.errors import ToolkitError
    from toolkit.formats.pandoc_run import pandoc_process

    done = pandoc_process(["--print-default-data-file", "reference.docx"], b"")
    if done.returncode != 0:
        raise ToolkitError(f"pandoc cannot give its default reference.docx: exit status {done.returncode}")
    return done.stdout


def spacing(style: Any, before: float | None = None, after: float | None = None,
            line: float | None = None) -> None:
    """A paragraph style's space before and after (points) and line spacing (a multiple); None leaves it."""
    from docx.shared import Pt

    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line


def build() -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    from toolkit.oxml.coreprops import set_core_properties
    from toolkit.oxml.lang import set_default_lang
    from toolkit.oxml.package import Package
    from toolkit.oxml.styles import add_font, drop_theme_color, set_fonts, simple_field, style_rpr

    document = docx.Document(io.BytesIO(pandoc_default_reference()))
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4 portrait
    section.top_margin, section.bottom_margin = Cm(2.4), Cm(2.4)
    section.left_margin, section.right_margin = Cm(2.2), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.2)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header._p.append(simple_field("TITLE", ""))  # the running title: the document's Title property
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(simple_field("PAGE", "1"))

    styles = document.styles
    set_fonts(styles.element.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docDefaults/"
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPrDefault/"
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr"), BODY_FONT)
    set_default_lang(styles.element, "en-GB")

    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    spacing(normal, after=0)
    spacing(styles["Body Text"], before=0, after=6, line=1.15)
    spacing(styles["Compact"], before=1, after=3)

    for name, size, before, after, color in (
        ("Title", 20, 0, 4, INK),
        ("Subtitle", 12, 0, 14, GREY),
        ("Heading 1", 14, 16, 6, INK),
        ("Heading 2", 12, 12, 4, INK),
        ("Heading 3", 11, 10, 3, INK),
        ("Heading 4", 10.5, 8, 2, INK),
    ):
        style = styles[name]
        set_fonts(style_rpr(style.element), HEADING_FONT)
        style.font.size = Pt(size)
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        style.font.color.rgb = RGBColor.from_string(color)
        drop_theme_color(style_rpr(style.element))
        spacing(style, before=before, after=after)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        style.paragraph_format.keep_with_next = True

    quote = styles["Block Text"]
    quote.font.italic = True
    quote.paragraph_format.left_indent = Cm(0.8)
    quote.paragraph_format.right_indent = Cm(0.8)
    notes = styles["Footnote Text"]
    notes.font.size = Pt(8.5)
    spacing(notes, after=2, line=1.0)
    link = styles["Hyperlink"]
    link.font.color.rgb = RGBColor.from_string("1F4E79")
    drop_theme_color(style_rpr(link.element))

    document.core_properties.title = ""
    buffer = io.BytesIO()
    document.save(buffer)

    package = Package.from_bytes(buffer.getvalue(), "reference.docx")
    fonts = package.xml("word/fontTable.xml")
    add_font(fonts, HEADING_FONT, "swiss", "Arial", "020B0604020202020204")
    add_font(fonts, BODY_FONT, "roman", "Times New Roman", "02020603050405020304")
    set_core_properties(package.xml("docProps/core.xml"), when=FIXED_DATE, title="", creator="toolkit",
                        last_modified_by="toolkit", language="en-GB")
    return package.to_bytes()


def main() -> int:
    TARGET.write_bytes(build())
    print(f"wrote {TARGET}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
