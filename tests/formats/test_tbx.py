"""TBX-Basic writing and reading: round trip, translate-toolkit read-back, TBX v3, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import tbx as tt_tbx

from toolkit.errors import InputError
from toolkit.formats.tbx import read_tbx, tbx_bytes, write_tbx
from toolkit.support.xmlsafe import parse_xml
from toolkit.terms.glossary import glossary_from_tsv, load_default_glossary

SMALL = glossary_from_tsv(
    "Kiev\tKyiv\ttype=city;lang=uk;forbidden=Kiev\n"
    "biélorusse\tBelarusian\ttype=adj;forbidden=Byelorussian|Belorussian\n"
    "OTAN\tNATO\ttype=acronym\n"
    "mer d'Azov\tSea of Azov\n"
    'R&D\t<R&D> "x"\tnote with < & >\n',
    "small.tsv",
)


def test_round_trip_gives_the_same_entries(tmp_path: Path) -> None:
    path = tmp_path / "small.tbx"
    write_tbx(SMALL, path)
    back = read_tbx(path)
    assert back.entries == SMALL.entries
    assert back.sha256 == SMALL.sha256


def test_round_trip_of_the_shipped_glossary(tmp_path: Path) -> None:
    glossary = load_default_glossary()
    path = tmp_path / "fr-en.tbx"
    write_tbx(glossary, path)
    assert read_tbx(path).entries == glossary.entries


def test_document_is_tbx_basic() -> None:
    root = parse_xml(tbx_bytes(SMALL), "test")
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    entries = root.findall("text/body/termEntry")
    forbidden = [f for e in SMALL for f in e.forbidden]
    assert len(entries) == len(SMALL) + len(forbidden)
    kiev = entries[0]
    langs = [ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in kiev.findall("langSet")]
    assert langs == ["fr", "en"]
    en_terms = [
        (tig.findtext("term"), tig.findtext("termNote[@type='administrativeStatus']"))
        for tig in kiev.findall("langSet")[1].findall("tig")
    ]
    assert en_terms == [("Kyiv", "preferredTerm-admn-sts")]  # the only English term a CAT tool can offer
    # the forbidden spelling: an English-only entry pointing to Kyiv's, deprecated, with a note
    wrong = entries[len(SMALL)]
    assert [ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in wrong.findall("langSet")] == ["en"]
    assert (wrong.findtext("langSet/tig/term"), wrong.findtext("langSet/tig/termNote[@type='administrativeStatus']")
            ) == ("Kiev", "deprecatedTerm-admn-sts")
    assert wrong.find("ref[@type='crossReference']").get("target") == kiev.get("id")
    assert "write “Kyiv”" in wrong.findtext("note")
    assert entries[1].findtext("langSet/tig/termNote[@type='partOfSpeech']") == "adjective"
    assert entries[2].findtext("langSet/tig/termNote[@type='termType']") == "acronym"


def test_translate_toolkit_reads_source_and_target_of_every_entry(tmp_path: Path) -> None:
    glossary = load_default_glossary()
    path = tmp_path / "fr-en.tbx"
    write_tbx(glossary, path)
    with path.open("rb") as fh:
        store = tt_tbx.tbxfile(fh, sourcelanguage="fr", targetlanguage="en")
    units = list(store.units)
    paired = [u for u in units if u.source]
    assert len(paired) == len(glossary)
    for unit, entry in zip(paired, glossary, strict=True):
        assert unit.source == entry.source
        assert unit.target == entry.target
        assert [t.text for t in unit.get_target_terms()] == [entry.target]
    # every forbidden spelling is there, deprecated, in an entry with no French term to pair it with
    alone = [u for u in units if not u.source]
    assert sorted(t.text for u in alone for t in u.get_target_terms() if t.deprecated) == sorted(
        f for e in glossary for f in e.forbidden)
    assert all(t.deprecated for u in alone for t in u.get_target_terms())


def test_reads_tbx_v3_with_namespace(tmp_path: Path) -> None:
    path = tmp_path / "v3.tbx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="1">
      <langSec xml:lang="fr-FR">
        <termSec><term>Kharkov</term><termNote type="partOfSpeech">properNoun</termNote></termSec>
        <termSec><term>Kharkiv</term></termSec>
      </langSec>
      <langSec xml:lang="en-GB">
        <termSec><term>Kharkiv</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>Kharkov</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="2">
      <langSec xml:lang="fr"><termSec><term>russe</term>
        <termNote type="partOfSpeech">adjective</termNote></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>Russian</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="3">
      <langSec xml:lang="de"><termSec><term>Russland</term></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>Russia</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>""",
        encoding="utf-8",
    )
    g = read_tbx(path)
    assert [(e.source, e.target, e.forbidden, e.kind) for e in g] == [
        ("Kharkov", "Kharkiv", ("Kharkov",), ""),
        ("Kharkiv", "Kharkiv", ("Kharkov",), ""),
        ("russe", "Russian", (), "adj"),
    ]
    assert g.lookup("russes") == "Russian"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<martif><text><body><termEntry>", "not well-formed XML"),
        (b"<?xml version='1.0'?><tmx version='1.4'/>", "not a TBX file"),
        (
            b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x "y">]><martif/>',
            "internal DTD or entity",
        ),
        (
            b"<martif type='TBX-Basic'><text><body><termEntry><langSet xml:lang='de'>"
            b"<tig><term>a</term></tig></langSet></termEntry></body></text></martif>",
            "no entry with both a French and an English term",
        ),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.tbx"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        read_tbx(path)
    assert err.value.where == str(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such TBX file"):
        read_tbx(tmp_path / "none.tbx")


def test_write_is_atomic_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text("old", encoding="utf-8")
    write_tbx(SMALL, path)
    assert path.read_bytes().startswith(b"<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["g.tbx"]


def test_forbidden_spellings_come_back_without_the_comment_tag(tmp_path: Path) -> None:
    from toolkit.terms.glossary import Entry, Glossary

    glossary = Glossary([Entry("Biélorussie", "Belarus", forbidden=("Byelorussia", "White Russia"))])
    path = tmp_path / "g.tbx"
    write_tbx(glossary, path)
    assert read_tbx(path).entries[0].forbidden == ("Byelorussia", "White Russia")


def test_shipped_glossary_validates_against_tbx_basic_rng_and_dtd() -> None:
    from lxml import etree

    from tests.schemas import SCHEMAS, errors, tbx_rng

    data = tbx_bytes(load_default_glossary())
    assert data.splitlines()[1] == b'<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
    assert errors(tbx_rng(), data) == []
    assert errors(etree.DTD(str(SCHEMAS / "tbx" / "TBXBasiccoreStructV02.dtd")), data) == []
