"""Tables are blocks of their own: read cell by cell from Markdown, HTML, DOCX and ODT, kept as tables in the
XLIFF, published as real tables (side by side in the bilingual editions), captions one segment."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.data.word.make_word_brief import TABLE, make_word_brief
from toolkit.formats.docx import write_bilingual_docx, write_english_docx
from toolkit.formats.pandoc_run import pandoc_path
from toolkit.formats.review_html import review_html
from toolkit.formats.typst import write_bilingual_pdf, write_english_pdf
from toolkit.formats.xliff import read_xliff, write_xliff
from toolkit.model import Document
from toolkit.pipeline.prepare import prepare

PIPE = """Un paragraphe avant le tableau.

| Réacteur | État | Puissance |
|---|---|---|
| Unité 1 | arrêt à froid | 950 MW |
| Unité 2 | arrêt à froid. Puis rien. | 950 MW |
| Unité 5 | arrêt à chaud | 1 000 MW |

: Tableau 1. Les trois états des réacteurs, selon l’exploitant.

Un paragraphe après.
"""
GRID = """+----------+-----------+
| Ville    | Habitants |
+==========+===========+
| Kyiv     | 2,9 M     |
+----------+-----------+
| Kharkiv  | 1,4 M     |
+----------+-----------+
"""
HTML = """<html><body><p>Avant.</p><table><caption>Tableau 2. Les villes.</caption>
<thead><tr><th>Ville</th><th>Habitants</th></tr></thead>
<tbody><tr><td rowspan="2">Kyiv</td><td>2,9 M</td></tr><tr><td>3,0 M</td></tr>
<tr><td colspan="2">Source : recensement</td></tr></tbody></table></body></html>"""


def cells(doc: Document) -> list[tuple[int, int, int, bool, str]]:
    return [(b.cell.table, b.cell.row, b.cell.col, b.cell.header, b.text) for b in doc.blocks if b.cell]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_pipe_table_is_read_cell_by_cell_with_its_caption_whole(tmp_path: Path) -> None:
    doc = prepare(write(tmp_path, "brief.md", PIPE))
    assert [b.kind for b in doc.blocks] == ["paragraph", "caption", *["table-cell"] * 12, "paragraph"]
    assert cells(doc)[:4] == [(1, 1, 1, True, "Réacteur"), (1, 1, 2, True, "État"), (1, 1, 3, True, "Puissance"),
                              (1, 2, 1, False, "Unité 1")]
    assert [(r, c) for _t, r, c, _h, _x in cells(doc)] == [(r, c) for r in range(1, 5) for c in range(1, 4)]
    caption = doc.blocks[1]
    assert [s.text for s in caption.segments] == ["Tableau 1. Les trois états des réacteurs, selon l’exploitant."]
    two = next(b for b in doc.blocks if b.text.startswith("arrêt à froid. Puis"))
    assert [s.text.strip() for s in two.segments] == ["arrêt à froid.", "Puis rien."]  # a cell is cut in sentences


def test_markdown_grid_table(tmp_path: Path) -> None:
    doc = prepare(write(tmp_path, "brief.md", GRID))
    assert cells(doc) == [(1, 1, 1, True, "Ville"), (1, 1, 2, True, "Habitants"), (1, 2, 1, False, "Kyiv"),
                          (1, 2, 2, False, "2,9 M"), (1, 3, 1, False, "Kharkiv"), (1, 3, 2, False, "1,4 M")]


def test_html_table_with_spans(tmp_path: Path) -> None:
    doc = prepare(write(tmp_path, "brief.html", HTML))
    assert [b.kind for b in doc.blocks][:2] == ["paragraph", "caption"]
    # the cell below a two-row cell is in column 2; a two-column cell starts in column 1
    assert cells(doc) == [(1, 1, 1, True, "Ville"), (1, 1, 2, True, "Habitants"), (1, 2, 1, False, "Kyiv"),
                          (1, 2, 2, False, "2,9 M"), (1, 3, 2, False, "3,0 M"),
                          (1, 4, 1, False, "Source : recensement")]


@pytest.fixture(scope="module")
def word_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    brief = make_word_brief(tmp_path_factory.mktemp("word") / "word-brief.fr.docx")
    doc = prepare(brief)
    for seg in doc.segments():
        seg.target = [p.upper() if isinstance(p, str) else p for p in seg.source]
    return doc


def test_docx_table_and_caption(word_doc: Document) -> None:
    got = [(r, c, text) for _t, r, c, _h, text in cells(word_doc)]
    assert got == [(r, c, TABLE[r - 1][c - 1]) for r in range(1, 5) for c in range(1, 4)]
    caption = next(b for b in word_doc.blocks if b.kind == "caption")
    assert len(caption.segments) == 1 and caption.text.startswith("Tableau 1. Les trois")


def test_odt_table(tmp_path: Path) -> None:
    md = write(tmp_path, "t.md", PIPE)
    odt = tmp_path / "brief.odt"
    subprocess.run([str(pandoc_path()), str(md), "-o", str(odt)], check=True, timeout=60)
    doc = prepare(odt)
    assert [(r, c) for _t, r, c, _h, _x in cells(doc)] == [(r, c) for r in range(1, 5) for c in range(1, 4)]


def test_xliff_keeps_the_table(word_doc: Document, tmp_path: Path) -> None:
    path = tmp_path / "brief.xlf"
    write_xliff(word_doc, path)
    back, _sig = read_xliff(path)
    assert cells(back) == cells(word_doc)
    assert [b.kind for b in back.blocks] == [b.kind for b in word_doc.blocks]


def pandoc_tables(path: Path) -> list[Any]:
    ast = json.loads(subprocess.run([str(pandoc_path()), "-f", "docx", "-t", "json", str(path)],
                                    capture_output=True, check=True, timeout=60).stdout)
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Table":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ast["blocks"])
    return found


def table_text(table: Any) -> list[list[str]]:
    """A pandoc Table's rows as lists of cell texts (head and bodies)."""
    def text(node: Any) -> str:
        if isinstance(node, dict):
            if node.get("t") == "Str":
                return str(node["c"])
            if node.get("t") == "Space":
                return " "
            return text(node.get("c"))
        if isinstance(node, list):
            return "".join(text(n) for n in node)
        return ""

    _attr, _caption, _cols, head, bodies, _foot = table["c"]
    rows = list(head[1]) + [row for body in bodies for row in body[3]]
    return [[text(cell[4]) for cell in row[1]] for row in rows]


