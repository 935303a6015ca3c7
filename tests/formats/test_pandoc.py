"""The pandoc-based readers: Markdown, DOCX, ODT and HTML briefs flattened into the document model."""

from __future__ import annotations

import contextlib
import io
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.formats import read_document
from toolkit.formats.pandoc import tidy_content
from toolkit.formats.pandoc_run import pandoc_path
from toolkit.model import Block, Content, Document, End, Ph, Start, footnote_refs, plain_text

SAMPLES = Path(__file__).parents[2] / "samples"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_md(tmp_path: Path, text: str) -> Document:
    return read_document(write(tmp_path, "brief.md", text))


def refs_by_block(doc: Document) -> dict[str, list[str]]:
    return {b.id: footnote_refs(b.source) for b in doc.all_blocks() if footnote_refs(b.source)}


def code_kinds(block: Block) -> list[str]:
    return [p.kind for p in block.source if isinstance(p, Start)]


def assert_well_formed(doc: Document) -> None:
    """One segment per block, ids as documented, paired codes balanced and numbered 1, 2, … per block."""
    for block in doc.all_blocks():
        assert [s.id for s in block.segments] == [f"{block.id}.s1"]
        source = block.segments[0].source
        assert source, block.id
        stack: list[str] = []
        starts: list[str] = []
        for part in source:
            if isinstance(part, Start):
                stack.append(part.id)
                starts.append(part.id)
            elif isinstance(part, End):
                assert stack and stack.pop() == part.id, block.id
        assert stack == [], block.id
        assert starts == [str(i) for i in range(1, len(starts) + 1)], block.id
        text = plain_text(source)
        assert text == text.strip(" ") and "  " not in text, block.id


def make_docx(tmp_path: Path, markdown: str, name: str = "made.docx") -> Path:
    target = tmp_path / name
    subprocess.run(
        [str(pandoc_path()), "--sandbox", "-f", "markdown", "-t", "docx", "-o", str(target)],
        input=markdown.encode("utf-8"),
        check=True,
        timeout=60,
    )
    return target


# ---------------------------------------------------------------- samples


def test_wagner_markdown_sample() -> None:
    doc = read_document(SAMPLES / "wagner.fr.md")
    assert_well_formed(doc)
    assert doc.source_format == "markdown"
    assert doc.title == "Après la mutinerie : que reste-t-il du groupe Wagner ?"
    assert len(doc.blocks) == 23
    kinds = {b.id: (b.kind, b.level, b.ordered) for b in doc.blocks}
    assert kinds["b1"] == ("heading", 1, False)
    assert kinds["b4"] == ("heading", 2, False)
    assert [kinds[f"b{i}"] for i in (6, 7, 8)] == [("list-item", 1, True)] * 3
    assert [kinds[f"b{i}"] for i in range(11, 16)] == [
        ("list-item", 1, False),
        ("list-item", 1, False),
        ("list-item", 2, False),
        ("list-item", 2, False),
        ("list-item", 1, False),
    ]
    assert kinds["b18"] == ("quote", 0, False)
    assert [fn.id for fn in doc.footnotes] == ["1", "2", "3", "4"]
    assert [b.id for b in doc.footnotes[1].blocks] == ["fn2.p1", "fn2.p2"]
    assert refs_by_block(doc) == {"b3": ["1"], "b9": ["2"], "b17": ["3"], "b18": ["4"]}
    assert code_kinds(doc.blocks[1]) == ["em"]
    assert code_kinds(doc.blocks[2]) == ["strong"]
    link = next(p for p in doc.blocks[18].source if isinstance(p, Start))
    assert (link.kind, link.href) == ("link", "https://www.understandingwar.org/")
    assert "M. Prigojine" in doc.blocks[2].text and "Vers 23h," in doc.blocks[2].text
    assert doc.footnotes[2].text.endswith("25 août 2023, p. 12.")  # a plain space, as typed
    assert doc.warnings == []


