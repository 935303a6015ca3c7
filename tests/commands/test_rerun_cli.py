"""Reruns, same-stem briefs and concurrent writers through the real CLI: a reviewer's work is never lost."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pipeline.test_rerun import SENTENCES
from tests.review.test_review import edit, english
from toolkit.cli import main
from toolkit.formats.xliff import load_xliff, read_xliff, write_xliff
from toolkit.model import Note, plain_text
from toolkit.review.exchange import export_review
from toolkit.support.fileio import exclusive, lock_path

SAMPLES = Path(__file__).parents[2] / "samples"
SEED = SAMPLES / "belarus-brief.fr.txt"
ROOT = Path(__file__).parents[2]
INSERTED = "Un paragraphe ajouté après la relecture, qui ne figurait pas dans la première version."


def run(brief: Path, out: Path, *extra: str) -> int:
    return main(["run", str(brief), "-o", str(out), "--engine", "apertium", "--formats", "none", *extra])


def review_some(xlf: Path, count: int = 5) -> dict[str, tuple[str, str]]:
    """Play the reviewer on the first `count` body segments: French → (reviewed English, comment)."""
    doc, signature = read_xliff(xlf)
    done: dict[str, tuple[str, str]] = {}
    for seg in [s for s in doc.segments() if s.id.startswith("b")][:count]:
        seg.target, seg.state, seg.origin = [f"Reviewed {seg.id}."], "reviewed", "review"
        seg.notes.append(Note(f"comment on {seg.id}", author="Ana"))
        done[seg.text.strip()] = (f"Reviewed {seg.id}.", f"comment on {seg.id}")
    write_xliff(doc, xlf, signature=signature)
    return done


def paragraphs(path: Path) -> list[str]:
    return path.read_text("utf-8").split("\n\n")


@pytest.mark.parametrize("where", [0, 1, 3])
def test_inserting_a_paragraph_keeps_every_reviewed_segment_and_comment(
    where: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "brief.fr.txt"
    shutil.copy(SEED, brief)
    out = tmp_path / "out"
    assert run(brief, out) == 0
    reviewed = review_some(out / "brief.xlf")
    parts = paragraphs(brief)
    brief.write_text("\n\n".join([*parts[:where], INSERTED, *parts[where:]]), "utf-8")
    capsys.readouterr()
    assert run(brief, out) == 0
    printed = capsys.readouterr().out
    assert "reviewed work: 5 reviewed kept, 0 now suggestions, 0 retired" in printed and "0 lost" in printed
    doc, _sig = read_xliff(out / "brief.xlf")
    found = {s.text.strip(): s for s in doc.segments()}
    for french, (target, comment) in reviewed.items():
        seg = found[french]
        assert (seg.state, plain_text(seg.target or [])) == ("reviewed", target)
        assert [n.text for n in seg.notes if n.category == "comment"] == [comment]
    assert found[INSERTED].state == "translated"
    assert not list(out.glob("*.bak-*"))  # everything carried as it was: no backup needed


def test_edited_and_deleted_sentences_become_suggestions_or_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "brief.fr.txt"
    brief.write_text("\n\n".join(SENTENCES[:5]) + "\n", "utf-8")
    out = tmp_path / "out"
    assert run(brief, out) == 0
    reviewed = review_some(out / "brief.xlf", count=3)
    first, second, third = list(reviewed)
    text = brief.read_text("utf-8")
    assert first in text and second in text
    text = text.replace(first, first.replace("Le président biélorusse", "Le chef de l’État biélorusse"))
    text = text.replace(second, "")
    brief.write_text(text, "utf-8")
    capsys.readouterr()
    assert run(brief, out) == 0
    printed = capsys.readouterr().out
    assert "1 reviewed kept, 1 now suggestions, 1 retired with their French" in printed and "0 lost" in printed
    store = load_xliff(out / "brief.xlf")
    suggestion = [s for found in store.suggestions.values() for s in found if s.origin == "review"]
    assert [s.target for s in suggestion] == [reviewed[first][0]]
    qa = json.loads((out / "brief.qa.json").read_text("utf-8"))
    assert [r["target"] for r in qa["carried"]["retired"]] == [reviewed[second][0]]
    assert qa["carried"]["lost"] == 0
    assert any(i["kind"] == "review-suggestion" for i in qa["issues"])
    backups = list(out.glob("brief.xlf.bak-*"))
    assert len(backups) == 1
    assert reviewed[second][0] in backups[0].read_text("utf-8")
    kept = {s.text.strip(): s for s in store.document.segments()}[third]
    assert kept.state == "reviewed"


def test_another_brief_with_the_same_stem_is_refused_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    txt = tmp_path / "brief.fr.txt"
    shutil.copy(SEED, txt)
    assert run(txt, out) == 0
    review_some(out / "brief.xlf", count=2)
    before = (out / "brief.xlf").read_bytes()
    md = tmp_path / "brief.fr.md"
    shutil.copy(SAMPLES / "wagner.fr.md", md)
    capsys.readouterr()
    assert run(md, out) == 2
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error: ") and err.count("\n") == 1
    assert "brief.fr.txt" in err and "--force" in err and "2 reviewed segment(s)" in err
    assert str(out / "brief.xlf") in err
    assert (out / "brief.xlf").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["brief.qa.json", "brief.xlf"]
    assert run(md, out, "--force") == 0
    assert [b.read_bytes() for b in out.glob("brief.xlf.bak-*")] == [before]
    # the same brief renamed (same bytes) and the same name edited are both still this brief
    renamed = tmp_path / "brief-v2.fr.md"
    shutil.copy(md, renamed)
    review_some(out / "brief.xlf", count=1)
    assert main(["run", str(renamed), "-o", str(out), "--engine", "apertium", "--formats", "none"]) == 0


# ------------------------------------------------------------------------------------------ one writer


def toolkit_process(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOOLKIT_LOCK_WAIT": "60"}
    return subprocess.Popen([sys.executable, "-m", "toolkit", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


@pytest.fixture(scope="module")
def reviewed_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A run's XLIFF and two reviewers' DOCX made from the same export, each editing other rows."""
    folder = tmp_path_factory.mktemp("pair")
    assert run(SEED, folder) == 0
    xlf = folder / "belarus-brief.xlf"
    export = folder / "export.docx"
    export_review(xlf, export)
    alice = edit(export, folder / "alice.docx", english("b1.s1", "Alice's sentence."),
                 english("b3.s1", "Alice again."), author="Alice")
    bob = edit(export, folder / "bob.docx", english("b2.s1", "Bob's sentence."), author="Bob")
    return xlf, alice, bob


