"""TMX 1.4b memories: the round-trip suite, the header, language tags, an independent reader, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from tests.formats.roundtrip import RoundTripSuite, UnitView, sample_document
from toolkit.errors import InputError
from toolkit.formats.tmx import (
    TmxUnit,
    doc_to_tmx_units,
    lang_matches,
    parse_tmx,
    read_tmx,
    tmx_bytes,
    write_tmx,
)
from toolkit.model import STATES, Content, Document, End, Ph, Start


class TestTmxRoundTrip(RoundTripSuite):
    keeps_code_ids = False  # TMX numbers its codes
    keeps_untranslated = False  # a memory holds pairs only
    keeps_initial_state = False  # ... and only translated ones (all states asked for below except initial)
    keeps_note_categories = False  # one note per unit: reviewer comments only
    keeps_textless = False  # nothing to match on: not worth a memory unit

    def roundtrip(self, doc: Document, tmp_path: Path) -> list[UnitView]:
        path = tmp_path / "mem.tmx"
        write_tmx(doc_to_tmx_units(doc, states=STATES), path)
        return [UnitView(u.id, u.source, u.target, u.props.get("x-state", ""),
                         [("", line) for line in u.note.splitlines()]) for u in read_tmx(path)]


def _tmx(body: str, header: str = 'srclang="fr"', version: str = "1.4") -> bytes:
    return (f'<?xml version="1.0"?><tmx version="{version}"><header creationtool="t" creationtoolversion="1" '
            f'segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext" {header}/>'
            f"<body>{body}</body></tmx>").encode()


def test_header_follows_tmx_14b() -> None:
    root = etree.fromstring(tmx_bytes([], creationdate="20250102T030405Z"))
    assert (root.tag, root.get("version")) == ("tmx", "1.4")
    header = root.find("header")
    assert header is not None and dict(header.attrib) == {
        "creationtool": "toolkit", "creationtoolversion": "0.1.0", "segtype": "sentence", "o-tmf": "toolkit",
        "adminlang": "en", "srclang": "fr", "datatype": "plaintext", "creationdate": "20250102T030405Z"}


def test_units_carry_segment_id_state_origin_and_document() -> None:
    doc = sample_document()
    doc.blocks[1].segments[0].origin = "review"
    units = doc_to_tmx_units(doc)  # reviewed and final only
    assert [u.id for u in units] == ["b2.s1", "b2.s2", "fn1.p1.s1", "fn2.p1.s1", "fn2.p1.s2"]
    assert units[0].props == {"x-state": "reviewed", "x-origin": "review",
                              "x-document": "belarus-brief.fr.txt"}
    assert units[0].note == "« arrivées » : plutôt « stationed » ?"
    assert units[1].note == ""  # QA flags stay out of the memory


def test_codes_are_tags_with_native_markup_and_shared_x() -> None:
    unit = TmxUnit(["Les ", Start("em", "a"), "forces", End("a"), Ph("fn", ref="3"), "."],
                   [Start("em", "a"), "Forces", End("a"), Ph("fn", ref="3"), "."])
    seg_fr, seg_en = etree.fromstring(tmx_bytes([unit])).iter("seg")
    assert etree.tostring(seg_fr, encoding="unicode", with_tail=False) == (
        '<seg>Les <bpt i="1" x="1" type="italic">&lt;em&gt;</bpt>forces<ept i="1">&lt;/em&gt;</ept>'
        '<ph x="2" type="fnote">[^3]</ph>.</seg>')
    assert [e.get("x") for e in seg_en if e.get("x")] == ["1", "2"]


def _text(content: Content) -> str:
    return "".join(p for p in content if isinstance(p, str))


def test_translate_toolkit_reads_our_memory(tmp_path: Path) -> None:
    from translate.storage import tmx

    doc = sample_document()
    path = tmp_path / "mem.tmx"
    write_tmx(doc_to_tmx_units(doc), path)
    store = tmx.tmxfile.parsefile(str(path))
    units = [u for u in store.units if u.source]
    assert [u.getid() for u in units] == [u.id for u in doc_to_tmx_units(doc)]
    strip = re.compile(r"<[^>]*>|\[\^\d+\]")  # its text keeps our tags' native markup
    kept = [s for s in doc.segments() if s.state in ("reviewed", "final")]
    for got, segment in zip(units, kept, strict=True):
        assert strip.sub("", str(got.source)) == _text(segment.source)
        assert strip.sub("", str(got.target)) == _text(segment.target or [])


@pytest.mark.parametrize(("tag", "wanted", "match"), [
    ("fr", "fr", True), ("fr-FR", "fr", True), ("FR-fr", "fr", True), ("fr_CA", "fr", True),
    ("en-GB", "en", True), ("en-US", "en", True), ("EN", "en", True), ("fy", "fr", False), ("", "fr", False),
    ("french", "fr", False),
])
def test_language_tags_match_tolerantly(tag: str, wanted: str, match: bool) -> None:
    assert lang_matches(tag, wanted) is match


def test_reads_other_tools_tmx() -> None:
    body = ('<tu><tuv lang="FR-fr"><seg>Le <hi>Bélarus</hi> <bpt i="1" type="bold">{b}</bpt>vote'
            '<ept i="1">{/b}</ept><it pos="begin">&lt;x&gt;</it><ph type="image">&lt;img/&gt;</ph>.'
            '</seg></tuv>'
            '<tuv lang="en-US"><seg>Belarus <bpt i="1" type="bold">{b}</bpt>votes<ept i="1">{/b}</ept>.</seg>'
            '</tuv><note>old</note><prop type="x-context">c</prop></tu>'
            '<tu><tuv xml:lang="de"><seg>Nein</seg></tuv><tuv xml:lang="en"><seg>No</seg></tuv></tu>')
    units = parse_tmx(_tmx(body, version="1.1"), "old.tmx")
    assert units == [TmxUnit(["Le Bélarus ", Start("strong", "1"), "vote", End("1"), Ph("code"), "."],
                             ["Belarus ", Start("strong", "1"), "votes", End("1"), "."],
                             note="old", props={"x-context": "c"})]


@pytest.mark.parametrize(("data", "message"), [
    (b"<tmx", "not well-formed"),
    (b"<xliff/>", "not a TMX file"),
    (_tmx("", version="2.0"), "TMX version '2.0'"),
    (b'<tmx version="1.4"><body/></tmx>', "without <header>"),
    (_tmx('<tu><tuv xml:lang="fr"/></tu>'), "without <seg>"),
    (_tmx('<tu><tuv xml:lang="de"><seg>a</seg></tuv><tuv xml:lang="en"><seg>b</seg></tuv></tu>'),
     "no fr→en pairs"),
    (b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]><tmx version="1.4">'
     b'<header/><body><tu><tuv xml:lang="fr"><seg>&e;</seg></tuv></tu></body></tmx>', "entity"),
    (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     b'<tmx version="1.4"><header/><body><tu><tuv xml:lang="fr"><seg>&b;</seg></tuv></tu></body>'
     b'</tmx>',
     "entity"),
])
def test_bad_tmx_is_refused_in_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.tmx"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_tmx(path)
    assert message in str(err.value) and str(path) in str(err.value) and "\n" not in str(err.value)


def test_empty_memory_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "empty.tmx"
    write_tmx([], path)
    assert read_tmx(path) == []
