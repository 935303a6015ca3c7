"""The protection table: French sentences with protected terms, and an oracle for words lost around them.

The oracle does not use the toolkit's rules: a word of the engine's raw output (no protection at all) is a
sentence word unless it is a stopword or the engine's rendering of a protected term translated alone; every
sentence word must still be in our English.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from toolkit.engines.base import Engine
from toolkit.formats.glossaries import load_policy
from toolkit.pipeline.postedit import finish_document
from toolkit.pipeline.prepare import prepare
from toolkit.pipeline.translate import translate_document

DATA = Path(__file__).parents[1] / "data" / "protection"
FRENCH_STOPWORDS = frozenset(
    """le la les l de du des d un une et ou à au aux en dans sur sous pour par avec sans entre vers chez ce cet
    cette ces son sa ses leur leurs mon ma mes qui que qu ne n pas plus se s a ont est sont été être avoir il
    elle ils elles on y lui eux""".split()
)

ENGLISH_STOPWORDS = frozenset("a an the of in at on to from by for with into s".split())


@dataclass
class Row:
    category: str
    french: str
    raw: str = ""
    ours: str = ""
    terms: tuple[str, ...] = ()  # English of the locked terms
    words: tuple[str, ...] = ()  # French content words outside the terms
    lost: tuple[str, ...] = ()  # kept by the raw engine, missing from ours
    neither: tuple[str, ...] = ()  # missing from both (the engine's own limits)
    only_ours: tuple[str, ...] = ()  # missing from the raw output, present in ours
    raw_count: int = 0  # content words of the raw output outside the terms' renderings
    our_count: int = 0  # the same in ours


def load_rows() -> list[Row]:
    rows = []
    for line in (DATA / "sentences.tsv").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, french = line.split("\t")
            rows.append(Row(category, french))
    return rows


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[^\W\d_]+", text)]


def _present(french: str, alone: str, english: str) -> bool:
    """Whether the French word, or any word of its translation on its own, is in the English (stem match)."""
    found = _words(english)
    candidates = [w for w in _words(alone) if len(w) > 2] + [french]
    return any(
        any(f.startswith(c[:5]) or c.startswith(f[:5]) for f in found if len(f) > 2) for c in candidates
    )


def _content_count(english: str, term_words: set[str]) -> int:
    """Content words outside the terms; a compound holding a term word (`Height-Karabakh`) is the term's."""
    count = 0
    for compound in english.split():
        words = _words(compound)
        if not any(w in term_words for w in words):
            count += sum(1 for w in words if w not in ENGLISH_STOPWORDS)
    return count


def translate_rows(rows: list[Row], engine: Engine) -> list[Row]:
    """Fill in the raw engine output, ours (the whole protect → translate → postedit path) and the lost words."""
    policy = load_policy([DATA / "glossary.tsv"])
    policy.prepare_for(engine)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "table.fr.txt"
        path.write_text("\n\n".join(r.french for r in rows) + "\n", "utf-8")
        doc = prepare(path)
    segments = list(doc.segments())
    assert [s.text.strip() for s in segments] == [r.french for r in rows], "one sentence per row"
    translate_document(doc, engine, view_hook=policy.protect)
    finish_document(doc, policy)
    for row, seg in zip(rows, segments, strict=True):
        expected = [e for e in policy.expected.get(seg.id, []) if e.locked]
        row.ours, row.terms = seg.target_text, tuple(e.target for e in expected)
        outside = row.french
        for e in expected:
            outside = outside.replace(e.source, " ")
        row.words = tuple(
            w for w in dict.fromkeys(_words(outside)) if w not in FRENCH_STOPWORDS and len(w) > 1
        )
    vocabulary = sorted({w for r in rows for w in r.words})
    alone = dict(zip(vocabulary, engine.translate(vocabulary), strict=True))
    raws = engine.translate([r.french for r in rows])
    sources = [[e.source for e in policy.expected.get(seg.id, []) if e.locked] for seg in segments]
    renderings = engine.translate([s for group in sources for s in group])
    for row, raw, group in zip(rows, raws, sources, strict=True):
        row.raw = raw
        term_words = {w for text in [*renderings[: len(group)], *row.terms] for w in _words(text)}
        renderings = renderings[len(group) :]
        row.raw_count = _content_count(raw, term_words)
        row.our_count = _content_count(row.ours, term_words)
        in_raw = {w for w in row.words if _present(w, alone[w], raw)}
        in_ours = {w for w in row.words if _present(w, alone[w], row.ours)}
        row.lost = tuple(w for w in row.words if w in in_raw and w not in in_ours)
        row.only_ours = tuple(w for w in row.words if w in in_ours and w not in in_raw)
        row.neither = tuple(w for w in row.words if w not in in_raw and w not in in_ours)
    return rows
