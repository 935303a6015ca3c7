"""Temporary files: an interrupt at the worst moment (the file just created) leaves none behind."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from toolkit.support import fileio


def interrupt_right_after_creating(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every temporary file's creation be followed at once by a Ctrl-C to this very process."""
    created: list[str] = []
    real = tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, name = real(*args, **kwargs)  # type: ignore[call-overload]
        created.append(name)
        os.kill(os.getpid(), signal.SIGINT)
        return fd, name

    monkeypatch.setattr(fileio.tempfile, "mkstemp", mkstemp)
    return created


@pytest.fixture
def another_thread() -> Iterator[None]:
    """A second thread, as a run has (Apertium's feeder, a pool): the kernel may hand it a process's signal."""
    done = threading.Event()

    def wait() -> None:
        # as a native thread does (CTranslate2's, onnxruntime's): it takes signals the main thread holds
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
        done.wait()

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    yield
    done.set()
    thread.join()


def write_one_output(outdir: Path) -> None:
    with fileio.OutputSet(outdir) as out:
        out.path("brief.xlf").write_text("<xliff/>", encoding="utf-8")


def write_one_file(outdir: Path) -> None:
    outdir.mkdir(exist_ok=True)
    fileio.write_text(outdir / "brief.qa.json", "{}")


@pytest.mark.parametrize("threads", ["main thread only", "another thread"])
@pytest.mark.parametrize("write", [write_one_output, write_one_file], ids=["output-set", "atomic-path"])
def test_ctrl_c_just_after_a_temporary_file_is_created_leaves_no_part_file(
    write: Callable[[Path], None], threads: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    if threads == "another thread":
        request.getfixturevalue("another_thread")
    created = interrupt_right_after_creating(monkeypatch)
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "previous.txt").write_text("kept", encoding="utf-8")

    with pytest.raises(KeyboardInterrupt):
        write(outdir)

    assert created, "the writer made no temporary file: the test proves nothing"
    assert sorted(p.name for p in outdir.iterdir()) == ["previous.txt"]