def test_zaporijjia_docx_sample() -> None:
    doc = read_document(SAMPLES / "zaporijjia.fr.docx")
    assert_well_formed(doc)
    assert doc.source_format == "docx"
    assert doc.title == "Centrale de Zaporijjia : un otage nucléaire sur la ligne de front"
    assert len(doc.blocks) == 23
    title, subtitle = doc.blocks[0], doc.blocks[1]
    assert (title.kind, title.level, title.style) == ("heading", 1, "Title")
    assert (subtitle.kind, subtitle.style) == ("paragraph", "Subtitle")
    assert subtitle.text == "Note de situation n° 14 — Ukraine"
    headings = [(b.level, b.text) for b in doc.blocks[2:] if b.kind == "heading"]
    assert headings[:3] == [
        (1, "Résumé"),
        (1, "Une situation de sûreté dégradée"),
        (2, "Les faits depuis sept. 2022"),
    ]
    assert [b.ordered for b in doc.blocks if b.kind == "list-item"] == [False] * 3 + [True] * 3 + [False] * 3
    assert [b.kind for b in doc.blocks].count("quote") == 1
    assert [fn.id for fn in doc.footnotes] == ["1", "2", "3"]
    assert refs_by_block(doc) == {"b4": ["1"], "b10": ["2"], "b13": ["3"]}
    assert all(b.style == "Footnote Text" for fn in doc.footnotes for b in fn.blocks)
    assert doc.footnotes[2].text == (
        "Voir le chapitre « Enerhodar, ville fantôme » dans "
        "La guerre d’Ukraine en cartes, Autrement, 2023, p. 12."
    )
    assert code_kinds(doc.blocks[3]) == ["strong"]
    assert code_kinds(doc.blocks[6]) == ["sup"]
    assert code_kinds(doc.blocks[14]) == ["strong", "em"]
    assert code_kinds(doc.blocks[22]) == ["link"]
    assert "environ 1,5 million vivent" in doc.blocks[12].text


def test_docx_sample_matches_its_markdown_source() -> None:
    """The committed DOCX is what pandoc makes of samples/src: same texts, same notes, same shape."""
    docx = read_document(SAMPLES / "zaporijjia.fr.docx")
    source = read_document(SAMPLES / "src" / "zaporijjia.fr.md")
    assert [(b.kind, b.level, b.ordered, b.source) for b in docx.blocks] == [
        (b.kind, b.level, b.ordered, b.source) for b in source.blocks
    ]
    assert [(fn.id, fn.text) for fn in docx.footnotes] == [(fn.id, fn.text) for fn in source.footnotes]


def test_odt_sample_reads_like_the_docx() -> None:
    odt = read_document(SAMPLES / "zaporijjia-odt.fr.odt")
    docx = read_document(SAMPLES / "zaporijjia.fr.docx")
    assert_well_formed(odt)
    # pandoc's ODT reader leaves the Title paragraph in the body: only its kind differs
    assert [b.source for b in odt.blocks] == [b.source for b in docx.blocks]
    assert [b.kind for b in odt.blocks[2:]] == [b.kind for b in docx.blocks[2:]]
    assert [(fn.id, fn.text) for fn in odt.footnotes] == [(fn.id, fn.text) for fn in docx.footnotes]


def test_moldavie_html_sample() -> None:
    doc = read_document(SAMPLES / "moldavie.fr.html")
    assert_well_formed(doc)
    assert doc.source_format == "html"
    assert doc.title == "Moldavie : la Transnistrie, un front gelé sous pression"
    assert len(doc.blocks) == 13
    assert [fn.id for fn in doc.footnotes] == ["1", "2"]
    assert refs_by_block(doc) == {"b3": ["1"], "b10": ["2"]}
    assert [b.ordered for b in doc.blocks if b.kind == "list-item"] == [False] * 3 + [True] * 2
    assert doc.footnotes[1].text == (
        "« Cobasna: the ammunition depot that worries Chișinău », Balkan Insight, 6 mars 2023, p. 2."
    )


# ---------------------------------------------------------------- Markdown cases


def test_nested_list_depth_and_numbering(tmp_path: Path) -> None:
    doc = read_md(tmp_path, "- un\n    1. deux\n        - trois\n    2. quatre\n- cinq\n")
    assert [(b.text, b.kind, b.level, b.ordered) for b in doc.blocks] == [
        ("un", "list-item", 1, False),
        ("deux", "list-item", 2, True),
        ("trois", "list-item", 3, False),
        ("quatre", "list-item", 2, True),
        ("cinq", "list-item", 1, False),
    ]


def test_list_item_with_two_paragraphs_gives_two_items_of_its_depth(tmp_path: Path) -> None:
    doc = read_md(tmp_path, "- premier\n\n    suite du premier\n\n- second\n")
    assert [(b.text, b.level) for b in doc.blocks] == [("premier", 1), ("suite du premier", 1), ("second", 1)]


def test_blockquote_and_list_inside_it(tmp_path: Path) -> None:
    doc = read_md(tmp_path, "Avant.\n\n> Citation *longue*.\n>\n> - point\n\nAprès.\n")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("paragraph", "Avant."),
        ("quote", "Citation longue."),
        ("list-item", "point"),
        ("paragraph", "Après."),
    ]


def test_footnote_with_two_paragraphs(tmp_path: Path) -> None:
    doc = read_md(tmp_path, "Texte[^n].\n\n[^n]: Premier paragraphe.\n\n    Second paragraphe.\n")
    (note,) = doc.footnotes
    assert note.id == "1"
    assert [(b.id, b.text) for b in note.blocks] == [
        ("fn1.p1", "Premier paragraphe."),
        ("fn1.p2", "Second paragraphe."),
    ]
    assert doc.blocks[0].source == ["Texte", Ph("fn", ref="1"), "."]


