"""Safe file writing: every output goes to a temporary file beside its target and is renamed into place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`, on failure it vanishes."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()
        raise


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
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=self.outdir)
        os.close(fd)
        self._pending.append((Path(tmp), target))
        return Path(tmp)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
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
