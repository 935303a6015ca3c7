"""Inputs that are not regular files, nest too deeply or carry control characters: one line or a clean output."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from toolkit.cli import main

ROOT = Path(__file__).parents[2]


def toolkit(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, check=False)


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()
    return path


@pytest.mark.parametrize(("make", "message"), [
    (_fifo, "is a named pipe, not a regular file"),
    (lambda p: Path("/dev/zero"), "is a device, not a regular file"),
    (_socket, "is a socket, not a regular file"),
    (lambda p: p.parent, "is a directory, not a file"),
])
@pytest.mark.parametrize("command", ["segment", "run"])
def test_not_a_regular_file_is_one_line_and_never_blocks(make, message: str, command: str,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path) -> None:
    source = make(tmp_path / "brief.fr.txt")
    args = [command, str(source)] + (["-o", str(tmp_path / "out"), "--engine", "apertium"]
                                     if command == "run" else [])
    done = toolkit(*args, timeout=30)  # a FIFO opened for reading would block: the timeout would fail the test
    if command == "run" and source.is_dir():
        # `run` takes a folder as a batch of the briefs it holds: this one holds none
        message = "no brief of a known type (.docx, .htm, .html, .markdown, .md, .odt, .text, .txt) in the folder"
    assert done.returncode == 2
    assert done.stderr == f"toolkit: error: {message} ({source})\n"
    assert not (tmp_path / "out").exists()


DEEP = {
    "quotes.md": ">" * 500 + " Une citation très profonde.\n",
    "tables.html": "<html><body>" + "<table><tr><td>" * 200 + "Texte." + "</td></tr></table>" * 200
                   + "</body></html>",
    "lists.md": "".join("  " * i + "- niveau\n" for i in range(300)),
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_nesting_beyond_the_limit_is_an_input_error(name: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    path.write_text(DEEP[name], "utf-8")
    assert main(["segment", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error: the document nests too deeply") and err.count("\n") == 1
    assert str(path) in err


def test_nesting_within_the_limit_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "q.md"
    path.write_text(">" * 60 + " Une citation profonde.\n", "utf-8")
    assert main(["segment", str(path)]) == 0
    assert "Une citation profonde." in capsys.readouterr().out


CONTROLS = "Une phrase avec \x1b[31mrouge\x1b[0m et une cloche \x07 ici.\n\nUne seconde phrase normale.\n"


def test_segment_never_prints_raw_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "c.fr.txt"
    path.write_text(CONTROLS, "utf-8")
    done = toolkit("segment", str(path))
    assert done.returncode == 0
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "\\x1b[31mrouge" in done.stdout


def test_control_characters_reach_every_edition_and_the_review_round_trip(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.fr.txt"
    path.write_text(CONTROLS, "utf-8")
    out = tmp_path / "out"
    assert main(["run", str(path), "-o", str(out), "--engine", "apertium", "--formats", "docx,html"]) == 0
    html = (out / "c.review.html").read_text("utf-8")
    assert "\x1b" not in html and "\u241b" in html
    with zipfile.ZipFile(out / "c.fr-en.docx") as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "\u241b" in body and "\u2407" in body  # shown, not silently dropped
    review = out / "c.review.docx"
    assert main(["review", "export", str(out / "c.xlf"), "-o", str(review)]) == 0
    capsys.readouterr()
    assert main(["review", "import", str(review), str(out / "c.xlf")]) == 0
    assert "no changes" in capsys.readouterr().out
