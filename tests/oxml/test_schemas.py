"""Every DOCX the toolkit writes is valid ECMA-376 Transitional, whatever the input and its style reference."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tests.data.word.make_word_brief import make_word_brief
from tests.oxml.schemas import schema_errors
from toolkit.formats.docx import write_bilingual_docx, write_english_docx
from toolkit.formats.review_docx import write_review_docx
from toolkit.model import Document
from toolkit.pipeline.prepare import prepare

SAMPLES = Path(__file__).parents[2] / "samples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
META = {"title": "Brief", "signature": "toolkit test"}


def translated(path: Path) -> Document:
    """The brief read and segmented, each target its source upper-cased (codes kept): no engine needed."""
    doc = prepare(path)
    for seg in doc.segments():
        seg.target = [p.upper() if isinstance(p, str) else p for p in seg.source]
        seg.state = "translated"
    return doc


@pytest.fixture(scope="module")
def word_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_word_brief(tmp_path_factory.mktemp("word") / "word-brief.fr.docx")


def inputs(word_brief: Path) -> dict[str, Path]:
    return {
        "txt": SAMPLES / "belarus-brief.fr.txt",
        "md": SAMPLES / "wagner.fr.md",
        "html": SAMPLES / "moldavie.fr.html",
        "pandoc-docx": SAMPLES / "zaporijjia.fr.docx",
        "word-docx": word_brief,
    }


Writer = Callable[[Document, Path, Path | None], None]
WRITERS: dict[str, Writer] = {
    "en.docx": lambda doc, path, ref: write_english_docx(doc, path, META, reference_docx=ref),
    "fr-en.docx": lambda doc, path, ref: write_bilingual_docx(doc, path, META, reference_docx=ref),
    "review.docx": lambda doc, path, ref: write_review_docx(doc, path, xliff_name="brief.xlf"),
}


@pytest.mark.parametrize("edition", sorted(WRITERS))
@pytest.mark.parametrize("source", ["txt", "md", "html", "pandoc-docx", "word-docx"])
def test_every_docx_validates(source: str, edition: str, word_brief: Path, tmp_path: Path) -> None:
    path = inputs(word_brief)[source]
    out = tmp_path / f"brief.{edition}"
    WRITERS[edition](translated(path), out, path if path.suffix == ".docx" else None)
    assert schema_errors(out.read_bytes()) == []


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


@pytest.mark.parametrize("edition", ["en.docx", "fr-en.docx"])
@pytest.mark.parametrize("source", ["pandoc-docx", "word-docx"])
def test_every_style_used_is_defined_and_no_restart_is_inherited(source: str, edition: str, word_brief: Path,
                                                                   tmp_path: Path) -> None:
    path = inputs(word_brief)[source]
    out = tmp_path / f"brief.{edition}"
    WRITERS[edition](translated(path), out, path)
    styles = {s.get(f"{W}styleId") for s in part(out, "word/styles.xml").iter(f"{W}style")}
    used: set[str] = set()
    for name in ("word/document.xml", "word/footnotes.xml"):
        root = part(out, name)
        used |= {el.get(f"{W}val") for tag in ("pStyle", "rStyle", "tblStyle") for el in root.iter(f"{W}{tag}")}
    assert used - styles == set()
    for name in ("word/document.xml", "word/settings.xml"):
        assert list(part(out, name).iter(f"{W}numRestart")) == []
