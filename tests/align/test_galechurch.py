"""Gale–Church programme on one stream: lengths alone pair sentences, omissions become 1-0 beads."""

from __future__ import annotations

import math

from toolkit.align.anchors import Sentence
from toolkit.align.galechurch import Params, estimate, length_cost, run_stream
from toolkit.model import Segment


def stream(lengths: list[int], prefix: str) -> list[Sentence]:
    return [Sentence(Segment(f"{prefix}{k}", ["x" * n]), "x" * n, "b1", "paragraph", None, block_start=k == 0)
            for k, n in enumerate(lengths)]


def test_length_cost_grows_with_the_difference_and_stays_finite() -> None:
    params = Params()
    costs = [length_cost(100, en, params) for en in (100, 120, 160, 400, 100_000)]
    assert costs == sorted(costs) and all(math.isfinite(c) for c in costs)


def test_equal_lengths_pair_one_to_one_in_order() -> None:
    lengths = [40, 85, 23, 150, 60, 31]
    beads = run_stream(stream(lengths, "f"), stream(lengths, "e"), Params())
    assert [(b.i, b.a, b.j, b.b) for b in beads] == [(k, 1, k, 1) for k in range(len(lengths))]
    assert all(0.0 <= b.posterior <= 1.0 for b in beads)


def test_a_sentence_missing_on_one_side_is_a_one_to_zero_bead() -> None:
    fr = [40, 85, 23, 150, 60, 31]
    en = [40, 85, 150, 60, 31]
    beads = run_stream(stream(fr, "f"), stream(en, "e"), Params())
    assert [(b.i, b.a, b.j, b.b) for b in beads] == [(0, 1, 0, 1), (1, 1, 1, 1), (2, 1, 2, 0), (3, 1, 2, 1),
                                                      (4, 1, 3, 1), (5, 1, 4, 1)]


def test_estimate_keeps_the_fallback_with_too_few_pairs() -> None:
    fallback = Params(ratio=1.3)
    assert estimate([(10, 12), (20, 25)], fallback) is fallback
    assert estimate([(100, 120)] * 10, fallback).ratio == 1.2
