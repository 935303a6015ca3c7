"""A Typst job and how it is typeset: whole in one child process, or, when long, in parts joined page by page.

Typst keeps every layout it computes until the process ends, so its memory grows with the document (about
540 MB for a 150-page bilingual PDF). A long body is therefore typeset in parts of about `PART_CHARS`
characters of markup, each in a process of its own. A part carries marks (template: `row-start`, the end of
each note's entry) that say where each row starts; the part is cut before the last page that a row starts at
its very top and no earlier note's entry spills onto, and the next part starts with that row on a fresh page,
exactly as the whole document lays it out. A body whose blocks all run on from page to page (long paragraphs)
offers no such page: it is typeset whole. The kept pages are joined, and the folios ("12 / 150"), which need the
final page count, come from a small document of folios alone laid over them. Outline and links are kept, but for
a later mark of a note an earlier part printed (it keeps its number); a joined PDF is not tagged (the parts'
structure trees are not joined), which `typeset` says in a warning.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import ToolkitError

TYPST_FAILED = "Typst could not typeset the PDF"
TYPESET_TIMEOUT_S = 600.0  # for each process
# A body of more characters of markup than this is typeset in parts (Typst would hold some 250 MB)…
PARTS_FROM_CHARS = 400_000
# …of about this many characters each (about 100 MB of Typst's memory beside its 40 MB of fonts and code).
PART_CHARS = 150_000
# A first part this many pages long that no page can end: the body's blocks run on from page to page (long
# paragraphs), so the document is typeset whole.
GIVE_UP_PAGES = 8
AGAIN_NOTE = "again-note"  # the template's call for a later mark of a note already made
FAR_NOTE = "far-note"  # the same mark when the note was made in an earlier part
UNTAGGED_WARNING = ("the PDF was typeset in {parts} parts to keep memory bounded: it is not tagged for "
                    "accessibility")
UNLINKED_WARNING = ", and {count} later mark(s) of a note printed in an earlier part are not links"


@dataclass(frozen=True)
class Row:
    """One piece of the body a long document can be cut before: a bilingual row, or a block of the English edition.

    `notes`: the notes whose footnote this row makes (their first mark is here)."""

    markup: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TypstJob:
    """A Typst document ready to typeset: what comes before the body (notes, template, show rule), the body's rows
    and the strings it reads from `sys.inputs`. `bilingual`: rows are `#pair` calls, else blocks of the edition."""

    head: str
    rows: list[Row]
    inputs: dict[str, str]
    bilingual: bool = False

    @property
    def source(self) -> str:
        """The whole document, typeset in one piece."""
        return "\n".join([self.head, self.joiner.join(row.markup for row in self.rows)])

    @property
    def joiner(self) -> str:
        return "\n" if self.bilingual else "\n\n"  # a blank line between two blocks of markup

    def part(self, start: int, stop: int) -> str:
        """Rows `start`…`stop`, each marked where it starts; a later mark of a note made before `start` loses its
        link (`far_marks` counts them)."""
        far = self._far(start, stop)

        def again(match: re.Match[str]) -> str:
            return f"{match.group(1)}#{FAR_NOTE}({match.group(2)})" if far(match) else match.group(0)

        body = []
        for k in range(start, stop):
            markup = _AGAIN.sub(again, self.rows[k].markup)
            if self.bilingual:  # a row is one `#pair(…)` call: the pair marks its own start and end
                body.append(markup.replace("#pair(", f"#pair(row: {k}, ", 1))
            else:
                body.append(f"#row-start({k})\n\n{markup}")
        return "\n".join([self.head, self.joiner.join(body), "#part-report"])

    def far_marks(self, start: int, stop: int, kept: int) -> int:
        """How many marks of rows `start`…`kept` lose their link in the part of rows `start`…`stop`."""
        far = self._far(start, stop)
        return sum(1 for k in range(start, kept) for m in _AGAIN.finditer(self.rows[k].markup) if far(m))

    def _far(self, start: int, stop: int) -> Callable[[re.Match[str]], bool]:
        """Whether a later mark's call found by `_AGAIN` names a note no row of the part makes."""
        made = {typst_str(ref) for row in self.rows[start:stop] for ref in row.notes}
        # an odd run of backslashes before the `#` makes it escaped text, not our call
        return lambda match: not len(match.group(1)) % 2 and match.group(2) not in made


