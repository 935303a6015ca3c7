"""Which links may leave the toolkit: http, https and mailto URLs and in-document anchors, nothing else.

A brief, an XLIFF target or a reviewer's file can hold `file:///etc/passwd`, `javascript:…`, `data:…` or a
relative path; published as a link, any of them points a reader's viewer at something of theirs or ours. Such a
link is published as its text only, and reported (a QA issue in a run, a warning in `toolkit publish`).
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

from toolkit.model import Content, Document, End, Start

if TYPE_CHECKING:
    from toolkit.model import Issue

LINK_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# browsers ignore these inside a URL (`java\tscript:`), so the scheme is judged without them
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_ANCHOR = re.compile(r"^#[\w.:\-]+$")


def safe_url(href: str) -> str | None:
    """`href` if it is an http, https or mailto URL; None for anything else (javascript:, data:, relative)."""
    match = _SCHEME.match(_URL_NOISE.sub("", href))
    if match and match.group(1).lower() in LINK_SCHEMES:
        return href.strip()
    return None


def publishable(href: str) -> bool:
    """A link an edition may carry: a safe URL, or an anchor inside the same document (`#section-2`)."""
    return safe_url(href) is not None or bool(_ANCHOR.match(href.strip()))


def _unsafe_ids(content: Content) -> set[str]:
    return {p.id for p in content if isinstance(p, Start) and p.kind == "link" and not publishable(p.href)}


def strip_unsafe(content: Content) -> Content:
    """`content` with every unsafe link's pair of codes removed; its words stay."""
    drop = _unsafe_ids(content)
    if not drop:
        return content
    return [p for p in content if not (isinstance(p, Start | End) and p.id in drop)]


def unsafe_links(doc: Document) -> list[Issue]:
    """One QA issue per segment holding an unsafe link, on either side."""
    from toolkit.model import Issue

    issues: list[Issue] = []
    for seg in doc.segments():
        found: list[str] = []
        for content in (seg.source, seg.target or []):
            for part in content:
                if (isinstance(part, Start) and part.kind == "link" and not publishable(part.href)
                        and part.href not in found):
                    found.append(part.href)
        issues.extend(Issue(seg.id, "unsafe-link", f"link to {href[:80]!r} published as text: only http, "
                                                   f"https, mailto and #anchors are published")
                      for href in found)
    return issues


def without_unsafe_links(doc: Document) -> Document:
    """A copy of `doc` whose unsafe links are plain text (the original is left alone)."""
    if not any(_unsafe_ids(s.source) or _unsafe_ids(s.target or []) for s in doc.segments()):
        return doc
    clean = copy.deepcopy(doc)
    for seg in clean.segments():
        seg.source = strip_unsafe(seg.source)
        if seg.target is not None:
            seg.target = strip_unsafe(seg.target)
    return clean
