"""The model's shared rules: where a block lives, footnote keys, a QA issue as a store's note."""

from __future__ import annotations

import pytest

from toolkit.model import (
    QA_NOTE,
    Block,
    Document,
    Footnote,
    Issue,
    Note,
    Segment,
    footnote_block_id,
    footnote_from_key,
    footnote_key,
    noted_issues,
)


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


ISSUES = [
    Issue("b1.s1", "length-ratio", "English 3× the French"),
    Issue("b1.s1", "term-missing", "“Kremlin”: expected in the English"),
    Issue("fn2.p1.s1", "code-restored", "restored footnote reference 2 at the end: check it"),
    Issue("b2.s1", "untranslated", ""),
    Issue("b2.s1", "number-mismatch", "not in the English: 10 < 12 & \"quoted\""),
]


@pytest.mark.parametrize("issue", ISSUES, ids=[i.kind for i in ISSUES])
def test_an_issue_travels_as_a_note_and_comes_back_the_same(issue: Issue) -> None:
    note = issue.note()
    assert note.category == QA_NOTE and Issue.from_note(issue.segment, note) == issue
    assert Issue.from_dict(issue.as_dict()) == issue


def test_noted_issues_in_document_order() -> None:
    segs = {sid: Segment(sid, ["x"], ["y"]) for sid in ("b1.s1", "b2.s1", "fn2.p1.s1")}
    for issue in ISSUES:
        segs[issue.segment].notes.append(issue.note())
    segs["b1.s1"].notes.insert(0, Note("a reviewer's comment"))
    doc = Document(blocks=[Block("b1", "paragraph", [segs["b1.s1"]]), Block("b2", "paragraph", [segs["b2.s1"]])],
                   footnotes=[Footnote("2", [Block("fn2.p1", "paragraph", [segs["fn2.p1.s1"]])])])
    assert noted_issues(doc) == [ISSUES[0], ISSUES[1], ISSUES[3], ISSUES[4], ISSUES[2]]