# a later mark's call, with the backslashes before it (an odd number: the `#` is escaped text)
_AGAIN = re.compile(rf'(\\*)#{AGAIN_NOTE}\(("(?:[^"\\]|\\.)*")\)')


def typst_str(text: str) -> str:
    """A Typst string literal."""
    out = ['"']
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def typeset(job: TypstJob) -> tuple[bytes, list[str]]:
    """Typst source → PDF bytes and Typst's warnings; only the fonts Typst embeds, so every machine agrees.

    Typst runs in child processes (`typst_child`): if one runs out of memory or crashes, the command fails with
    one line and still removes its temporary files. A body longer than `PARTS_FROM_CHARS` is typeset in parts.
    """
    if len(job.rows) > 1 and sum(len(row.markup) for row in job.rows) > PARTS_FROM_CHARS:
        joined = _in_parts(job)
        if joined is not None:
            return joined
    result = _child({"source": job.source, "inputs": job.inputs})
    return base64.b64decode(result["pdf"]), list(result.get("warnings", []))


def _in_parts(job: TypstJob) -> tuple[bytes, list[str]] | None:
    """The PDF joined from parts, or None when no page of the first part can end it (a body of blocks that
    each run onto the next page), or when the parts' pages would not hold every row and note exactly once: then
    the document is typeset whole."""
    pieces: list[_Piece] = []
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="toolkit-typst-") as folder:
        start, budget = 0, PART_CHARS
        while start < len(job.rows):
            stop = _part_end(job.rows, start, budget)
            last = stop == len(job.rows)
            inputs = {**job.inputs, "part": "yes", "part-end": "yes" if last else "no"}
            if start:
                inputs["show-title"] = "no"
            source = Path(folder, "part.typ")
            source.write_text(job.part(start, stop), encoding="utf-8")
            result = _child({"path": str(source), "root": folder, "inputs": inputs, "tags": False,
                             "report": "<toolkit-part>"})
            report = result["report"]
            if last:
                if start == 0:  # one part after all: typeset whole, with tags
                    return None
                cut = (stop, int(report["pages"]) + 1)
            else:
                found = _cut(job.rows, start, stop, report)
                if found is None:  # no page of this part can end it: take more rows
                    if start == 0 and int(report["pages"]) > GIVE_UP_PAGES:
                        return None
                    budget *= 2
                    continue
                cut = found
            warnings.extend(w for w in result.get("warnings", []) if w not in warnings)
            pieces.append(_Piece(result["pdf"], start, stop, cut[0], cut[1] - 1, report))
            start, budget = cut[0], PART_CHARS
    if not _accounted(job, pieces):
        return None
    total = sum(piece.pages for piece in pieces)
    folios = _child({"source": job.head, "inputs": {**job.inputs, "folios": str(total), "show-title": "no"},
                     "tags": False})
    joined = _child({"join": [{"pdf": piece.pdf, "pages": piece.pages} for piece in pieces],
                     "folios": folios["pdf"]})
    unlinked = sum(job.far_marks(piece.start, piece.stop, piece.kept) for piece in pieces)
    warnings.append(UNTAGGED_WARNING.format(parts=len(pieces))
                    + (UNLINKED_WARNING.format(count=unlinked) if unlinked else ""))
    return base64.b64decode(joined["pdf"]), warnings


@dataclass(frozen=True)
class _Piece:
    """A typeset part: its PDF (base64), the rows it laid out (`start`…`stop`), the rows its kept pages hold
    (`start`…`kept`), how many pages are kept and what the part reported."""

    pdf: str
    start: int
    stop: int
    kept: int
    pages: int
    report: dict[str, Any]


