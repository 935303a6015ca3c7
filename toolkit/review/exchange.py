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
from toolkit.model import (
    STATES,
    Content,
    Document,
    End,
    Note,
    Ph,
    Segment,
    Start,
    footnote_refs,
    normalize_content,
    plain_text,
    rename_pairs,
    renumber_pairs,
    span_text,
)
from toolkit.protect.codes import final_punctuation_offset

MAX_FAULTS_SHOWN = 10
SHORTEN = 60
# authors python-docx and our own export leave in the core properties: not a reviewer's name
_NO_AUTHOR = {"", "toolkit", "python-docx"}

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
    state: str | None = None  # the state the segment takes (None: "reviewed" if the target changed, else kept)


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
    def approved(self) -> int:
        """Segments whose English is kept as it was and whose state goes up (reviewed, final)."""
        return sum(1 for c in self.changes if c.target is None and c.state is not None)

    @property
    def comments_added(self) -> int:
        return sum(len(c.comments) for c in self.changes)

    @property
    def repairs(self) -> int:
        return sum(len(c.repairs) for c in self.changes)


# ------------------------------------------------------------------------------------------ export


def export_review(xliff_path: str | os.PathLike[str], out_path: str | os.PathLike[str],
                  glossary: Any = None, fmt: str = "docx") -> int:
    """Write the review file of an XLIFF in `fmt` (a name of `REVIEW_FORMATS`); returns the number of segments.

    `glossary`: terms to highlight (review DOCX), the glossary of the project (OmegaT).
    """
    import importlib

    from toolkit.formats import REVIEW_FORMATS
    from toolkit.formats.xliff import load_xliff
    from toolkit.support.signature import signature_string

    if fmt not in REVIEW_FORMATS:
        raise InputError(f"unknown review format '{fmt}' (known: {', '.join(REVIEW_FORMATS)})")
    store = load_xliff(xliff_path)
    segments = sum(1 for _ in store.document.segments())
    if not segments:
        raise InputError("the XLIFF has no segments to review", str(xliff_path))
    if fmt == "docx":
        from toolkit.formats.review_docx import write_review_docx

        return write_review_docx(store.document, out_path, xliff_name=Path(xliff_path).name,
                                 signature=signature_string(store.signature), glossary=glossary,
                                 issues=store.issues)
    module, writer, _parser, _what = REVIEW_FORMATS[fmt]
    extra: dict[str, Any] = {}
    if fmt == "omegat":
        extra = {"glossary": glossary, "stem": Path(xliff_path).stem}
    getattr(importlib.import_module(module), writer)(store.document, out_path, store.signature,
                                                     store.suggestions, **extra)
    return segments


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

    def close_missing(flags: frozenset[Flag]) -> None:
        """Close the open codes `flags` lacks (reopening those opened after them that it keeps)."""
        while stack and any(f not in flags for f, _s in stack):
            cut = next(k for k, (f, _s) in enumerate(stack) if f not in flags)
            reopen = [f for f, _s in stack[cut + 1 :] if f in flags]  # never a pair around nothing
            for _f, start in reversed(stack[cut:]):
                out.append(End(start.id))
            del stack[cut:]
            for f in reopen:
                open_code(f)

    for k, (value, flags) in enumerate(items):
        if isinstance(value, Ph):
            # a reference inside an emphasis does not split it; one at the end of a link or an emphasis
            # stays after it, as in the source
            following = next((f for v, f in items[k + 1 :] if not isinstance(v, Ph)), frozenset())
            close_missing(following)
            out.append(value)
            continue
        close_missing(flags)
        for flag in sorted(flags - {f for f, _s in stack}):
            open_code(flag)
        out.append(value)
    for _f, start in reversed(stack):
        out.append(End(start.id))
    return normalize_content(out)


def _code_occurrence(paragraphs: list[list[Span]], text: str) -> int:
    """Which occurrence of `text` in the cell is the one in the code font (0: the first, or none is)."""
    flat = [s for para in paragraphs for s in para]
    full = "".join(s.text for s in flat)
    pos = 0
    for span in flat:
        if span.code and text in span.text:
            at = pos + span.text.index(text)
            return sum(1 for k in range(at) if full.startswith(text, k))
        pos += len(span.text)
    return 0


