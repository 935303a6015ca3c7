"""A note no reference calls is never dropped: every edition prints it after the body, QA reports it, and the
run's summary line says so. Checked end to end through `toolkit run` and real readers of each edition."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.formats.pandoc_run import pandoc_path
from toolkit.formats.xliff import read_xliff

BRIEF = (
    "Le président a parlé hier soir1. Le gouvernement reste prudent.\n\n"
    "Sources\n"
    "1. Le Monde, 3 mars 2023.\n"
    "2. Rapport de la commission parlementaire, 2022.\n"
)


@pytest.fixture(scope="module")
def run_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("unattached")
    brief = folder / "brief.fr.txt"
    brief.write_text(BRIEF, encoding="utf-8")
    out = folder / "out"
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["run", str(brief), "-o", str(out), "--engine", "apertium"]) == 0
    return out, buffer.getvalue()


def english_note(out: Path) -> str:
    doc, _sig = read_xliff(out / "brief.xlf")
    fn = doc.footnote("2")
    assert fn is not None
    return fn.blocks[0].segments[0].target_text.strip()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def docx_text(path: Path) -> str:
    done = subprocess.run([str(pandoc_path()), "-f", "docx", "-t", "plain", "--wrap=none", str(path)],
                          capture_output=True, check=True)
    return squash(done.stdout.decode("utf-8"))


def test_qa_and_summary_line_report_the_note(run_out: tuple[Path, str]) -> None:
    out, stdout = run_out
    qa = json.loads((out / "brief.qa.json").read_text("utf-8"))
    unattached = [i for i in qa["issues"] if i["kind"] == "note-unattached"]
    assert [i["segment"] for i in unattached] == ["fn2.p1.s1"]
    assert "note 2" in unattached[0]["detail"]
    summary = next(line for line in stdout.splitlines() if " segments, " in line)
    assert summary.endswith("1 note not attached to the text (printed after the body)")


def test_english_docx_prints_the_note_after_the_body(run_out: tuple[Path, str]) -> None:
    out, _ = run_out
    text = docx_text(out / "brief.en.docx")
    heading = text.index("Notes not referenced in the text")
    assert text.index("[2] " + squash(english_note(out))) > heading
    doc, _sig = read_xliff(out / "brief.xlf")
    last_sentence = doc.blocks[-1].segments[-1].target_text.strip()
    assert text.index(squash(last_sentence)) < heading  # after the body


def test_bilingual_docx_prints_the_note_on_both_sides(run_out: tuple[Path, str]) -> None:
    out, _ = run_out
    text = docx_text(out / "brief.fr-en.docx")
    assert "Notes non appelées dans le texte" in text and "Notes not referenced in the text" in text
    assert "[2] Rapport de la commission parlementaire, 2022." in text
    assert "[2] " + squash(english_note(out)) in text


@pytest.mark.parametrize("edition", ["brief.en.pdf", "brief.fr-en.pdf"])
def test_pdf_editions_list_the_note(run_out: tuple[Path, str], edition: str) -> None:
    out, _ = run_out
    text = squash(subprocess.run(["pdftotext", str(out / edition), "-"], capture_output=True,
                                 check=True).stdout.decode("utf-8"))
    assert "Notes not referenced in the text" in text
    # pdftotext may break the note's words over lines; its first word is enough to place it
    first_word = english_note(out).split()[0]
    assert first_word in text[text.index("Notes not referenced in the text"):]


def test_review_page_and_xliff_keep_the_note(run_out: tuple[Path, str]) -> None:
    out, _ = run_out
    page = (out / "brief.review.html").read_text("utf-8")
    assert "Rapport de la commission parlementaire" in page and "note-unattached" in page
    doc, _sig = read_xliff(out / "brief.xlf")
    fn = doc.footnote("2")
    assert fn is not None and fn.text == "Rapport de la commission parlementaire, 2022."
