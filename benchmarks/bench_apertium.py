"""Benchmark: Apertium pivot choice (chrF on our dev set, seconds per 1,000 words, inline codes kept)."""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

import sacrebleu

from toolkit.engines.apertium import DEFAULT_PIVOT, PIVOTS, ApertiumEngine

DATA = Path(__file__).parent / "data"
# Person and place names of the dev set: French form -> English form. A name that comes out in either
# form can still be fixed by the glossary; one rewritten into the pivot's spelling cannot.
NAMES = {
    "Loukachenko": "Lukashenko",
    "Alexandre": "Alexander",
    "Poutine": "Putin",
    "Minsk": "Minsk",
    "Kyiv": "Kyiv",
    "Lavrov": "Lavrov",
    "Sergueï": "Sergei",
    "Peskov": "Peskov",
    "Dmitri": "Dmitry",
    "Kherson": "Kherson",
    "Bakhmout": "Bakhmut",
    "Donetsk": "Donetsk",
    "Zaporijia": "Zaporizhzhia",
    "Svetlana": "Svetlana",
    "Tikhanovskaïa": "Tikhanovskaya",
    "Wagner": "Wagner",
    "Moscou": "Moscow",
    "Kremlin": "Kremlin",
}


def with_codes(sentence: str) -> str:
    """The sentence with its third word emphasised and a footnote reference before the last period."""
    words = sentence.split(" ")
    if len(words) > 3:
        words[2] = f'<g id="2">{words[2]}</g>'
    marked = " ".join(words)
    return re.sub(r"([.!?»]*)$", r'<x id="1"/>\1', marked, count=1)


def codes_kept(output: str) -> bool:
    """Both codes present exactly once, the pair well formed."""
    return (
        output.count('<x id="1"/>') == 1
        and output.count('<g id="2">') == 1
        and output.count("</g>") == 1
        and output.index('<g id="2">') < output.index("</g>")
    )


def names_kept(sources: list[str], outputs: list[str]) -> tuple[int, int]:
    """(names found in their French or English form, names in the sources)."""
    found = total = 0
    for source, output in zip(sources, outputs, strict=True):
        for french, english in NAMES.items():
            count = len(re.findall(rf"\b{french}\b", source))
            total += count
            found += min(count, len(re.findall(rf"\b({french}|{english})\b", output)))
    return found, total


def measure(pivot: str, sources: list[str], references: list[str], runs: int, singles: bool) -> list[str]:
    """One table row for `pivot`."""
    engine = ApertiumEngine(pivot)
    words = sum(len(s.split()) for s in sources)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        hypotheses = engine.translate(sources)
        timings.append(time.perf_counter() - start)
    chrf = sacrebleu.corpus_chrf(hypotheses, [references]).score
    marked = engine.translate([with_codes(s) for s in sources])
    kept = sum(codes_kept(m) for m in marked)
    names, total = names_kept(sources, hypotheses)
    row = [
        f"{PIVOTS[pivot].model}",
        f"{chrf:.1f}",
        f"{names}/{total}",
        f"{statistics.median(timings) / words * 1000:.2f}",
    ]
    if singles:
        start = time.perf_counter()
        for sentence in sources:
            engine.translate([sentence])
        row.append(f"{(time.perf_counter() - start) / words * 1000:.2f}")
    row += [f"{kept}/{len(sources)}", "yes" if pivot == DEFAULT_PIVOT else ""]
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per pivot (median reported)")
    parser.add_argument("--singles", action="store_true", help="also time one call per sentence")
    args = parser.parse_args()
    sources = (DATA / "apertium-dev.fr.txt").read_text(encoding="utf-8").splitlines()
    references = (DATA / "apertium-dev.en.txt").read_text(encoding="utf-8").splitlines()
    if len(sources) != len(references):
        print("dev set: source and reference line counts differ", file=sys.stderr)
        return 2
    header = ["pivot", "chrF", "names kept", "s / 1,000 words"]
    if args.singles:
        header.append("s / 1,000 words, one call per sentence")
    header += ["codes kept", "default"]
    rows = [measure(pivot, sources, references, args.runs, args.singles) for pivot in PIVOTS]
    words = sum(len(s.split()) for s in sources)
    print(f"Apertium fr→en on {len(sources)} dev sentences ({words} words)\n")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