def _nth(haystack: str, needle: str, n: int) -> int:
    """Offset of the n-th (from 0) occurrence of `needle`, overlapping ones counted; else the first; -1 if none."""
    starts = [k for k in range(len(haystack)) if haystack.startswith(needle, k)]
    return starts[n] if n < len(starts) else (starts[0] if starts else -1)


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
            at = _nth(plain, part.text, _code_occurrence(paragraphs, part.text))
            if at >= 0:
                items[at : at + len(part.text)] = [(part, frozenset())]
        elif isinstance(part, Start) and part.kind not in ("em", "strong", "sup", "sub"):
            # the words the target had it on (none: an empty pair), else the source's words
            in_old = any(isinstance(p, Start) and p.id == part.id for p in old)
            words = span_text(old if in_old else source, part.id)
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
            items.insert(final_punctuation_offset(plain), (Ph("fn", ref), frozenset()))
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
    wanted, unknown = status_state(row.status)
    if unknown:
        change.repairs.append(f"Status '{unknown}' not understood: state kept ({seg.state})")
    if wanted and change.target is None and _RANK[wanted] > _RANK[seg.state]:
        if not (seg.target and normalize_text(plain_text(seg.target))):
            return f"row {row.number} ({seg.id}) marked {row.status.strip()!r} without any English"
        change.state = wanted
    elif wanted == "final" and change.target is not None:
        change.state = "final"
    known = {normalize_text(n.text) for n in seg.notes if n.category == "comment"}
    # the Comment column, then comments made with Word's own comment tool on any cell of the row
    for who, comment in [(author, c) for c in row.comments] + [(w or author, c) for w, c in row.word_comments]:
        if normalize_text(comment) not in known:
            known.add(normalize_text(comment))
            change.comments.append(Note(comment, category="comment", author=who))
    if change.target is None and not change.comments and change.state is None and not change.repairs:
        return None
    return change


# the Status cell: the words a reviewer types to approve a row, and the state each gives
STATUS_WORDS = {"approved": "reviewed", "approve": "reviewed", "reviewed": "reviewed", "ok": "reviewed",
                "signed-off": "reviewed", "signed off": "reviewed", "final": "final"}
# what the export writes there (the state, a block label, flags) and means no change
_STATUS_KEPT = re.compile(r"^(initial|translated|heading( \d+)?|footnote \S+|list item|quote)$")
_RANK = {state: rank for rank, state in enumerate(STATES)}


def status_state(status: str) -> tuple[str, str]:
    """(state the Status cell asks for or "", the word not understood or "").

    The export writes "[label] state · flag · …"; only the state's place counts, so a flag never approves.
    """
    lines = [line.strip() for line in status.replace("\r", "\n").split("\n") if line.strip()]
    words = [line.split("·")[0].strip().lower().rstrip(".!") for line in lines]
    for word in words:
        if word in STATUS_WORDS:
            return STATUS_WORDS[word], ""
    odd = [w for w in words if w and w not in STATES and not _STATUS_KEPT.match(w)]
    return "", odd[0] if odd else ""


def apply_changes(doc: Document, changes: list[Change]) -> None:
    """Write planned changes into `doc`: new targets reviewed (origin "review"), approvals, comments as notes."""
    by_id = {seg.id: seg for seg in doc.segments()}
    for change in changes:
        seg = by_id[change.segment_id]
        if change.target is not None:
            seg.target, seg.state, seg.origin = change.target, "reviewed", "review"
        if change.state is not None:
            seg.state = change.state  # type: ignore[assignment]
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


def import_review(review_path: str | os.PathLike[str], xliff_path: str | os.PathLike[str], *,
                  author: str | None = None, dry_run: bool = False, now: datetime | None = None) -> ImportResult:
    """Apply a reviewer's file to the XLIFF, all or nothing (see the module docstring).

    The file is a review DOCX or an XLIFF 1.2 / 2.x coming back from a CAT tool, told apart by content.
    `author` of new comments: default the DOCX's last-modified-by (an XLIFF note's `from`).
    `dry_run`: check and plan, write nothing.
    """
    from toolkit.formats import REVIEW_FORMATS, sniff_review
    from toolkit.formats.xliff import parse_xliff_store, xliff_bytes
    from toolkit.support.fileio import exclusive, read_input, write_bytes

    xliff = Path(xliff_path)
    # read, plan and write under the XLIFF's lock: a concurrent import or run cannot slip in between
    lock = contextlib.nullcontext() if dry_run else exclusive(xliff)
    with lock:
        original = read_input(xliff)
        store = parse_xliff_store(original, str(xliff))
        returned = read_input(review_path)
        fmt = sniff_review(Path(review_path), returned)
        if fmt == "docx":
            from toolkit.formats.review_docx import read_review_docx

            review = read_review_docx(review_path)
            who = author if author is not None else review.last_modified_by
            changes = plan_import(review, store.document, "" if who in _NO_AUTHOR else who)
        else:
            import importlib

            module, _writer, parser, _what = REVIEW_FORMATS[fmt]
            back = getattr(importlib.import_module(module), parser)(returned, str(review_path))
            changes = plan_store_import(back.document, store.document, str(review_path), author or "")
        result = ImportResult(changes)
        if not any(c.target is not None or c.comments or c.state for c in changes) or dry_run:
            return result
        apply_changes(store.document, changes)
        updated = xliff_bytes(store.document, store.signature, store.suggestions)  # fails before any write
        result.backup = backup_path(xliff, now)
        write_bytes(result.backup, original)
        write_bytes(xliff, updated)
        result.written = True
    return result


# ------------------------------------------------------------------------------------------ a CAT tool's XLIFF


