"""Time to a 100-page bilingual edition: our PDF (pandoc → Typst), DOCX, and LibreOffice turning that DOCX into PDF.

Run from the repository root: `/opt/venv/bin/python benchmarks/bench_publish.py [--pages 100] [--runs 3]`.

The edition is built by repeating the four samples (text, Markdown, DOCX, HTML) with footnotes renumbered
1, 2, 3 … across copies until the bilingual PDF reaches `--pages`. Targets are filled deterministically (a few
French words swapped for English ones, so the English column is about as long as the French one): no
translation is timed. The DOCX comes from `toolkit.formats.docx.write_bilingual_docx` when it exists, otherwise
from pandoc directly (`-f json -t docx` on the English side's AST), and the table says which. LibreOffice runs
`soffice --headless --convert-to pdf` on that DOCX once, in a throwaway profile created beforehand by converting
a one-block DOCX (reported apart, not counted).
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.formats.pandoc_ast import document_ast  # noqa: E402
from toolkit.formats.pandoc_run import pandoc_path  # noqa: E402
from toolkit.formats.typst import write_bilingual_pdf  # noqa: E402
from toolkit.model import Content, Document, Footnote, Ph, block_id  # noqa: E402
from toolkit.pipeline.prepare import prepare  # noqa: E402

SAMPLES = ("belarus-brief.fr.txt", "wagner.fr.md", "zaporijjia.fr.docx", "moldavie.fr.html")
_WORDS = {"le": "the", "la": "the", "les": "the", "de": "of", "des": "of the", "du": "of the", "et": "and",
          "un": "a", "une": "a", "en": "in", "dans": "in", "pour": "for", "est": "is", "sur": "on"}
_WORD = re.compile(r"\b\w+\b")


def pseudo_english(content: Content) -> Content:
    """A deterministic stand-in for a translation: a few function words swapped, codes untouched."""
    return [_WORD.sub(lambda m: _WORDS.get(m.group(), m.group()), p) if isinstance(p, str) else p
            for p in content]


def renumbered(content: Content, offset: int) -> Content:
    return [Ph("fn", ref=str(int(p.ref) + offset)) if isinstance(p, Ph) and p.kind == "fn" else p
            for p in content]


def build_document(copies: int) -> Document:
    """`copies` rounds of the samples, each round's footnotes numbered after the previous round's."""
    sources = [prepare(ROOT / "samples" / name) for name in SAMPLES]
    for doc in sources:
        for seg in doc.segments():
            seg.target = pseudo_english(seg.source)
    out = Document(title="Briefs on Russia, Ukraine and Belarus — collected", source_lang="fr")
    offset = 0
    for _ in range(copies):
        for doc in sources:
            for block in doc.blocks:
                clone = copy.deepcopy(block)
                clone.id = block_id(len(out.blocks) + 1)
                for seg in clone.segments:
                    seg.source = renumbered(seg.source, offset)
                    seg.target = renumbered(seg.target or [], offset)
                out.blocks.append(clone)
            for fn in doc.footnotes:
                out.footnotes.append(Footnote(str(int(fn.id) + offset), copy.deepcopy(fn.blocks)))
            offset += max((int(fn.id) for fn in doc.footnotes), default=0)
    return out


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else 0


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, float]:
    """Median and best wall time of `runs` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def docx_writer() -> tuple[str, Callable[[Document, Path], None]]:
    if importlib.util.find_spec("toolkit.formats.docx") is not None:
        module = __import__("toolkit.formats.docx", fromlist=["write_bilingual_docx"])
        if hasattr(module, "write_bilingual_docx"):
            return "toolkit write_bilingual_docx", lambda doc, path: module.write_bilingual_docx(
                doc, path, {"title": doc.title})

    def pandoc_docx(doc: Document, path: Path) -> None:
        ast = document_ast(doc, "target", {"title": doc.title})
        subprocess.run([str(pandoc_path()), "-f", "json", "-t", "docx", "-o", str(path)],
                       input=json.dumps(ast).encode("utf-8"), check=True)

    return "pandoc -t docx (English side only: no DOCX writer yet)", pandoc_docx


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100, help="target length of the bilingual PDF")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of our writers (median reported)")
    parser.add_argument("--no-libreoffice", action="store_true", help="skip LibreOffice (minutes on 100 pages)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    try:
        pdf = work / "edition.fr-en.pdf"
        copies = 1
        doc = build_document(copies)
        write_bilingual_pdf(doc, pdf, {"title": doc.title})  # warm-up, and the pages one round makes
        per_copy = max(pdf_pages(pdf), 1)
        copies = max(1, round(args.pages / per_copy))
        doc = build_document(copies)
        blocks, notes = len(doc.blocks), len(doc.footnotes)

        pdf_median, pdf_best = best_of(args.runs, lambda: write_bilingual_pdf(doc, pdf, {"title": doc.title}))
        pages = pdf_pages(pdf)

        docx_label, write_docx = docx_writer()
        docx = work / "edition.fr-en.docx"
        docx_median, _ = best_of(args.runs, lambda: write_docx(doc, docx))

        soffice = None if args.no_libreoffice else shutil.which("soffice") or shutil.which("libreoffice")
        lo_warm = lo_time = float("nan")
        lo_pages = 0
        if soffice:
            profile = work / "lo-profile"
            env = dict(os.environ, HOME=str(work))

            def convert(path: Path) -> None:
                subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                                "--convert-to", "pdf", "--outdir", str(work / "lo"), str(path)],
                               capture_output=True, check=True, env=env, timeout=3600)

            # LibreOffice's first start creates its profile: done on a one-page DOCX, timed apart
            tiny = work / "tiny.docx"
            write_docx(Document(blocks=doc.blocks[:1], title="warm-up"), tiny)
            lo_warm, _ = best_of(1, lambda: convert(tiny))
            lo_time, _ = best_of(1, lambda: convert(docx))
            lo_pages = pdf_pages(work / "lo" / "edition.fr-en.pdf")

        print(f"document: {copies} rounds of {len(SAMPLES)} samples, {blocks} blocks × 2 languages, "
              f"{notes} footnotes × 2 languages")
        print(f"{'step':<58} {'seconds':>8} {'pages':>6}")
        print(f"{'our bilingual PDF (pandoc → Typst), median of ' + str(args.runs):<58} {pdf_median:>8.2f} "
              f"{pages:>6}")
        print(f"{'  best run':<58} {pdf_best:>8.2f}")
        print(f"{'DOCX: ' + docx_label:<58} {docx_median:>8.2f}")
        if soffice:
            print(f"{'LibreOffice DOCX → PDF (warm profile)':<58} {lo_time:>8.2f} {lo_pages:>6}")
            print(f"{'  warm-up on a one-block DOCX, creating its profile':<58} {lo_warm:>8.2f}")
            print(f"ratio LibreOffice / ours: {lo_time / pdf_median:.1f}×  (goal ≥ 5×); "
                  f"ours under 3 s: {'yes' if pdf_median < 3 else 'no'}")
        else:
            print("LibreOffice skipped or not found: no comparison")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
