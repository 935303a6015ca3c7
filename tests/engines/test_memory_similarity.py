"""Fuzzy similarity figures against an independent oracle: a textbook full-table Levenshtein over tokens."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.engines.memory import levenshtein, similarity, tokens


def brute_distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Wagner–Fischer with the whole table: insertions, deletions and substitutions cost 1."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        table[i][0] = i
    for j in range(len(b) + 1):
        table[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1,
                              table[i - 1][j - 1] + (0 if a[i - 1] == b[j - 1] else 1))
    return table[len(a)][len(b)]


def brute_similarity(a: str, b: str) -> float:
    ta, tb = tokens(a), tokens(b)
    longest = max(len(ta), len(tb))
    return 1.0 if longest == 0 else 1 - brute_distance(ta, tb) / longest


WORDS = ["le", "la", "les", "de", "Bélarus", "Loukachenko", "forces", "russes", "sont", "arrivées", "en",
         "octobre", "12", "000", ",", ".", "«", "»", "l’", "armée", "a", "démenti", "(", ")", "…", "x"]


def _pairs(count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        a = [rng.choice(WORDS) for _ in range(rng.randint(0, 25))]
        b = list(a)
        for _ in range(rng.randint(0, 8)):  # edits of every kind, so the figures spread from 0 to 1
            op = rng.choice(("sub", "ins", "del", "swap"))
            if op == "ins" or not b:
                b.insert(rng.randint(0, len(b)), rng.choice(WORDS))
            elif op == "del":
                del b[rng.randrange(len(b))]
            elif op == "sub":
                b[rng.randrange(len(b))] = rng.choice(WORDS)
            else:
                k = rng.randrange(len(b))
                b[k], b[-1] = b[-1], b[k]
        out.append((" ".join(a), " ".join(b)))
    return out


TABLE = _pairs(600, seed=12)


def test_the_table_spreads_over_the_whole_range() -> None:
    figures = [brute_similarity(a, b) for a, b in TABLE]
    assert min(figures) < 0.3 and max(figures) == 1.0
    assert len({round(f, 2) for f in figures}) > 40


@pytest.mark.parametrize(("a", "b"), TABLE)
def test_similarity_equals_the_brute_force_ratio(a: str, b: str) -> None:
    assert similarity(a, b) == pytest.approx(brute_similarity(a, b), abs=1e-12)


@pytest.mark.parametrize(("a", "b"), TABLE[:200])
def test_distance_with_a_limit_stops_at_limit_plus_one(a: str, b: str) -> None:
    ta, tb = tokens(a), tokens(b)
    true = brute_distance(ta, tb)
    assert levenshtein(ta, tb) == true
    for limit in range(0, true + 2):
        assert levenshtein(ta, tb, limit) == min(true, limit + 1)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_any_text_pair(a: str, b: str) -> None:
    assert similarity(a, b) == pytest.approx(brute_similarity(a, b), abs=1e-12)
    assert levenshtein(a, b) == brute_distance(a, b)  # characters as the sequence items
