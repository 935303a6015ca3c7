"""Benchmark: protected sentences, raw Apertium vs the toolkit (source words kept, terms placed), per category.

    python benchmarks/bench_protection.py [--pivot ca|es] [--rows]

Sentences: tests/data/protection/sentences.tsv; oracle: tests/terms/protection_cases.py.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.terms.protection_cases import Row, load_rows, translate_rows
from toolkit.engines.apertium import ApertiumEngine


def _placed(row: Row, text: str) -> int:
    return sum(1 for term in row.terms if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pivot", choices=["ca", "es"], default="ca")
    parser.add_argument("--rows", action="store_true", help="print every sentence")
    args = parser.parse_args()
    rows = translate_rows(load_rows(), ApertiumEngine(args.pivot))
    print(f"pivot {args.pivot}")
    print(
        "| category | sentences | terms | placed raw / ours | source words | kept raw / ours | lost by ours "
        "| in neither |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for category in [*dict.fromkeys(r.category for r in rows), "all"]:
        group = [r for r in rows if category in ("all", r.category)]
        words = sum(len(r.words) for r in group)
        neither = sum(len(r.neither) for r in group)
        lost = sum(len(r.lost) for r in group)
        kept_ours = words - neither - lost
        kept_raw = words - neither - sum(len(r.only_ours) for r in group)
        terms = sum(len(r.terms) for r in group)
        raw_placed = sum(_placed(r, r.raw) for r in group)
        ours_placed = sum(_placed(r, r.ours) for r in group)
        print(
            f"| {category} | {len(group)} | {terms} | {raw_placed} / {ours_placed} | {words} | "
            f"{kept_raw} / {kept_ours} | {lost} | {neither} |"
        )
    if args.rows:
        for r in rows:
            print(f"\n{r.french}\n  raw:  {r.raw}\n  ours: {r.ours}\n  lost: {r.lost} neither: {r.neither}")


if __name__ == "__main__":
    main()
