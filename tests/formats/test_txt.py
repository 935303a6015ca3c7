"""The web-copy plain-text reader: blocks, bullets, glued footnote numbers, the Sources list."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.formats import read_document
from toolkit.model import Document, footnote_refs

SEED = Path(__file__).parents[2] / "samples" / "belarus-brief.fr.txt"


def read_text(tmp_path: Path, text: str, name: str = "brief.txt", encoding: str = "utf-8") -> Document:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_document(path)


def refs_by_block(doc: Document) -> dict[str, list[str]]:
    return {b.id: footnote_refs(b.source) for b in doc.blocks if footnote_refs(b.source)}


def test_seed_has_nine_blocks_and_six_footnotes() -> None:
    doc = read_document(SEED)
    assert [b.kind for b in doc.blocks] == [
        "paragraph",
        "list-item",
        "list-item",
        "paragraph",
        "list-item",
        "list-item",
        "list-item",
        "paragraph",
        "paragraph",
    ]
    assert [fn.id for fn in doc.footnotes] == ["1", "2", "3", "4", "5", "6"]
    assert refs_by_block(doc) == {
        "b1": ["1"],
        "b3": ["2"],
        "b4": ["3"],
        "b6": ["4"],
        "b7": ["5"],
        "b9": ["6"],
    }
    # the no-break spaces inside « » are the text's own: kept as read
    assert doc.footnotes[2].text.startswith("«\u00a0An interview with General Valery Zaluzhny")
    assert doc.warnings == []


def test_seed_reference_sits_where_the_number_was() -> None:
    doc = read_document(SEED)
    b9 = doc.blocks[8].source
    index = next(i for i, p in enumerate(b9) if not isinstance(p, str))
    assert str(b9[index - 1]).endswith("à une trentaine de kilomètres de Minsk")
    assert str(b9[index + 1]).startswith(". L’absence")
    # the glued number after a closing guillemet
    b4 = doc.blocks[3].source
    assert str(b4[-3]).endswith("janvier\u00a0»") and b4[-1] == "."
    # `23h` is text, not a reference
    assert "aux alentours de 23h," in doc.blocks[8].text


@pytest.mark.parametrize(
    "sentence",
    [
        "Les F-35 arrivent1.",
        "Le COVID-19 revient1.",
        "Le G20 se réunit1.",
        "Des S-400 sont livrés1.",
        "Ils partent à 23h1.",
        "En 2022, la guerre1.",
        "Voir p. 12 du rapport1.",
        "Le vol MH17 abattu1.",
        "Une hausse de 1,5 point1.",
    ],
)
def test_digits_of_names_codes_and_numbers_are_not_references(tmp_path: Path, sentence: str) -> None:
    doc = read_text(tmp_path, f"{sentence}\n\nSources\n1. Une source.\n")
    assert footnote_refs(doc.blocks[0].source) == ["1"]
    text = doc.blocks[0].text
    assert text == sentence.replace("1.", ".")


def test_only_the_next_number_in_sequence_is_a_reference(tmp_path: Path) -> None:
    text = "Le sommet2 puis la réunion1. Ensuite le G7 et la suite2.\n\nSources\n1. Un.\n2. Deux.\n"
    doc = read_text(tmp_path, text)
    assert footnote_refs(doc.blocks[0].source) == ["1", "2"]
    assert doc.blocks[0].text == "Le sommet2 puis la réunion. Ensuite le G7 et la suite."


def test_reference_beyond_the_list_is_an_error(tmp_path: Path) -> None:
    text = "Un1. Deux2. Trois3. Quatre4.\n\nSources\n1. a\n2. b\n3. c\n"
    with pytest.raises(InputError, match="footnote 4 is referenced but the Sources list stops at 3"):
        read_text(tmp_path, text)


def test_unreferenced_source_is_a_warning(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "Un1. Deux.\n\nSources\n1. a\n2. b\n")
    assert [fn.id for fn in doc.footnotes] == ["1", "2"]
    assert doc.warnings == [f"source 2 in the Sources list is never referenced ({tmp_path / 'brief.txt'})"]


def test_list_numbered_out_of_order_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="numbered 1, 2, 4: expected 3 after 2"):
        read_text(tmp_path, "Un1. Deux2.\n\nSources\n1. a\n2. b\n4. d\n")


@pytest.mark.parametrize("heading", ["Sources", "Notes", "Références", "SOURCES :", "Notes et références"])
def test_sources_heading_variants(tmp_path: Path, heading: str) -> None:
    doc = read_text(tmp_path, f"Texte1.\n\n{heading}\n  1. « Titre », Le Monde, 3 mars 2023.\n")
    assert [fn.text for fn in doc.footnotes] == ["« Titre », Le Monde, 3 mars 2023."]


def test_source_item_wrapped_over_two_lines(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "Texte1.\n\nSources\n1. « Un long titre »,\n   Le Monde, 2023.\n")
    assert doc.footnotes[0].text == "« Un long titre », Le Monde, 2023."


def test_bom_crlf_and_no_break_spaces(tmp_path: Path) -> None:
    text = "\ufeffIl a dit\u00a0: «\u202fnon\u202f»1.\r\n\r\n  • Un point.\r\n\r\nSources\r\n1. Source.\r\n"
    doc = read_text(tmp_path, text)
    assert doc.blocks[0].text == "Il a dit\u00a0: «\u202fnon\u202f»."
    assert footnote_refs(doc.blocks[0].source) == ["1"]
    assert doc.blocks[1].kind == "list-item"
    assert doc.warnings == []


def test_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "Le président biélorusse a parlé à Moscou.\n", encoding="cp1252")
    assert doc.blocks[0].text == "Le président biélorusse a parlé à Moscou."
    assert len(doc.warnings) == 1 and "not UTF-8" in doc.warnings[0]


def test_bullets_nesting_and_continuations(tmp_path: Path) -> None:
    text = (
        "Introduction du texte.\n\n"
        "  • Premier point\n    qui continue.\n"
        "      ◦ Sous-point.\n"
        "  • Deuxième point.\n"
    )
    doc = read_text(tmp_path, text)
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("paragraph", 0, "Introduction du texte."),
        ("list-item", 1, "Premier point qui continue."),
        ("list-item", 2, "Sous-point."),
        ("list-item", 1, "Deuxième point."),
    ]


def test_title_line_and_markdown_heading_become_headings(tmp_path: Path) -> None:
    text = "La Biélorussie face à la guerre\n\nUn paragraphe.\n\n## Contexte\n\nUn autre paragraphe.\n"
    doc = read_text(tmp_path, text)
    assert [(b.kind, b.level) for b in doc.blocks] == [
        ("heading", 1),
        ("paragraph", 0),
        ("heading", 2),
        ("paragraph", 0),
    ]
    assert doc.title == "La Biélorussie face à la guerre"


def test_quote_lines(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "Il a déclaré :\n\n> Nous ne céderons pas.\n")
    assert [b.kind for b in doc.blocks] == ["paragraph", "quote"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\t\n", "the file is empty"),
        (b"\x00\x01\x02binary\xff\xfe", "binary content"),
        (b"PK\x03\x04junk", "binary content"),
    ],
)
def test_bad_text_inputs(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_unsupported_extension_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "brief.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"unsupported input format '\.pdf'"):
        read_document(tmp_path / "brief.pdf")
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


def test_english_reference_after_a_year_and_its_period(tmp_path: Path) -> None:
    doc = read_text(tmp_path, "It began in 2022.1 Then it grew to 2.5 million.2\n\nNotes\n1. One.\n2. Two.\n")
    assert footnote_refs(doc.blocks[0].source) == ["1", "2"]
    assert doc.blocks[0].text == "It began in 2022. Then it grew to 2.5 million."
