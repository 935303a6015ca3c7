"""XLIFF 2.1 store: the round-trip suite, our layout, an independent reader, other tools' files, bad input."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from tests.formats.roundtrip import RoundTripSuite, UnitView, sample_document, seg
from toolkit.errors import InputError, ToolkitError
from toolkit.formats.xliff import (
    MDA,
    MTC,
    TK,
    XLF,
    Suggestion,
    load_xliff,
    parse_xliff,
    read_xliff,
    write_xliff,
    xliff_bytes,
)
from toolkit.model import Block, Document, End, Footnote, Note, Ph, Start

DATA = Path(__file__).parent.parent / "data" / "xliff"
NS = {"x": XLF, "mda": MDA, "mtc": MTC, "tk": TK}


class TestXliffRoundTrip(RoundTripSuite):
    def roundtrip(self, doc: Document, tmp_path: Path) -> list[UnitView]:
        path = tmp_path / "doc.xlf"
        write_xliff(doc, path)
        back, _sig = read_xliff(path)
        return [UnitView(s.id, s.source, s.target, s.state, [(n.category, n.text) for n in s.notes])
                for s in back.segments()]


def tree(doc: Document, **kwargs: object) -> etree._Element:
    return etree.fromstring(xliff_bytes(doc, **kwargs))  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ whole document


def test_document_comes_back_whole(tmp_path: Path) -> None:
    doc = sample_document()
    doc.warnings = ["footnote 3 has no reference"]
    doc.blocks[0].style = "Titre 1"
    doc.blocks[0].segments[0].origin = "argos 1.9: fr→en"
    path = tmp_path / "brief.xlf"
    signature = {"toolkit": "0.1.0", "engine": "apertium", "glossary": "ab12cd34"}
    suggestions = {"b2.s3": [Suggestion("Ligne suivante.", "Next line.", 0.825, "memory")]}
    write_xliff(doc, path, signature=signature, suggestions=suggestions)
    store = load_xliff(path)
    assert store.document.source_path == "belarus-brief.fr.txt"  # the name only: no host path travels
    doc.source_path = "belarus-brief.fr.txt"
    assert store.document == doc  # blocks, kinds, levels, styles, spaces, notes, origins, footnotes, metadata
    assert store.signature == signature
    assert store.suggestions == suggestions
    assert "".join(s.text + s.space_after for s in store.document.blocks[1].segments) == doc.blocks[1].text


def test_layout() -> None:
    doc = sample_document()
    root = tree(doc, signature={"engine": "argos"})
    assert root.tag == f"{{{XLF}}}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "fr", "en")
    file_el = root.find("x:file", NS)
    assert file_el is not None and file_el.get("original") == "belarus-brief.fr.txt"
    signature = "x:file/mda:metadata/mda:metaGroup[@category='signature']/mda:meta[@type='engine']/text()"
    assert root.xpath(signature, namespaces=NS) == ["argos"]
    assert root.xpath("x:file/x:group[@id='body']/x:unit/@id", namespaces=NS) == ["b1", "b2", "b3"]
    assert root.xpath("x:file/x:group[@id='footnotes']/x:group/@id", namespaces=NS) == ["fn1", "fn2"]
    assert root.xpath("//x:group[@id='fn2']/x:unit/x:segment/@id", namespaces=NS) == [
        "fn2.p1.s1", "fn2.p1.s2"]
    ref = root.xpath("//x:segment[@id='b2.s1']/x:source/x:ph", namespaces=NS)[0]
    assert (ref.get("type"), ref.get("subType"), ref.get("disp"), ref.get("subFlows")) == (
        "other", "tk:fnref", "1", "fn1.p1")
    target_ref = root.xpath("//x:segment[@id='b2.s1']/x:target//x:ph", namespaces=NS)[0]
    assert target_ref.get("id") == ref.get("id")  # the target reuses the source's ids
    link = root.xpath("//x:segment[@id='b2.s2']/x:source/x:pc[@type='link']", namespaces=NS)[0]
    data = root.xpath(f"//x:unit[@id='b2']/x:originalData/x:data[@id='{link.get('dataRefStart')}']/text()",
                      namespaces=NS)
    assert data == ["https://example.org/a?b=1&c=«2»"]
    em = root.xpath("//x:segment[@id='b2.s1']/x:source/x:pc", namespaces=NS)[0]
    assert (em.get("type"), em.get("subType"), em.text) == ("fmt", "xlf:i", "russes")
    assert root.xpath("//x:segment[@id='b2.s3']/x:target", namespaces=NS) == []  # no target when None
    space = root.xpath("//x:unit[@id='b2']/x:ignorable/x:source", namespaces=NS)
    assert [s.text for s in space] == [" ", "\u00a0\n"]
    assert {s.get(f"{{{XML_NS}}}space") for s in space} == {"preserve"}
    note = root.xpath("//x:unit[@id='b2']/x:notes/x:note", namespaces=NS)[0]
    assert (note.get("id"), note.get("category"), note.get(f"{{{TK}}}author")) == ("n1", "comment", "relecteur")
    # attached to its segment the standard way: a comment annotation around the target's content
    mrk = root.xpath("//x:segment[@id='b2.s1']/x:target/x:mrk", namespaces=NS)[0]
    assert (mrk.get("type"), mrk.get("ref")) == ("comment", "#n=n1")
    assert root.xpath("//x:segment[@id='b2.s1']/x:target/*", namespaces=NS) == [mrk]
    meta = root.xpath("//x:unit[@id='b3']/mda:metadata/mda:metaGroup[@category='block']/mda:meta",
                      namespaces=NS)
    assert [(m.get("type"), m.text) for m in meta] == [
        ("kind", "list-item"), ("level", "1"), ("ordered", "yes")]


XML_NS = "http://www.w3.org/XML/1998/namespace"

# What the XLIFF 2.0 core schema allows, for the parts we write (element -> attributes; child order rules)
_ALLOWED = {
    "xliff": {"version", "srcLang", "trgLang"},
    "file": {"id", "original", "canResegment"},
    "group": {"id", "name"},
    "unit": {"id"},
    "segment": {"id", "state", "subState"},
    "ignorable": set(),
    "notes": set(),
    "note": {"id", "category", f"{{{TK}}}author"},
    "mrk": {"id", "type", "ref"},
    "originalData": set(),
    "data": {"id"},
    "source": {f"{{{XML_NS}}}space"},
    "target": {f"{{{XML_NS}}}space"},
    "ph": {"id", "type", "subType", "disp", "equiv", "dataRef", "subFlows", "copyOf"},
    "pc": {"id", "type", "subType", "dataRefStart", "dataRefEnd", "copyOf"},
    "sc": {"id", "type", "subType", "dataRef", "isolated", "copyOf"},
    "ec": {"id", "startRef", "isolated", "type", "dataRef"},
    "cp": {"hex"},
}
_UNIT_ORDER = ["other", "notes", "originalData", "body"]


def test_output_keeps_to_the_core_schema() -> None:
    """Allowed attributes per element, unit child order, subType form, state with subState, unique ids."""
    doc = sample_document()
    doc.blocks[1].segments[0].origin = "argos"
    root = tree(doc, suggestions={"b2.s1": [Suggestion("a", "b", 0.8, "memory")]})
    for el in root.iter(f"{{{XLF}}}*"):
        name = etree.QName(el).localname
        if el.getparent() is not None and etree.QName(el.getparent()).namespace == MTC:
            continue  # a match's source/target
        assert set(el.attrib) <= _ALLOWED[name], (name, set(el.attrib) - _ALLOWED[name])
        sub = el.get("subType")
        if sub is not None:
            assert re.fullmatch(r"[^\s:]+:[^\s:]+", sub) and el.get("type")
        if name == "segment" and el.get("subState"):
            assert el.get("state")
    for unit in root.iter(f"{{{XLF}}}unit"):
        ranks = []
        for child in unit:
            qn = etree.QName(child)
            kind = "other" if qn.namespace != XLF else {"segment": "body", "ignorable": "body"}.get(
                qn.localname, qn.localname)
            ranks.append(_UNIT_ORDER.index(kind))
        assert ranks == sorted(ranks), unit.get("id")
        # segments, ignorables and inline codes share one id space (a target reuses its source's code ids);
        # notes and original data have their own
        ids = [e.get("id") for e in unit.iter() if e.get("id") and etree.QName(e).localname not in ("data", "note")
               and etree.QName(e).namespace == XLF and e is not unit
               and not any(etree.QName(a).localname == "target" for a in e.iterancestors())]
        assert len(ids) == len(set(ids)), unit.get("id")
    unit_ids = root.xpath("//x:unit/@id", namespaces=NS)
    assert len(unit_ids) == len(set(unit_ids))


def test_indentation_never_enters_content() -> None:
    doc = Document(blocks=[Block("b1", "paragraph", [
        seg("b1.s1", [Ph("fn", ref="1"), Start("em", "1"), "x", End("1")], [Ph("fn", ref="1"), "y"])])])
    back, _ = parse_xliff(xliff_bytes(doc), "t.xlf")
    assert back.blocks[0].segments[0].source == [Ph("fn", ref="1"), Start("em", "1"), "x", End("1")]
    assert back.blocks[0].segments[0].target == [Ph("fn", ref="1"), "y"]


def test_control_characters_travel_as_code_points() -> None:
    doc = Document(blocks=[Block("b1", "paragraph", [seg("b1.s1", ["a\x0bb\x0c"], ["c\x01"])])])
    data = xliff_bytes(doc)
    assert b'<cp hex="000B"/>' in data
    back, _ = parse_xliff(data, "t.xlf")
    assert back.blocks[0].segments[0].source == ["a\x0bb\x0c"]
    assert back.blocks[0].segments[0].target == ["c\x01"]


def test_duplicated_code_in_target_is_a_copy() -> None:
    doc = Document(blocks=[Block("b1", "paragraph", [
        seg("b1.s1", ["a", Ph("br"), "b"], ["a", Ph("br"), "b", Ph("br")])])])
    root = tree(doc)
    phs = root.xpath("//x:target/x:ph", namespaces=NS)
    assert phs[1].get("copyOf") == phs[0].get("id") != phs[1].get("id")
    back, _ = parse_xliff(etree.tostring(root), "t.xlf")
    assert back.blocks[0].segments[0].target == ["a", Ph("br"), "b", Ph("br")]


def test_writer_refuses_a_target_code_missing_from_source(tmp_path: Path) -> None:
    doc = Document(blocks=[Block("b1", "paragraph", [seg("b1.s1", ["a."], ["a", Ph("fn", ref="9"), "."])])])
    path = tmp_path / "out.xlf"
    path.write_text("previous")
    with pytest.raises(ToolkitError, match=r"b1\.s1.*footnote reference 9"):
        write_xliff(doc, path)
    assert path.read_text() == "previous"  # nothing half-written
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlf"]


# ------------------------------------------------------------------------------------------- other readers


def _codes_out(content: Sequence[object]) -> str:
    return " ".join("".join(p for p in content if isinstance(p, str)).split())


def test_translate_toolkit_reads_our_file(tmp_path: Path) -> None:
    from translate.storage import xliff2

    doc = sample_document()
    path = tmp_path / "brief.xlf"
    write_xliff(doc, path)
    store = xliff2.Xliff2File.parsefile(str(path))
    got = {u.getid(): u for u in store.units}
    want = {f"{b.id}::{s.id}": s for b in doc.all_blocks() for s in b.segments}
    assert list(got) == list(want)
    for uid, s in want.items():
        assert " ".join(str(got[uid].source).split()) == _codes_out(s.source), uid
        if s.target is None:
            assert not got[uid].target
        else:
            assert " ".join(str(got[uid].target).split()) == _codes_out(s.target), uid
    assert got["b2::b2.s1"].isapproved() and not got["b1::b1.s1"].isapproved()


def test_reads_xliff_written_by_translate_toolkit(tmp_path: Path) -> None:
    from translate.storage import xliff2

    store = xliff2.Xliff2File()
    store.setsourcelanguage("fr")
    store.settargetlanguage("en")
    for i, (fr, en) in enumerate([("Bonjour.", "Hello."), ("Au revoir.", "")], 1):
        unit = store.addsourceunit(fr)
        unit.setid(f"u{i}")
        if en:
            unit.target = en
            unit.marktranslated()
    path = tmp_path / "tt.xlf"
    path.write_bytes(bytes(store))
    doc, signature = read_xliff(path)
    assert signature == {}
    assert [(b.id, b.kind) for b in doc.blocks] == [("u1", "paragraph"), ("u2", "paragraph")]
    first, second = doc.blocks[0].segments[0], doc.blocks[1].segments[0]
    assert (first.source, first.target, first.state) == (["Bonjour."], ["Hello."], "translated")
    assert second.source == ["Au revoir."] and not second.target


def test_reads_okapi_style_fixture() -> None:
    doc, _ = read_xliff(DATA / "okapi-style.xlf")
    assert [b.id for b in doc.blocks] == ["tu1", "tu2"]
    assert [s.id for s in doc.segments()] == ["tu1.1", "tu1.2", "tu2.1"]  # per-unit ids made document-unique
    s1, s2, s3 = doc.segments()
    assert s1.source == ["Le ", Start("strong", "1"), "Bélarus", End("1"), " a voté."]
    assert s1.target == [Start("strong", "1"), "Belarus", End("1"), " voted."]
    assert s1.space_after == " "
    assert s2.source == ["Voir ", Start("link", "2", "http://example.org/x"), "ici", End("2"), "."]
    # another tool's placeholder carries no text; underline is not modelled: its text is kept
    assert s3.source == ["Texte ", Ph("code", text=""), "souligné."]
    assert s3.state == "initial" and s3.target is None


# ----------------------------------------------------------------------------------------------- bad input


def _xlf(body: str, root_attrs: str = 'version="2.1" srcLang="fr" trgLang="en"') -> bytes:
    return (f'<?xml version="1.0"?><xliff xmlns="{XLF}" {root_attrs}><file id="f1">{body}</file></xliff>'
            ).encode()


_UNIT = '<unit id="u1"><segment><source>a</source></segment></unit>'


@pytest.mark.parametrize(("data", "message"), [
    (b"<xliff", "not well-formed"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file/></xliff>', "XLIFF 1.x"),
    (b"<tmx version='1.4'><body/></tmx>", "not an XLIFF 2 file"),
    (_xlf(_UNIT, 'version="3.0" srcLang="fr"'), "version '3.0'"),
    (_xlf(_UNIT, 'version="2.1"'), "no srcLang"),
    (f'<xliff xmlns="{XLF}" version="2.0" srcLang="fr"/>'.encode(), "no <file>"),
    (_xlf('<unit><segment><source>a</source></segment></unit>'), "without id"),
    (_xlf(_UNIT + _UNIT), "duplicate unit id 'u1'"),
    (_xlf('<unit id="u1"><segment><source>a</source><target>b<ph id="9"/></target></segment></unit>'),
     "unit u1: target code '9' is not in the source"),
    (_xlf('<unit id="u1"><segment><source><sc id="1"/>a</source></segment></unit>'),
     "unit u1: <sc id='1'> is never closed"),
    (_xlf('<unit id="u1"><segment><source>a<ec startRef="7"/></source></segment></unit>'),
     "unit u1: <ec startRef='7'> closes no open <sc>"),
    (_xlf('<unit id="u1"><segment><source><ph id="1"/><ph id="1"/></source></segment></unit>'),
     "used twice"),
    (_xlf('<unit id="u1"><segment state="done"><source>a</source></segment></unit>'),
     "unknown segment state"),
    (_xlf('<unit id="u1"><ignorable><source> </source></ignorable></unit>'), "has no <segment>"),
    (_xlf('<group id="body"/>'), "no translation units"),
])
def test_bad_xliff_is_refused_in_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.xlf"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_xliff(path)
    assert message in str(err.value)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_xliff(tmp_path / "nope.xlf")


@pytest.mark.parametrize("attack", [
    # external entity (XXE)
    f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    f'<xliff xmlns="{XLF}" version="2.1" srcLang="fr"><file id="f"><unit id="u"><segment>'
    f'<source>&e;</source></segment></unit></file></xliff>',
    # billion laughs
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    f'<xliff xmlns="{XLF}" version="2.1" srcLang="fr"><file id="f"><unit id="u"><segment>'
    f'<source>&lol3;</source></segment></unit></file></xliff>',
])
def test_entities_are_refused_without_expansion(tmp_path: Path, attack: str) -> None:
    path = tmp_path / "evil.xlf"
    path.write_text(attack)
    with pytest.raises(InputError, match=r"entity|DTD"):
        read_xliff(path)


def test_note_without_segment_goes_to_the_first_segment() -> None:
    data = _xlf('<unit id="u1"><notes><note category="comment">see</note></notes>'
                '<segment id="s1"><source>a</source></segment></unit>')
    doc, _ = parse_xliff(data, "t.xlf")
    assert doc.blocks[0].segments[0].notes == [Note("see", "comment", "")]


def test_footnote_group_without_name_takes_the_number_from_its_id() -> None:
    data = _xlf('<group id="body">' + _UNIT + '</group><group id="footnotes"><group id="fn12">'
                '<unit id="fn12.p1"><segment id="x"><source>n</source></segment></unit></group></group>')
    doc, _ = parse_xliff(data, "t.xlf")
    assert [(f.id, [b.id for b in f.blocks]) for f in doc.footnotes] == [("12", ["fn12.p1"])]
    block = Block("fn12.p1", "paragraph", [seg("fn12.p1.x", ["n"], state="initial")])
    assert doc.footnotes == [Footnote("12", [block])]


# ------------------------------------------------------------------------------------------ official schemas


def _schema_cases() -> list[tuple[str, Document, dict[str, list[Suggestion]]]]:
    crossing = [Start("em", "1"), "a ", Start("link", "2", "https://e.org/x"), "b", End("1"), " c", End("2"),
                Ph("fn", ref="4"), " et", Ph("fn", ref="4")]
    copies = ["Voir ", Start("link", "1", "https://e.org/"), "ici", End("1"), " et ", Start("em", "2"), "là",
              End("2"), "."]
    # emphasis used twice where the French has it once: a copy (a link cannot be: its data forbids copies)
    copies_target = ["See ", Start("link", "1", "https://e.org/"), "here", End("1"), " and ",
                     Start("em", "2"), "there", End("2"), " ", Start("em", "2-r1"), "too", End("2-r1"), "."]
    isolated = ["fin ", End("9"), "début ", Start("strong", "8"), "gras"]
    sample = sample_document()
    sample.blocks[2].segments[0].notes.append(Note("unreviewed list item", "qa"))
    untranslated = Document(blocks=[Block("b1", "paragraph", [
        seg("b1.s1", ["Pas encore."], None, state="initial", notes=[Note("à traduire", "comment", "Ana"),
                                                                       Note("term-missing: x", "qa")])])])
    return [
        ("sample", sample, {"b2.s1": [Suggestion("Des forces.", "Forces.", 0.9, "memory")],
                            "b2.s3": [Suggestion("Ligne.", "Line.", 0.75, "memory"), Suggestion("a", "b", 1, "")]}),
        ("crossing", Document(blocks=[Block("b1", "paragraph", [seg("b1.s1", crossing, list(crossing))])]), {}),
        ("copies", Document(blocks=[Block("b1", "paragraph", [seg("b1.s1", copies, copies_target)])]), {}),
        ("isolated", Document(blocks=[Block("b1", "paragraph", [seg("b1.s1", isolated, list(isolated))])]), {}),
        ("untranslated", untranslated, {}),
        ("control", Document(blocks=[Block("b1", "paragraph", [seg("b1.s1", ["a\x0bb"], ["c\x01"])])]), {}),
    ]


@pytest.mark.parametrize(("name", "doc", "suggestions"), _schema_cases(), ids=[c[0] for c in _schema_cases()])
def test_output_is_valid_against_the_official_xsd_and_schematron(
        name: str, doc: Document, suggestions: dict[str, list[Suggestion]]) -> None:
    from tests.schemas import schematron_errors, xliff2_errors

    data = xliff_bytes(doc, signature={"engine": "argos", "source": "ab12cd34"}, suggestions=suggestions)
    assert xliff2_errors(data) == []
    assert schematron_errors(data) == []
    assert etree.fromstring(data).get("version") == "2.0"  # no 2.1-only feature is used
    back = parse_xliff(data, "x.xlf")[0]
    assert [[(n.category, n.text) for n in s.notes] for s in back.segments()] == [
        [(n.category, n.text) for n in s.notes] for s in doc.segments()]


def test_every_pc_link_carries_both_data_refs() -> None:
    root = tree(sample_document())
    for pc in root.iter(f"{{{XLF}}}pc"):
        assert (pc.get("dataRefStart") is None) == (pc.get("dataRefEnd") is None), etree.tostring(pc)


def test_notes_of_an_older_file_with_the_private_attribute_still_find_their_segment() -> None:
    data = (f'<xliff xmlns="{XLF}" xmlns:tk="{TK}" version="2.1" srcLang="fr" trgLang="en"><file id="f1">'
            '<unit id="b1"><notes><note category="comment" tk:segment="b1.s2">deux</note></notes>'
            '<segment id="b1.s1"><source>Un.</source></segment><segment id="b1.s2"><source>Deux.</source>'
            "</segment></unit></file></xliff>").encode()
    doc, _ = parse_xliff(data, "old.xlf")
    assert [n.text for n in doc.blocks[0].segments[1].notes] == ["deux"]
