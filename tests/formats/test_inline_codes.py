"""Inline-code ids shared by the stores: the target reuses the source's ids, copies and strays are told apart."""

from __future__ import annotations

from lxml import etree

from toolkit.formats.inline_codes import SourceCodes, append_text, fresh_id, ph_id_base, walk_inline
from toolkit.model import Inline, Ph, Start


def test_fresh_ids_count_up_from_two() -> None:
    used = {"a", "a-2"}
    assert [fresh_id(used, "a"), fresh_id(used, "b"), fresh_id(used, "b")] == ["a-3", "b", "b-2"]
    assert used == {"a", "a-2", "a-3", "b", "b-2"}


def test_placeholder_bases() -> None:
    assert [ph_id_base(p) for p in (Ph("fn", ref="3"), Ph("br"), Ph("code", text="x"), Ph("keep"))] == [
        "fn3", "br", "c", "keep"]


def test_target_takes_each_source_id_once_in_order() -> None:
    codes: SourceCodes[str] = SourceCodes()
    ref, em = Ph("fn", ref="1"), Start("em", "e1")
    codes.define(ref, "fn1")
    codes.define(ref, "fn1-2")
    codes.define(em, "e1")
    assert [codes.reuse(Ph("fn", ref="1")) for _ in range(3)] == ["fn1", "fn1-2", None]
    assert codes.known(ref) == ["fn1", "fn1-2"]
    assert codes.reuse(Ph("fn", ref="2")) is None and codes.known(Ph("fn", ref="2")) == []
    assert codes.reuse(Start("em", "e1")) == "e1" and codes.reuse(Start("em", "e1")) is None
    # a second emphasis the source does not have is a copy of the first; a link with another address is not
    assert codes.copied(Start("em", "e9")) == "e1"
    assert codes.copied(Start("link", "l1", "https://a.example/")) is None


def test_walk_and_append_keep_document_order() -> None:
    el = etree.fromstring('<s xmlns:o="urn:o">a<x n="1"/>b<!-- c --><o:x n="2"/>d<x n="3"/></s>')
    out: list[Inline] = []
    walk_inline(el, out, lambda child, name: out.append(Ph("br", ref=child.get("n"))))
    assert out == ["a", Ph("br", ref="1"), "b", "d", Ph("br", ref="3")]
    out = []
    walk_inline(el, out, lambda child, name: out.append(Ph(name, ref=child.get("n"))), "urn:o")
    assert out == ["a", "b", Ph("x", ref="2"), "d"]
    append_text(el, "e")
    empty = etree.Element("seg")
    append_text(empty, "f")
    append_text(empty, "g")
    assert el[-1].tail == "e" and empty.text == "fg"
