"""Every XLIFF, TMX and TBX the toolkit writes validates against the official schemas in ../shared/schemas/.

The files come from the commands users run on the samples (text, Markdown with links and footnotes, DOCX), not
from hand-made documents: XLIFF 2 against its XSDs and Schematron rules, XLIFF 1.2 against the strict XSD, TMX
against the TMX 1.4b DTD, TBX against the TBX-Basic RELAX NG schema and its core-structure DTD.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.schemas import SCHEMAS, errors, schematron_errors, tbx_rng, tmx_dtd, xliff2_errors, xliff12_schema
from toolkit.cli import main
from toolkit.formats.xliff import load_xliff, write_xliff

SAMPLES = Path(__file__).parents[1] / "samples"
ALIGN = Path(__file__).parent / "data" / "align"


@pytest.fixture(scope="module", params=["belarus-brief.fr.txt", "wagner.fr.md", "zaporijjia.fr.docx"])
def run_output(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    assert main(["run", str(SAMPLES / request.param), "-o", str(out), "--engine", "apertium",
                 "--formats", "tmx"]) == 0
    return next(out.glob("*.xlf"))


def test_run_xliff_is_valid_xliff2(run_output: Path) -> None:
    data = run_output.read_bytes()
    assert xliff2_errors(data) == []
    assert schematron_errors(data) == []


def test_review_exports_are_valid(run_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "cat.xlf"
    assert main(["review", "export", str(run_output), "--format", "xliff-1.2", "-o", str(out)]) == 0
    assert errors(xliff12_schema(), out.read_bytes()) == []
    project = tmp_path / "project"
    assert main(["review", "export", str(run_output), "--format", "omegat", "-o", str(project)]) == 0
    (source,) = (project / "source").glob("*.xlf")
    assert errors(xliff12_schema(), source.read_bytes()) == []
    (memory,) = (project / "tm" / "auto").glob("*.tmx")
    assert errors(tmx_dtd(), memory.read_bytes()) == []
    assert len(etree.fromstring(memory.read_bytes()).findall("body/tu")) > 0


def test_published_memory_is_valid_tmx(run_output: Path, tmp_path: Path) -> None:
    # mark every segment reviewed so that the memory holds them all
    store = load_xliff(run_output)
    for s in store.document.segments():
        if s.target is not None:
            s.state = "reviewed"
    xliff = tmp_path / run_output.name
    write_xliff(store.document, xliff, store.signature, store.suggestions)
    assert xliff2_errors(xliff.read_bytes()) == []
    assert main(["publish", str(xliff), "-o", str(tmp_path / "pub"), "--formats", "tmx"]) == 0
    (tmx,) = (tmp_path / "pub").glob("*.tmx")
    data = tmx.read_bytes()
    assert errors(tmx_dtd(), data) == []
    assert len(etree.fromstring(data).findall("body/tu")) == sum(
        1 for s in store.document.segments() if s.target is not None and s.text.strip() and s.target_text.strip())


@pytest.mark.parametrize("pair", ["seed", "brief", "wagner"])
def test_aligned_memory_is_valid_tmx(pair: str, tmp_path: Path) -> None:
    fr, en = sorted(ALIGN.glob(f"{pair}.fr.*"))[0], sorted(ALIGN.glob(f"{pair}.en.*"))[0]
    out = tmp_path / f"{pair}.tmx"
    assert main(["align", str(fr), str(en), "-o", str(out), "--min-confidence", "0"]) == 0
    assert errors(tmx_dtd(), out.read_bytes()) == []


def test_exported_glossary_is_valid_tbx(tmp_path: Path) -> None:
    out = tmp_path / "fr-en.tbx"
    assert main(["glossary", "export", "-o", str(out)]) == 0
    data = out.read_bytes()
    assert errors(tbx_rng(), data) == []
    assert errors(etree.DTD(str(SCHEMAS / "tbx" / "TBXBasiccoreStructV02.dtd")), data) == []
