"""Checks on translated segments, and the QA report (`<stem>.qa.json`)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from toolkit.model import Document, Segment, footnote_refs, unattached_footnotes
from toolkit.numbers import missing_numbers
from toolkit.translate import Issue

FRENCH_WORDS = re.compile(
    r"\b(?:le|la|les|des|du|une|est|sont|dans|avec|pour|qui|que|mais|pas|sur|aux)\b", re.I
)


def check_segment(seg: Segment) -> list[Issue]:
    issues: list[Issue] = []
    if seg.target is None or not seg.target_text.strip():
        if seg.text.strip():
            issues.append(Issue(seg.id, "untranslated", "no English text"))
        return issues
    source, target = seg.text.strip(), seg.target_text.strip()
    if seg.origin != "copy" and target == source and len(FRENCH_WORDS.findall(source)) >= 2:
        issues.append(Issue(seg.id, "untranslated", "the English text is the French text"))
    src_refs, tgt_refs = Counter(footnote_refs(seg.source)), Counter(footnote_refs(seg.target))
    if src_refs != tgt_refs:
        issues.append(
            Issue(seg.id, "code-missing", f"footnote references {sorted(src_refs)} became {sorted(tgt_refs)}")
        )
    if seg.origin != "copy":
        missing = missing_numbers(source, target)
        if missing:
            issues.append(Issue(seg.id, "number-mismatch", f"not in the English: {', '.join(missing)}"))
    return issues


UNATTACHED_DETAIL = "no reference in the text calls note {id}: the editions print it after the body"


def check_document(doc: Document) -> list[Issue]:
    issues = [issue for seg in doc.segments() for issue in check_segment(seg)]
    for fn in unattached_footnotes(doc):
        owner = next((seg.id for block in fn.blocks for seg in block.segments), f"fn{fn.id}")
        issues.append(Issue(owner, "note-unattached", UNATTACHED_DETAIL.format(id=fn.id)))
    return issues


def unattached_count(issues: list[dict[str, str]]) -> int:
    """How many notes of a QA report could not be attached to the text."""
    return sum(1 for issue in issues if issue.get("kind") == "note-unattached")


def report(
    doc: Document, issues: list[Issue], signature: dict[str, str], glossary: dict[str, int] | None = None
) -> dict[str, Any]:
    """The QA report as written to `<stem>.qa.json`."""
    segments = list(doc.segments())
    translated = sum(
        1 for s in segments if s.target is not None and (s.target_text.strip() or not s.text.strip())
    )
    out: dict[str, Any] = {
        "engine": signature.get("engine", ""),
        "signature": signature,
        "segments": len(segments),
        "translated": translated,
    }
    if glossary is not None:
        out["glossary"] = glossary
    out["issues"] = [i.as_dict() for i in issues]
    return out
