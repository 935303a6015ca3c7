"""XLIFF 1.2 for CAT tools: the round-trip suite, the strict XSD, translate-toolkit as an independent reader."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests.formats.roundtrip import RoundTripSuite, UnitView, sample_document, seg
from tests.schemas import errors, xliff12_schema
from toolkit.errors import InputError
from toolkit.formats.xliff12 import parse_xliff12_store, write_xliff12, xliff12_bytes
from toolkit.model import Block, Document, End, Ph, Start, Suggestion

X12 = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


class TestXliff12RoundTrip(RoundTripSuite):
    def roundtrip(self, doc: Document, tmp_path: Path) -> list[UnitView]:
        path = tmp_path / "doc.xlf"
        write_xliff12(doc, path)
        back = parse_xliff12_store(path.read_bytes(), str(path)).document
        assert errors(xliff12_schema(), path.read_bytes()) == []
        return [UnitView(s.id, s.source, s.target, s.state, [(n.category, n.text) for n in s.notes])
                for s in back.segments()]


def test_document_comes_back_whole_but_the_host_path() -> None:
    doc = sample_document()
    doc.warnings = ["footnote 3 has no reference"]
    doc.blocks[0].style = "Titre 1; gras & co"
    doc.blocks[1].segments[0].origin = "argos 1.9: fr→en"
    signature = {"toolkit": "0.1.0", "engine": "apertium", "glossary": "ab12cd34"}
    suggestions = {"b2.s3": [Suggestion("Ligne suivante.", "Next line.", 0.825, "memory")]}
    data = xliff12_bytes(doc, signature, suggestions)
    assert errors(xliff12_schema(), data) == []
    assert b"samples/" not in data  # the input's name only, never where it lives
    store = parse_xliff12_store(data, "x.xlf")
    doc.source_path = "belarus-brief.fr.txt"
    assert store.document == doc
    assert store.signature == signature
    assert store.suggestions == suggestions


@pytest.mark.parametrize(("state", "xliff_state", "approved"), [
    ("translated", "translated", None), ("reviewed", "signed-off", "yes"), ("final", "final", "yes")])
def test_states_are_standard_values(state: str, xliff_state: str, approved: str | None) -> None:
    doc = Document(blocks=[Block("b1", "paragraph", [seg("b1.s1", ["Oui."], ["Yes."], state=state)])])
    root = etree.fromstring(xliff12_bytes(doc))
    unit = root.xpath("//x:trans-unit", namespaces=X12)[0]
    assert unit.get("approved") == approved
    assert unit.xpath("x:target/@state", namespaces=X12) == [xliff_state]


@pytest.mark.parametrize(("xml_state", "approved", "expected"), [
    ("new", "", "initial"), ("needs-translation", "", "initial"), ("translated", "", "translated"),
    ("needs-review-translation", "", "translated"), ("needs-l10n", "", "translated"),
    ("signed-off", "", "reviewed"), ("final", "", "final"), ("", "yes", "reviewed"),
    ("translated", "yes", "reviewed"), ("", "", "translated"), ("x-custom", "", "translated")])
def test_states_read_from_other_tools(xml_state: str, approved: str, expected: str) -> None:
    state = f' state="{xml_state}"' if xml_state else ""
    appr = f' approved="{approved}"' if approved else ""
    data = (f'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="a" '
            f'source-language="fr" datatype="plaintext"><body><trans-unit id="1"{appr}><source>Oui.</source>'
            f'<target{state}>Yes.</target></trans-unit></body></file></xliff>').encode()
    assert next(parse_xliff12_store(data, "x").document.segments()).state == expected


def test_crossing_pairs_become_bx_ex_and_validate() -> None:
    source = [Start("em", "1"), "a ", Start("strong", "2"), "b", End("1"), " c", End("2")]
    doc = Document(blocks=[Block("b1", "paragraph", [seg("b1.s1", source, list(source))])])
    data = xliff12_bytes(doc)
    assert errors(xliff12_schema(), data) == []
    root = etree.fromstring(data)
    # the emphasis closes inside the strong: it cannot be a <g>; the strong still can
    assert root.xpath("//x:source/x:bx/@ctype", namespaces=X12) == ["italic"]
    assert root.xpath("//x:source/x:g/x:ex/@rid", namespaces=X12) == root.xpath("//x:source/x:bx/@id",
                                                                                   namespaces=X12)
    assert parse_xliff12_store(data, "x").document.blocks[0].segments[0].source == source


def test_translate_toolkit_factory_reads_every_segment(tmp_path: Path) -> None:
    from translate.storage import factory

    doc = sample_document()
    path = tmp_path / "brief.xlf"
    write_xliff12(doc, path)
    store = factory.getobject(str(path))
    units = [u for u in store.units if not u.isheader()]
    want = list(doc.segments())
    assert [u.getid().split("\x04")[-1] for u in units] == [s.id for s in want]  # "<file>\x04<id>"
    for unit, s in zip(units, want, strict=True):
        # translate-toolkit's plain text: the words as written, a link's native <a> markup, the verbatim code
        words = "".join(p if isinstance(p, str) else p.text for p in s.source if not isinstance(p, (Start, End)))
        assert re.sub(r"</?a\b[^>]*>", "", unit.source) == words, s.id
        assert bool(unit.target) == (s.target is not None)
    by_id = {u.getid().split("\x04")[-1]: u for u in units}
    # approved = reviewed or final; a machine translation not yet reviewed is "fuzzy" to translate-toolkit
    assert [k for k, u in by_id.items() if u.isapproved()] == [
        s.id for s in want if s.state in ("reviewed", "final")]
    assert [k for k, u in by_id.items() if u.isfuzzy()] == [s.id for s in want if s.state == "translated"]
    assert "« arrivées »" in by_id["b2.s1"].getnotes()


def test_pocount_counts_every_segment(tmp_path: Path) -> None:
    import subprocess

    doc = sample_document()
    path = tmp_path / "brief.xlf"
    write_xliff12(doc, path)
    pocount = Path(sys.executable).parent / "pocount"  # installed with translate-toolkit
    out = subprocess.run([str(pocount), "--csv", str(path)], capture_output=True, text=True, check=True).stdout
    row = out.strip().splitlines()[-1].split(",")
    # Filename, Translated Messages, Translated Source Words, Translated Target Words, Fuzzy …, Untranslated …
    total = len(list(doc.segments()))
    untranslated = sum(1 for s in doc.segments() if s.target is None)
    approved = sum(1 for s in doc.segments() if s.state in ("reviewed", "final"))
    assert (int(row[1]), int(row[4]), int(row[6]), int(row[8])) == (
        approved, total - untranslated - approved, untranslated, total)


@pytest.mark.parametrize(("data", "message"), [
    (b"<xliff xmlns='urn:oasis:names:tc:xliff:document:2.0' version='2.0'/>", "not an XLIFF 1.2 file"),
    (b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'/>", "no <file> element"),
    (b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'><file original='a' "
     b"source-language='fr' datatype='x'><body/></file></xliff>", "no translation units"),
    (b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'><file original='a' "
     b"source-language='fr' datatype='x'><body><trans-unit id='1'><source>a<g id='1'>b</g></source>"
     b"<target>A<x id='9'/></target></trans-unit></body></file></xliff>", "target code '9' is not in the source"),
    (b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'><file original='a' "
     b"source-language='fr' datatype='x'><body><trans-unit id='1'><source>a<bx id='1' rid='1'/>b</source>"
     b"</trans-unit></body></file></xliff>", "opened and never closed"),
    (b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'><file original='a' "
     b"source-language='fr' datatype='x'><body><trans-unit id='1'><source>a</source></trans-unit>"
     b"<trans-unit id='1'><source>b</source></trans-unit></body></file></xliff>", "duplicate trans-unit id"),
])
def test_bad_xliff12_is_refused_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_xliff12_store(data, "in.xlf")
    assert "\n" not in str(info.value)


def test_foreign_placeholders_and_ungrouped_units() -> None:
    data = ("<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'><file original='a' "
            "source-language='fr' datatype='html'><body><trans-unit id='t1'><source>Un <ph id='1'>&lt;br/&gt;"
            "</ph>deux <g id='2' ctype='x-html-span'>trois</g></source></trans-unit></body></file></xliff>")
    doc = parse_xliff12_store(data.encode(), "x").document
    assert [b.id for b in doc.blocks] == ["t1"]
    s = doc.blocks[0].segments[0]
    assert s.source == ["Un ", Ph("code", text=""), "deux ", Start("html-span", "2"), "trois", End("2")]