def test_footnotes_numbered_by_appearance_not_label(tmp_path: Path) -> None:
    doc = read_md(tmp_path, "Un[^z] deux[^a] trois[^3].\n\n[^a]: Note A.\n[^z]: Note Z.\n[^3]: Note trois.\n")
    assert footnote_refs(doc.blocks[0].source) == ["1", "2", "3"]
    assert [(fn.id, fn.text) for fn in doc.footnotes] == [
        ("1", "Note Z."),
        ("2", "Note A."),
        ("3", "Note trois."),
    ]


def test_link_code_span_and_line_break(tmp_path: Path) -> None:
    doc = read_md(tmp_path, "Voir [le rapport](https://example.org/r.pdf) et `S-400`\\\nligne suivante.\n")
    assert doc.blocks[0].source == [
        "Voir ",
        Start("link", "1", "https://example.org/r.pdf"),
        "le rapport",
        End("1"),
        " et ",
        Ph("code", text="S-400"),
        Ph("br"),
        "ligne suivante.",
    ]


def test_text_kept_as_typed(tmp_path: Path) -> None:
    """No smart punctuation: straight quotes, apostrophes, dashes and spaces after "p." stay as typed."""
    text = 'L\'armée dit "non" -- voir p. 12, cf. art. 5... M. Prigojine.\n'
    doc = read_md(tmp_path, text)
    assert doc.blocks[0].text == text.strip()


def test_whitespace_collapsed_but_no_break_spaces_kept(tmp_path: Path) -> None:
    doc = read_md(tmp_path, "Le   groupe\u00a0: *Wagner*\n   a  \u202fvingt\tans .\n")
    assert doc.blocks[0].text == "Le groupe\u00a0: Wagner a \u202fvingt ans ."


def test_metadata_title_becomes_first_heading(tmp_path: Path) -> None:
    doc = read_md(tmp_path, "---\ntitle: Le *Bélarus* en 2023\nlang: fr-FR\n---\n\nCorps du texte.\n")
    assert doc.title == "Le Bélarus en 2023"
    first = doc.blocks[0]
    assert (first.kind, first.style, code_kinds(first)) == ("heading", "Title", ["em"])
    assert doc.source_lang == "fr"


def test_title_falls_back_to_first_heading(tmp_path: Path) -> None:
    doc = read_md(tmp_path, "Intro.\n\n## Sous-titre\n\n# Titre\n")
    assert doc.title == "Sous-titre"


def test_tables_images_and_code_blocks(tmp_path: Path) -> None:
    markdown = (
        "| Système | Portée |\n|---|---|\n| S-400 | 400 km |\n\n"
        "![Carte du front](/etc/hostname)\n\n"
        "```\nnon traduit\n```\n\n"
        "Fin.\n"
    )
    doc = read_md(tmp_path, markdown)
    texts = [b.text for b in doc.blocks]
    # cells row by row; the figure keeps its caption, not the image; code blocks are skipped
    assert texts == ["Système", "Portée", "S-400", "400 km", "Carte du front", "Fin."]
    assert [b.kind for b in doc.blocks] == ["table-cell"] * 4 + ["caption", "paragraph"]


def test_sup_sub_smallcaps_and_transparent_formatting(tmp_path: Path) -> None:
    doc = read_md(tmp_path, "Le 1^er^ H~2~O [Nota]{.smallcaps} ~~barré~~ [souligné]{.underline}.\n")
    assert code_kinds(doc.blocks[0]) == ["sup", "sub", "smallcaps"]
    assert doc.blocks[0].text == "Le 1er H2O Nota barré souligné."


def test_windows_1252_markdown_warns(tmp_path: Path) -> None:
    path = tmp_path / "ancien.md"
    path.write_bytes("Le président biélorusse – Loukachenko.\n".encode("cp1252"))
    doc = read_document(path)
    assert doc.blocks[0].text == "Le président biélorusse – Loukachenko."
    assert doc.warnings == [f"not UTF-8, read as Windows-1252 ({path})"]


