"""The model's shared rules: where a block lives, footnote keys."""

from __future__ import annotations

import pytest

from toolkit.model import Block, Document, Footnote, footnote_block_id, footnote_from_key, footnote_key


def test_placed_blocks_tell_body_from_footnotes_by_identity() -> None:
    body = Block("fn1.p1", "paragraph")  # a body block whose id looks like a footnote's is still the body's
    note = Block("b9", "paragraph")
    fn = Footnote("1", [note])
    doc = Document(blocks=[body], footnotes=[fn])
    assert [(b, f) for b, f in doc.placed_blocks()] == [(body, None), (note, fn)]
    assert list(doc.all_blocks()) == [body, note]


@pytest.mark.parametrize(("footnote", "key"), [("1", "fn1"), ("12", "fn12"), ("a-b", "fna-b"), ("fn", "fnfn")])
def test_footnote_key_round_trip(footnote: str, key: str) -> None:
    assert footnote_key(footnote) == key
    assert footnote_from_key(key) == footnote
    assert footnote_block_id(footnote, 2) == f"{key}.p2"


@pytest.mark.parametrize("bare", ["7", "notes", "fn"])
def test_a_key_without_the_prefix_is_the_footnote_id(bare: str) -> None:
    assert footnote_from_key(bare) == bare
