"""A brief made on Word's standard template keeps its structure in both DOCX editions: pandoc reads them back,
LibreOffice renders them with the notes numbered like the source."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.data.word.make_word_brief import NOTES, make_word_brief
from toolkit.formats.docx import write_bilingual_docx, write_english_docx
from toolkit.formats.pandoc_run import pandoc_path
from toolkit.model import Document
from toolkit.pipeline.prepare import prepare

META = {"title": "Zaporijjia", "signature": "toolkit test"}


def upper(doc: Document) -> Document:
    for seg in doc.segments():
        seg.target = [p.upper() if isinstance(p, str) else p for p in seg.source]
    return doc


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("word-made")
    brief = make_word_brief(folder / "word-brief.fr.docx")
    doc = upper(prepare(brief))
    paths = {"en": folder / "brief.en.docx", "fr-en": folder / "brief.fr-en.docx"}
    write_english_docx(doc, paths["en"], META, reference_docx=brief)
    write_bilingual_docx(doc, paths["fr-en"], META, reference_docx=brief)
    return paths


def pandoc_ast(path: Path) -> dict[str, Any]:
    done = subprocess.run([str(pandoc_path()), "-f", "docx", "-t", "json", str(path)], capture_output=True,
                          check=True, timeout=60)
    ast: dict[str, Any] = json.loads(done.stdout)
    return ast


def kinds(node: Any) -> Counter[str]:
    """How many nodes of each pandoc type the tree holds."""
    found: Counter[str] = Counter()
    if isinstance(node, dict):
        if "t" in node:
            found[node["t"]] += 1
        for value in node.values():
            found += kinds(value)
    elif isinstance(node, list):
        for value in node:
            found += kinds(value)
    return found


def strings(node: Any, inside: str, out: list[str] | None = None, on: bool = False) -> list[str]:
    """The words pandoc reads inside nodes of type `inside` (Strong, Emph)."""
    out = [] if out is None else out
    if isinstance(node, dict):
        here = on or node.get("t") == inside
        if node.get("t") == "Str" and here:
            out.append(node["c"])
        for value in node.values():
            strings(value, inside, out, here)
    elif isinstance(node, list):
        for value in node:
            strings(value, inside, out, on)
    return out


def test_english_edition_keeps_lists_notes_and_formatting(editions: dict[str, Path]) -> None:
    ast = pandoc_ast(editions["en"])
    found = kinds(ast["blocks"])
    assert found["BulletList"] == 1 and found["OrderedList"] == 1
    assert found["Note"] == len(NOTES)
    assert strings(ast["blocks"], "Strong") == ["ROSATOM"]  # bold stays on its word, and only there
    assert strings(ast["blocks"], "Emph") == ["INSPECTEURS"]


def test_bilingual_edition_keeps_lists_notes_and_formatting_on_both_sides(editions: dict[str, Path]) -> None:
    ast = pandoc_ast(editions["fr-en"])
    found = kinds(ast["blocks"])
    # each side of a row is a cell of its own: one list per item and side
    assert found["BulletList"] == 4 and found["OrderedList"] == 4
    assert found["Note"] == 2 * len(NOTES)
    assert sorted(strings(ast["blocks"], "Strong")) == ["English", "Français", "ROSATOM", "Rosatom"]


@pytest.fixture(scope="module")
def rendered(editions: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                           "pdf", "--outdir", str(out), *map(str, editions.values())],
                          capture_output=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    return {key: subprocess.run(["pdftotext", "-layout", str(out / (path.stem + ".pdf")), "-"], capture_output=True,
                                check=True, timeout=60).stdout.decode("utf-8")
            for key, path in editions.items()}


def test_libreoffice_numbers_the_notes_like_the_source(rendered: dict[str, str]) -> None:
    text = rendered["en"]
    marks = []
    for number, note in NOTES.items():
        at = text.index(note.upper())
        mark = re.findall(r"(\d+)\s*$", text[:at])
        marks.append(mark[-1] if mark else "")
        assert mark, f"note {number} printed without a number"
    assert marks == [str(n) for n in NOTES]


def test_libreoffice_shows_bullets_and_numbers(rendered: dict[str, str]) -> None:
    text = rendered["en"]
    bullet_lines = [line for line in text.splitlines() if line.strip().startswith(("\uf0b7", "•"))]
    assert len(bullet_lines) == 2 and "SIX RÉACTEURS" in bullet_lines[0]
    assert re.search(r"1\.\s+RÉTABLIR", text) and re.search(r"2\.\s+INSPECTER", text)
