"""`toolkit publish` rebuilds the editions from the XLIFF alone; edits made there reach every edition."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.formats.pandoc_run import pandoc_path
from toolkit.formats.tmx import read_tmx
from toolkit.formats.xliff import read_xliff, write_xliff
from toolkit.model import footnote_refs, plain_text

SEED = Path(__file__).parents[2] / "samples" / "belarus-brief.fr.txt"
EDIT = (
    "EDITED: In October, President Alexander Lukashenko announced a joint regional group of Russian forces."
)


@pytest.fixture
def translated(seed_run: Path) -> Path:
    """The shared Apertium run of the seed brief (tests here only read it)."""
    return seed_run


def docx_notes(path: Path) -> tuple[str, list[str]]:
    """Body text and footnote texts of a DOCX, as pandoc reads them back."""
    ast = json.loads(
        subprocess.run(
            [str(pandoc_path()), "-f", "docx", "-t", "json", str(path)], capture_output=True, check=True
        ).stdout
    )
    notes: list[str] = []
    body: list[str] = []

    def walk(node: object, into: list[str]) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Note":
                text: list[str] = []
                walk(node["c"], text)
                notes.append("".join(text).strip())
                return
            if node.get("t") == "Str":
                into.append(node["c"])
            elif node.get("t") in ("Space", "SoftBreak"):
                into.append(" ")
            else:
                walk(node.get("c"), into)
        elif isinstance(node, list):
            for child in node:
                walk(child, into)

    walk(ast["blocks"], body)
    return "".join(body), notes


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_run_writes_every_edition(translated: Path) -> None:
    names = sorted(p.name for p in translated.iterdir())
    assert names == sorted(
        f"belarus-brief.{s}"
        for s in ("xlf", "qa.json", "en.docx", "fr-en.docx", "en.pdf", "fr-en.pdf", "review.html", "tmx")
    )
    assert not [p for p in translated.iterdir() if p.name.startswith(".")]


def test_english_docx_has_six_real_footnotes_in_order(translated: Path) -> None:
    body, notes = docx_notes(translated / "belarus-brief.en.docx")
    assert len(notes) == 6
    assert notes[0].startswith("“Belarus Says Forming Joint Military Group with Russia”")
    assert "Lukashenko" in body and "Loukachenko" not in body
    with zipfile.ZipFile(translated / "belarus-brief.en.docx") as z:
        document = z.read("word/document.xml").decode()
    assert document.count("<w:footnoteReference") == 6


def test_bilingual_editions_carry_both_languages_footnotes(translated: Path) -> None:
    _body, notes = docx_notes(translated / "belarus-brief.fr-en.docx")
    assert len(notes) == 12
    text = pdf_text(translated / "belarus-brief.fr-en.pdf")
    for french_note in ("10 octobre 2022", "Tweet de Belarusian Hajun project"):
        assert text.count(french_note) == 1
    for english_note in ("10 October 2022", "15 December 2022"):  # the default en-GB house style
        assert english_note in text


def test_publish_from_an_edited_xliff_shows_the_edit(
    translated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc, signature = read_xliff(translated / "belarus-brief.xlf")
    seg = next(s for s in doc.segments() if s.id == "b1.s1")
    seg.target = [EDIT[:-1], *[p for p in seg.target or [] if not isinstance(p, str)], "."]
    seg.state = "reviewed"
    edited = tmp_path / "belarus-brief.xlf"
    write_xliff(doc, edited, signature=signature)
    out = tmp_path / "editions"
    assert main(["publish", str(edited), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("wrote ") == 6
    body, notes = docx_notes(out / "belarus-brief.en.docx")
    assert "EDITED: In October" in body and len(notes) == 6
    assert "EDITED: In October" in pdf_text(out / "belarus-brief.en.pdf").replace("\n", " ")
    assert "EDITED: In October" in (out / "belarus-brief.review.html").read_text("utf-8")
    units = read_tmx(out / "belarus-brief.tmx")
    assert [plain_text(u.target) for u in units] == [EDIT]
    assert footnote_refs(units[0].target) == ["1"]


def test_publish_some_formats_only(translated: Path, tmp_path: Path) -> None:
    assert (
        main(["publish", str(translated / "belarus-brief.xlf"), "-o", str(tmp_path), "--formats", "pdf"]) == 0
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["belarus-brief.en.pdf", "belarus-brief.fr-en.pdf"]


@pytest.mark.parametrize("content", [b"", b"not xml", b"<xliff xmlns='urn:other'/>"])
def test_publish_refuses_a_bad_xliff_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(content)
    assert main(["publish", str(bad), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_publish_unknown_format(translated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "publish",
                str(translated / "belarus-brief.xlf"),
                "-o",
                str(tmp_path / "o"),
                "--formats",
                "docx,rtf",
            ]
        )
        == 2
    )
    assert "unknown format 'rtf'" in capsys.readouterr().err


def test_rerun_keeps_reviewed_segments_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(SEED), "-o", str(tmp_path), "--engine", "apertium", "--formats", "none"]) == 0
    xlf = tmp_path / "belarus-brief.xlf"
    doc, signature = read_xliff(xlf)
    seg = next(s for s in doc.segments() if s.id == "b5.s1")
    seg.target, seg.state = ["A reviewer's sentence."], "reviewed"
    write_xliff(doc, xlf, signature=signature)
    capsys.readouterr()
    assert main(["run", str(SEED), "-o", str(tmp_path), "--engine", "apertium", "--formats", "none"]) == 0
    assert "1 reviewed kept, 0 now suggestions, 0 retired" in capsys.readouterr().out
    kept = {s.id: s for s in read_xliff(xlf)[0].segments()}["b5.s1"]
    assert (kept.state, plain_text(kept.target or [])) == ("reviewed", "A reviewer's sentence.")
    assert (
        main(["run", str(SEED), "-o", str(tmp_path), "--engine", "apertium", "--formats", "none", "--force"])
        == 0
    )
    forced = {s.id: s for s in read_xliff(xlf)[0].segments()}["b5.s1"]
    assert forced.state == "translated" and "reviewer" not in plain_text(forced.target or [])


def test_rerun_keeps_reviewer_comments(tmp_path: Path) -> None:
    from toolkit.model import Note

    assert main(["run", str(SEED), "-o", str(tmp_path), "--engine", "apertium", "--formats", "none"]) == 0
    xlf = tmp_path / "belarus-brief.xlf"
    doc, signature = read_xliff(xlf)
    seg = next(s for s in doc.segments() if s.id == "b2.s1")
    seg.notes.append(Note("Check the verb tense.", category="comment", author="Ana"))
    write_xliff(doc, xlf, signature=signature)
    assert main(["run", str(SEED), "-o", str(tmp_path), "--engine", "apertium", "--formats", "none"]) == 0
    again = {s.id: s for s in read_xliff(xlf)[0].segments()}["b2.s1"]
    assert [n.text for n in again.notes if n.category == "comment"] == ["Check the verb tense."]


def test_publish_reuses_the_input_docx_styles_only_if_it_is_the_same_file(tmp_path: Path) -> None:
    import shutil

    from toolkit.commands.publish import _recorded_source
    from toolkit.support.signature import file_hash

    source = tmp_path / "brief.fr.docx"
    shutil.copy(Path(__file__).parents[2] / "samples" / "zaporijjia.fr.docx", source)
    assert _recorded_source(str(source), file_hash(source)) == source
    assert _recorded_source(str(source), "0badc0de") is None  # another file at that path: not used
    assert _recorded_source(str(source), "") is None  # an XLIFF that records no hash
    assert _recorded_source("/etc/hostname", file_hash("/etc/hostname")) is None  # not a DOCX
    out = tmp_path / "out"
    assert main(["run", str(source), "-o", str(out), "--engine", "apertium", "--formats", "none"]) == 0
    doc, signature = read_xliff(out / "brief.xlf")
    assert signature["source"] == file_hash(source)
    assert doc.source_path == "brief.fr.docx"  # the name only: the XLIFF leaves the host path behind
    # found again by name beside the output folder, the hash checked
    assert _recorded_source(doc.source_path, signature["source"], (out, tmp_path)) == source
    assert _recorded_source(doc.source_path, "0badc0de", (out, tmp_path)) is None
