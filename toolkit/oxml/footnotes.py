"""Footnotes: references in the body, notes in word/footnotes.xml, custom marks that print a chosen number."""

from __future__ import annotations

from toolkit.oxml.ns import Element, make, qn, wattr

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def references(root: Element) -> list[Element]:
    """The `w:footnoteReference` elements under `root`, in document order."""
    return list(root.iter(qn("w:footnoteReference")))


def notes_by_id(footnotes: Element) -> dict[str, Element]:
    """Real notes of footnotes.xml (not the separators) by their `w:id`."""
    return {
        wattr(note, "id"): note
        for note in footnotes.findall(qn("w:footnote"))
        if wattr(note, "type", "normal") == "normal"
    }


def text_run(text: str) -> Element:
    t = make("w:t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    return t


def set_custom_mark(reference: Element, note: Element, mark: str) -> None:
    """Make the reference print `mark` in the body and in the note, instead of Word's running number.

    `w:customMarkFollows` tells Word (and LibreOffice) that the text following the reference in its run is the
    mark; in the note the automatic `w:footnoteRef` gives way to the same text.
    """
    reference.set(qn("w:customMarkFollows"), "1")
    run = reference.getparent()
    for old in reference.itersiblings():
        if old.tag == qn("w:t"):
            run.remove(old)
    reference.addnext(text_run(mark))
    auto = note.find(f".//{qn('w:footnoteRef')}")
    if auto is not None:
        auto.getparent().replace(auto, text_run(mark))


def displayed_mark(reference: Element) -> str:
    """The custom mark a reference prints, or '' when Word numbers it."""
    if reference.get(qn("w:customMarkFollows")) not in ("1", "true", "on"):
        return ""
    return "".join(t.text or "" for t in reference.itersiblings(qn("w:t")))


def note_text(note: Element) -> str:
    """The text of a note's paragraphs, one line each, without its mark."""
    lines: list[str] = []
    for para in note.iter(qn("w:p")):
        parts: list[str] = []
        for run in para.iter(qn("w:r")):
            style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
            if style is not None and wattr(style, "val") == "FootnoteReference":
                continue  # the mark
            parts.extend(t.text or "" for t in run.iter(qn("w:t")))
        lines.append("".join(parts).strip())
    return "\n".join(lines)
