"""The review round trip: export an XLIFF as a review DOCX, and import a reviewer's DOCX all or nothing.

Import order: read both files, check the WHOLE table against the XLIFF (header, rows, IDs in order, French),
work out every change, and only then write: the previous XLIFF to `<name>.bak-<UTC time>` beside it, then the
new XLIFF, each atomically. A refused file leaves the XLIFF byte-identical; an import with nothing to change
writes nothing at all.

Which rows changed is decided against the English *as exported* (its hash travels in the DOCX), so a row the
reviewer left alone is never written back, even if the XLIFF moved on since the export; without those hashes
(properties stripped) the cell is compared with the XLIFF's current target. Comments (the Comment column, one
per paragraph, and Word's own comments anchored in a row) are only ever added, never removed, so re-importing
the same file adds nothing.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.formats.review_docx import (
    HEADER,
    KIND_OF_STYLE,
    MARKER,
    PROP_PREFIX,
    ReviewFile,
    ReviewRow,
    Span,
    content_spans,
    english_hash,
    french_key,
    normalize_text,
    source_hash,
    spans_text,
)
from toolkit.model import Content, Document, End, Note, Ph, Segment, Start, footnote_refs, normalize_content

MAX_FAULTS_SHOWN = 10
SHORTEN = 60
# authors python-docx and our own export leave in the core properties: not a reviewer's name
_NO_AUTHOR = {"", "toolkit", "python-docx"}
_FINAL_PUNCT = re.compile(r"[.!?…;:]+[\s\u00a0\u202f]*$")

Flag = str  # a paired-code kind ("em", "strong", "sup", "sub") or "@<id>" for one given source code (a link)
Item = tuple[str | Ph, frozenset[Flag]]


@dataclass
class Change:
    """What one row changes: a new target (or None: target kept), comments to add, repairs made to the text."""

    row: int
    segment_id: str
    old: str
    new: str
    target: Content | None = None
    comments: list[Note] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    overrides: bool = False  # the XLIFF's English had also changed since the export: the reviewer's text wins


@dataclass
class ImportResult:
    """What an import did: the changes, where the backup went, whether the XLIFF was rewritten."""

    changes: list[Change]
    backup: Path | None = None
    written: bool = False

    @property
    def targets_changed(self) -> int:
        return sum(1 for c in self.changes if c.target is not None)

    @property
    def comments_added(self) -> int:
        return sum(len(c.comments) for c in self.changes)

    @property
    def repairs(self) -> int:
        return sum(len(c.repairs) for c in self.changes)


# ------------------------------------------------------------------------------------------ export


def export_review(xliff_path: str | os.PathLike[str], out_path: str | os.PathLike[str],
                  glossary: Any = None) -> int:
    """Write the review DOCX of an XLIFF; returns the number of segment rows. `glossary`: terms to highlight."""
    from toolkit.formats.review_docx import write_review_docx
    from toolkit.formats.xliff import load_xliff
    from toolkit.signature import signature_string

    store = load_xliff(xliff_path)
    if not any(True for _ in store.document.segments()):
        raise InputError("the XLIFF has no segments to review", str(xliff_path))
    return write_review_docx(store.document, out_path, xliff_name=Path(xliff_path).name,
                             signature=signature_string(store.signature), glossary=glossary)


# ------------------------------------------------------------------------------------------ checking


def _row_french(seg: Segment) -> str:
    return spans_text(content_spans(seg.source))


def check_rows(review: ReviewFile, doc: Document) -> list[str]:
    """Every reason the table does not match the XLIFF, row by row ([] when it matches).

    Rows are numbered from 1 below the header row.
    """
    if [h.lower() for h in review.header] != [h.lower() for h in HEADER]:
        raise InputError(
            f"the first table is not a review table: its header row is '{' | '.join(review.header)}', "
            f"expected '{' | '.join(HEADER)}'", review.path)
    segments = list(doc.segments())
    got = [row.id for row in review.rows]
    want = [seg.id for seg in segments]
    faults: list[tuple[int, str]] = []
    seen: set[str] = set()
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for row, seg in zip(review.rows[i1:i2], segments[j1:j2], strict=True):
                if row.cells != len(HEADER):
                    faults.append((row.number, f"row {row.number} ({row.id}) has {row.cells} cells, not "
                                               f"{len(HEADER)}"))
                elif french_key(row.french) != french_key(_row_french(seg)):
                    faults.append((row.number, f"row {row.number} ({row.id}) French text changed"))
            continue
        for k in range(i1, i2):
            row = review.rows[k]
            if not row.id:
                what = "has no ID"
            elif row.id in seen or got.index(row.id) < k:
                what = "repeats an ID"
            elif row.id in want:
                what = "is out of order"
            else:
                what = "is not in the XLIFF"
            faults.append((row.number, f"row {row.number} ({row.id or '?'}) {what}"))
        for j in range(j1, j2):
            if want[j] not in got:
                faults.append((j + 1, f"row {j + 1} ({want[j]}) missing"))
        seen.update(got[i1:i2])
    faults.sort(key=lambda f: f[0])
    return [text for _n, text in faults]


def refuse(review: ReviewFile, doc: Document, faults: list[str]) -> InputError:
    """The one-line error naming the rows at fault (and the XLIFF the file was made from, if another one)."""
    made_from = review.properties.get(f"{PROP_PREFIX}.xliff", "")
    recorded = review.properties.get(f"{PROP_PREFIX}.source", "")
    other = ""
    if recorded and recorded != source_hash((s.id, _row_french(s)) for s in doc.segments()):
        other = f" (it was made from {made_from or 'another XLIFF'})"
    shown = faults[:MAX_FAULTS_SHOWN]
    if len(faults) > MAX_FAULTS_SHOWN:
        shown.append(f"and {len(faults) - MAX_FAULTS_SHOWN} more")
    return InputError(f"the review file does not match the XLIFF{other}: {'; '.join(shown)}", review.path)


# ------------------------------------------------------------------------------------------ cell → content


def _characters(paragraphs: list[list[Span]]) -> list[tuple[str, frozenset[str]]]:
    flat: list[Span] = []
    for i, para in enumerate(paragraphs):
        if i:
            flat.append(Span(" "))  # a paragraph break the reviewer typed inside the cell: a space
        flat.extend(para)
    return [(ch, span.styles) for span in flat for ch in span.text]


def _tidy(items: list[Item]) -> list[Item]:
    """Tabs and runs of plain spaces become one space; no space at either end."""
    out: list[Item] = []
    for value, flags in items:
        if value == "\t":
            value = " "
        if value == " " and (not out or out[-1][0] == " "):
            continue
        out.append((value, flags))
    while out and out[-1][0] == " ":
        out.pop()
    return out


def _plain(items: list[Item]) -> str:
    """The text of `items`, one character per item (a code counts as NUL so offsets stay aligned)."""
    return "".join(v if isinstance(v, str) else "\0" for v, _f in items)


def _span_text(content: Content, start_id: str) -> str:
    out: list[str] = []
    inside = False
    for part in content:
        if isinstance(part, Start) and part.id == start_id:
            inside = True
        elif isinstance(part, End) and part.id == start_id:
            break
        elif inside and isinstance(part, str):
            out.append(part)
    return "".join(out)


def _build(items: list[Item], source: Content) -> Content:
    """Items with flags → content with paired codes taken from the source (copies when used more than once)."""
    by_kind: dict[str, list[Start]] = {}
    by_id: dict[str, Start] = {}
    for part in source:
        if isinstance(part, Start):
            by_kind.setdefault(part.kind, []).append(part)
            by_id[part.id] = part
    used: Counter[str] = Counter()
    out: Content = []
    stack: list[tuple[Flag, Start]] = []

    def open_code(flag: Flag) -> None:
        if flag.startswith("@"):
            start = by_id[flag[1:]]
        else:
            candidates = by_kind[flag]
            n = used[flag]
            used[flag] += 1
            first = candidates[min(n, len(candidates) - 1)]
            # a kind used more often than the source has it: a copy of the source's code (XLIFF copyOf)
            start = first if n < len(candidates) else Start(first.kind, f"{first.id}-r{n}", first.href)
        stack.append((flag, start))
        out.append(start)

    for value, flags in items:
        if isinstance(value, Ph):
            out.append(value)  # a reference inside an emphasis does not split it
            continue
        while stack and any(f not in flags for f, _s in stack):
            cut = next(k for k, (f, _s) in enumerate(stack) if f not in flags)
            reopen = [f for f, _s in stack[cut + 1 :]]
            for _f, start in reversed(stack[cut:]):
                out.append(End(start.id))
            del stack[cut:]
            for f in reopen:
                open_code(f)
        for flag in sorted(flags - {f for f, _s in stack}):
            open_code(flag)
        out.append(value)
    for _f, start in reversed(stack):
        out.append(End(start.id))
    return normalize_content(out)


def cell_content(paragraphs: list[list[Span]], seg: Segment) -> tuple[Content, list[str]]:
    """The target a reviewer's English cell means for `seg`, and what had to be repaired to get it.

    "[n]" markers become the segment's footnote references (a deleted one is put back at the end of the
    sentence, before its final punctuation); bold, italic, superscript and subscript become the source's codes
    of that kind where the source has one, else plain text; links and verbatim code are kept around the same
    words when the reviewer kept them.
    """
    source = seg.source
    kinds = {p.kind for p in source if isinstance(p, Start)}
    refs_left = Counter(footnote_refs(source))
    has_br = any(isinstance(p, Ph) and p.kind == "br" for p in source)
    chars = _characters(paragraphs)
    text = "".join(ch for ch, _s in chars)
    markers = {m.start(): m for m in MARKER.finditer(text)}
    repairs: list[str] = []
    dropped: set[str] = set()
    items: list[Item] = []
    i = 0
    while i < len(chars):
        m = markers.get(i)
        if m is not None:
            ref = m.group(1)
            if refs_left[ref] > 0:
                refs_left[ref] -= 1
                items.append((Ph("fn", ref), frozenset()))
                i = m.end()
                continue
            if ref in footnote_refs(source):
                repairs.append(f"a second [{ref}] marker removed")
                i = m.end()
                continue
            if ref.isdigit():
                repairs.append(f"[{ref}] is not a footnote of this sentence: kept as text")
        ch, styles = chars[i]
        flags = frozenset(KIND_OF_STYLE[s] for s in styles if KIND_OF_STYLE.get(s) in kinds)
        if ch.strip():
            dropped.update(s for s in styles if KIND_OF_STYLE.get(s) not in kinds)
        if ch == "\n":
            items.append((Ph("br"), frozenset()) if has_br else (" ", flags))
        else:
            items.append((ch, flags))
        i += 1
    if dropped:
        repairs.append(f"{' and '.join(sorted(dropped))} dropped: the French has no such formatting here")
    items = _tidy(items)
    while items and items[0][0] == " ":
        items.pop(0)

    # verbatim code and links: around the same words as before, when the reviewer kept them
    old = seg.target or []
    for part in source:
        plain = _plain(items)
        if isinstance(part, Ph) and part.kind == "code" and part.text:
            at = plain.find(part.text)
            if at >= 0:
                items[at : at + len(part.text)] = [(part, frozenset())]
        elif isinstance(part, Start) and part.kind not in ("em", "strong", "sup", "sub"):
            words = _span_text(old, part.id) or _span_text(source, part.id)
            at = plain.find(words) if words.strip() else -1
            if at >= 0:
                for k in range(at, at + len(words)):
                    items[k] = (items[k][0], items[k][1] | {f"@{part.id}"})
            elif part.kind == "link":
                repairs.append(f"link on “{words}” dropped (its words are gone)")

    # references the reviewer deleted: at the end of the sentence, before its final punctuation
    for ref, count in refs_left.items():
        for _ in range(count):
            plain = _plain(items)
            m = _FINAL_PUNCT.search(plain)
            at = m.start() if m else len(plain)
            items.insert(at, (Ph("fn", ref), frozenset()))
            repairs.append(f"footnote reference [{ref}] restored at the end of the sentence")
    return _build(items, source), repairs


# ------------------------------------------------------------------------------------------ planning


def _shorten(text: str) -> str:
    return text if len(text) <= SHORTEN else text[: SHORTEN - 1].rstrip() + "…"


def excerpts(old: str, new: str, context: int = 20) -> tuple[str, str]:
    """The two texts cut down to where they differ (with some context), each at most SHORTEN characters."""
    old, new = normalize_text(old), normalize_text(new)
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    start = max(0, prefix - context)

    def cut(text: str) -> str:
        end = min(len(text), len(text) - suffix + context)
        piece = text[start:end]
        return ("…" if start else "") + _shorten(piece) + ("…" if end < len(text) and len(piece) <= SHORTEN
                                                           else "")

    return cut(old), cut(new)


def plan_import(review: ReviewFile, doc: Document, author: str = "") -> list[Change]:
    """Check the whole table against `doc`, then work out every change; raises InputError (nothing planned)
    when any row is at fault."""
    faults = check_rows(review, doc)
    if faults:
        raise refuse(review, doc, faults)
    segments = list(doc.segments())
    baseline = review.target_hashes
    if len(baseline) != len(segments):
        baseline = []  # properties stripped or from elsewhere: compare with the XLIFF as it is now
    changes: list[Change] = []
    for k, (row, seg) in enumerate(zip(review.rows, segments, strict=True)):
        change = _plan_row(row, seg, baseline[k] if baseline else "", author)
        if isinstance(change, str):
            faults.append(change)
        elif change is not None:
            changes.append(change)
    if faults:
        raise refuse(review, doc, faults)
    return changes


def _plan_row(row: ReviewRow, seg: Segment, exported: str, author: str) -> Change | str | None:
    current_spans = content_spans(seg.target or [])
    current = english_hash([current_spans])
    cell = english_hash(row.english)
    change = Change(row=row.number, segment_id=seg.id, old=spans_text(current_spans),
                    new=" ".join(spans_text(p) for p in row.english))
    if cell != (exported or current) and cell != current:
        if not normalize_text(change.new):
            return f"row {row.number} ({seg.id}) English cell emptied"
        target, repairs = cell_content(row.english, seg)
        # the same words after repairs (a restored reference, dropped formatting): already imported
        if english_hash([content_spans(target)]) != current:
            change.target, change.repairs = target, repairs
            change.overrides = bool(exported) and exported != current
    known = {normalize_text(n.text) for n in seg.notes if n.category == "comment"}
    # the Comment column, then comments made with Word's own comment tool on any cell of the row
    for who, comment in [(author, c) for c in row.comments] + [(w or author, c) for w, c in row.word_comments]:
        if normalize_text(comment) not in known:
            known.add(normalize_text(comment))
            change.comments.append(Note(comment, category="comment", author=who))
    if change.target is None and not change.comments:
        return None
    return change


def apply_changes(doc: Document, changes: list[Change]) -> None:
    """Write planned changes into `doc`: new targets reviewed (origin "review"), comments as notes."""
    by_id = {seg.id: seg for seg in doc.segments()}
    for change in changes:
        seg = by_id[change.segment_id]
        if change.target is not None:
            seg.target, seg.state, seg.origin = change.target, "reviewed", "review"
        seg.notes.extend(change.comments)


# ------------------------------------------------------------------------------------------ import


def backup_path(xliff: Path, now: datetime | None = None) -> Path:
    """`<name>.bak-<UTC yyyymmddThhmmssZ>` beside the XLIFF; `-2`, `-3`… if that name is taken."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    candidate = xliff.with_name(f"{xliff.name}.bak-{stamp}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = xliff.with_name(f"{xliff.name}.bak-{stamp}-{n}")
    return candidate


