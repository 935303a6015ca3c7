"""Safe file writing: every output goes to a temporary file beside its target and is renamed into place."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

_TEMPORARY = re.compile(r"\..*\.(\d+)\.[a-z0-9_]{8}\.part$")


def check_replaceable(target: Path) -> None:
    """`target` must be absent or a regular file: a folder, a named pipe, a device, a socket or a symbolic
    link in its place is never replaced (one-line error before anything is written)."""
    import stat

    from toolkit.errors import ToolkitError

    try:
        mode = os.lstat(target).st_mode
    except OSError:
        return  # absent, or its folder cannot be: writing the temporary file says why, naming `target`
    if stat.S_ISREG(mode):
        return
    kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode)
            else "a symbolic link" if stat.S_ISLNK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device")
    raise ToolkitError(f"an output would replace {kind}, not a regular file: nothing written", str(target))


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
    check_replaceable(target)
    tmp_path: Path | None = None
    try:
        with held_signals():  # an interrupt never falls between creating the file and knowing it
            tmp_path = _temporary_beside(target)
        yield tmp_path
        check_replaceable(target)
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
        check_replaceable(target)
        with held_signals():  # an interrupt never falls between creating the file and remembering it
            tmp = _temporary_beside(target)
            self._pending.append((tmp, target))
        return tmp

    def expect(self, names: Iterable[str]) -> None:
        """Check every destination the command will write before any work: all or nothing from the start."""
        for name in names:
            check_replaceable(self.outdir / name)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                # every destination checked again before the first rename: none replaced if one cannot be
                for _tmp, target in self._pending:
                    check_replaceable(target)
                self._commit()
                return
            except BaseException:
                self._discard()
                raise
        self._discard()

    def _commit(self) -> None:
        # Ctrl-C between two renames would leave a mix of runs and stray temporary files: hold it until
        # every output is in place (it is raised right after)
        with held_signals():
            for tmp, target in self._pending:
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)

    def _discard(self) -> None:
        for tmp, _target in self._pending:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if self._created_dir:
            with contextlib.suppress(OSError):
                self.outdir.rmdir()

    @property
    def targets(self) -> list[Path]:
        return [target for _tmp, target in self._pending]


LOCK_WAIT_S = 10.0  # how long a second writer waits for the first; TOOLKIT_LOCK_WAIT overrides it


def lock_path(target: Path) -> Path:
    """`out/brief.xlf` → `out/.brief.xlf.lock`, the file whose `flock` says who may rewrite the XLIFF."""
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def exclusive(target: str | os.PathLike[str], wait: float | None = None, readonly_ok: bool = False
              ) -> Iterator[None]:
    """Be the one writer of `target` (an XLIFF: run, review import, publish) until the block ends.

    Every read-modify-write of a store happens inside this block, reading *under* the lock, so two commands
    never work from the same old copy (no lost update). A second writer polls for `wait` seconds, then fails
    in one line. The lock is an `flock` on a `.<name>.lock` file beside `target`, removed on release; a waiter
    that locked a file removed meanwhile notices (another inode is at that path now) and tries again. A missing
    parent folder is created, and removed again if the block fails before anything was written in it.
    `readonly_ok`: a reader that only needs a consistent view may go on unlocked in a folder it cannot write.
    """
    from toolkit.errors import ToolkitError

    target = Path(target)
    folder = target.parent
    if wait is None:
        try:
            wait = float(os.environ.get("TOOLKIT_LOCK_WAIT", LOCK_WAIT_S))
        except ValueError:
            wait = LOCK_WAIT_S
    created = False
    if folder.exists() and not folder.is_dir():
        raise ToolkitError("the output folder is a file", str(folder))
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise ToolkitError(f"cannot create the output folder: {exc.strerror}", str(folder)) from None
        created = True
    path = lock_path(target)
    deadline = time.monotonic() + wait
    fd = -1
    try:
        while True:
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
            except OSError as exc:
                if readonly_ok and exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                    break
                raise ToolkitError(f"cannot lock the file: {exc.strerror}", str(target)) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                fd = -1
                if time.monotonic() >= deadline:
                    raise ToolkitError(
                        "another toolkit command is writing this file; try again when it has finished",
                        str(target),
                    ) from None
                time.sleep(0.05)
                continue
            mine = os.fstat(fd)
            try:
                current = os.stat(path)
                if (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino):
                    break
            except FileNotFoundError:
                pass
            os.close(fd)  # the previous holder removed the file we locked: lock the one there now
            fd = -1
        yield
    finally:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.unlink(path)
            os.close(fd)
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty: the block failed before writing anything


def read_input(path: str | os.PathLike[str], what: str = "file", limit: int | None = None) -> bytes:
    """A user's input file as bytes, or a one-line InputError: missing, a directory, not a regular file (a
    named pipe would block, `/dev/zero` never ends), unreadable, too large.

    The file is opened without blocking and checked on the open descriptor (no race with a rename between a
    check and the read); its size is checked before reading and the read stops at the limit whatever the
    size said (a file still growing).
    """
    import stat

    from toolkit.errors import InputError

    def refuse_kind(mode: int) -> None:
        if stat.S_ISDIR(mode):
            raise InputError(f"is a directory, not a {what}", str(path))
        if not stat.S_ISREG(mode):
            kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or
                    stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
            raise InputError(f"is {kind}, not a regular {what}", str(path))

    path = Path(path)
    with contextlib.suppress(OSError):
        refuse_kind(os.stat(path).st_mode)  # a socket cannot even be opened: say what it is
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(f"no such {what}", str(path)) from None
    except IsADirectoryError:
        raise InputError(f"is a directory, not a {what}", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the {what}: {exc.strerror}", str(path)) from None
    try:
        refuse_kind(os.fstat(fd).st_mode)  # again on what was opened: no swap between the check and the open
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as fh:
        too_large = InputError(f"{what} larger than {limit // (1024 * 1024)} MB", str(path)) if limit else None
        if limit is not None and os.fstat(fd).st_size > limit:
            raise too_large  # type: ignore[misc]
        try:
            data = fh.read() if limit is None else fh.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read the {what}: {exc.strerror}", str(path)) from None
        if limit is not None and len(data) > limit:
            raise too_large  # type: ignore[misc]
        return data