TRIALS = 8


def test_two_reviewers_importing_at_once_both_land(reviewed_pair: tuple[Path, Path, Path],
                                                   tmp_path: Path) -> None:
    pristine, alice, bob = reviewed_pair
    for trial in range(TRIALS):
        xlf = tmp_path / f"t{trial}" / "x.xlf"
        xlf.parent.mkdir()
        shutil.copy(pristine, xlf)
        first, second = (alice, bob) if trial % 2 else (bob, alice)
        procs = [toolkit_process("review", "import", str(first), str(xlf)),
                 toolkit_process("review", "import", str(second), str(xlf))]
        results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
        assert [code for code, _err in results] == [0, 0], results
        targets = {s.id: plain_text(s.target or []) for s in read_xliff(xlf)[0].segments()}
        assert (targets["b1.s1"], targets["b3.s1"], targets["b2.s1"]) == (
            "Alice's sentence.", "Alice again.", "Bob's sentence."), trial
        assert len(list(xlf.parent.glob("x.xlf.bak-*"))) == 2
        assert not lock_path(xlf).exists()
        for proc in procs:
            for stream in (proc.stdout, proc.stderr):
                if stream:
                    stream.close()


def test_an_import_during_a_run_is_not_overwritten(reviewed_pair: tuple[Path, Path, Path],
                                                   tmp_path: Path) -> None:
    pristine, alice, _bob = reviewed_pair
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(pristine, out / "belarus-brief.xlf")
    for trial in range(3):
        running = toolkit_process("run", str(SEED), "-o", str(out), "--engine", "apertium", "--formats", "none")
        importing = toolkit_process("review", "import", str(alice), str(out / "belarus-brief.xlf"))
        codes = [running.wait(timeout=180), importing.wait(timeout=180)]
        for proc in (running, importing):
            for stream in (proc.stdout, proc.stderr):
                if stream:
                    stream.close()
        assert codes == [0, 0], trial
        doc = read_xliff(out / "belarus-brief.xlf")[0]
        targets = {s.id: (s.state, plain_text(s.target or [])) for s in doc.segments()}
        assert targets["b1.s1"] == ("reviewed", "Alice's sentence."), trial


def test_a_second_writer_gives_up_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(SEED, tmp_path) == 0
    xlf = tmp_path / "belarus-brief.xlf"
    before = xlf.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from toolkit.support.fileio import exclusive\n"
         f"with exclusive({str(xlf)!r}):\n    print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        os.environ["TOOLKIT_LOCK_WAIT"] = "0.3"
        try:
            capsys.readouterr()
            assert run(SEED, tmp_path) == 2
        finally:
            del os.environ["TOOLKIT_LOCK_WAIT"]
        err = capsys.readouterr().err
        assert err == f"toolkit: error: another toolkit command is writing this file; try again when it has " \
                      f"finished ({xlf})\n"
        assert xlf.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout:
            holder.stdout.close()


def test_the_lock_leaves_no_file_and_a_failed_first_run_no_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "x.xlf"
    with exclusive(target):
        assert lock_path(target).exists()
    assert not lock_path(target).exists()
    assert not target.parent.exists()  # created for the lock, nothing written: removed again