def import_review(docx_path: str | os.PathLike[str], xliff_path: str | os.PathLike[str], *,
                  author: str | None = None, dry_run: bool = False, now: datetime | None = None) -> ImportResult:
    """Apply a reviewer's DOCX to the XLIFF, all or nothing (see the module docstring).

    `author` of new comments: default the DOCX's last-modified-by. `dry_run`: check and plan, write nothing.
    """
    from toolkit.fileio import exclusive, read_input, write_bytes
    from toolkit.formats.review_docx import read_review_docx
    from toolkit.formats.xliff import parse_xliff_store, xliff_bytes

    xliff = Path(xliff_path)
    review = read_review_docx(docx_path)
    who = author if author is not None else review.last_modified_by
    # read, plan and write under the XLIFF's lock: a concurrent import or run cannot slip in between
    lock = contextlib.nullcontext() if dry_run else exclusive(xliff)
    with lock:
        original = read_input(xliff)
        store = parse_xliff_store(original, str(xliff))
        changes = plan_import(review, store.document, "" if who in _NO_AUTHOR else who)
        result = ImportResult(changes)
        if not changes or dry_run:
            return result
        apply_changes(store.document, changes)
        updated = xliff_bytes(store.document, store.signature, store.suggestions)  # fails before any write
        result.backup = backup_path(xliff, now)
        write_bytes(result.backup, original)
        write_bytes(xliff, updated)
        result.written = True
    return result


def describe(result: ImportResult) -> list[str]:
    """The lines `toolkit review import` prints: one per changed segment, its repairs, then a summary."""
    lines: list[str] = []
    for change in result.changes:
        if change.target is not None:
            before, after = excerpts(change.old, spans_text(content_spans(change.target)))
            note = " (the XLIFF had changed since the export)" if change.overrides else ""
            lines.append(f"{change.segment_id}: {before!r} → {after!r}{note}")
        lines.extend(f"{change.segment_id}: {repair}" for repair in change.repairs)
        lines.extend(f"{change.segment_id}: comment added: {_shorten(normalize_text(n.text))!r}"
                     for n in change.comments)
    summary = (f"{result.targets_changed} segment(s) reviewed, {result.comments_added} comment(s) added, "
               f"{result.repairs} repair(s)")
    if not result.changes:
        summary = "no changes: the XLIFF is already up to date"
    lines.append(summary)
    return lines