def test_utf8_bom_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf# Titre\r\n\r\nTexte.\r\n")
    doc = read_document(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [("heading", "Titre"), ("paragraph", "Texte.")]
    assert doc.warnings == []


def test_html_quotes_and_dpub_aria_footnotes(tmp_path: Path) -> None:
    html = (
        "<html><head><title>T</title></head><body><h2>Minsk</h2>"
        "<p>Il a dit <q>assez</q> et <em>rien</em><a href='#fn1' role='doc-noteref'><sup>1</sup></a>.</p>"
        "<section role='doc-endnotes'><ol><li id='fn1'><p>Source.<a href='#fnref1' role='doc-backlink'>↩</a>"
        "</p></li></ol></section></body></html>"
    )
    doc = read_document(write(tmp_path, "page.html", html))
    assert doc.title == "T"
    assert [b.text for b in doc.blocks] == ["Minsk", "Il a dit «\u00a0assez\u00a0» et rien."]
    assert refs_by_block(doc) == {"b2": ["1"]}
    assert [(fn.id, fn.text) for fn in doc.footnotes] == [("1", "Source.")]


def test_tidy_content_drops_empty_pairs_and_renumbers() -> None:
    content: Content = [
        Start("em", "7"),
        "  ",
        End("7"),
        " Début ",
        Start("strong", "9"),
        End("9"),
        Start("em", "8"),
        " mot  ",
        End("8"),
        " fin ",
    ]
    assert tidy_content(content) == ["Début ", Start("em", "1"), "mot ", End("1"), "fin"]


# ---------------------------------------------------------------- DOCX made here


def test_docx_from_markdown_keeps_footnotes_and_formatting(tmp_path: Path) -> None:
    markdown = (
        "# Titre\n\n## Section\n\nSergueï Choïgou[^a] a **parlé** *hier*[^b].\n\n"
        "1. premier\n2. second[^c]\n\n[^a]: Note « un ».\n[^b]: Note deux.\n[^c]: Note trois, p. 4.\n"
    )
    doc = read_document(make_docx(tmp_path, markdown))
    assert [(b.kind, b.level) for b in doc.blocks] == [
        ("heading", 1),
        ("heading", 2),
        ("paragraph", 0),
        ("list-item", 1),
        ("list-item", 1),
    ]
    assert [b.ordered for b in doc.blocks[3:]] == [True, True]
    assert refs_by_block(doc) == {"b3": ["1", "2"], "b5": ["3"]}
    assert [(fn.id, fn.text) for fn in doc.footnotes] == [
        ("1", "Note « un »."),
        ("2", "Note deux."),
        ("3", "Note trois, p.\u00a04."),  # pandoc's Markdown reader (smart) put the no-break space there
    ]
    assert code_kinds(doc.blocks[2]) == ["strong", "em"]


# ---------------------------------------------------------------- bad input


def test_truncated_docx(tmp_path: Path) -> None:
    data = (SAMPLES / "zaporijjia.fr.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="not a valid DOCX: damaged zip archive"):
        read_document(path)


def test_text_file_named_docx(tmp_path: Path) -> None:
    path = write(tmp_path, "brief.docx", "Ceci n'est pas un document Word.\n")
    with pytest.raises(InputError, match="not a DOCX"):
        read_document(path)


def test_zip_without_document_part(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "bonjour")
    with pytest.raises(InputError, match=r"not a valid DOCX: no word/document\.xml inside"):
        read_document(path)


def test_damaged_member_is_caught_before_pandoc(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document>" + "du texte assez long " * 200 + "</w:document>")
    data = bytearray(buffer.getvalue())
    middle = 30 + len("word/document.xml") + 20  # inside the compressed data of the only member
    data[middle : middle + 8] = b"\xff" * 8
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"not a valid DOCX: word/document\.xml is damaged"):
        read_document(path)


def test_pandoc_failure_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "garbage.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "this is not xml <<<")
    with pytest.raises(InputError, match=r"^pandoc cannot read this file: ") as info:
        read_document(path)
    assert "\n" not in str(info.value)


def _bomb(path: Path, megabytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                member.write(chunk)


@contextlib.contextmanager
def _decompressed() -> Iterator[list[int]]:
    """Count the bytes any zip member yields while the block runs (a work bound instead of a stopwatch)."""
    seen = [0]
    real = zipfile.ZipExtFile.read

    def counting(self: zipfile.ZipExtFile, n: int | None = -1) -> bytes:
        data = real(self, n)
        seen[0] += len(data)
        return data

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zipfile.ZipExtFile, "read", counting)
        yield seen


def test_zip_bomb_rejected_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    _bomb(path, 200)
    assert path.stat().st_size < 1 << 20
    with _decompressed() as seen, pytest.raises(InputError, match=r"word/document\.xml would expand to 200 MB"):
        read_document(path)
    assert seen == [0]  # refused from the headers: not one byte unpacked


def test_compression_ratio_alone_rejected(tmp_path: Path) -> None:
    path = tmp_path / "dense.odt"
    _bomb(path, 20)  # under the size limit, but zeros compress about 1000:1
    with _decompressed() as seen, pytest.raises(
        InputError, match=r"not a valid ODT: word/document\.xml is compressed more than 200:1"
    ):
        read_document(path)
    assert seen == [0]