def test_english_docx_has_a_real_table(word_doc: Document, tmp_path: Path) -> None:
    path = tmp_path / "brief.en.docx"
    write_english_docx(word_doc, path, {})
    tables = pandoc_tables(path)
    assert len(tables) == 1
    assert table_text(tables[0]) == [[cell.upper() for cell in row] for row in TABLE]


def test_bilingual_docx_puts_the_french_table_beside_the_english_one(word_doc: Document, tmp_path: Path) -> None:
    path = tmp_path / "brief.fr-en.docx"
    write_bilingual_docx(word_doc, path, {})
    tables = pandoc_tables(path)
    inner = [t for t in tables if len(t["c"][2]) == 3]
    assert [table_text(t) for t in inner] == [TABLE, [[cell.upper() for cell in row] for row in TABLE]]


@pytest.mark.parametrize("bilingual", [False, True])
def test_pdf_editions_print_rows_on_one_line(word_doc: Document, tmp_path: Path, bilingual: bool) -> None:
    path = tmp_path / "brief.pdf"
    (write_bilingual_pdf if bilingual else write_english_pdf)(word_doc, path, {"title": "T", "signature": "s"})
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")
    for row in TABLE:
        pattern = r"\s+".join(re.escape(cell.upper()) for cell in row)
        assert re.search(pattern, text), row
        if bilingual:
            assert re.search(r"\s+".join(re.escape(cell) for cell in row), text), row


def test_review_page_names_each_cell(word_doc: Document) -> None:
    page = review_html(word_doc, [], {}, {"title": "T", "signature": "s", "stem": "brief"})
    assert "table 1, row 4, column 3" in page
