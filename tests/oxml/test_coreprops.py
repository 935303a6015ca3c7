"""Core properties: set, read back, dates stamped."""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from toolkit.oxml.coreprops import core_properties, set_core_properties
from toolkit.oxml.ns import CP, DC, DCTERMS, XSI, qn


def test_set_and_read() -> None:
    core = etree.fromstring(f'<cp:coreProperties xmlns:cp="{CP}" xmlns:dc="{DC}" xmlns:dcterms="{DCTERMS}" '
                            f'xmlns:xsi="{XSI}"><dc:title>old</dc:title></cp:coreProperties>')
    set_core_properties(core, when=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC), title="Brief", language="en-GB",
                        description="sig")
    assert core_properties(core) == {"title": "Brief", "description": "sig", "language": "en-GB"}
    assert core.findtext(qn("dcterms:created")) == "2024-05-06T07:08:09Z"
    assert core.find(qn("dcterms:modified")).get(qn("xsi:type")) == "dcterms:W3CDTF"
