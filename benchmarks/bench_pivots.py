"""Benchmark: Apertium through Catalan, through Spanish, and both (per sentence the fewer unknown words).

    python benchmarks/bench_pivots.py

chrF against our references (benchmarks/data/apertium-dev.*.txt) and the words each route left untranslated
(Apertium's unknown-word marks), plus words an English lexicon reads as French, Catalan or Spanish.
"""

from __future__ import annotations

import sys
from pathlib import Path

import sacrebleu

sys.path.insert(0, str(Path(__file__).parents[1]))

from toolkit.engines.apertium import BEST, ApertiumEngine
from toolkit.engines.base import UNKNOWN_WORD
from toolkit.pipeline.qa import untranslated_words

DATA = Path(__file__).parent / "data"


def main() -> int:
    sources = (DATA / "apertium-dev.fr.txt").read_text(encoding="utf-8").splitlines()
    references = (DATA / "apertium-dev.en.txt").read_text(encoding="utf-8").splitlines()
    print(f"Apertium fr→en on {len(sources)} dev sentences\n")
    print("| route | chrF | unknown words | sentences with unknown words | foreign words (lexicon) |")
    print("|---|---|---|---|---|")
    for pivot in ("ca", "es", BEST):
        engine = ApertiumEngine(pivot)
        hypotheses = engine.translate(sources)
        chrf = sacrebleu.corpus_chrf(hypotheses, [references]).score
        marked = [w for w in engine.warnings if w.kind == UNKNOWN_WORD]
        words = sum(len(w.detail.split()) for w in marked)
        foreign = sum(len(untranslated_words(s, h)) for s, h in zip(sources, hypotheses, strict=True))
        name = {"ca": "fr → ca → en", "es": "fr → es → en", BEST: "both, fewer unknown words (ties: ca)"}[pivot]
        print(f"| {name} | {chrf:.1f} | {words} | {len(marked)}/{len(sources)} | {foreign} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
