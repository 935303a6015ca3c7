"""Golden table for the shipped French rules: (text, expected sentences), read from benchmarks/data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.segment.srx import load_segmenter

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "segment_gold.tsv"
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|(.))")


def _unescape(field: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1):
            return chr(int(match.group(1), 16))
        return {"n": "\n", "t": "\t", "\\": "\\"}[match.group(2)]

    return _ESCAPE.sub(one, field)


def load_gold(path: Path = GOLD) -> list[tuple[str, list[str]]]:
    """(section, expected sentences) for every case of the golden file."""
    cases: list[tuple[str, list[str]]] = []
    section = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            section = line.lstrip("# ").strip()
        elif line:
            cases.append((section, [_unescape(field) for field in line.split("\t")]))
    return cases


CASES = load_gold()


def test_golden_table_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert len({section for section, _ in CASES}) >= 10


@pytest.mark.parametrize(
    "expected", [sentences for _, sentences in CASES], ids=[f"{n:03d}" for n in range(len(CASES))]
)
def test_golden(expected: list[str]) -> None:
    text = "".join(expected)
    assert load_segmenter().split(text) == expected


def test_seed_brief_keeps_every_character() -> None:
    sample = Path(__file__).resolve().parents[2] / "samples" / "belarus-brief.fr.txt"
    text = sample.read_text(encoding="utf-8")
    pieces = load_segmenter().split(text)
    assert "".join(pieces) == text
    assert all(piece.strip() for piece in pieces)
    # Glued footnote numbers are the caller's business; sentences still end at the paragraph ends.
    assert any(piece.startswith("Dans un rare entretien") for piece in pieces)
    assert any(piece.startswith("L’absence de journalistes") for piece in pieces)
