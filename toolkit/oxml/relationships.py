"""External relationships of a DOCX package: only the body's safe hyperlinks stay, everything else is dropped.

A style reference (the input DOCX) lends pandoc its headers and footers, and with them any external
relationship they hold: a `file:` hyperlink, an image linked from a server. None of that may leave the toolkit:
external relationships outside the body and notes are removed, and so are the body's links that are not
publishable; the elements that used them keep their text (a hyperlink is unwrapped, an attribute dropped).
"""

from __future__ import annotations

from collections.abc import Callable

from toolkit.oxml.ns import Element, R, W
from toolkit.oxml.package import Package

PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# parts whose hyperlinks come from the brief itself (already checked by the link policy)
BODY_PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


def _owner(rels_name: str) -> str:
    """`word/_rels/header1.xml.rels` → `word/header1.xml`."""
    folder, _sep, name = rels_name.rpartition("_rels/")
    return folder + name[: -len(".rels")]


def drop_external_relationships(package: Package, publishable: Callable[[str], bool]) -> list[str]:
    """Remove every external relationship but the body's publishable hyperlinks; returns the targets dropped."""
    dropped: list[str] = []
    for name in package.names():
        if not name.endswith(".rels"):
            continue
        rels = package.xml(name)
        owner = _owner(name)
        gone: set[str] = set()
        for rel in list(rels):
            if rel.tag != f"{{{PKG_RELS}}}Relationship" or rel.get("TargetMode") != "External":
                continue
            target = rel.get("Target", "")
            if owner in BODY_PARTS and rel.get("Type") == HYPERLINK and publishable(target):
                continue
            rels.remove(rel)
            gone.add(rel.get("Id", ""))
            dropped.append(target)
        if gone and package.has(owner) and owner.endswith(".xml"):
            _forget(package.xml(owner), gone)
    return dropped


def _forget(root: Element, ids: set[str]) -> None:
    """Unwrap hyperlinks to `ids`; drop any other attribute naming one of them."""
    for el in list(root.iter()):
        refs = [key for key, value in el.attrib.items() if key.startswith(f"{{{R}}}") and value in ids]
        if not refs:
            continue
        if el.tag == f"{{{W}}}hyperlink":
            parent = el.getparent()
            index = parent.index(el)
            for offset, child in enumerate(list(el)):
                parent.insert(index + offset, child)
            parent.remove(el)
        else:
            for key in refs:
                del el.attrib[key]
