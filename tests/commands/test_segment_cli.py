"""`toolkit segment`: the readable view, the JSON contract, the one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import run_cli
from toolkit import __version__
from toolkit.cli import main

SAMPLES = Path(__file__).parents[2] / "samples"
SEED = SAMPLES / "belarus-brief.fr.txt"


def test_seed_json_has_nine_blocks_six_footnotes_and_refs_in_the_right_sentences(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_cli(["segment", str(SEED), "--json"], capsys)
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"blocks", "footnotes"}
    assert len(data["blocks"]) == 9
    assert [f["id"] for f in data["footnotes"]] == ["1", "2", "3", "4", "5", "6"]
    for block in data["blocks"]:
        assert set(block) == {"id", "kind", "segments"}
        for seg in block["segments"]:
            assert set(seg) == {"id", "text", "notes"}
    notes = {seg["id"]: seg["notes"] for b in data["blocks"] for seg in b["segments"] if seg["notes"]}
    assert notes == {
        "b1.s1": ["1"],
        "b3.s1": ["2"],
        "b4.s1": ["3"],
        "b6.s1": ["4"],
        "b7.s2": ["5"],
        "b9.s1": ["6"],
    }
    b9 = data["blocks"][8]["segments"]
    assert b9[0]["text"].endswith("à une trentaine de kilomètres de Minsk.")
    assert b9[1]["text"].startswith("L’absence de journalistes")
    texts = [seg["text"] for b in data["blocks"] for seg in b["segments"]]
    assert not any(ch.isdigit() and t.endswith(("russes1.", "Minsk6.")) for t in texts for ch in t[-3:])
    # the seed types a no-break space inside its French quotes, in the notes as in the body: it is kept
    assert data["footnotes"][0]["text"].startswith("«\u00a0Belarus Says Forming Joint Military Group")


def test_abbreviations_do_not_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(
        "M. Prigojine a quitté Rostov en sept. 2022 selon le rapport, p. 12 du document1. Il est parti.\n\n"
        "Sources\n1. Un rapport.\n",
        encoding="utf-8",
    )
    code, out, _err = run_cli(["segment", str(brief), "--json"], capsys)
    assert code == 0
    segments = json.loads(out)["blocks"][0]["segments"]
    assert [s["text"] for s in segments] == [
        "M. Prigojine a quitté Rostov en sept. 2022 selon le rapport, p. 12 du document.",
        "Il est parti.",
    ]
    assert [s["notes"] for s in segments] == [["1"], []]


def test_readable_view(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(["segment", str(SEED)], capsys)
    assert code == 0
    assert out.startswith("9 blocks, 11 sentences, 6 footnotes\n")
    assert "2. list-item depth 1 [b2]" in out
    assert "forces russes[1]." in out
    assert "[6] fn6.p1.s1" in out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "toolkit: error: the file is empty ("),
        ("junk.txt", bytes(range(256)) * 4, "toolkit: error: binary content in a text file ("),
        ("brief.docx", b"just text", "toolkit: error: not a DOCX file"),
        ("brief.pdf", b"%PDF", "toolkit: error: unsupported input format '.pdf'"),
        (
            "refs.txt",
            b"Un1. Deux2. Trois3. Quatre4.\n\nSources\n1. a\n2. b\n3. c\n",
            "toolkit: error: footnote 4 is referenced but the Sources list stops at 3 (",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run_cli(["segment", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err


def test_missing_file_and_unsupported_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_cli(["segment", str(tmp_path / "absent.txt")], capsys)
    assert code == 2 and err == f"toolkit: error: no such file ({tmp_path / 'absent.txt'})\n"
    with pytest.raises(SystemExit) as exc:
        main(["segment", "x.txt", "--bogus"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.startswith("toolkit: error: unrecognized arguments: --bogus")


def test_unreferenced_source_warns_and_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "brief.txt"
    path.write_text("Un1. Deux.\n\nSources\n1. a\n2. b\n", encoding="utf-8")
    code, out, err = run_cli(["segment", str(path), "--json"], capsys)
    assert code == 0
    assert err == f"toolkit: warning: source 2 in the Sources list is never referenced ({path})\n"
    assert len(json.loads(out)["footnotes"]) == 2


def test_own_srx_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    srx = tmp_path / "rules.srx"
    srx.write_text(
        '<?xml version="1.0"?><srx xmlns="http://www.lisa.org/srx20" version="2.0">'
        '<header segmentsubflows="yes" cascade="no"/><body><languagerules>'
        '<languagerule languagerulename="semi"><rule break="yes"><beforebreak>;</beforebreak>'
        "<afterbreak>\\s</afterbreak></rule></languagerule></languagerules>"
        '<maprules><languagemap languagepattern=".*" languagerulename="semi"/></maprules></body></srx>',
        encoding="utf-8",
    )
    brief = tmp_path / "b.txt"
    brief.write_text("Un; deux. Trois.\n", encoding="utf-8")
    code, out, _err = run_cli(["segment", str(brief), "--json", "--srx", str(srx)], capsys)
    assert code == 0
    assert [s["text"] for s in json.loads(out)["blocks"][0]["segments"]] == ["Un;", "deux. Trois."]


def test_version_and_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == f"toolkit {__version__}"
