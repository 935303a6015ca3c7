"""Safe file writing: every output goes to a temporary file beside its target and is renamed into place."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

_TEMPORARY = re.compile(r"\..*\.(\d+)\.[a-z0-9_]{8}\.part$")


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM for the body; one that came meanwhile is acted on as soon as the body is done.

    For steps that must not be cut in two: a temporary file created but not yet remembered for cleanup,
    outputs renamed into place one after another. The handlers are swapped, not the signal mask: a signal sent
    to the process may be taken by any thread, and Python then raises in the main thread whatever its mask.
    Elsewhere than in the main thread nothing is swapped: Python raises KeyboardInterrupt only there.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[signal.Signals] = []

    def hold(signum: int, _frame: object) -> None:
        caught.append(signal.Signals(signum))

    held = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, hold) for sig in held}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            handler = previous[caught[0]]
            if callable(handler):
                handler(caught[0], None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), caught[0])


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`, on failure it vanishes."""
    target = Path(target)
    tmp_path: Path | None = None
    try:
        with held_signals():  # an interrupt never falls between creating the file and knowing it
            tmp_path = _temporary_beside(target)
        yield tmp_path
        with held_signals():
            os.chmod(tmp_path, 0o644)
            os.replace(tmp_path, target)
    except BaseException:
        if tmp_path is not None:
            with contextlib.suppress(FileNotFoundError):
                tmp_path.unlink()
        raise


def _temporary_beside(target: Path) -> Path:
    """An empty `.<name>.<pid>.<random>.part` file in `target`'s folder; a failure names `target`, not the temp
    file. Temporary files of `target` left by a killed process (SIGKILL, power cut) are removed first.
    """
    from toolkit.errors import ToolkitError

    _remove_orphans(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise ToolkitError(f"cannot write the file: {exc.strerror or exc}", str(target)) from None
    os.close(fd)
    return Path(tmp)


def _remove_orphans(target: Path) -> None:
    """Delete temporary files beside `target` whose writing process no longer exists (killed mid-run).

    Ours are named `.<name>.<pid>.<random>.part` (nested ones, a temporary file's own temporary file, start
    with `..`): the pid before the random part says whose it is.
    """
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        found = _TEMPORARY.match(name)
        if found is None or _alive(int(found.group(1))):
            continue  # another tool's file, or a run still writing
        with contextlib.suppress(OSError):
            (target.parent / name).unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: str | os.PathLike[str], text: str) -> None:
    write_bytes(target, text.encode("utf-8"))


@contextlib.contextmanager
def atomic_open(target: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[str]]:
    with atomic_path(target) as tmp, open(tmp, mode, encoding="utf-8") as fh:
        yield fh


class OutputSet:
    """All the files one command writes, committed together: each is written to a temporary path first and
    renamed into place only when the whole command has succeeded; on failure none appears, and an output
    folder the command created is removed again.
    """

    def __init__(self, outdir: str | os.PathLike[str]) -> None:
        self.outdir = Path(outdir)
        self._created_dir = False
        self._pending: list[tuple[Path, Path]] = []

    def __enter__(self) -> OutputSet:
        from toolkit.errors import ToolkitError

        if self.outdir.exists() and not self.outdir.is_dir():
            raise ToolkitError("the output folder is a file", str(self.outdir))
        if not self.outdir.exists():
            try:
                self.outdir.mkdir(parents=True)
            except OSError as exc:
                raise ToolkitError(
                    f"cannot create the output folder: {exc.strerror}", str(self.outdir)
                ) from None
            self._created_dir = True
        if not os.access(self.outdir, os.W_OK | os.X_OK):
            raise ToolkitError("the output folder is not writable", str(self.outdir))
        return self

    def path(self, name: str) -> Path:
        """A temporary path whose content becomes `outdir/name` on success."""
        target = self.outdir / name
        with held_signals():  # an interrupt never falls between creating the file and remembering it
            tmp = _temporary_beside(target)
            self._pending.append((tmp, target))
        return tmp

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            # Ctrl-C between two renames would leave a mix of runs and stray temporary files: hold it until
            # every output is in place (it is raised right after)
            with held_signals():
                for tmp, target in self._pending:
                    os.chmod(tmp, 0o644)
                    os.replace(tmp, target)
            return
        for tmp, _target in self._pending:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if self._created_dir:
            with contextlib.suppress(OSError):
                self.outdir.rmdir()

    @property
    def targets(self) -> list[Path]:
        return [target for _tmp, target in self._pending]


def read_input(path: str | os.PathLike[str], what: str = "file", limit: int | None = None) -> bytes:
    """A user's input file as bytes, or a one-line InputError: missing, a directory, unreadable, too large."""
    from toolkit.errors import InputError

    path = Path(path)
    if path.is_dir():
        raise InputError(f"is a directory, not a {what}", str(path))
    try:
        if limit is not None and path.stat().st_size > limit:
            raise InputError(f"{what} larger than {limit // (1024 * 1024)} MB", str(path))
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such {what}", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the {what}: {exc.strerror}", str(path)) from None
