"""Benchmark: alignment precision/recall on our parallel samples and on random edits of their translations; speed.

The edits play a careless or free translator on top of a gold alignment, so the gold follows: drop an English
sentence (its French becomes 1-0), merge two English sentences of one paragraph (2-1), merge two English
paragraphs (block counts differ). Ablations: without the glossary, and without any anchor (lengths only).
"""

from __future__ import annotations

import argparse
import copy
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.align import aligner as align
from toolkit.align import anchors, galechurch
from toolkit.model import Document, Segment
from toolkit.pipeline.prepare import prepare
from toolkit.terms.glossary import Glossary, load_default_glossary

DATA = Path(__file__).parents[1] / "tests" / "data" / "align"
SAMPLES = [("brief.fr.txt", "brief.en.txt", "gold.tsv"), ("seed.fr.txt", "seed.en.txt", "seed.gold.tsv"),
           ("wagner.fr.md", "wagner.en.md", "wagner.gold.tsv")]

Pair = tuple[tuple[str, ...], tuple[str, ...]]


def read_gold(path: Path) -> list[Pair]:
    gold: list[Pair] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t")
            gold.append((tuple(cells[0].split()), tuple(cells[1].split())))
    return gold


def _segment_index(doc: Document) -> dict[str, tuple[int, int]]:
    return {seg.id: (b, s) for b, block in enumerate(doc.blocks) for s, seg in enumerate(block.segments)}


def edit(en: Document, gold: list[Pair], rng: random.Random) -> list[Pair]:
    """Apply one random edit to the English body in place; return the gold that follows."""
    where = _segment_index(en)
    # only 1-1 gold pairs are edited, so that the edited gold stays within the beads the aligner knows
    body = [k for k, (f, e) in enumerate(gold) if len(f) == len(e) == 1 and e[0] in where]
    op = rng.choice(["drop", "merge", "join"])
    if op == "drop":
        k = rng.choice(body)
        b, s = where[gold[k][1][0]]
        if len(en.blocks[b].segments) > 1:
            del en.blocks[b].segments[s]
            return [*gold[:k], (gold[k][0], ()), *gold[k + 1 :]]
    if op == "merge":
        options = [k for k in body[:-1] if k + 1 in body and where[gold[k][1][0]][0] == where[gold[k + 1][1][0]][0]]
        if options:
            k = rng.choice(options)
            b, s = where[gold[k][1][0]]
            first, second = en.blocks[b].segments[s], en.blocks[b].segments[s + 1]
            merged = Segment(first.id, [*first.source, " ", *second.source], space_after=second.space_after)
            en.blocks[b].segments[s : s + 2] = [merged]
            return [*gold[:k], (gold[k][0] + gold[k + 1][0], (first.id,)), *gold[k + 2 :]]
    if len(en.blocks) > 2:  # join two paragraphs: the sentence gold is unchanged
        b = rng.randrange(len(en.blocks) - 1)
        en.blocks[b].segments.extend(en.blocks[b + 1].segments)
        del en.blocks[b + 1]
    return gold


def score(found: set[Pair], gold: set[Pair]) -> tuple[int, int, int]:
    return len(found & gold), len(found), len(gold)


@contextmanager
def lengths_only() -> Iterator[None]:
    saved = dict(anchors.ANCHOR_WEIGHTS), galechurch.UNSUPPORTED_PENALTY
    anchors.ANCHOR_WEIGHTS.update(dict.fromkeys(anchors.ANCHOR_WEIGHTS, 0.0))
    galechurch.UNSUPPORTED_PENALTY = 0.0
    try:
        yield
    finally:
        anchors.ANCHOR_WEIGHTS.update(saved[0])
        galechurch.UNSUPPORTED_PENALTY = saved[1]


def run(trials: int, edits: int, glossary: Glossary | None, seed: int) -> tuple[float, float, float, float]:
    """(sample precision, sample recall, edited precision, edited recall)."""
    rng = random.Random(seed)
    sample = [0, 0, 0]
    edited = [0, 0, 0]
    docs = [(prepare(DATA / fr), prepare(DATA / en), read_gold(DATA / gold)) for fr, en, gold in SAMPLES]
    for fr, en, gold in docs:
        got = score({(tuple(p.fr_ids), tuple(p.en_ids)) for p in align.align_documents(fr, en, glossary)},
                    set(gold))
        sample = [a + b for a, b in zip(sample, got, strict=True)]
    for trial in range(trials):
        fr, en0, gold = docs[trial % len(docs)]
        en = copy.deepcopy(en0)
        for _ in range(edits):
            gold = edit(en, gold, rng)
        pairs = align.align_documents(fr, en, glossary)
        got = score({(tuple(p.fr_ids), tuple(p.en_ids)) for p in pairs}, set(gold))
        edited = [a + b for a, b in zip(edited, got, strict=True)]
    return sample[0] / sample[1], sample[0] / sample[2], edited[0] / edited[1], edited[0] / edited[2]


def speed(copies: int, glossary: Glossary | None) -> tuple[int, float]:
    fr, en = prepare(DATA / "brief.fr.txt"), prepare(DATA / "brief.en.txt")
    big_fr, big_en = Document(), Document()
    for k in range(copies):
        for doc, big in ((fr, big_fr), (en, big_en)):
            for block in copy.deepcopy(doc.blocks):
                block.id = f"c{k}{block.id}"
                for seg in block.segments:
                    seg.id = f"c{k}{seg.id}"
                big.blocks.append(block)
    start = time.perf_counter()
    align.align_documents(big_fr, big_en, glossary)
    return sum(1 for _ in big_fr.segments()), time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--edits", type=int, default=3, help="random edits per trial")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    glossary = load_default_glossary()
    print(f"{'setting':<26}{'sample P':>9}{'sample R':>9}{'edited P':>9}{'edited R':>9}")
    for name, gloss, ablate in (("anchors + glossary", glossary, False), ("anchors, no glossary", None, False),
                                ("lengths only", None, True)):
        if ablate:
            with lengths_only():
                result = run(args.trials, args.edits, gloss, args.seed)
        else:
            result = run(args.trials, args.edits, gloss, args.seed)
        print(f"{name:<26}" + "".join(f"{x:>9.3f}" for x in result))
    for copies in (4, 12):
        sentences, seconds = speed(copies, glossary)
        print(f"speed: {sentences} French sentences aligned in {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
