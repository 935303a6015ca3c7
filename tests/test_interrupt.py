"""Interrupted runs: SIGINT or SIGKILL mid-way leaves every output either the previous one or the new one.

A long brief (the seed's body repeated) is translated once to have previous outputs, then again and killed
while translating or the moment its first temporary file appears (outputs being written). Temporary files
must look like nothing else (`.<name>.<pid>.<random>.part`), and a rerun removes those of dead processes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.data import make_bad
from toolkit.formats.tmx import read_tmx
from toolkit.formats.xliff import read_xliff

STEM = "long"
OUTPUTS = ("xlf", "qa.json", "en.docx", "fr-en.docx", "en.pdf", "fr-en.pdf", "review.html", "tmx")
REPEAT = 40  # ~100 KB: long enough to be caught mid-way, short enough to rerun in a few seconds


def command(brief: Path, outdir: Path) -> list[str]:
    return [sys.executable, "-m", "toolkit", "run", str(brief), "-o", str(outdir), "--engine", "apertium"]


def run_to_end(brief: Path, outdir: Path) -> None:
    done = subprocess.run(command(brief, outdir), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def snapshot(outdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in outdir.iterdir() if p.is_file()}


def assert_complete(path: Path) -> None:
    """The file is a whole output of its kind, not a fragment."""
    data = path.read_bytes()
    name = path.name
    if name.endswith(".xlf"):
        doc, _signature = read_xliff(path)
        assert doc.blocks
    elif name.endswith(".json"):
        assert json.loads(data)["segments"] > 0
    elif name.endswith(".docx"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            assert "word/document.xml" in archive.namelist()
    elif name.endswith(".pdf"):
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    elif name.endswith(".html"):
        assert data.rstrip().endswith(b"</html>")
    elif name.endswith(".tmx"):
        read_tmx(path)  # raises on a fragment (only reviewed segments become units: may hold none)
    else:
        raise AssertionError(f"unexpected file in the output folder: {name}")


def outputs_are_whole(outdir: Path, previous: dict[str, bytes]) -> list[str]:
    """Check every output; return the leftover temporary files (allowed only after SIGKILL)."""
    leftovers = []
    for path in outdir.iterdir():
        if path.name.endswith(".part"):
            assert path.name.startswith("."), path.name  # hidden: never mistaken for an output
            leftovers.append(path.name)
            continue
        assert path.name in previous, f"new file {path.name}"
        assert_complete(path)
    assert {f"{STEM}.{kind}" for kind in OUTPUTS} <= {p.name for p in outdir.iterdir()}
    return leftovers


@pytest.fixture(scope="module")
def long_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_bad.long_brief_txt(tmp_path_factory.mktemp("long") / f"{STEM}.fr.txt", times=REPEAT)


@pytest.fixture(scope="module")
def previous_run(long_brief: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("previous") / "out"
    run_to_end(long_brief, outdir)
    return outdir


def translating(pid: int) -> bool:
    """Whether the run `pid` has its Apertium pipeline running (a child `apertium -z … fr-…` process)."""
    children: list[str] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children += task.read_text().split()
        except OSError:  # the thread ended meanwhile
            continue
    for child in children:
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        # `apertium` is a shell script: argv is `bash /usr/bin/apertium -z -u -f none fra-cat`
        if any(arg.rsplit(b"/", 1)[-1] == b"apertium" for arg in argv[:2]) and b"-z" in argv:
            return True
    return False


def interrupt(brief: Path, outdir: Path, sig: signal.Signals, when: str) -> subprocess.CompletedProcess[str]:
    """Start the run and send `sig` once it is translating (Apertium runs) or writing (a `.part` file exists)."""
    proc = subprocess.Popen(command(brief, outdir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    while proc.poll() is None and time.monotonic() - started < 90:
        if when == "translating" and translating(proc.pid):
            break
        if when == "writing" and any(p.name.endswith(".part") for p in outdir.iterdir()):
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def copy_of(run: Path, outdir: Path) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding a previous run's files, and their snapshot."""
    outdir.mkdir()
    for name, data in snapshot(run).items():
        (outdir / name).write_bytes(data)
    return outdir, snapshot(outdir)


@pytest.mark.parametrize("when", ["translating", "writing"])
def test_ctrl_c_exits_130_with_one_line_and_no_temporary_files(
    long_brief: Path, previous_run: Path, tmp_path: Path, when: str
) -> None:
    outdir, previous = copy_of(previous_run, tmp_path / "out")

    done = interrupt(long_brief, outdir, signal.SIGINT, when)

    assert done.returncode == 130, done.stderr
    assert done.stderr == "toolkit: error: interrupted\n"
    assert outputs_are_whole(outdir, previous) == []
    if when == "translating":
        assert snapshot(outdir) == previous  # nothing was written yet: every file is the previous one


@pytest.mark.parametrize("when", ["translating", "writing"])
def test_sigkill_leaves_whole_files_and_a_rerun_completes_and_cleans_up(
    long_brief: Path, previous_run: Path, tmp_path: Path, when: str
) -> None:
    outdir, previous = copy_of(previous_run, tmp_path / "out")

    done = interrupt(long_brief, outdir, signal.SIGKILL, when)

    assert done.returncode == -signal.SIGKILL
    leftovers = outputs_are_whole(outdir, previous)
    if when == "writing":
        assert leftovers, "killed while writing: its temporary files are still there"
    run_to_end(long_brief, outdir)
    assert not [p.name for p in outdir.iterdir() if p.name.endswith(".part")]
    outputs_are_whole(outdir, previous)


def test_a_first_run_killed_leaves_no_output_that_looks_finished(long_brief: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "fresh"
    outdir.mkdir()
    interrupt(long_brief, outdir, signal.SIGKILL, "writing")
    visible = [p.name for p in outdir.iterdir() if not p.name.startswith(".")]
    for name in visible:
        assert_complete(outdir / name)
    assert os.listdir(outdir)  # temporary files of the killed run, hidden
