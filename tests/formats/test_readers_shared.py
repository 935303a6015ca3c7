"""The suite every reader passes: the same invariants for plain text, Markdown, DOCX, ODT and HTML."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import InputError
from toolkit.formats import read_document
from toolkit.model import BLOCK_KINDS, Document, End, Start, footnote_refs, plain_text
from toolkit.pipeline.prepare import prepare

SAMPLES = sorted(
    p
    for p in (Path(__file__).parents[2] / "samples").iterdir()
    if p.suffix in (".txt", ".md", ".docx", ".odt", ".html")
)


def test_every_format_has_a_sample() -> None:
    assert {p.suffix for p in SAMPLES} >= {".txt", ".md", ".docx", ".odt", ".html"}


@pytest.fixture(params=SAMPLES, ids=lambda p: p.name)
def sample(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


def test_blocks_are_well_formed(sample: Path) -> None:
    doc = read_document(sample)
    assert doc.blocks
    for block in doc.all_blocks():
        assert block.kind in BLOCK_KINDS
        assert block.text.strip() == block.text and block.text
        if block.kind == "heading":
            assert 1 <= block.level <= 6
        if block.kind == "list-item":
            assert block.level >= 1


def test_every_footnote_is_referenced_once_in_order(sample: Path) -> None:
    doc = read_document(sample)
    refs = [r for block in doc.blocks for r in footnote_refs(block.source)]
    assert refs == [fn.id for fn in doc.footnotes]
    assert refs == [str(n) for n in range(1, len(refs) + 1)]


def test_segments_join_back_to_the_block(sample: Path) -> None:
    raw = read_document(sample)
    texts = {b.id: b.text for b in raw.all_blocks()}
    refs = {b.id: footnote_refs(b.source) for b in raw.all_blocks()}
    doc = prepare(sample)
    for block in doc.all_blocks():
        assert "".join(s.text + s.space_after for s in block.segments) == texts[block.id]
        assert [r for s in block.segments for r in footnote_refs(s.source)] == refs[block.id]
        for seg in block.segments:
            assert seg.text.strip()
            opened = [p.id for p in seg.source if isinstance(p, Start)]
            closed = [p.id for p in seg.source if isinstance(p, End)]
            assert Counter(opened) == Counter(closed)


def test_ids_are_unique_and_stable(sample: Path) -> None:
    first, second = prepare(sample), prepare(sample)
    ids = [s.id for s in first.segments()] + [b.id for b in first.all_blocks()]
    assert len(ids) == len(set(ids))
    assert ids == [s.id for s in second.segments()] + [b.id for b in second.all_blocks()]


def test_footnote_texts_are_not_empty(sample: Path) -> None:
    doc = read_document(sample)
    for fn in doc.footnotes:
        assert fn.text.strip()


# Plain text built from the pieces a web-copied brief is made of.
pieces = st.sampled_from(
    [
        "Le président",
        " biélorusse",
        " a parlé",
        " à Minsk",
        ".",
        " ",
        "\n",
        "\n\n",
        "  • ",
        "1",
        "2",
        "3",
        "F-35",
        " 23h",
        "«\u00a0",
        "\u00a0»",
        "M. ",
        "p. 12",
        "Sources\n1. a\n",
        "\r\n",
        "…",
        "?",
        "\u202f",
    ]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(pieces, max_size=40))
def test_plain_text_reader_never_crashes_and_keeps_footnotes(tmp_path: Path, parts: list[str]) -> None:
    path = tmp_path / "h.txt"
    path.write_text("".join(parts), encoding="utf-8")
    try:
        doc: Document = prepare(path)
    except InputError:
        return
    refs = [r for block in doc.blocks for seg in block.segments for r in footnote_refs(seg.source)]
    assert len(refs) == len(set(refs))
    assert set(refs) <= {fn.id for fn in doc.footnotes}
    for block in doc.all_blocks():
        assert plain_text(block.source).strip()
