"""Document properties (docProps/core.xml): title, subject, keywords, comments, author, language, dates."""

from __future__ import annotations

from datetime import UTC, datetime

from toolkit.oxml.ns import Element, make, qn

# core.xml element for each property we set (Dublin Core or OPC core-properties)
FIELDS = {
    "title": "dc:title",
    "subject": "dc:subject",
    "creator": "dc:creator",
    "keywords": "cp:keywords",
    "description": "dc:description",  # Word shows it as "Comments"
    "language": "dc:language",
    "last_modified_by": "cp:lastModifiedBy",
}


def set_core_properties(core: Element, when: datetime | None = None, **values: str) -> None:
    """Set the given properties (keys of FIELDS) and the created/modified dates (`when`, default now, UTC)."""
    for key, value in values.items():
        _set_text(core, FIELDS[key], value)
    stamp = (when or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for tag in ("dcterms:created", "dcterms:modified"):
        el = _set_text(core, tag, stamp)
        el.set(qn("xsi:type"), "dcterms:W3CDTF")


def _set_text(core: Element, tag: str, text: str) -> Element:
    el = core.find(qn(tag))
    if el is None:
        el = make(tag)
        core.append(el)
    el.text = text
    return el


def core_properties(core: Element) -> dict[str, str]:
    """The properties of FIELDS present in core.xml."""
    out: dict[str, str] = {}
    for key, tag in FIELDS.items():
        el = core.find(qn(tag))
        if el is not None:
            out[key] = el.text or ""
    return out
