"""Namespaces of the DOCX parts and the small element helpers every oxml module shares."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

NSMAP = {"w": W, "r": R, "cp": CP, "dc": DC, "dcterms": DCTERMS, "xsi": XSI}

Element = Any  # lxml's _Element; lxml ships no type information


_CLARK: dict[str, str] = {}  # 'w:p' -> '{namespace}p', filled as tags are asked for


def qn(tag: str) -> str:
    """'w:p' → '{namespace}p' (python-docx's spelling)."""
    clark = _CLARK.get(tag)
    if clark is None:
        prefix, _, local = tag.partition(":")
        clark = _CLARK[tag] = f"{{{NSMAP[prefix]}}}{local}"
    return clark


def make(tag: str, attrs: dict[str, str] | None = None) -> Element:
    """A new element `tag` with namespaced attributes, e.g. make('w:lang', {'w:val': 'en-GB'})."""
    from lxml import etree

    prefix = tag.partition(":")[0]
    el = etree.Element(qn(tag), nsmap={prefix: NSMAP[prefix]})
    if attrs:
        for key, value in attrs.items():
            el.set(qn(key), value)
    return el


def get_or_add(parent: Element, tag: str, successors: Iterable[str] = ()) -> Element:
    """The first child `tag` of `parent`, created in its schema place (before `successors`) if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    child = make(tag)
    insert_before(parent, child, successors)
    return child


def insert_before(parent: Element, child: Element, successors: Iterable[str]) -> None:
    """Insert `child` before the first of `successors` present in `parent` (schema order), else append it."""
    names = _names(successors) if isinstance(successors, tuple) else {qn(s) for s in successors}
    for i, existing in enumerate(parent):
        if existing.tag in names:
            parent.insert(i, child)
            return
    parent.append(child)


@functools.lru_cache(maxsize=256)
def _names(successors: tuple[str, ...]) -> frozenset[str]:
    return frozenset(qn(s) for s in successors)


def replace_child(parent: Element, child: Element, successors: Iterable[str]) -> None:
    """Put `child` in `parent` in place of any child with the same tag (schema order kept)."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    insert_before(parent, child, successors)


def wattr(el: Element, name: str, default: str = "") -> str:
    """Attribute `w:name` of `el`."""
    value = el.get(qn(f"w:{name}"))
    return default if value is None else str(value)
