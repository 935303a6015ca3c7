"""`toolkit glossary export|import|check` through the real command line entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.formats.glossaries import load_glossary
from toolkit.formats.tbx import read_tbx
from toolkit.terms.glossary import load_default_glossary


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_export_default_glossary_to_tbx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fr-en.tbx"
    assert main(["glossary", "export", "-o", str(out)]) == 0
    default = load_default_glossary()
    assert read_tbx(out).entries == default.entries
    assert f"{len(default)} entries written" in capsys.readouterr().out


def test_export_merges_extra_glossaries_later_wins(tmp_path: Path) -> None:
    one = write(tmp_path / "one.tsv", "Kiev\tKiev (one)\nFoo\tBar\n")
    two = write(tmp_path / "two.tsv", "Kiev\tKiev (two)\n")
    out = tmp_path / "out.tsv"
    assert main(["glossary", "export", "--glossary", str(one), "--glossary", str(two), "-o", str(out)]) == 0
    g = load_glossary(out)
    assert g.lookup("Kiev") == "Kiev (two)" and g.lookup("Foo") == "Bar"
    assert g.lookup("Biélorussie") == "Belarus"


def test_export_no_glossary_keeps_only_given_files(tmp_path: Path) -> None:
    one = write(tmp_path / "one.tsv", "Foo\tBar\n")
    out = tmp_path / "out.tbx"
    assert main(["glossary", "export", "--no-glossary", "--glossary", str(one), "-o", str(out)]) == 0
    assert [(e.source, e.target) for e in read_tbx(out)] == [("Foo", "Bar")]


def test_export_nothing_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.tbx"
    assert main(["glossary", "export", "--no-glossary", "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith("toolkit: error: no glossary entries to write")
    assert not out.exists()


def test_import_tbx_to_tsv_round_trip(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    assert main(["glossary", "export", "-o", str(tbx)]) == 0
    tsv = tmp_path / "g.tsv"
    assert main(["glossary", "import", str(tbx), "-o", str(tsv)]) == 0
    assert load_glossary(tsv).entries == load_default_glossary().entries
    assert main(["glossary", "check", str(tsv)]) == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["glossary", "export", "-o", "{tmp}/out.docx"], "unknown glossary format '.docx'"),
        (["glossary", "export", "-o", "{tmp}/missing/out.tbx"], "the output folder does not exist"),
        (["glossary", "import", "{tmp}/none.tbx", "-o", "{tmp}/out.tsv"], "no such TBX file"),
        (
            ["glossary", "export", "--glossary", "{tmp}/bad.tsv", "-o", "{tmp}/o.tsv"],
            "malformed glossary line",
        ),
        (["glossary", "frobnicate"], "invalid choice"),
    ],
)
def test_errors_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    write(tmp_path / "bad.tsv", "ok\tfine\nbroken line\n")
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if "frobnicate" in argv:  # argparse's own usage errors exit through SystemExit(2)
        with pytest.raises(SystemExit) as stop:
            main(args)
        assert stop.value.code == 2
    else:
        assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error: ") and message in err
    assert err.count("\n") == 1
    if "malformed" in message:
        assert "bad.tsv:2)" in err


def test_check_reports_conflicts_and_bad_tags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path / "g.tsv",
        "Odessa\tOdessa\nOdessa\tOdesa\nKiev\tKyiv\tforbiden=Kiev\nLvov\tLviv\tforbidden=Odesa\nno tab\n",
    )
    assert main(["glossary", "check", str(path)]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0] == f"{path}:2: 'Odessa' -> 'Odesa' conflicts with line 1 ('Odessa'); the later line wins"
    assert lines[1].startswith(f"{path}:3: unknown tag 'forbiden='")
    assert lines[2] == f"{path}:4: forbidden 'Odesa' is the target of another entry ('Odesa')"
    assert lines[3].startswith(f"{path}:5: expected source TAB target")
    assert out.err == "toolkit: 4 problems found\n"


def test_check_shipped_glossary_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "check"]) == 0
    assert capsys.readouterr().out.startswith("fr-en.tsv: ok, ")
