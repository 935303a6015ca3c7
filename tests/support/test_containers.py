"""The one zip-container check, under the limits of each kind of container (office files, Argos packages)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.support.containers import (
    ARGOS_LIMITS,
    OFFICE_LIMITS,
    ZipLimits,
    check_container,
    copy_member,
    is_zip,
)


def _zip(members: dict[str, bytes], symlink: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "target")
    return buffer.getvalue()


SMALL = ZipLimits(member_bytes=2000, total_bytes=3000, ratio=10, members=3, ratio_floor=100)
SMALL_PATHS = ZipLimits(member_bytes=2000, total_bytes=3000, ratio=10, members=3, ratio_floor=100,
                        portable_paths=True)
TEXT = bytes(range(256)) * 4  # 1 KiB that does not compress

# (name, archive, limits, required part, expected message or "" when accepted)
CASES: list[tuple[str, bytes, ZipLimits, str | None, str]] = [
    ("sound", _zip({"main.xml": TEXT}), SMALL, "main.xml", ""),
    ("no required part asked", _zip({"a": TEXT}), SMALL, None, ""),
    ("not a zip", b"plain text", SMALL, None, "not a zip archive"),
    ("zip signature, broken rest", b"PK\x03\x04" + bytes(40), SMALL, None, "damaged zip archive"),
    ("too many members", _zip({f"{n}": b"x" for n in range(4)}), SMALL, None, "4 parts in the archive (limit 3)"),
    ("member too large", _zip({"big": TEXT * 3}), SMALL, None, "big would expand to 0 MB"),
    ("total too large", _zip({"a": TEXT, "b": TEXT, "c": TEXT}), SMALL, None, "contents would expand"),
    ("ratio", _zip({"zeros": bytes(1500)}), SMALL, None, "zeros is compressed more than 10:1 (zip bomb?)"),
    ("tiny part may compress well", _zip({"zeros": bytes(90)}), SMALL, None, ""),
    ("required part missing", _zip({"a": TEXT}), SMALL, "main.xml", "no main.xml inside"),
    ("escaping path, office", _zip({"../up": b"x"}), SMALL, None, ""),  # never unpacked to disk
    ("escaping path", _zip({"d/../../up": b"x"}), SMALL_PATHS, None, "would escape the package directory"),
    ("absolute path", _zip({"/etc/x": b"x"}), SMALL_PATHS, None, "absolute or non-portable"),
    ("backslash path", _zip({"d\\x": b"x"}), SMALL_PATHS, None, "absolute or non-portable"),
    ("symbolic link", _zip({}, symlink="d/link"), SMALL_PATHS, None, "is a symbolic link"),
    ("office limits, ODT", _zip({"content.xml": TEXT}), OFFICE_LIMITS, "content.xml", ""),
    ("Argos limits, 30 MB of zeros", _zip({"p/model.bin": bytes(30 * 2**20)}), ARGOS_LIMITS, None,
     "compressed more than 100:1 (zip bomb?)"),
]


@pytest.mark.parametrize(("name", "data", "limits", "required", "expected"), CASES, ids=[c[0] for c in CASES])
def test_check_container(name: str, data: bytes, limits: ZipLimits, required: str | None, expected: str,
                         tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    path.write_bytes(data)
    for source in (data, path):  # bytes in memory, or the file for archives too large to hold
        if not expected:
            check_container(source, "THING", required, "w", limits)
            continue
        with pytest.raises(InputError) as info:
            check_container(source, "THING", required, "w", limits)
        assert info.value.message.startswith("not a valid THING: ") and expected in info.value.message
        assert info.value.where == "w"


def _lying(real: bytes, declared: int) -> bytes:
    """A one-member zip whose headers declare `declared` bytes for `real` bytes of content."""
    data = bytearray(_zip({"m": real}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = declared.to_bytes(4, "little")
    return bytes(data)


def test_a_member_larger_than_its_header_is_caught_when_verified_not_before() -> None:
    data = _lying(TEXT, 100)
    lie = "m is (larger than its header says|damaged)"  # counted, or zipfile's CRC check at the declared end
    with pytest.raises(InputError, match=lie):
        check_container(data, "DOCX", None, "w", SMALL)
    unverified = ZipLimits(2000, 3000, 10, 3, 100, verify=False)
    check_container(data, "DOCX", None, "w", unverified)  # counted later, while unpacking
    with zipfile.ZipFile(io.BytesIO(data)) as archive, pytest.raises(InputError, match=lie):
        copy_member(archive, archive.infolist()[0], lambda why: InputError(why), 10_000, io.BytesIO())


def test_copy_member_writes_the_bytes_it_counts() -> None:
    with zipfile.ZipFile(io.BytesIO(_zip({"m": TEXT}))) as archive:
        out = io.BytesIO()
        assert copy_member(archive, archive.infolist()[0], lambda why: InputError(why), len(TEXT), out) == len(TEXT)
    assert out.getvalue() == TEXT


@pytest.mark.parametrize(("data", "expected"), [(b"PK\x03\x04rest", True), (b"PK\x05\x06", False), (b"", False),
                                                (b"<html>", False)])
def test_is_zip(data: bytes, expected: bool) -> None:
    assert is_zip(data) is expected
