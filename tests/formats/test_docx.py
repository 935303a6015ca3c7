"""The DOCX editions checked by real clients: pandoc reads them back, LibreOffice renders, pdftotext reads."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.formats import read_document
from toolkit.formats.docx import write_bilingual_docx, write_english_docx
from toolkit.formats.pandoc_ast import block_content
from toolkit.model import (
    Block,
    Content,
    Document,
    End,
    Footnote,
    Ph,
    Segment,
    Start,
    footnote_refs,
    plain_text,
)
from toolkit.pipeline.prepare import prepare

ROOT = Path(__file__).parents[2]
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).parent / "golden"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
META = {"title": "Belarus brief", "signature": "toolkit 0.0 test|argos:none"}
NBSP = "\u00a0"


# ---------------------------------------------------------------- documents


def uppercase_targets(doc: Document) -> Document:
    """A deterministic stand-in for translation: the source upper-cased, codes kept."""
    for seg in doc.segments():
        seg.target = [p.upper() if isinstance(p, str) else p for p in seg.source]
    return doc


def block(bid: str, kind: str, source: Content, target: Content, level: int = 0, ordered: bool = False,
          style: str = "") -> Block:
    seg = Segment(f"{bid}.s1", source, target, state="translated")
    return Block(bid, kind, [seg], level=level, ordered=ordered, style=style)  # type: ignore[arg-type]


def note(fid: str, source: str, target: str) -> Footnote:
    return Footnote(fid, [block(f"fn{fid}.p1", "paragraph", [source], [target])])


def small_doc() -> Document:
    """Every block kind, emphasis, a link, nested and numbered lists, three notes, typographic English."""
    em, end = Start("em", "1"), End("1")
    link = Start("link", "1", "https://www.iaea.org/")
    blocks = [
        block("b1", "heading", ["Résumé"], ["Summary"], level=1),
        block("b2", "paragraph",
              ["La centrale reste un ", em, "levier", end, " de pression", Ph("fn", "1"), "."],
              ["The plant remains a “", em, "lever", end, "” of pressure", Ph("fn", "1"), "."]),
        block("b3", "list-item", ["premier point", Ph("fn", "2")], ["first point", Ph("fn", "2")], level=1),
        block("b4", "list-item", ["sous-point"], ["sub-point"], level=2),
        block("b5", "list-item", ["étape un"], ["step one"], level=1, ordered=True),
        block("b6", "list-item", ["étape deux"], ["step two"], level=1, ordered=True),
        block("b7", "quote", [f"«{NBSP}Citation{NBSP}»"], ["“A quotation”"]),
        block("b8", "paragraph", ["Voir le ", link, "site", End("1"), Ph("fn", "3"), "."],
              ["See the ", link, "website", End("1"), Ph("fn", "3"), f".{NBSP}10{NBSP}km"]),
    ]
    notes = [note("1", "Source un.", "Source one."), note("2", "Source deux.", "Source two."),
             note("3", "Source trois.", "Source three.")]
    return Document(blocks=blocks, footnotes=notes, title="Petite note")


@pytest.fixture(scope="module")
def seed() -> Document:
    return uppercase_targets(prepare(SAMPLES / "belarus-brief.fr.txt"))


@pytest.fixture(scope="module")
def editions(seed: Document, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("editions")
    paths = {"en": out / "brief.en.docx", "fr-en": out / "brief.fr-en.docx"}
    write_english_docx(seed, paths["en"], META)
    write_bilingual_docx(seed, paths["fr-en"], META)
    return paths


@pytest.fixture(scope="module")
def pdf_text(editions: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """LibreOffice converts both editions in one run; pdftotext reads the PDFs."""
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(editions["en"]), str(editions["fr-en"])],
        capture_output=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    texts = {}
    for key, docx in editions.items():
        pdf = out / (docx.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 1000
        texts[key] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True,
                                    timeout=60).stdout.decode("utf-8")
    return texts


def xml_part(path: Path, name: str) -> object:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace(NBSP, " ")).strip()


def footnote_text(doc: Document, fid: str, side: str) -> str:
    fn = doc.footnote(fid)
    assert fn is not None
    return " ".join(plain_text(block_content(b, side)) for b in fn.blocks)  # type: ignore[arg-type]


# ---------------------------------------------------------------- pandoc reads the editions back


def test_english_edition_has_every_footnote_in_its_paragraph_in_order(seed: Document,
                                                                     editions: dict[str, Path]) -> None:
    back = read_document(editions["en"])
    assert [b.kind for b in back.blocks] == [b.kind for b in seed.blocks]
    assert [footnote_refs(b.source) for b in back.blocks] == [footnote_refs(b.source) for b in seed.blocks]
    assert [squash(fn.text) for fn in back.footnotes] == [
        squash(footnote_text(seed, fn.id, "target")) for fn in seed.footnotes
    ]
    assert [squash(b.text) for b in back.blocks] == [squash(plain_text(block_content(b, "target")))
                                                      for b in seed.blocks]


def test_bilingual_edition_is_one_row_per_block_french_left_english_right(seed: Document,
                                                                          editions: dict[str, Path]) -> None:
    table = xml_part(editions["fr-en"], "word/document.xml").find(f"{W}body/{W}tbl")  # type: ignore[attr-defined]
    rows = table.findall(f"{W}tr")
    assert len(rows) == len(seed.blocks) + 1
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    back = read_document(editions["fr-en"])
    cells = [squash(b.text) for b in back.blocks]
    assert cells[:2] == ["Français", "English"]
    expected: list[str] = []
    for b in seed.blocks:
        expected += [squash(plain_text(block_content(b, side))) for side in ("source", "target")]  # type: ignore[arg-type]
    assert cells[2:] == expected


def test_bilingual_footnotes_each_side_numbered_like_the_source(seed: Document,
                                                                editions: dict[str, Path]) -> None:
    back = read_document(editions["fr-en"])
    # pandoc numbers all notes in one run; each note starts with the mark its side prints
    expected = []
    for b in seed.blocks:
        for side in ("source", "target"):
            for ref in footnote_refs(block_content(b, side)):  # type: ignore[arg-type]
                expected.append(f"{ref} " + squash(footnote_text(seed, ref, side)))
    assert [squash(fn.text) for fn in back.footnotes] == expected
    refs_per_cell = [len(footnote_refs(b.source)) for b in back.blocks[2:]]
    assert refs_per_cell == [len(footnote_refs(block_content(b, side)))  # type: ignore[arg-type]
                             for b in seed.blocks for side in ("source", "target")]


def test_bilingual_custom_marks_in_the_xml(seed: Document, editions: dict[str, Path]) -> None:
    from toolkit.oxml import footnotes as fn

    document = xml_part(editions["fr-en"], "word/document.xml")
    notes = fn.notes_by_id(xml_part(editions["fr-en"], "word/footnotes.xml"))
    marks = [fn.displayed_mark(r) for r in fn.references(document)]
    assert marks == ["1", "1", "2", "2", "3", "3", "4", "4", "5", "5", "6", "6"]
    for reference, mark in zip(fn.references(document), marks, strict=True):
        body = notes[reference.get(f"{W}id")]
        assert body.find(f".//{W}footnoteRef") is None
        assert body.findtext(f".//{W}t") == mark


# ---------------------------------------------------------------- LibreOffice renders them


def test_libreoffice_renders_every_footnote_text(seed: Document, pdf_text: dict[str, str]) -> None:
    english, bilingual = squash(pdf_text["en"]), squash(pdf_text["fr-en"])
    for fn in seed.footnotes:
        assert squash(footnote_text(seed, fn.id, "target")) in english
        assert squash(footnote_text(seed, fn.id, "target")) in bilingual
        assert squash(footnote_text(seed, fn.id, "source")) in bilingual


def test_libreoffice_shows_each_sides_numbers_in_the_body(pdf_text: dict[str, str]) -> None:
    bilingual = squash(pdf_text["fr-en"])
    # the mark follows the word it belongs to, on each side
    assert "forces russes1." in bilingual and "FORCES RUSSES1." in bilingual
    assert "biélorusses2." in bilingual and "BIÉLORUSSES2." in bilingual
    assert "de Minsk6." in bilingual and "DE MINSK6." in bilingual
    english = squash(pdf_text["en"])
    assert "FORCES RUSSES1." in english and "DE MINSK6." in english
    assert "Belarus brief" in english  # the running title from the Title property


# ---------------------------------------------------------------- properties, languages, typography


def test_core_properties_and_default_language(editions: dict[str, Path]) -> None:
    from toolkit.oxml.coreprops import core_properties

    for path in editions.values():
        props = core_properties(xml_part(path, "docProps/core.xml"))
        assert props["title"] == "Belarus brief"
        assert props["language"] == "en-GB"
        assert props["description"] == META["signature"]
        styles = xml_part(path, "word/styles.xml")
        assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "en-GB"  # type: ignore[attr-defined]
        with zipfile.ZipFile(path) as archive:
            assert META["signature"].encode() in archive.read("docProps/custom.xml")


def test_runs_are_tagged_with_their_language(editions: dict[str, Path]) -> None:
    from toolkit.oxml import footnotes as fn
    from toolkit.oxml.lang import run_langs

    english = xml_part(editions["en"], "word/document.xml")
    assert set(run_langs(english)) == {"en-GB"}
    assert set(run_langs(xml_part(editions["en"], "word/footnotes.xml"))) == {"en-GB"}
    table = xml_part(editions["fr-en"], "word/document.xml").find(f"{W}body/{W}tbl")  # type: ignore[attr-defined]
    for row in table.findall(f"{W}tr"):
        left, right = row.findall(f"{W}tc")
        assert set(run_langs(left)) == {"fr-FR"} and set(run_langs(right)) == {"en-GB"}
    document = xml_part(editions["fr-en"], "word/document.xml")
    notes = fn.notes_by_id(xml_part(editions["fr-en"], "word/footnotes.xml"))
    langs = [set(run_langs(notes[r.get(f"{W}id")])) for r in fn.references(document)]
    assert langs == [{"fr-FR"}, {"en-GB"}] * 6


def test_typography_lists_links_and_styles_survive(tmp_path: Path) -> None:
    doc = small_doc()
    path = tmp_path / "small.en.docx"
    write_english_docx(doc, path, {"title": "Small"})
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "“" in xml and "”" in xml and f".{NBSP}10{NBSP}km" in xml
    back = read_document(path)
    kinds = [(b.kind, b.level, b.ordered) for b in back.blocks]
    assert kinds == [(b.kind, b.level, b.ordered) for b in doc.blocks]
    assert any(isinstance(p, Start) and p.href == "https://www.iaea.org/" for p in back.blocks[7].source)
    assert any(isinstance(p, Start) and p.kind == "em" for p in back.blocks[1].source)


def test_bilingual_nested_and_numbered_list_items(tmp_path: Path) -> None:
    from toolkit.oxml.numbering import list_properties

    path = tmp_path / "small.fr-en.docx"
    write_bilingual_docx(small_doc(), path, {})
    table = xml_part(path, "word/document.xml").find(f"{W}body/{W}tbl")  # type: ignore[attr-defined]
    rows = table.findall(f"{W}tr")[1:]
    levels = []
    for row in rows:
        numpr = list_properties(row.find(f"{W}tc/{W}p"))
        levels.append(None if numpr is None else numpr.find(f"{W}ilvl").get(f"{W}val"))
    assert levels == [None, None, "0", "1", "0", "0", None, None]
    back = read_document(path)
    # pandoc reads the second ordered item back as an ordered list starting at 2
    assert [b.ordered for b in back.blocks if b.kind == "list-item"] == [False, False, False, False,
                                                                         True, True, True, True]


def test_english_refs_out_of_source_order_get_the_source_numbers(tmp_path: Path) -> None:
    doc = small_doc()
    # the translation swapped the order of two notes within the sentence
    doc.blocks[1].segments[0].target = ["Pressure", Ph("fn", "3"), " and a lever", Ph("fn", "1"), "."]
    doc.blocks[7].segments[0].target = ["See the website."]
    path = tmp_path / "swapped.en.docx"
    write_english_docx(doc, path, {})
    from toolkit.oxml import footnotes as fn

    marks = [fn.displayed_mark(r) for r in fn.references(xml_part(path, "word/document.xml"))]
    # b8's translation lost its reference to note 3: the note is called again at the end of that sentence
    assert marks == ["3", "1", "2", "3"]


def test_input_docx_styles_are_reused(tmp_path: Path) -> None:
    import docx
    from docx.shared import RGBColor

    reference = tmp_path / "house.fr.docx"
    house = docx.Document(str(SAMPLES / "zaporijjia.fr.docx"))
    house.styles["Subtitle"].font.color.rgb = RGBColor.from_string("7B2C8F")  # a house colour
    house.save(str(reference))
    doc = uppercase_targets(prepare(reference))
    path = tmp_path / "house.en.docx"
    write_english_docx(doc, path, {}, reference_docx=reference)
    styles = xml_part(path, "word/styles.xml")
    subtitle = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Subtitle"]  # type: ignore[attr-defined]
    assert subtitle[0].find(f"{W}rPr/{W}color").get(f"{W}val") == "7B2C8F"
    body = xml_part(path, "word/document.xml")
    styled = [p for p in body.iter(f"{W}p")  # type: ignore[attr-defined]
              if p.find(f"{W}pPr/{W}pStyle[@{W}val='Subtitle']") is not None]
    assert "".join(t.text for t in styled[0].iter(f"{W}t")) == "NOTE DE SITUATION N° 14 — UKRAINE"
    assert len(read_document(path).footnotes) == len(doc.footnotes) == 3


def test_a_bad_reference_leaves_no_file(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.docx"
    bogus.write_bytes(b"PK\x03\x04 not really")
    path = tmp_path / "out.docx"
    with pytest.raises(InputError):
        write_english_docx(small_doc(), path, {}, reference_docx=bogus)
    assert not path.exists() and list(tmp_path.iterdir()) == [bogus]


# ---------------------------------------------------------------- golden parts


def normalise(data: bytes) -> str:
    """Pretty-printed XML without what changes from run to run: dates, rsids, note and bookmark ids."""
    from lxml import etree

    root = etree.fromstring(data)
    for el in root.iter():
        for attr in list(el.attrib):
            local = etree.QName(attr).localname
            if local.startswith("rsid") or (local == "id" and etree.QName(el).localname in (
                    "footnote", "footnoteReference", "bookmarkStart", "bookmarkEnd")):
                del el.attrib[attr]
        if etree.QName(el).localname in ("created", "modified"):
            el.text = "DATE"
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("edition", ["en", "fr-en"])
@pytest.mark.parametrize("part", ["word/document.xml", "word/footnotes.xml", "docProps/core.xml"])
def test_golden_parts(tmp_path: Path, edition: str, part: str) -> None:
    path = tmp_path / f"small.{edition}.docx"
    writer = write_english_docx if edition == "en" else write_bilingual_docx
    writer(small_doc(), path, {"title": "Small brief", "signature": "toolkit test"})
    with zipfile.ZipFile(path) as archive:
        actual = normalise(archive.read(part))
    golden = GOLDEN / f"small.{edition}.{part.replace('/', '_')}"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")

