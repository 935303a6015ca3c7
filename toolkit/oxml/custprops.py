"""Custom document properties (docProps/custom.xml): named text values written and read back."""

from __future__ import annotations

from collections.abc import Mapping

from toolkit.oxml.ns import Element

PART_NAME = "docProps/custom.xml"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the property set every custom property belongs to
FIRST_PID = 2  # pid 0 and 1 are reserved


def custom_properties_xml(props: Mapping[str, str]) -> bytes:
    """The custom.xml part holding `props` as text (`vt:lpwstr`) properties, in the mapping's order."""
    from lxml import etree

    root = etree.Element(f"{{{NS}}}Properties", nsmap={None: NS, "vt": VT})
    for pid, (name, value) in enumerate(props.items(), start=FIRST_PID):
        prop = etree.SubElement(root, f"{{{NS}}}property", fmtid=FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT}}}lpwstr").text = value
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def custom_properties(root: Element) -> dict[str, str]:
    """Name → text of every named property in a parsed custom.xml (any value type read as its text, trimmed)."""
    props: dict[str, str] = {}
    for prop in root.findall(f"{{{NS}}}property"):
        name = prop.get("name")
        if name:
            props[name] = "".join(prop.itertext()).strip()
    return props
