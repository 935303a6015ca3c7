"""The review DOCX's Status column: a reviewer approves a row without changing it; ODT is refused in one line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.formats.test_review_docx import write_sample
from tests.review.test_review import edit, english, row, segments
from toolkit.errors import InputError
from toolkit.review.exchange import describe, import_review, status_state


def status(sid: str, text: str):  # type: ignore[no-untyped-def]
    return lambda d: setattr(row(d, sid).cells[3], "text", text)


# (what the reviewer left in the Status cell, the state it asks for, the word not understood)
STATUS_TABLE = [
    ("translated", "", ""),
    ("translated · term missing: Belarus", "", ""),
    ("Heading 1\ntranslated", "", ""),
    ("Footnote 2\ntranslated · number-mismatch", "", ""),
    ("approved", "reviewed", ""),
    ("Approved", "reviewed", ""),
    ("APPROVED.", "reviewed", ""),
    ("reviewed", "reviewed", ""),
    ("signed-off", "reviewed", ""),
    ("OK", "reviewed", ""),
    ("Heading 1\napproved", "reviewed", ""),
    ("approved · term missing: final", "reviewed", ""),
    ("final", "final", ""),
    ("translated · final check pending", "", ""),  # a flag never approves
    ("", "", ""),
    ("peut-être", "", "peut-être"),
    ("approuvé ?", "", "approuvé ?"),
]


@pytest.mark.parametrize(("cell", "state", "odd"), STATUS_TABLE)
def test_status_words(cell: str, state: str, odd: str) -> None:
    assert status_state(cell) == (state, odd)


def test_approved_unchanged_row_becomes_reviewed(tmp_path: Path) -> None:
    xliff, review = write_sample(tmp_path)
    before = segments(xliff)
    edited = edit(review, tmp_path / "e.docx", status("b2.s2", "approved"), status("b3.s1", "final"),
                  english("b1.s1", "Belarus and the War"), status("b1.s1", "approved"))
    result = import_review(edited, xliff)
    lines = describe(result)
    assert "b2.s2: marked reviewed, English unchanged" in lines
    assert "b3.s1: marked final, English unchanged" in lines
    assert lines[-1] == "1 segment(s) reviewed, 2 approved unchanged, 0 comment(s) added, 0 repair(s)"
    after = segments(xliff)
    assert (after["b2.s2"].state, after["b2.s2"].target) == ("reviewed", before["b2.s2"].target)
    assert after["b2.s2"].origin == before["b2.s2"].origin  # approving is not rewriting
    assert after["b3.s1"].state == "final"
    assert after["b1.s1"].state == "reviewed" and after["b1.s1"].target == ["Belarus and the War"]
    for sid in set(before) - {"b1.s1", "b2.s2", "b3.s1"}:
        assert after[sid] == before[sid]
    # the same file again: nothing left to do
    assert import_review(edited, xliff).written is False


def test_unknown_status_is_reported_and_changes_nothing(tmp_path: Path) -> None:
    xliff, review = write_sample(tmp_path)
    before = xliff.read_bytes()
    result = import_review(edit(review, tmp_path / "e.docx", status("b2.s2", "peut-être")), xliff)
    assert "b2.s2: Status 'peut-être' not understood: state kept (translated)" in describe(result)
    assert not result.written and xliff.read_bytes() == before


def test_odt_saved_by_libreoffice_is_refused_in_one_line(tmp_path: Path) -> None:
    xliff, review = write_sample(tmp_path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by .ci/install-system"
    profile = tmp_path / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "odt",
                    "--outdir", str(tmp_path / "odt"), str(review)], check=True, capture_output=True, timeout=180)
    odt = tmp_path / "odt" / "brief.review.odt"
    before = xliff.read_bytes()
    with pytest.raises(InputError) as info:
        import_review(odt, xliff)
    assert "save it as Word (.docx)" in str(info.value) and "\n" not in str(info.value)
    assert xliff.read_bytes() == before
    # the same file under a .docx name: judged by content, not by name
    renamed = tmp_path / "renamed.docx"
    renamed.write_bytes(odt.read_bytes())
    with pytest.raises(InputError, match="save it as Word"):
        import_review(renamed, xliff)

