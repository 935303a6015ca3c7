"""Parsing XML from strangers: no entities resolved, no DTD loaded, no network, bounded size.

Every reader of XML in the toolkit (XLIFF, TMX, TBX, SRX, DOCX parts) parses through `parse_xml`.
"""

from __future__ import annotations

from lxml import etree

from toolkit.errors import InputError

MAX_XML_BYTES = 200 * 1024 * 1024


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse `data` or raise a one-line InputError naming `where`. DTDs with entity declarations are refused."""
    if len(data) > MAX_XML_BYTES:
        raise InputError(f"XML larger than {MAX_XML_BYTES // (1024 * 1024)} MB", where)
    head = data[:4096].lstrip()
    if b"<!ENTITY" in data[:65536] or (
        b"<!DOCTYPE" in head and b"[" in head.split(b"<!DOCTYPE", 1)[1][:2048]
    ):
        raise InputError("XML with an internal DTD or entity declarations is not accepted", where)
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML: {exc.msg}", where) from None
    if root is None:
        raise InputError("empty XML document", where)
    return root
