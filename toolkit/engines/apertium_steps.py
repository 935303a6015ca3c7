"""Apertium's first pivot step kept running across the batches of one long document.

Starting an Apertium mode costs about a second of CPU (a dozen programs load their dictionaries and rules), and
a document of N texts was N / BATCH_SIZE fresh `step 1 | step 2` pipelines. The second step cannot be kept: its
anaphora module (`apertium-anaphora` in cat-eng) remembers earlier sentences across null-flush chunks, so a
batch's English depends on the batches before it, and each batch keeps a fresh second step exactly as before.
The first step carries nothing across a chunk that ends at a sentence end (each of our chunks ends with `.[]`):
its output for a batch is the same bytes whether the process is fresh or has translated the batches before, so
one process serves every batch and each batch's second step reads exactly what it read before.

The `apertium` script cannot be kept running: its stream wrappers (gawk, record separator `\0|\n`) hold a chunk
back until more input comes. The first step runs the mode's own pipeline instead, as the script would run it
for `-z -u -f none` (`apertium-wblank-mode -z`, unknown-word marks off, the script's locale and PATH); with no
format and no SETVAR the script's wrappers pass the stream through unchanged.
"""

from __future__ import annotations

import functools
import os
import re
import selectors
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from toolkit.errors import ToolkitError


@functools.lru_cache(maxsize=8)
def first_step_command(binary: str, mode: str) -> tuple[list[str], dict[str, str]] | None:
    """The command line and environment the `apertium` script at `binary` runs `-z -u -f none <mode>` with, or
    None when that cannot be known (not the script we read, SETVAR asked for, no mode file, no UTF-8 locale)."""
    if os.environ.get("AP_SETVAR"):
        return None
    try:
        script = Path(binary).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    # the script's own defaults: `APERTIUM_DATADIR="${APERTIUM_DATADIR:-/usr/share/apertium}"`
    paths = dict(re.findall(r'^(APERTIUM_PATH|APERTIUM_DATADIR)="\$\{\1:-([^}"]*)\}"$', script, re.M))
    if set(paths) != {"APERTIUM_PATH", "APERTIUM_DATADIR"} or "run_mode_wblank" not in script:
        return None
    datadir = os.environ.get("APERTIUM_DATADIR", paths["APERTIUM_DATADIR"])
    bindir = os.environ.get("APERTIUM_PATH", paths["APERTIUM_PATH"])
    env = {**os.environ, "PATH": f"{bindir}:{os.environ.get('PATH', '')}"}
    try:
        pipeline = subprocess.run(["apertium-wblank-mode", "-z", f"{datadir}/modes/{mode}.mode"], env=env,
                                  capture_output=True, text=True, timeout=30, check=True).stdout.strip()
        locales = subprocess.run(["locale", "-a"], env=env, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    utf8 = [name for name in locales.splitlines() if re.search(r"utf[.-]*8", name, re.I)]
    if not pipeline or not utf8:
        return None
    env["LC_CTYPE"] = utf8[0]
    # $1: the generator's option (-n: no unknown-word marks, as -u asks); $2: the tagger's (none)
    return ["bash", "-c", pipeline, "apertium", "-n", ""], env


class FirstStep:
    """One `apertium -z -u -f none <mode>` process fed every batch of a document in order; `take(n)` returns
    the output of the next `n` chunks (each NUL-terminated), as a fresh process would give them."""

    def __init__(self, command: list[str], env: dict[str, str], where: str) -> None:
        self.where = where
        self.errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                        env=env, start_new_session=True)
        assert self.process.stdout is not None
        self._fd = self.process.stdout.fileno()
        self._buffer = bytearray()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._fd, selectors.EVENT_READ)
        self._writers: list[threading.Thread] = []

    def feed(self, data: bytes) -> None:
        """Queue `data` (whole chunks) after what was fed before; written by a thread so reading never waits."""
        previous = self._writers[-1] if self._writers else None
        stdin = self.process.stdin
        assert stdin is not None
        thread = threading.Thread(target=_write_after, args=(previous, stdin, data), daemon=True)
        thread.start()
        self._writers.append(thread)

    def take(self, chunks: int, timeout: float) -> bytes:
        """The output of the next `chunks` chunks, NUL-terminated; ToolkitError past `timeout` or if the step
        ends before giving them."""
        deadline = time.monotonic() + timeout
        end = 0
        for _ in range(chunks):
            while True:
                found = self._buffer.find(b"\0", end)
                if found >= 0:
                    end = found + 1
                    break
                end = len(self._buffer)
                left = deadline - time.monotonic()
                if left <= 0 or not self._selector.select(left):
                    raise ToolkitError(f"Apertium took longer than {timeout:.0f} s", self.where)
                block = os.read(self._fd, 1 << 16)
                if not block:
                    raise ToolkitError(f"Apertium failed: {self._last_error()}", self.where)
                self._buffer += block
        taken = bytes(self._buffer[:end])
        del self._buffer[:end]
        return taken

    def _last_error(self) -> str:
        self.process.poll()
        self.errors.seek(0)
        lines = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else f"exit status {self.process.returncode}"

    def close(self, kill: bool = False) -> None:
        """End the step: its input closed, what it still writes read and dropped, the whole pipeline waited
        for (so its programs' CPU time counts as this process's children); `kill` stops it at once."""
        if self.process.stdin is not None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
        if kill and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # bash and every program of the mode
            except OSError:
                pass
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not self._selector.select(max(0.0, deadline - time.monotonic())):
                break
            if not os.read(self._fd, 1 << 16):
                break
        if self.process.poll() is None and time.monotonic() >= deadline:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                pass
        self.process.wait()
        for thread in self._writers:
            thread.join()
        self._selector.close()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()


def _write_after(previous: threading.Thread | None, pipe: IO[bytes], data: bytes) -> None:
    if previous is not None:
        previous.join()
    try:
        pipe.write(data)
        pipe.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass  # the step died or was stopped: `take` reports it
