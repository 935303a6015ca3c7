"""Does the work grow linearly with paragraph length and note count? Reading, segmenting and publishing, at 1×
and 4× sizes, with the growth ratio (linear: about 4).

Run from the repository root: `/opt/venv/bin/python benchmarks/bench_scaling.py [--mb 0.5] [--notes 500]`.

- Reading: one paragraph of `--mb` MB and of 4× that, as Markdown (with bold and italic in every sentence: the
  inline tidying) and as web copy (a glued footnote number in every sentence: the reference finder), read and
  cut into sentences.
- Publishing: the bilingual PDF with `--notes` and 4× that many notes, all in one paragraph or one per paragraph.
Times are CPU seconds of this process and its children (pandoc, the typesetter), which a busy machine does not
inflate the way it does wall-clock seconds; wall-clock is shown beside them.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.formats import read_document  # noqa: E402
from toolkit.model import Block, Document, Footnote, Ph, Segment  # noqa: E402
from toolkit.pipeline.prepare import prepare  # noqa: E402

MD_SENTENCE = "Le président a rencontré les *représentants* de la **région** à Minsk hier soir. "
TXT_SENTENCE = "Le président a rencontré les représentants de la région{n} à Minsk hier soir. "


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(work: Callable[[], object]) -> tuple[float, float]:
    c, w = cpu(), time.perf_counter()
    work()
    return cpu() - c, time.perf_counter() - w


def markdown_brief(folder: Path, megabytes: float) -> Path:
    path = folder / f"one-paragraph-{megabytes}.md"
    path.write_text(MD_SENTENCE * int(megabytes * 1_000_000 / len(MD_SENTENCE)) + "\n", encoding="utf-8")
    return path


def web_copy_brief(folder: Path, megabytes: float) -> Path:
    count = int(megabytes * 1_000_000 / len(TXT_SENTENCE))
    notes = 200  # a glued number in every sentence; 200 of them are the Sources list's notes, in sequence
    body = "".join(TXT_SENTENCE.format(n=(i + 1) if i < notes else 5) for i in range(count))
    sources = "".join(f"{n}. Source {n}.\n" for n in range(1, notes + 1))
    path = folder / f"one-paragraph-{megabytes}.txt"
    path.write_text(f"{body}\n\nSources\n{sources}", encoding="utf-8")
    return path


def notes_document(notes: int, one_paragraph: bool) -> Document:
    segments = [Segment(f"b1.s{i}", [f"Phrase numéro {i} du texte", Ph("fn", str(i)), "."],
                        [f"Sentence number {i} of the text", Ph("fn", str(i)), "."], space_after=" ")
                for i in range(1, notes + 1)]
    if one_paragraph:
        blocks = [Block("b1", "paragraph", segments)]
    else:
        blocks = []
        for i, seg in enumerate(segments, start=1):
            seg.id = f"b{i}.s1"
            blocks.append(Block(f"b{i}", "paragraph", [seg]))
    footnotes = [Footnote(str(i), [Block(f"fn{i}.p1", "paragraph", [Segment(f"fn{i}.p1.s1", [f"Source {i}."],
                                                                             [f"Source {i}."])])])
                 for i in range(1, notes + 1)]
    return Document(blocks=blocks, footnotes=footnotes, title="Notes")


def row(label: str, small: tuple[float, float], large: tuple[float, float]) -> str:
    ratio = large[0] / small[0] if small[0] > 0 else float("inf")
    return (f"| {label} | {small[0]:.2f} ({small[1]:.1f}) | {large[0]:.2f} ({large[1]:.1f}) | {ratio:.1f}× |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=0.5, help="1× paragraph size in MB (4× is also run)")
    parser.add_argument("--notes", type=int, default=500, help="1× note count (4× is also run)")
    parser.add_argument("--no-pdf", action="store_true", help="reading only")
    args = parser.parse_args()
    from toolkit.formats.typst import write_bilingual_pdf

    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as scratch:
        folder = Path(scratch)
        print("CPU seconds (wall-clock seconds in brackets); growth ratio = 4× time / 1× time (linear ≈ 4)\n")
        print(f"| one paragraph | {args.mb:g} MB | {4 * args.mb:g} MB | growth |")
        print("|---|---|---|---|")
        prepare(markdown_brief(folder, 0.01))  # warm-up: rule tables, pandoc's first start
        for label, make in (("Markdown", markdown_brief), ("web copy", web_copy_brief)):
            small_path, large_path = make(folder, args.mb), make(folder, 4 * args.mb)
            for stage, work in (("read", read_document), ("read + segmented", prepare)):
                small = measure(lambda p=small_path, w=work: w(p))  # type: ignore[misc]
                large = measure(lambda p=large_path, w=work: w(p))  # type: ignore[misc]
                print(row(f"{label}, {stage}", small, large), flush=True)
        if args.no_pdf:
            return 0
        print(f"\n| bilingual PDF | {args.notes} notes | {4 * args.notes} notes | growth |")
        print("|---|---|---|---|")
        results: dict[bool, tuple[float, float]] = {}
        for one in (False, True):
            sizes = []
            for notes in (args.notes, 4 * args.notes):
                doc = notes_document(notes, one)
                target = folder / f"notes-{notes}-{one}.pdf"
                sizes.append(measure(lambda d=doc, t=target: write_bilingual_pdf(d, t, {"title": "N"})))  # type: ignore[misc]
            results[one] = sizes[1]
            print(row("all in one paragraph" if one else "one per paragraph", sizes[0], sizes[1]), flush=True)
        ratio = results[True][0] / results[False][0]
        print(f"\n{4 * args.notes} notes in one paragraph take {ratio:.2f}× the time of {4 * args.notes} notes "
              "over as many paragraphs (target: ≤ 2×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
