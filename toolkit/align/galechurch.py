"""Gale–Church sentence alignment of one stream: bead priors, the length cost, and the dynamic programme (Viterbi
path and forward–backward posteriors) with paragraph boundaries as soft anchors."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from toolkit.align.anchors import Sentence, shared

# Gale & Church (1993) bead priors, split evenly between the two directions; omissions and additions are
# twice as likely as in their parliamentary proceedings: a brief's translator is freer
PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.88, (1, 0): 0.01, (0, 1): 0.01, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011,
}  # fmt: skip
DEFAULT_VARIANCE = 6.8  # Gale & Church's variance of the length difference per character
MIN_VARIANCE, MAX_VARIANCE = 4.0, 40.0  # bounds on the variance re-estimated from a document
MIN_PAIRS_FOR_RATIO, MIN_PAIRS_FOR_VARIANCE = 3, 8  # fewer 1-1 pairs say more about chance than the translator
BOUNDARY_BONUS = 1.5  # both sides start a paragraph at the same point
CROSSING_PENALTY = 2.0  # a merged bead takes sentences from two paragraphs of one side
HEADING_PENALTY = 2.0  # a heading paired with body text
UNSUPPORTED_PENALTY = 1.5  # a merged sentence sharing nothing with the other side: likelier an omission
MIN_BAND = 40  # sentences either side of the diagonal the programme explores, at least
# ...and at most (plus the difference in length): the programme's work grows with n × band, which for
# n // 5 unbounded was quadratic (750 sentences a side took 16 s)
MAX_BAND = 60


@dataclass
class Params:
    """The length model of one document pair."""

    ratio: float = 1.0  # English characters per French character
    variance: float = DEFAULT_VARIANCE


def unsupported(members: Sequence[Sentence], other: Counter[str]) -> float:
    """Penalty for each merged sentence that shares no anchor or cognate with the other side."""
    return sum(UNSUPPORTED_PENALTY for sent in members if not any(k in other for k in sent.anchors))



def length_cost(fr_len: int, en_len: int, params: Params) -> float:
    """-log P(length difference) under Gale & Church's normal model."""
    mean = max((params.ratio * fr_len + en_len) / 2, 1.0)
    z = abs(en_len - params.ratio * fr_len) / math.sqrt(params.variance * mean)
    x = z / math.sqrt(2)
    if x < 6:
        return -math.log(max(math.erfc(x), 1e-300))
    return x * x + math.log(x * math.sqrt(math.pi))  # erfc's asymptote, where it underflows


