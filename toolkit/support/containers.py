"""Zip containers (DOCX, ODT) checked before anything unpacks them: damaged archives, missing main parts, zip
bombs (sizes from the headers, then decompressed for real, counting)."""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from toolkit.errors import InputError

# Zip containers (DOCX, ODT) are checked before pandoc sees them.
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1024 * 1024  # tiny parts may compress very well without being a threat
MAX_MEMBERS = 10_000


def check_container(data: bytes, label: str, required: str, where: str) -> None:
    """Reject damaged zips, missing main parts and zip bombs before pandoc unpacks anything."""

    def bad(reason: str) -> InputError:
        return InputError(f"not a valid {label}: {reason}", where)

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise bad(f"damaged zip archive ({exc})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise bad(f"{len(infos)} parts in the archive (limit {MAX_MEMBERS})")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_MEMBER_BYTES:
                raise bad(
                    f"{info.filename} would expand to {info.file_size // 2**20} MB "
                    f"(limit {MAX_MEMBER_BYTES // 2**20} MB)"
                )
            if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise bad(f"{info.filename} is compressed more than {MAX_RATIO}:1 (zip bomb?)")
        if total > MAX_TOTAL_BYTES:
            raise bad(f"contents would expand to {total // 2**20} MB (limit {MAX_TOTAL_BYTES // 2**20} MB)")
        if required not in archive.namelist():
            raise bad(f"no {required} inside")
        # The sizes above come from headers that can lie; decompress for real, counting, to be sure.
        for info in infos:
            _verify_member(archive, info, bad)


def _verify_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, bad: Any) -> None:
    seen = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(1 << 20):
                seen += len(chunk)
                if seen > info.file_size or seen > MAX_MEMBER_BYTES:
                    raise bad(f"{info.filename} is larger than its header says")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise bad(f"{info.filename} is damaged ({exc})") from None
