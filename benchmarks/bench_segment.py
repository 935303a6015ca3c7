"""Speed and accuracy of the shipped French SRX rules against pySBD's French segmenter.

Run from the repository root: `/opt/venv/bin/python benchmarks/bench_segment.py [--copies N]`.

- Speed: the seed brief's paragraphs repeated `--copies` times, each paragraph split on its own (the way the
  pipeline calls the segmenter, one block at a time), after one warm-up pass; sentences per second and
  characters per second. Rule loading is timed apart.
- Accuracy: the golden table benchmarks/data/segment_gold.tsv (also the unit tests' table), exact match of
  the sentence lists. pySBD trims whitespace differently, so both outputs are compared with every sentence
  stripped and empty ones dropped.
Caveat: the golden table was written together with our rules; read the accuracy figure as "the cases we care
about", not as an independent evaluation.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.segment.test_fr_golden import load_gold  # noqa: E402
from toolkit.segment.srx import SrxSegmenter, load_segmenter  # noqa: E402

SEED = ROOT / "samples" / "belarus-brief.fr.txt"
GOLD = ROOT / "benchmarks" / "data" / "segment_gold.tsv"

Splitter = Callable[[str], list[str]]


def normalized(sentences: list[str]) -> list[str]:
    return [s.strip() for s in sentences if s.strip()]


def time_splitter(split: Splitter, paragraphs: list[str]) -> tuple[float, int]:
    for paragraph in paragraphs[:50]:
        split(paragraph)
    start = time.perf_counter()
    count = 0
    for paragraph in paragraphs:
        count += len(split(paragraph))
    return time.perf_counter() - start, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200, help="how many times the seed brief is repeated")
    args = parser.parse_args()

    import pysbd

    start = time.perf_counter()
    ours = SrxSegmenter.from_file(ROOT / "toolkit" / "segment" / "rules" / "fr.srx", "fr")
    load_ours = time.perf_counter() - start
    start = time.perf_counter()
    theirs = pysbd.Segmenter(language="fr", clean=False, char_span=False)
    load_theirs = time.perf_counter() - start
    ours = load_segmenter()  # the cached instance the pipeline uses

    paragraphs = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    corpus = paragraphs * args.copies
    chars = sum(map(len, corpus))
    t_ours, n_ours = time_splitter(ours.split, corpus)
    t_theirs, n_theirs = time_splitter(theirs.segment, corpus)
    whole = "\n\n".join(corpus)
    start = time.perf_counter()
    n_whole = len(ours.split(whole))
    t_whole = time.perf_counter() - start

    cases = load_gold(GOLD)
    ours_ok = theirs_ok = ours_exact = 0
    pysbd_wrong_ours_right: list[tuple[str, list[str], list[str]]] = []
    ours_wrong: list[tuple[str, list[str], list[str]]] = []
    for section, expected in cases:
        text = "".join(expected)
        got_ours, got_theirs = ours.split(text), list(theirs.segment(text))
        ours_exact += got_ours == expected
        ok_ours = normalized(got_ours) == normalized(expected)
        ok_theirs = normalized(got_theirs) == normalized(expected)
        ours_ok += ok_ours
        theirs_ok += ok_theirs
        if ok_ours and not ok_theirs:
            pysbd_wrong_ours_right.append((section, normalized(expected), normalized(got_theirs)))
        if not ok_ours:
            ours_wrong.append((section, normalized(expected), normalized(got_ours)))

    print(f"Corpus: {len(paragraphs)} paragraphs of the seed brief x {args.copies} = {chars:,} characters")
    print()
    print(f"{'segmenter':<34}{'load s':>9}{'split s':>10}{'sentences':>11}{'sent/s':>11}{'kchar/s':>10}")
    rows = [
        ("toolkit fr.srx (per paragraph)", load_ours, t_ours, n_ours, chars),
        ("toolkit fr.srx (one long text)", None, t_whole, n_whole, len(whole)),
        ("pySBD fr, clean=False", load_theirs, t_theirs, n_theirs, chars),
    ]
    for name, load, seconds, count, size in rows:
        loaded = f"{load:9.3f}" if load is not None else f"{'':>9}"
        rates = f"{count / seconds:11,.0f}{size / seconds / 1000:10,.0f}"
        print(f"{name:<34}{loaded}{seconds:10.3f}{count:11,}{rates}")
    print()
    sentence_ratio = (n_ours / t_ours) / (n_theirs / t_theirs)
    # pySBD cuts more pieces (it splits at glued footnote numbers), so characters/s is the fairer ratio.
    char_ratio = t_theirs / t_ours
    print(f"Speed ratio toolkit / pySBD: {sentence_ratio:.1f}x in sentences/s, {char_ratio:.1f}x in chars/s")
    print()
    total = len(cases)
    print(f"Golden table: {total} French cases ({GOLD.relative_to(ROOT)})")
    print(f"{'segmenter':<34}{'exact match':>14}{'rate':>8}")
    print(f"{'toolkit fr.srx (whitespace too)':<34}{ours_exact:>14}{ours_exact / total:8.1%}")
    print(f"{'toolkit fr.srx (stripped)':<34}{ours_ok:>14}{ours_ok / total:8.1%}")
    print(f"{'pySBD fr (stripped)':<34}{theirs_ok:>14}{theirs_ok / total:8.1%}")
    print(f"Accuracy ratio: toolkit / pySBD = {ours_ok / max(theirs_ok, 1):.2f}x")
    print()
    print(f"Cases pySBD gets wrong and we get right: {len(pysbd_wrong_ours_right)} (a few of them)")
    shown: set[str] = set()
    for section, expected, got in pysbd_wrong_ours_right:
        if section in shown:
            continue
        shown.add(section)
        print(f"  [{section}]")
        print(f"    expected: {expected}")
        print(f"    pySBD:    {got}")
    if ours_wrong:
        print()
        print(f"Cases we get wrong: {len(ours_wrong)}")
        for section, expected, got in ours_wrong:
            print(f"  [{section}] expected {expected}, got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