def _code_shape(content: Content) -> list[tuple[str, str, str]]:
    """The codes of `content` without their ids: what a CAT tool must leave as it found them in a source."""
    out: list[tuple[str, str, str]] = []
    for part in content:
        if isinstance(part, Ph):
            out.append(("ph", part.kind, part.ref or part.text))
        elif isinstance(part, Start):
            out.append(("start", part.kind, part.href))
        elif isinstance(part, End):
            out.append(("end", "", ""))
    return out


def _id_faults(got: list[str], want: list[str]) -> list[str]:
    faults: list[str] = []
    matcher = difflib.SequenceMatcher(None, got, want, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for sid in got[i1:i2]:
            faults.append(f"segment {sid} " + ("is out of order" if sid in want else "is not in the XLIFF"))
        faults.extend(f"segment {sid} missing" for sid in want[j1:j2] if sid not in got)
    return faults


def plan_store_import(back: Document, doc: Document, where: str, author: str = "") -> list[Change]:
    """Check a bilingual file coming back from a CAT tool against `doc`, then work out every change.

    All or nothing: the same segment ids in the same order, every French source unchanged (text and codes),
    every changed target keeping each footnote reference of its source; else InputError and nothing planned.
    A changed target becomes reviewed (final if the tool says final); an unchanged one whose state went up
    (signed-off, final) is approved; new notes are added as comments.
    """
    theirs, ours = list(back.segments()), list(doc.segments())
    faults = _id_faults([s.id for s in theirs], [s.id for s in ours])
    if faults:
        raise _refuse_store(faults, where)
    changes: list[Change] = []
    for k, (their, seg) in enumerate(zip(theirs, ours, strict=True), start=1):
        if their.source != seg.source and (plain_text(their.source) != plain_text(seg.source)
                                           or _code_shape(their.source) != _code_shape(seg.source)):
            faults.append(f"segment {seg.id} French source changed")
            continue
        change = Change(row=k, segment_id=seg.id, old=spans_text(content_spans(seg.target or [])), new="")
        # the tool's source ids -> ours, in order (the sources have the same codes)
        names = {t.id: o.id for t, o in zip((p for p in their.source if isinstance(p, Start)),
                                              (p for p in seg.source if isinstance(p, Start)), strict=True)}
        target = None if their.target is None else rename_pairs(their.target, names)
        if target is not None and renumber_pairs(target) == renumber_pairs(seg.source) and seg.target is not None:
            target = None  # the French copied into the target, as CAT tools do for a segment not translated
        if target is not None and renumber_pairs(target) != renumber_pairs(seg.target or []):
            if not plain_text(target).strip():
                faults.append(f"segment {seg.id} target emptied")
                continue
            missing = Counter(footnote_refs(seg.source)) - Counter(footnote_refs(target))
            extra = Counter(footnote_refs(target)) - Counter(footnote_refs(seg.source))
            if missing or extra:
                ref = next(iter(missing or extra))
                faults.append(f"segment {seg.id} footnote reference [{ref}] "
                              + ("missing from the target" if missing else "repeated in the target"))
                continue
            change.target = target
            change.new = spans_text(content_spans(target))
            change.state = "final" if their.state == "final" else None
        elif target is not None and _RANK[their.state] > _RANK[seg.state] and their.state in ("reviewed", "final"):
            change.state = their.state
        known = {normalize_text(n.text) for n in seg.notes}
        for note in their.notes:
            if note.category == "comment" and normalize_text(note.text) and normalize_text(note.text) not in known:
                known.add(normalize_text(note.text))
                change.comments.append(Note(note.text, category="comment", author=note.author or author))
        if change.target is not None or change.state is not None or change.comments:
            changes.append(change)
    if faults:
        raise _refuse_store(faults, where)
    return changes


def _refuse_store(faults: list[str], where: str) -> InputError:
    shown = faults[:MAX_FAULTS_SHOWN]
    if len(faults) > MAX_FAULTS_SHOWN:
        shown.append(f"and {len(faults) - MAX_FAULTS_SHOWN} more")
    return InputError(f"the file does not match the XLIFF: {'; '.join(shown)}", where)


def describe(result: ImportResult) -> list[str]:
    """The lines `toolkit review import` prints: one per changed segment, its repairs, then a summary."""
    lines: list[str] = []
    for change in result.changes:
        if change.target is not None:
            before, after = excerpts(change.old, spans_text(content_spans(change.target)))
            note = " (the XLIFF had changed since the export)" if change.overrides else ""
            lines.append(f"{change.segment_id}: {before!r} → {after!r}{note}")
        elif change.state is not None:
            lines.append(f"{change.segment_id}: marked {change.state}, English unchanged")
        lines.extend(f"{change.segment_id}: {repair}" for repair in change.repairs)
        lines.extend(f"{change.segment_id}: comment added: {_shorten(normalize_text(n.text))!r}"
                     for n in change.comments)
    approved = f"{result.approved} approved unchanged, " if result.approved else ""
    summary = (f"{result.targets_changed} segment(s) reviewed, {approved}{result.comments_added} comment(s) "
               f"added, {result.repairs} repair(s)")
    if not result.changes:
        summary = "no changes: the XLIFF is already up to date"
    lines.append(summary)
    return lines

