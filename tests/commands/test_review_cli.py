"""`toolkit review export|import`: the seed brief through Apertium, a reviewer's edits back, one-line refusals."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from tests.cli import run_cli
from toolkit.cli import main
from toolkit.formats.xliff import load_xliff
from toolkit.model import Segment, footnote_refs, plain_text

SEED = Path(__file__).parents[2] / "samples" / "belarus-brief.fr.txt"


def segments(path: Path) -> dict[str, Segment]:
    return {s.id: s for s in load_xliff(path).document.segments()}


def export(xliff: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, err = run_cli(["review", "export", str(xliff)], capsys)
    review = xliff.with_name("belarus-brief.review.docx")
    assert (code, err) == (0, "") and out == f"wrote {review} ({len(segments(xliff))} segments)\n"
    return review


def test_export_of_the_seed_brief(xliff: Path, capsys: pytest.CaptureFixture[str]) -> None:
    review = export(xliff, capsys)
    table = docx.Document(str(review)).tables[0]
    ids = [s.id for s in load_xliff(xliff).document.segments()]
    assert [c.text for c in table.rows[0].cells] == ["ID", "French", "English", "Status", "Comment"]
    assert [r.cells[0].text for r in table.rows[1:]] == ids
    assert sum(1 for i in ids if i.startswith("fn")) == 6
    first = table.rows[1]
    assert first.cells[1].text.endswith("forces russes[1].")
    assert "[1]" in first.cells[2].text
    statuses = [r.cells[3].text for r in table.rows[1:]]
    assert any("Footnote 6" in s for s in statuses) and any("·" in s for s in statuses)  # QA flags shown


def test_reviewer_edits_reach_the_xliff(xliff: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    review = export(xliff, capsys)
    before = segments(xliff)
    document = docx.Document(str(review))
    rows = {r.cells[0].text: r for r in document.tables[0].rows[1:]}
    rows["b3.s1"].cells[2].text = ("A similar scenario may be in preparation, while new military exercises "
                                   "between Russian and Belarusian forces were announced yesterday[2].")
    # the machine already writes this footnote in house style (15 December 2022): the reviewer adds a page
    rows["fn3.p1.s1"].cells[2].text = ("“An interview with General Valery Zaluzhny, head of Ukraine’s armed "
                                       "forces”, The Economist, 15 December 2022, p. 3.")
    rows["b9.s2"].cells[4].text = "“lets to plan the mystery” is wrong."
    document.core_properties.last_modified_by = "Anna Reviewer"
    edited = tmp_path / "reviewed.docx"
    document.save(str(edited))

    code, out, err = run_cli(["review", "import", str(edited), str(xliff)], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("b3.s1: 'A similar arena is potentially")
    assert any(line.startswith("fn3.p1.s1: '…") and "15 December 2022, p. 3" in line for line in lines)
    assert "b9.s2: comment added: '\"lets to plan the mystery\" is wrong.'" in lines
    assert "2 segment(s) reviewed, 1 comment(s) added, 0 repair(s)" in lines
    backups = list(tmp_path.glob("belarus-brief.xlf.bak-*"))
    assert len(backups) == 1 and lines[-1] == f"wrote {xliff} (previous version kept as {backups[0]})"

    after = segments(xliff)
    assert after["b3.s1"].state == "reviewed" and after["b3.s1"].origin == "review"
    assert footnote_refs(after["b3.s1"].target or []) == ["2"]
    assert plain_text(after["fn3.p1.s1"].target or []).endswith("15 December 2022, p. 3.")
    assert [(n.text, n.author) for n in after["b9.s2"].notes if n.category == "comment"] == [
        ("“lets to plan the mystery” is wrong.", "Anna Reviewer")]
    for sid in set(before) - {"b3.s1", "fn3.p1.s1", "b9.s2"}:
        assert after[sid] == before[sid]

    after_bytes = xliff.read_bytes()
    code, out, _err = run_cli(["review", "import", str(edited), str(xliff)], capsys)
    assert (code, out) == (0, "no changes: the XLIFF is already up to date\n")
    assert xliff.read_bytes() == after_bytes


def test_dry_run(xliff: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    review = export(xliff, capsys)
    document = docx.Document(str(review))
    document.tables[0].rows[1].cells[2].text = "In October, Lukashenko announced a joint group[1]."
    document.save(str(tmp_path / "e.docx"))
    before = xliff.read_bytes()
    code, out, _err = run_cli(["review", "import", "--dry-run", str(tmp_path / "e.docx"), str(xliff)], capsys)
    assert code == 0 and out.endswith("dry run: nothing written\n") and out.startswith("b1.s1: ")
    assert xliff.read_bytes() == before


def test_tampered_file_refused_with_one_line_and_xliff_untouched(xliff: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    review = export(xliff, capsys)
    document = docx.Document(str(review))
    table = document.tables[0]
    table.rows[1].cells[2].text = "A fine edit that must not be applied alone."
    table.rows[4].cells[1].text = "Un scénario différent."
    tr = table.rows[9]._tr
    tr.getparent().remove(tr)
    bad = tmp_path / "review.docx"
    document.save(str(bad))
    before = xliff.read_bytes()
    code, out, err = run_cli(["review", "import", str(bad), str(xliff)], capsys)
    assert code == 2 and out == ""
    assert err == (f"toolkit: error: the review file does not match the XLIFF: row 4 (b4.s1) French text changed; "
                   f"row 9 (b8.s1) missing ({bad})\n")
    assert xliff.read_bytes() == before and not list(tmp_path.glob("*.bak-*"))


@pytest.mark.parametrize("case", ["not-docx", "no-table", "wrong-shape", "missing-xliff", "invalid-xliff"])
def test_bad_inputs_are_one_line_errors(case: str, xliff: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    review = export(xliff, capsys)
    target = xliff
    if case == "not-docx":
        review = tmp_path / "notes.docx"
        review.write_text("hello", encoding="utf-8")
    elif case == "no-table":
        review = tmp_path / "plain.docx"
        plain = docx.Document()
        plain.add_paragraph("No table here.")
        plain.save(str(review))
    elif case == "wrong-shape":
        review = tmp_path / "shape.docx"
        shaped = docx.Document()
        shaped.add_table(rows=2, cols=3).cell(0, 0).text = "ID"
        shaped.save(str(review))
    elif case == "missing-xliff":
        target = tmp_path / "absent.xlf"
    else:
        target = tmp_path / "broken.xlf"
        target.write_text("<xliff version='2.1'", encoding="utf-8")
    before = target.read_bytes() if target.exists() else None
    code, out, err = run_cli(["review", "import", str(review), str(target)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("toolkit: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert (target.read_bytes() if target.exists() else None) == before
    assert not list(tmp_path.glob("*.bak-*"))


def test_export_errors_and_options(xliff: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_cli(["review", "export", str(tmp_path / "absent.xlf")], capsys)
    assert code == 2 and err.startswith("toolkit: error: no such file")
    out_path = tmp_path / "sub" / "r.docx"
    out_path.parent.mkdir()
    code, out, _err = run_cli(["review", "export", str(xliff), "-o", str(out_path), "--no-glossary"], capsys)
    assert code == 0 and out.startswith(f"wrote {out_path} (")
    runs = docx.Document(str(out_path)).tables[0].rows[1].cells[1].paragraphs[0].runs
    assert all(r.font.highlight_color is None for r in runs)
    with pytest.raises(SystemExit) as exit_info:
        main(["review"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == "toolkit: error: the following arguments are required: ACTION\n"


def test_reviewed_text_reaches_the_editions_and_the_memory(xliff: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    review = export(xliff, capsys)
    document = docx.Document(str(review))
    document.tables[0].rows[3].cells[2].text = "A similar scenario may be in the making[2]."
    document.save(str(tmp_path / "e.docx"))
    assert main(["review", "import", str(tmp_path / "e.docx"), str(xliff)]) == 0
    assert main(["publish", str(xliff), "-o", str(tmp_path / "pub"), "--formats", "docx,tmx"]) == 0
    capsys.readouterr()
    tmx = (tmp_path / "pub" / "belarus-brief.tmx").read_text(encoding="utf-8")
    assert "A similar scenario may be in the making" in tmx
    with zipfile.ZipFile(tmp_path / "pub" / "belarus-brief.en.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "A similar scenario may be in the making" in body
