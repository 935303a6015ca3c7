"""Validate a DOCX package against the ECMA-376 Transitional and OPC schemas in ../shared/schemas/ooxml.

Parts are first processed as ECMA-376 Part 3 (Markup Compatibility) tells a consumer to: attributes and elements
of namespaces an `mc:Ignorable` names are dropped, and `mc:AlternateContent` gives way to its `mc:Fallback`. The
Dublin Core elements of core.xml are checked against a two-line stand-in (their official schemas are not in the
local copy), every other element against the standard's own XSDs.
"""

from __future__ import annotations

import functools
import io
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from tests.schemas import SCHEMAS

TRANSITIONAL = SCHEMAS / "ooxml" / "OfficeOpenXML-XMLSchema-Transitional"
OPC = SCHEMAS / "ooxml" / "OpenPackagingConventions-XMLSchema"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

_IMPORTS = {
    "http://www.w3.org/XML/1998/namespace": SCHEMAS / "w3c" / "xml.xsd",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": TRANSITIONAL / "wml.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types": OPC / "opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": OPC / "opc-relationships.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        TRANSITIONAL / "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties":
        TRANSITIONAL / "shared-documentPropertiesCustom.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": TRANSITIONAL / "dml-main.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/bibliography": TRANSITIONAL / "shared-bibliography.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml":
        TRANSITIONAL / "shared-customXmlDataProperties.xsd",
}
_DC_STANDIN = {
    "http://purl.org/dc/elements/1.1/": ("title", "subject", "creator", "description", "identifier", "language"),
    "http://purl.org/dc/terms/": ("created", "modified"),
}
# namespaces the Transitional schemas define: anything else an `mc:Ignorable` names is ignorable
UNDERSTOOD = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "urn:schemas-microsoft-com:vml",
    "urn:schemas-microsoft-com:office:office",
    "urn:schemas-microsoft-com:office:word",
    "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}


@functools.lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    """One schema for every part: a wrapper importing each namespace's XSD (built once per session)."""
    folder = Path(tempfile.mkdtemp(prefix="ooxml-schemas-"))
    imports = dict(_IMPORTS)
    for ns, names in _DC_STANDIN.items():
        stub = folder / f"dc-{len(imports)}.xsd"
        elements = "".join(f'<xs:element name="{n}" type="xs:anyType"/>' for n in names)
        elements += '<xs:simpleType name="W3CDTF"><xs:restriction base="xs:string"/></xs:simpleType>'  # xsi:type
        stub.write_text(f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{ns}" '
                        f'elementFormDefault="qualified">{elements}</xs:schema>', "utf-8")
        imports[ns] = stub
    imports["http://schemas.openxmlformats.org/package/2006/metadata/core-properties"] = OPC / "opc-coreProperties.xsd"
    body = "".join(f'<xs:import namespace="{ns}" schemaLocation="{path.as_uri()}"/>' for ns, path in imports.items())
    wrapper = (f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:all">'
               f"{body}</xs:schema>")
    return etree.XMLSchema(etree.fromstring(wrapper.encode("utf-8")))


def markup_compatibility(root: etree._Element) -> etree._Element:
    """The part as an ECMA-376 consumer that understands only the Transitional namespaces sees it."""
    ignorable: set[str] = set()
    for el in root.iter():
        names = el.get(f"{{{MC}}}Ignorable")
        if names:
            ignorable.update(el.nsmap.get(prefix, "") for prefix in names.split())
    ignorable -= UNDERSTOOD
    for alt in list(root.iter(f"{{{MC}}}AlternateContent")):
        fallback = alt.find(f"{{{MC}}}Fallback")
        parent = alt.getparent()
        index = parent.index(alt)
        parent.remove(alt)
        for offset, child in enumerate(list(fallback) if fallback is not None else []):
            parent.insert(index + offset, child)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).namespace in ignorable and el.getparent() is not None:
            el.getparent().remove(el)
            continue
        for attr in list(el.attrib):
            if attr.startswith("{") and (attr[1:].split("}")[0] in ignorable or attr.startswith(f"{{{MC}}}")):
                del el.attrib[attr]
    return root


def schema_errors(data: bytes) -> list[str]:
    """Every schema error of every XML part of a DOCX, as `part:line: message`."""
    checker = schema()
    errors: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            root = markup_compatibility(etree.fromstring(archive.read(name)))
            if not checker.validate(root):
                errors.extend(f"{name}:{e.line}: {e.message}" for e in checker.error_log)
    return errors
