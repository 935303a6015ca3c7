"""`toolkit align`: the memory it writes, the summary and report, the one-line errors with nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli import run_cli
from toolkit.formats.tmx import read_tmx
from toolkit.model import Ph, plain_text

DATA = Path(__file__).parents[1] / "data" / "align"
FR, EN = DATA / "brief.fr.txt", DATA / "brief.en.txt"


def test_writes_a_memory_and_prints_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_tmx = tmp_path / "brief.tmx"
    code, out, err = run_cli(["align", str(FR), str(EN), "-o", str(out_tmx)], capsys)
    assert (code, err) == (0, "")
    units = read_tmx(out_tmx)
    assert len(units) == 26
    by_id = {u.id: u for u in units}
    assert by_id["b10.s2+b10.s3"].props["x-alignment"] == "2-1"
    assert by_id["b9.s3"].props["x-alignment"] == "1-2"
    assert plain_text(by_id["b9.s3"].target).startswith("The port of Klaipėda has been closed")
    assert "Potash therefore" in plain_text(by_id["b9.s3"].target)
    assert all(0.5 <= float(u.props["x-confidence"]) <= 1.0 for u in units)
    assert [p for p in by_id["b8.s4"].target if isinstance(p, Ph)] == [Ph("fn", ref="3")]
    assert "b8.s2" not in by_id  # omitted by the translator: counted, not written
    lines = out.splitlines()
    assert lines[0] == "Aligned brief.fr.txt (28 sentences) with brief.en.txt (28 sentences)"
    table = {ln.split()[0]: ln.split()[1] for ln in lines if ln.startswith("  ") and ln.split()[0] in
             ("1-1", "1-2", "2-1", "1-0", "0-1", "all")}
    assert table == {"1-1": "24", "1-2": "1", "2-1": "1", "1-0": "1", "0-1": "1", "all": "26"}
    assert f"Wrote 26 translation units to {out_tmx}" in lines
    assert "Unmatched (not written): 1 French, 1 English sentences" in lines
    assert "  French:  b8.s2" in lines and "  English: b2.s6" in lines
    assert "Low confidence (< 0.50, not written): 0" in lines


def test_report_prints_every_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(["align", str(FR), str(EN), "-o", str(tmp_path / "m.tmx"), "--report"], capsys)
    assert code == 0
    heads = [ln for ln in out.splitlines() if " -> " in ln and not ln.startswith(" ")]
    assert len(heads) == 28
    assert any(h.endswith("1-0  b8.s2 -> -") for h in heads)
    assert any("0-1  - -> b2.s6" in h for h in heads)
    assert any(h.endswith("fn4.p1.s2 -> fn4.p1.s2  [footnote 4]") for h in heads)
    assert "    en: Officially, the exercises were purely defensive." in out


def test_min_confidence_leaves_doubtful_pairs_out_and_lists_them(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out_tmx = tmp_path / "m.tmx"
    code, out, _err = run_cli(["align", str(FR), str(EN), "-o", str(out_tmx), "--min-confidence", "0.99"], capsys)
    assert code == 0
    units = read_tmx(out_tmx)
    assert 0 < len(units) < 26 and all(float(u.props["x-confidence"]) >= 0.99 for u in units)
    low = out.split("Low confidence (< 0.99, not written): ")[1].splitlines()
    assert int(low[0]) == 26 - len(units) == len(low) - 1


def test_docx_translation_and_markdown_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    from toolkit.formats.pandoc_run import pandoc_path

    docx = tmp_path / "wagner.en.docx"
    subprocess.run([str(pandoc_path()), "--sandbox", "-f", "markdown-smart", "-t", "docx", "-o", str(docx),
                    str(DATA / "wagner.en.md")], check=True, timeout=120)
    code, _out, err = run_cli(["align", str(DATA / "wagner.fr.md"), str(docx), "-o", str(tmp_path / "w.tmx")],
                             capsys)
    assert (code, err) == (0, "")
    units = read_tmx(tmp_path / "w.tmx")
    assert [u.id for u in units] == ["b1.s1", "b2.s1", "b2.s2", "b3.s1", "b3.s2", "b4.s1", "b5.s1", "b6.s1",
                                     "fn1.p1.s1", "fn2.p1.s1", "fn2.p1.s2"]
    assert units[2].props["x-alignment"] == "1-2"


def test_glossary_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    glossary = tmp_path / "mine.tsv"
    glossary.write_text("potasse\tpotash\ttype=noun\n", encoding="utf-8")
    for extra in (["--no-glossary"], ["--no-glossary", "--glossary", str(glossary)], ["--glossary", str(glossary)]):
        code, _out, err = run_cli(["align", str(FR), str(EN), "-o", str(tmp_path / "m.tmx"), *extra], capsys)
        assert (code, err) == (0, "")
        assert len(read_tmx(tmp_path / "m.tmx")) == 26
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n", encoding="utf-8")
    code, _out, err = run_cli(["align", str(FR), str(EN), "-o", str(tmp_path / "x.tmx"), "--glossary", str(bad)],
                              capsys)
    assert code == 2 and err.startswith("toolkit: error: malformed glossary line") and err.count("\n") == 1
    assert not (tmp_path / "x.tmx").exists()


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    empty = tmp_path / "empty.en.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    binary = tmp_path / "binary.en.txt"
    binary.write_bytes(b"PK\x03\x04\x00\x00garbage")
    fake_docx = tmp_path / "fake.en.docx"
    fake_docx.write_text("not a zip", encoding="utf-8")
    out = str(tmp_path / "out.tmx")
    return {
        "missing": ([str(tmp_path / "nope.fr.txt"), str(EN), "-o", out], "no such file"),
        "empty": ([str(FR), str(empty), "-o", out], "the file is empty"),
        "binary": ([str(FR), str(binary), "-o", out], "binary content in a text file"),
        "fake docx": ([str(FR), str(fake_docx), "-o", out], "not a DOCX file"),
        "unknown format": ([str(FR), str(DATA / "gold.tsv"), "-o", out], "unsupported input format"),
        "folder": ([str(FR), str(tmp_path), "-o", out], "is a directory"),
        "no output folder": ([str(FR), str(EN), "-o", str(tmp_path / "no" / "out.tmx")],
                             "the output folder does not exist"),
        "output is a folder": ([str(FR), str(EN), "-o", str(tmp_path)], "the output is a folder"),
        "confidence": ([str(FR), str(EN), "-o", out, "--min-confidence", "1.5"], "1.5 is not between 0 and 1"),
        "not a number": ([str(FR), str(EN), "-o", out, "--min-confidence", "high"], "'high' is not a number"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "binary", "fake docx", "unknown format", "folder",
                                  "no output folder", "output is a folder", "confidence", "not a number"])
def test_bad_input_is_one_line_exit_2_nothing_written(case: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    args, message = _bad_inputs(tmp_path)[case]
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run_cli(["align", *args], capsys)
    assert code == 2 and out == ""
    assert err.startswith("toolkit: error: ") and message in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_failed_run_leaves_the_previous_memory_untouched(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out_tmx = tmp_path / "m.tmx"
    assert run_cli(["align", str(FR), str(EN), "-o", str(out_tmx)], capsys)[0] == 0
    before = out_tmx.read_bytes()
    code, _out, _err = run_cli(["align", str(FR), str(tmp_path / "missing.txt"), "-o", str(out_tmx)], capsys)
    assert code == 2 and out_tmx.read_bytes() == before


def test_the_output_never_overwrites_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fr = tmp_path / "brief.fr.txt"
    shutil.copy(FR, fr)
    code, _out, err = run_cli(["align", str(fr), str(EN), "-o", str(fr)], capsys)
    assert code == 2 and "would overwrite an input" in err
    assert fr.read_bytes() == FR.read_bytes()


def test_the_english_side_is_cut_with_the_english_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fr = tmp_path / "b.fr.txt"
    en = tmp_path / "b.en.txt"
    fr.write_text("Les négociations ont commencé en sept. 2023 à Genève. M. Smith est arrivé hier.\n", "utf-8")
    en.write_text("Talks began in Sept. 2023 in Geneva. Mr. Smith arrived yesterday.\n", "utf-8")
    out_tmx = tmp_path / "b.tmx"
    code, _out, err = run_cli(["align", str(fr), str(en), "-o", str(out_tmx), "--min-confidence", "0"], capsys)
    assert (code, err) == (0, "")
    targets = [plain_text(u.target).strip() for u in read_tmx(out_tmx)]
    assert targets == ["Talks began in Sept. 2023 in Geneva.", "Mr. Smith arrived yesterday."]
