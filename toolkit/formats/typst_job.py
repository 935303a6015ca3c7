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
        link."""
        made = {typst_str(ref) for row in self.rows[start:stop] for ref in row.notes}

        def again(match: re.Match[str]) -> str:
            slashes, ref = match.group(1), match.group(2)
            if len(slashes) % 2 or ref in made:  # an escaped `#` is text, not our call
                return match.group(0)
            return f"{slashes}#{FAR_NOTE}({ref})"

        body = []
        for k in range(start, stop):
            markup = _AGAIN.sub(again, self.rows[k].markup)
            if self.bilingual:  # a row is one `#pair(…)` call: the pair marks its own start and end
                body.append(markup.replace("#pair(", f"#pair(row: {k}, ", 1))
            else:
                body.append(f"#row-start({k})\n\n{markup}")
        return "\n".join([self.head, self.joiner.join(body), "#part-report"])


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
    one line and still removes its temporary files. A body longer than `PART_CHARS` is typeset in parts.
    """
    if len(job.rows) > 1 and sum(len(row.markup) for row in job.rows) > PARTS_FROM_CHARS:
        joined = _in_parts(job)
        if joined is not None:
            return joined
    result = _child({"source": job.source, "inputs": job.inputs})
    return base64.b64decode(result["pdf"]), list(result.get("warnings", []))


def _in_parts(job: TypstJob) -> tuple[bytes, list[str]] | None:
    """The PDF joined from parts, or None when no page of the first part can end it (a body of blocks that
    each run onto the next page): then the document is typeset whole."""
    pieces: list[tuple[str, int]] = []  # each part's PDF (base64) and how many of its pages are kept
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
            cut = None if last else _cut(job.rows, start, stop, report)
            if not last and cut is None:  # no page of this part can end it: take more rows
                if start == 0 and int(report["pages"]) > GIVE_UP_PAGES:
                    return None
                budget *= 2
                continue
            warnings.extend(w for w in result.get("warnings", []) if w not in warnings)
            if last or cut is None:  # (cut is None only for the last part)
                if start == 0:  # one part after all: typeset whole, with tags
                    return None
                pieces.append((result["pdf"], int(report["pages"])))
                break
            row, page = cut
            pieces.append((result["pdf"], page - 1))
            start, budget = row, PART_CHARS
    total = sum(kept for _, kept in pieces)
    folios = _child({"source": job.head, "inputs": {**job.inputs, "folios": str(total), "show-title": "no"},
                     "tags": False})
    joined = _child({"join": [{"pdf": pdf, "pages": kept} for pdf, kept in pieces], "folios": folios["pdf"]})
    return base64.b64decode(joined["pdf"]), [*warnings, UNTAGGED_WARNING.format(parts=len(pieces))]


def _part_end(rows: list[Row], start: int, budget: int) -> int:
    """The row after the last of a part from `start`: about `budget` characters, at least two rows."""
    size, stop = 0, start
    while stop < len(rows) and (stop < start + 2 or size + len(rows[stop].markup) <= budget):
        size += len(rows[stop].markup)
        stop += 1
    return stop


def _cut(rows: list[Row], start: int, stop: int, report: dict[str, Any]) -> tuple[int, int] | None:
    """(row, page): the latest row of the part (after its first) that starts a page cleanly — at the top of the
    page's text area, so nothing of the rows before it is on that page — before which no note made has its
    entry on that page or later; or None."""
    top = float(report["top"])
    starts = {int(row): (int(page), float(y)) for row, page, y in report["starts"]}
    note_ends: dict[str, int] = {}
    for note, page in report["notes"]:
        note_ends[str(note)] = max(note_ends.get(str(note), 0), int(page))
    spill = [0]  # spill[k]: the latest page a note made in rows start…start+k-1 ends on
    for k in range(start, stop):
        spill.append(max([spill[-1], *(note_ends.get(ref, 0) for ref in rows[k].notes)]))
    for r in range(stop - 1, start, -1):
        if r not in starts:
            continue
        page, y = starts[r]
        if page >= 2 and abs(y - top) < 0.5 and spill[r - start] < page:
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
