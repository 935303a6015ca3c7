"""Argos package management below the CLI: validation, staged install, index entries (the CLI's own tests are in
tests/commands/test_models_cli.py)."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path

import pytest

from tests.engines.tinyargos import PACKAGE_DIR_NAME
from toolkit.engines.argos_packages import (
    _index_entries,
    cached_index,
    index_cache_path,
    install_file,
    validate_package_file,
)
from toolkit.errors import InputError

NOISE = random.Random(0).randbytes(1024**2 + 1)  # does not compress: only its size is wrong
METADATA = {"package_version": "1.2", "from_code": "fr", "to_code": "en", "type": "translate"}


def _package(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _members(top: str = "pkg", **extra: bytes) -> dict[str, bytes]:
    return {f"{top}/metadata.json": json.dumps(METADATA).encode(), f"{top}/sentencepiece.model": b"sp",
            f"{top}/model/model.bin": b"bin", **extra}


def test_a_sound_package_is_described_by_its_metadata(tmp_path: Path) -> None:
    info = validate_package_file(_package(tmp_path / "p.argosmodel", _members()))
    assert (info.top, info.name, info.version, info.from_code, info.to_code) == (
        "pkg", "translate-fr_en", "1.2", "fr", "en")


# (members, what the one-line error says); each is refused before anything is written
BAD = {
    "hidden top directory": (_members(top=".pkg"), "hidden top-level directory '.pkg'"),
    "metadata not an object": ({**_members(), "pkg/metadata.json": b"[1]"}, "metadata.json is not an object"),
    "metadata too large": ({**_members(), "pkg/metadata.json": NOISE}, "metadata.json is too large"),
    "symbolic link": ({}, "is a symbolic link"),
    "too many members": ({**_members(), **{f"pkg/v/{n}": b"" for n in range(10_001)}}, "parts in the archive"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_packages_are_refused_and_nothing_is_installed(case: str, tmp_path: Path) -> None:
    members, expected = BAD[case]
    path = _package(tmp_path / "bad.argosmodel", members)
    if case == "symbolic link":
        with zipfile.ZipFile(path, "a") as zf:
            link = zipfile.ZipInfo("pkg/model/model.bin")
            link.external_attr = 0o120777 << 16
            zf.writestr(link, "/etc/passwd")
    packages = tmp_path / "packages"
    with pytest.raises(InputError) as info:
        install_file(path, packages)
    assert info.value.message.startswith("not a valid Argos package: ") and expected in info.value.message
    assert not packages.exists() or list(packages.iterdir()) == []


def test_install_is_staged_and_replaces_the_old_copy(tiny_argosmodel: Path, tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    install_file(tiny_argosmodel, packages)
    (packages / PACKAGE_DIR_NAME / "stale").write_text("old", encoding="utf-8")
    install_file(tiny_argosmodel, packages)
    assert sorted(p.name for p in packages.iterdir()) == [PACKAGE_DIR_NAME]
    assert not (packages / PACKAGE_DIR_NAME / "stale").exists()
    with zipfile.ZipFile(tiny_argosmodel) as zf:  # every file unpacked, byte for byte
        for info in zf.infolist():
            if not info.is_dir():
                assert (packages / info.filename).read_bytes() == zf.read(info)


INDEX = [
    {"package_version": "1.9", "from_code": "fr", "to_code": "en", "links": ["https://x/a", 3]},
    {"type": "sbd", "from_code": "fr", "to_code": "en"},  # not a translation package
    {"from_code": "fr"},  # no target language
    "not an entry",
    {"package_version": 2, "from_code": "en", "to_code": "fr"},
]


def test_index_entries_keep_translation_packages_only() -> None:
    assert _index_entries(INDEX) == [
        {"from_code": "fr", "to_code": "en", "version": "1.9", "name": "translate-fr_en", "links": ["https://x/a"]},
        {"from_code": "en", "to_code": "fr", "version": "2", "name": "translate-en_fr", "links": []},
    ]
    with pytest.raises(ValueError, match="not a list"):
        _index_entries({"packages": []})


def test_cached_index_is_read_beside_the_packages(tmp_path: Path) -> None:
    index_cache_path(tmp_path).write_text(json.dumps(INDEX), encoding="utf-8")
    entries = cached_index(tmp_path)
    assert entries is not None and [e["name"] for e in entries] == ["translate-fr_en", "translate-en_fr"]
    index_cache_path(tmp_path).write_text("{broken", encoding="utf-8")
    assert cached_index(tmp_path) is None  # a damaged cache is no index, not an error
