"""Custom footnote marks: the reference prints the mark; the note shows it instead of the automatic number."""

from __future__ import annotations

from lxml import etree

from toolkit.oxml.footnotes import displayed_mark, note_text, notes_by_id, references, set_custom_mark
from toolkit.oxml.ns import W, qn

NS = f'xmlns:w="{W}"'
BODY = (f'<w:body {NS}><w:p><w:r><w:t>Text</w:t></w:r>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="7"/></w:r>'
        '</w:p></w:body>')
NOTES = (f'<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
         '</w:footnote><w:footnote w:id="7"><w:p>'
         '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
         '<w:r><w:t xml:space="preserve"> Source one.</w:t></w:r></w:p></w:footnote></w:footnotes>')


def test_custom_mark_in_body_and_note() -> None:
    body, notes = etree.fromstring(BODY), etree.fromstring(NOTES)
    by_id = notes_by_id(notes)
    assert list(by_id) == ["7"]  # separators are not notes
    (ref,) = references(body)
    assert displayed_mark(ref) == ""
    set_custom_mark(ref, by_id["7"], "4")
    assert ref.get(qn("w:customMarkFollows")) == "1"
    assert displayed_mark(ref) == "4"
    assert by_id["7"].find(f".//{qn('w:footnoteRef')}") is None
    assert by_id["7"].findtext(f".//{qn('w:t')}") == "4"
    assert note_text(by_id["7"]) == "Source one."
    set_custom_mark(ref, by_id["7"], "5")  # again: the mark is replaced, not doubled
    assert displayed_mark(ref) == "5"
