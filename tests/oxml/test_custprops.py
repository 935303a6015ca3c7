"""Custom properties: written in the schema's shape, read back by name, any value type read as its text."""

from __future__ import annotations

from lxml import etree

from tests.oxml.schemas import markup_compatibility, schema
from toolkit.oxml.custprops import FMTID, NS, VT, custom_properties, custom_properties_xml
from toolkit.support.xmlsafe import parse_xml

PROPS = {"toolkit.review": "1", "toolkit.review.xliff": "brief «fr».xlf", "a & b": "<x> \"q\" ' é\u202fx"}


def test_written_then_read_back_in_order() -> None:
    data = custom_properties_xml(PROPS)
    root = parse_xml(data, "custom.xml")
    assert custom_properties(root) == PROPS
    assert list(custom_properties(root)) == list(PROPS)


def test_shape_pids_from_two_one_property_set_text_values() -> None:
    root = etree.fromstring(custom_properties_xml(PROPS))
    props = root.findall(f"{{{NS}}}property")
    assert [p.get("pid") for p in props] == ["2", "3", "4"]
    assert {p.get("fmtid") for p in props} == {FMTID}
    assert [p[0].tag for p in props] == [f"{{{VT}}}lpwstr"] * 3


def test_valid_against_the_ecma_schema() -> None:
    checker = schema()
    root = markup_compatibility(etree.fromstring(custom_properties_xml(PROPS)))
    assert checker.validate(root), [e.message for e in checker.error_log]
    assert checker.validate(markup_compatibility(etree.fromstring(custom_properties_xml({}))))


def test_read_other_value_types_and_skip_unnamed() -> None:
    # as Word writes them: a number, a boolean, a date, and a property without a name
    xml = (f'<Properties xmlns="{NS}" xmlns:vt="{VT}">'
           f'<property fmtid="{FMTID}" pid="2" name="count"><vt:i4>42</vt:i4></property>'
           f'<property fmtid="{FMTID}" pid="3" name="done"><vt:bool>true</vt:bool></property>'
           f'<property fmtid="{FMTID}" pid="4" name="when"><vt:filetime>2024-05-06T07:08:09Z</vt:filetime>'
           f'</property><property fmtid="{FMTID}" pid="5"><vt:lpwstr>orphan</vt:lpwstr></property>'
           f'<property fmtid="{FMTID}" pid="6" name="spaced"><vt:lpwstr>  x  </vt:lpwstr></property>'
           '</Properties>').encode()
    assert custom_properties(parse_xml(xml, "custom.xml")) == {"count": "42", "done": "true",
                                                               "when": "2024-05-06T07:08:09Z", "spaced": "x"}


def test_a_part_in_another_namespace_has_no_properties() -> None:
    xml = b'<Properties xmlns="urn:other"><property name="x">1</property></Properties>'
    assert custom_properties(parse_xml(xml, "custom.xml")) == {}
