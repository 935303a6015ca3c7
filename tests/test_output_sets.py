"""Output sets are checked before anything is replaced, and no temporary file survives a failure.

(A typesetter dying is tested in tests/formats/test_typst.py.)
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit.cli import main

SAMPLES = Path(__file__).parents[1] / "samples"
SEED = SAMPLES / "belarus-brief.fr.txt"
ROOT = Path(__file__).parents[1]
FORMATS = "docx,html,tmx"


def _nonempty_dir(path: Path) -> None:
    path.mkdir()
    (path / "keep.txt").write_text("mine", "utf-8")


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()


IN_THE_WAY: dict[str, tuple[Callable[[Path], None], str]] = {
    "non-empty folder": (_nonempty_dir, "a folder"),
    "empty folder": (lambda p: p.mkdir(), "a folder"),
    "named pipe": (lambda p: os.mkfifo(p), "a named pipe"),
    "symbolic link": (lambda p: p.symlink_to("/etc/hostname"), "a symbolic link"),
    "socket": (_socket, "a socket"),
}


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("prev") / "out"
    assert main(["run", str(SEED), "-o", str(out), "--engine", "apertium", "--formats", FORMATS]) == 0
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.is_symlink()}


@pytest.mark.parametrize("blocked", ["belarus-brief.fr-en.docx", "belarus-brief.xlf", "belarus-brief.tmx"])
@pytest.mark.parametrize("kind", sorted(IN_THE_WAY))
def test_one_destination_in_the_way_replaces_none(kind: str, blocked: str, previous: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    (out / blocked).unlink()
    make, named = IN_THE_WAY[kind]
    make(out / blocked)
    before = snapshot(out)
    capsys.readouterr()
    code = main(["run", str(SEED), "-o", str(out), "--engine", "apertium", "--formats", FORMATS])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (f"toolkit: error: an output would replace {named}, not a regular file: nothing written "
                   f"({out / blocked})\n")
    assert snapshot(out) == before
    assert not [p.name for p in out.iterdir() if p.name.endswith((".part", ".lock"))]


def test_publish_checks_every_edition_before_writing(previous: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "editions"
    out.mkdir()
    (out / "belarus-brief.en.docx").write_bytes(b"old")
    _nonempty_dir(out / "belarus-brief.review.html")
    code = main(["publish", str(previous / "belarus-brief.xlf"), "-o", str(out), "--formats", FORMATS])
    assert code == 2 and "a folder" in capsys.readouterr().err
    assert (out / "belarus-brief.en.docx").read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == ["belarus-brief.en.docx", "belarus-brief.review.html"]


def test_glossary_export_never_replaces_a_named_pipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "fifo.tsv"
    os.mkfifo(fifo)
    assert main(["glossary", "export", "-o", str(fifo)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error: an output would replace a named pipe") and str(fifo) in err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo.tsv"]
