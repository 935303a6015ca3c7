"""`toolkit run`: the XLIFF 2.1 store and the QA report, through real engines, and its one-line failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from tests.cli import run_cli
from toolkit.cli import main
from toolkit.formats.tmx import TmxUnit, write_tmx
from toolkit.formats.xliff import read_xliff
from toolkit.model import footnote_refs, plain_text
from toolkit.pipeline.publish import output_stem

SAMPLES = Path(__file__).parents[2] / "samples"
SEED = SAMPLES / "belarus-brief.fr.txt"
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"


@pytest.fixture
def apertium_run(seed_run: Path) -> Path:
    """The shared Apertium run of the seed brief (tests here only read it)."""
    return seed_run


def test_stem_drops_extension_and_language_tag() -> None:
    assert output_stem("wagner.fr.md") == "wagner"
    assert output_stem("/x/belarus-brief.fr.txt") == "belarus-brief"
    assert output_stem("note.FR-fr.docx") == "note"
    assert output_stem("plain.docx") == "plain"


def test_xliff_is_2_0_with_one_unit_per_block_and_every_segment_translated(apertium_run: Path) -> None:
    root = etree.parse(str(apertium_run / "belarus-brief.xlf")).getroot()
    assert root.tag == f"{{{XLIFF_NS}}}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "fr", "en")
    units = root.findall(f".//{{{XLIFF_NS}}}unit")
    assert [u.get("id") for u in units] == [f"b{i}" for i in range(1, 10)] + [
        f"fn{i}.p1" for i in range(1, 7)
    ]
    segments = root.findall(f".//{{{XLIFF_NS}}}segment")
    assert len(segments) == 17
    for seg in segments:
        assert seg.get("state") == "translated"
        target = seg.find(f"{{{XLIFF_NS}}}target")
        assert target is not None and "".join(target.itertext()).strip()


def test_footnote_references_survive_in_every_segment(apertium_run: Path) -> None:
    doc, signature = read_xliff(apertium_run / "belarus-brief.xlf")
    assert signature["engine"] == "apertium"
    for seg in doc.segments():
        assert seg.target is not None
        assert footnote_refs(seg.target) == footnote_refs(seg.source), seg.id
    english = " ".join(plain_text(s.target or []) for s in doc.segments())
    for name in ("Lukashenko", "Zaluzhny", "Belarus", "Shoigu", "Putin", "Kyiv"):
        assert name in english
    # quoted titles of cited works stay verbatim, in English quotes
    fn1 = next(s for s in doc.segments() if s.id == "fn1.p1.s1")
    assert plain_text(fn1.target or []).startswith("“Belarus Says Forming Joint Military Group with Russia”")


def test_qa_report_shape(apertium_run: Path) -> None:
    qa = json.loads((apertium_run / "belarus-brief.qa.json").read_text("utf-8"))
    assert qa["engine"] == "apertium"
    assert qa["segments"] == 17 and qa["translated"] == 17
    assert qa["glossary"]["missing"] == 0 and qa["glossary"]["hits"] > 10
    kinds = {issue["kind"] for issue in qa["issues"]}
    assert kinds <= {
        "code-restored",
        "number-mismatch",
        "forbidden-variant",
        "transliterated",
        "untranslated",
        "term-missing",
        "name-missing",
        "untranslated-word",
        "doubled-word",
        "length-ratio",
        "look-alike",
        "name-locked",
        "name-unconverted",
    }
    for issue in qa["issues"]:
        assert set(issue) == {"segment", "kind", "detail"}


def test_translate_toolkit_reads_our_xliff(apertium_run: Path) -> None:
    from translate.storage import xliff2

    store = xliff2.Xliff2File.parsefile(str(apertium_run / "belarus-brief.xlf"))
    ours, _sig = read_xliff(apertium_run / "belarus-brief.xlf")
    theirs = [u for u in store.units if u.source]
    assert len(theirs) >= 15
    assert {u.target.strip() for u in theirs if u.target} >= {
        plain_text(s.target or []).strip()
        for s in ours.segments()
        if "<" not in plain_text(s.target or []) and s.id.startswith("fn")
    }


def test_argos_run_on_the_tiny_real_package(
    argos_packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(
        ["run", str(SAMPLES / "wagner.fr.md"), "-o", str(tmp_path), "--option", "max_decoding_length=12"],
        capsys,
    )
    assert code == 0, err
    assert out.startswith("engine: argos 1.")
    assert "translate-fr_en 0.1" in out
    doc, signature = read_xliff(tmp_path / "wagner.xlf")
    assert signature["engine"] == "argos" and signature["model"] == "translate-fr_en 0.1"
    segments = list(doc.segments())
    assert all(s.target is not None and s.state == "translated" for s in segments)
    for seg in segments:
        assert sorted(footnote_refs(seg.target or [])) == sorted(footnote_refs(seg.source))
    qa = json.loads((tmp_path / "wagner.qa.json").read_text("utf-8"))
    assert qa["engine"] == "argos" and qa["translated"] == len(segments)


def test_default_engine_is_argos_when_a_package_is_installed(
    argos_packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run_cli(
        ["run", str(SEED), "-o", str(tmp_path), "--option", "max_decoding_length=8"], capsys
    )
    assert code == 0 and out.startswith("engine: argos")


def test_default_engine_falls_back_to_apertium(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    code, out, _err = run_cli(["run", str(SEED), "-o", str(tmp_path / "out")], capsys)
    assert code == 0 and out.startswith("engine: apertium")


def test_no_engine_at_all_names_both_ways_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    monkeypatch.setenv("PATH", str(tmp_path))
    code, out, err = run_cli(["run", str(SEED), "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and out == ""
    assert err.startswith("toolkit: error: no translation engine:")
    assert "toolkit models install fr en" in err and "apt-get install apertium" in err
    assert not (tmp_path / "out").exists()


def test_missing_argos_model_is_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    code, _out, err = run_cli(["run", str(SEED), "-o", str(tmp_path / "out"), "--engine", "argos"], capsys)
    assert code == 2 and err.count("\n") == 1
    assert "toolkit models install fr en" in err
    assert not (tmp_path / "out").exists()


def test_unknown_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", str(SEED), "-o", str(tmp_path), "--engine", "deepl"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.startswith("toolkit: error: argument --engine: invalid choice: 'deepl'")


def test_unreadable_tmx_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    out = tmp_path / "out"
    code, _out, err = run_cli(
        ["run", str(SEED), "-o", str(out), "--engine", "apertium", "--tm", str(bad)], capsys
    )
    assert code == 2 and err.startswith("toolkit: error: ") and str(bad) in err and err.count("\n") == 1
    assert not out.exists()


def test_memory_exact_matches_are_final_and_fuzzy_ones_suggestions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tmx = tmp_path / "memory.tmx"
    write_tmx(
        [
            TmxUnit(
                [
                    "L’absence de journalistes et de communiqués laisse planer le mystère sur le contenu des "
                    "échanges qui y ont eu lieu."
                ],
                ["The absence of journalists and statements leaves the content of the talks a mystery."],
            ),
            TmxUnit(
                ["Aucun signe corroborant ces prévisions n’émane de la visite officielle russe en Pologne."],
                ["No sign supporting these forecasts emerges from the official Russian visit to Poland."],
            ),
        ],
        tmx,
    )
    out = tmp_path / "out"
    code, _o, err = run_cli(
        ["run", str(SEED), "-o", str(out), "--engine", "apertium", "--tm", str(tmx)], capsys
    )
    assert code == 0, err
    doc, signature = read_xliff(out / "belarus-brief.xlf")
    by_id = {s.id: s for s in doc.segments()}
    assert by_id["b9.s2"].state == "final"
    assert plain_text(by_id["b9.s2"].target or []).startswith("The absence of journalists and statements")
    assert by_id["b5.s1"].state == "translated"  # a fuzzy match is never applied silently
    assert "tm" in signature
    xml = (out / "belarus-brief.xlf").read_text("utf-8")
    assert "urn:oasis:names:tc:xliff:matches:2.0" in xml and "visit to Poland" in xml


def test_memory_engine_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tmx = tmp_path / "memory.tmx"
    write_tmx([TmxUnit(["Sources"], ["Sources"])], tmx)
    code, _out, err = run_cli(
        ["run", str(SEED), "-o", str(tmp_path / "o"), "--engine", "memory", "--tm", str(tmx)], capsys
    )
    assert code == 0, err
    qa = json.loads((tmp_path / "o" / "belarus-brief.qa.json").read_text("utf-8"))
    assert qa["engine"] == "memory"
    assert qa["translated"] < qa["segments"]
    assert any(i["kind"] == "untranslated" for i in qa["issues"])


def test_piped_run_is_quiet(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "run", str(SEED), "-o", str(tmp_path), "--engine", "apertium"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "wrote" in done.stdout
