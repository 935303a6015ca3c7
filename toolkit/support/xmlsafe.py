"""Parsing XML from strangers: no entities resolved, no DTD loaded, no network, bounded size.

Every reader of XML in the toolkit (XLIFF, TMX, TBX, SRX, DOCX parts) parses through `parse_xml`.
"""

from __future__ import annotations

import re

from lxml import etree

from toolkit.errors import InputError

MAX_XML_BYTES = 200 * 1024 * 1024

# `<!DOCTYPE name`, an optional external id, then `>` (fine: nothing is loaded) or `[` (an internal subset)
_QUOTED = r"""(?:"[^"]*"|'[^']*')"""
_DOCTYPE = re.compile(
    rb"<!DOCTYPE\s+[^\s>\[]+(?:\s+(?:SYSTEM\s+" + _QUOTED.encode() + rb"|PUBLIC\s+" + _QUOTED.encode()
    + rb"(?:\s+" + _QUOTED.encode() + rb")?))?\s*([\[>])"
)


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
    refused = InputError("XML with an internal DTD or entity declarations is not accepted", where)
    if b"<!ENTITY" in data[:65536]:
        raise refused
    at = data.find(b"<!DOCTYPE", 0, 65536)
    if at >= 0:
        # a DOCTYPE naming an external DTD is common in TMX and harmless (never loaded); an internal
        # subset is where entities live, so it is refused — judged on the declaration, not the text after
        declaration = _DOCTYPE.match(data, at)
        if declaration is None or declaration.group(1) == b"[":
            raise refused
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML: {exc.msg}", where) from None
    if root is None:
        raise InputError("empty XML document", where)
    dtd = root.getroottree().docinfo.internalDTD  # present for any DOCTYPE; declarations only for a subset
    if dtd is not None and (any(True for _ in dtd.iterelements()) or any(True for _ in dtd.iterentities())):
        raise refused
    return root


def indent_structure(el: etree._Element, leaves: set[str], level: int = 0) -> None:
    """Pretty-print the element structure only: never inside an element of `leaves`, whose text is content."""
    if el.tag in leaves or not len(el):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        indent_structure(child, leaves, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level