def _accounted(job: TypstJob, pieces: list[_Piece]) -> bool:
    """Whether the kept pages hold every row once and every note's entry once: each row starts on a kept page of
    exactly one part, and each note made by a row (or listed as unreferenced) ends on kept pages of exactly one
    part. The count is taken from what Typst laid out, not from the rule that chose the cuts."""
    rows: list[int] = []
    notes: dict[str, int] = {}
    for piece in pieces:
        rows.extend(int(row) for row, page, _y in piece.report["starts"] if int(page) <= piece.pages)
        for note in {str(note) for note, page in piece.report["notes"] if int(page) <= piece.pages}:
            notes[note] = notes.get(note, 0) + 1
    expected = {ref for row in job.rows for ref in row.notes}
    expected |= {ref for key in ("unreferenced-fr", "unreferenced-en")
                 for ref in job.inputs.get(key, "").split(",") if ref}
    return sorted(rows) == list(range(len(job.rows))) and set(notes) == expected and all(
        n == 1 for n in notes.values())


def _part_end(rows: list[Row], start: int, budget: int) -> int:
    """The row after the last of a part from `start`: about `budget` characters, at least two rows."""
    size, stop = 0, start
    while stop < len(rows) and (stop < start + 2 or size + len(rows[stop].markup) <= budget):
        size += len(rows[stop].markup)
        stop += 1
    return stop


def _cut(rows: list[Row], start: int, stop: int, report: dict[str, Any]) -> tuple[int, int] | None:
    """(row, page): the latest row of the part (after its first) that starts a page cleanly — at the top of the
    page's text area, the row before it starting on an earlier page, so nothing of the rows before it is on that
    page — before which no note made has its entry on that page or later; or None."""
    top = float(report["top"])
    starts = {int(row): (int(page), float(y)) for row, page, y in report["starts"]}
    note_ends: dict[str, int] = {}
    for note, page in report["notes"]:
        note_ends[str(note)] = max(note_ends.get(str(note), 0), int(page))
    spill = [0]  # spill[k]: the latest page a note made in rows start…start+k-1 ends on
    for k in range(start, stop):
        spill.append(max([spill[-1], *(note_ends.get(ref, 0) for ref in rows[k].notes)]))
    for r in range(stop - 1, start, -1):
        if r not in starts or r - 1 not in starts:
            continue
        page, y = starts[r]
        # the row before starts on an earlier page: an empty row at the same top would be cut off with the page
        if page >= 2 and abs(y - top) < 0.5 and starts[r - 1][0] < page and spill[r - start] < page:
            return r, page
    return None


def _child(request: dict[str, Any]) -> dict[str, Any]:
    """One job in a `typst_child` process; its answer, or a one-line ToolkitError."""
    stamp = os.environ.get("SOURCE_DATE_EPOCH", "")
    request = {**request, "timestamp": int(stamp) if stamp.isdigit() else int(time.time())}
    try:
        package_root = str(Path(__file__).resolve().parents[2])  # the child imports this very toolkit
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH"))
                                                           if p)}
        done = subprocess.run([sys.executable, "-m", "toolkit.formats.typst_child"],
                              input=json.dumps(request).encode("utf-8"), capture_output=True,
                              timeout=TYPESET_TIMEOUT_S, check=False, env=env)
    except subprocess.TimeoutExpired:
        raise ToolkitError(f"{TYPST_FAILED}: it took longer than {TYPESET_TIMEOUT_S:g} s") from None
    except OSError as exc:
        raise ToolkitError(f"{TYPST_FAILED}: cannot start the typesetter: {exc.strerror}") from None
    try:
        result = json.loads(done.stdout) if done.returncode == 0 else None
    except ValueError:
        result = None
    if not isinstance(result, dict):
        if done.returncode < 0:
            name = signal.Signals(-done.returncode).name
            cause = "it ran out of memory" if name in ("SIGABRT", "SIGSEGV", "SIGKILL") else f"it died ({name})"
        else:
            lines = [ln for ln in done.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
            cause = "out of memory" if any("memory" in ln.lower() for ln in lines) else (
                lines[-1].strip() if lines else f"exit status {done.returncode}")
        raise ToolkitError(f"{TYPST_FAILED}: {cause}")
    if "error" in result:
        where = re.search(r"┌─ (\S+)", result.get("diagnostic") or "")
        raise ToolkitError(f"{TYPST_FAILED}: {result['error']}", where.group(1) if where else None)
    return result
