"""Zip containers (DOCX, ODT, Argos packages) checked before anything unpacks them: the zip signature, damaged
archives, missing main parts, zip bombs (sizes from the headers, then the real bytes counted), and for archives
unpacked to disk, member paths that would escape their folder. One check; each kind of container brings its
limits."""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from toolkit.errors import InputError

# The four bytes every zip container (DOCX, ODT, .argosmodel) starts with.
ZIP_MAGIC = b"PK\x03\x04"
CHUNK = 1 << 20

Bad = Callable[[str], InputError]


@dataclass(frozen=True)
class ZipLimits:
    """What one kind of container may hold. `ratio` applies to members above `ratio_floor` bytes (tiny parts
    may compress very well without being a threat). `portable_paths`: every member path must stay inside the
    folder it is unpacked to (no absolute or drive paths, no `..`, no symbolic links). `verify`: decompress
    every member, counting, before saying yes (an archive unpacked right after counts while unpacking)."""

    member_bytes: int
    total_bytes: int
    ratio: int
    members: int
    ratio_floor: int = 1024 * 1024
    portable_paths: bool = False
    verify: bool = True


# DOCX and ODT briefs, review files and style references: read in memory by pandoc or the oxml layer.
OFFICE_LIMITS = ZipLimits(member_bytes=100 * 1024**2, total_bytes=300 * 1024**2, ratio=200, members=10_000)
# Argos packages: real ones are 30-300 MB with ratios near 1; unpacked to disk member by member.
ARGOS_LIMITS = ZipLimits(member_bytes=4 * 1024**3, total_bytes=4 * 1024**3, ratio=100, members=10_000,
                         portable_paths=True, verify=False)

def is_zip(data: bytes) -> bool:
    """Whether `data` starts like a zip container (the content sniffers' test; the full check comes later)."""
    return data.startswith(ZIP_MAGIC)


def check_container(
    source: bytes | Path, label: str, required: str | None, where: str, limits: ZipLimits = OFFICE_LIMITS
) -> None:
    """Reject what is not a zip, damaged zips, a missing `required` part, members breaking `limits` and zip
    bombs, before anything unpacks them; InputError `not a valid {label}: …`. `source` is the bytes or, for
    archives too large to hold in memory, the file."""

    def bad(reason: str) -> InputError:
        return InputError(f"not a valid {label}: {reason}", where)

    head = source[: len(ZIP_MAGIC)] if isinstance(source, bytes) else _head(source, bad)
    if not is_zip(head):
        raise bad("not a zip archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise bad(f"damaged zip archive ({exc})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise bad(f"{len(infos)} parts in the archive (limit {limits.members})")
        total = 0
        for info in infos:
            if limits.portable_paths:
                member_parts(info, bad)
            total += info.file_size
            if info.file_size > limits.member_bytes:
                raise bad(
                    f"{info.filename} would expand to {info.file_size // 2**20} MB "
                    f"(limit {limits.member_bytes // 2**20} MB)"
                )
            if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
                raise bad(f"{info.filename} is compressed more than {limits.ratio}:1 (zip bomb?)")
        if total > limits.total_bytes:
            raise bad(f"contents would expand to {total // 2**20} MB (limit {limits.total_bytes // 2**20} MB)")
        if required is not None and required not in archive.namelist():
            raise bad(f"no {required} inside")
        if limits.verify:
            # The sizes above come from headers that can lie; decompress for real, counting, to be sure.
            for info in infos:
                copy_member(archive, info, bad, limits.member_bytes)


def _head(path: Path, bad: Bad) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read(len(ZIP_MAGIC))
    except OSError as exc:
        raise bad(f"cannot read it ({exc.strerror})") from None


def member_parts(info: zipfile.ZipInfo, bad: Bad) -> tuple[str, ...]:
    """The path of a member as parts, for unpacking to disk; `bad` when it is absolute, non-portable, climbs
    out of the folder or is a symbolic link."""
    name = info.filename
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":") or "\x00" in name:
        raise bad(f"member {name!r} has an absolute or non-portable path")
    parts = tuple(p for p in PurePosixPath(name).parts if p != ".")
    if not parts or ".." in parts:
        raise bad(f"member {name!r} would escape the package directory")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise bad(f"member {name!r} is a symbolic link")
    return parts


def copy_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, bad: Bad, limit: int, out: IO[bytes] | None = None
) -> int:
    """Decompress one member, counting (into `out` when given): `bad` as soon as it yields more than its header
    says or more than `limit` bytes, or is damaged. The number of bytes it holds."""
    seen = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                seen += len(chunk)
                if seen > info.file_size or seen > limit:
                    raise bad(f"{info.filename} is larger than its header says")
                if out is not None:
                    out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise bad(f"{info.filename} is damaged ({exc})") from None
    return seen