def logadd(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    if a < b:
        a, b = b, a
    return a + math.log1p(math.exp(b - a))


@dataclass
class Bead:
    i: int  # first French sentence
    a: int  # how many French sentences
    j: int
    b: int
    posterior: float = 0.0


class Programme:
    """The dynamic programme over one stream: Viterbi path and forward–backward posteriors."""

    def __init__(self, fr: Sequence[Sentence], en: Sequence[Sentence], params: Params) -> None:
        self.fr, self.en, self.params = fr, en, params
        self.n, self.m = len(fr), len(en)
        self.prior = {bead: -math.log(p) for bead, p in PRIORS.items()}
        self.band = min(max(MIN_BAND, max(self.n, self.m) // 5), MAX_BAND) + abs(self.n - self.m)
        self._costs: dict[tuple[int, int, int, int], float] = {}

    def inside(self, i: int, j: int) -> bool:
        if self.n == 0 or self.m == 0:
            return True
        return abs(j - i * self.m / self.n) <= self.band

    def cost(self, i: int, a: int, j: int, b: int) -> float:
        key = (i, a, j, b)
        cached = self._costs.get(key)
        if cached is not None:
            return cached
        fr, en = self.fr[i : i + a], self.en[j : j + b]
        total = self.prior[(a, b)]
        if a and b:
            total += length_cost(sum(s.length for s in fr), sum(s.length for s in en), self.params)
            fr_anchors = fr[0].anchors if a == 1 else fr[0].anchors + fr[1].anchors
            en_anchors = en[0].anchors if b == 1 else en[0].anchors + en[1].anchors
            total -= shared(fr_anchors, en_anchors)
            if any(s.kind == "heading" for s in fr) != any(s.kind == "heading" for s in en):
                total += HEADING_PENALTY
            if a == 2:
                total += unsupported(fr, en_anchors)
            if b == 2:
                total += unsupported(en, fr_anchors)
        if a == 2 and fr[1].block_start:
            total += CROSSING_PENALTY
        if b == 2 and en[1].block_start:
            total += CROSSING_PENALTY
        end_i, end_j = i + a, j + b
        if 0 < end_i < self.n and 0 < end_j < self.m and self.fr[end_i].block_start \
                and self.en[end_j].block_start:
            total -= BOUNDARY_BONUS
        self._costs[key] = total
        return total

    def beads_into(self, i: int, j: int) -> Iterable[tuple[int, int]]:
        for a, b in PRIORS:
            if a <= i and b <= j:
                yield a, b

    def run(self) -> list[Bead]:
        n, m = self.n, self.m
        inf = math.inf
        best = [[inf] * (m + 1) for _ in range(n + 1)]
        back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
        alpha = [[-inf] * (m + 1) for _ in range(n + 1)]
        best[0][0], alpha[0][0] = 0.0, 0.0
        for i in range(n + 1):
            for j in range(m + 1):
                if (i or j) == 0 or not self.inside(i, j):
                    continue
                for a, b in self.beads_into(i, j):
                    pi, pj = i - a, j - b
                    if best[pi][pj] == inf:
                        continue
                    c = self.cost(pi, a, pj, b)
                    if best[pi][pj] + c < best[i][j]:
                        best[i][j] = best[pi][pj] + c
                        back[i][j] = (a, b)
                    alpha[i][j] = logadd(alpha[i][j], alpha[pi][pj] - c)
        beta = [[-inf] * (m + 1) for _ in range(n + 1)]
        beta[n][m] = 0.0
        for i in range(n, -1, -1):
            for j in range(m, -1, -1):
                if (i, j) == (n, m) or alpha[i][j] == -inf:
                    continue
                for a, b in PRIORS:
                    ni, nj = i + a, j + b
                    if ni > n or nj > m or beta[ni][nj] == -inf:
                        continue
                    beta[i][j] = logadd(beta[i][j], beta[ni][nj] - self.cost(i, a, j, b))
        log_z = alpha[n][m]
        path: list[Bead] = []
        i, j = n, m
        while i or j:
            a, b = back[i][j]
            pi, pj = i - a, j - b
            posterior = math.exp(min(0.0, alpha[pi][pj] - self.cost(pi, a, pj, b) + beta[i][j] - log_z))
            path.append(Bead(pi, a, pj, b, posterior))
            i, j = pi, pj
        path.reverse()
        return path


def estimate(pairs: Sequence[tuple[int, int]], fallback: Params) -> Params:
    """Length ratio and variance re-estimated from 1-1 pairs (lengths in characters).

    The ratio of the totals, used first, is biased by whatever the translator left out or added; the 1-1
    pairs are not. The variance needs more pairs than the ratio to mean anything.
    """
    pairs = [(f, e) for f, e in pairs if f and e]
    if len(pairs) < MIN_PAIRS_FOR_RATIO:
        return fallback
    ratio = sum(e for _f, e in pairs) / sum(f for f, _e in pairs)
    variance = fallback.variance
    if len(pairs) >= MIN_PAIRS_FOR_VARIANCE:
        scaled = [(e - ratio * f) ** 2 / ((ratio * f + e) / 2) for f, e in pairs]
        # the median of a chi-square with one degree of freedom is 0.455: robust to the odd bad pair
        variance = min(max(statistics.median(scaled) / 0.455, MIN_VARIANCE), MAX_VARIANCE)
    return Params(ratio=ratio, variance=variance)


def run_stream(fr: list[Sentence], en: list[Sentence], params: Params) -> list[Bead]:
    """The best beads of one stream, each with its posterior probability."""
    if not fr and not en:
        return []
    return Programme(fr, en, params).run()

