"""`toolkit models`: install from a file or a local index, list, remove; corrupt packages install nothing."""

from __future__ import annotations

import http.server
import json
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engines.tinyargos import PACKAGE_DIR_NAME, build_tiny_package
from toolkit.cli import main
from toolkit.engines.argos import ArgosEngine

GOOD_METADATA = json.dumps({"package_version": "0.1", "from_code": "fr", "to_code": "en"})


@pytest.fixture(scope="module")
def argosmodel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_package(tmp_path_factory.mktemp("tinyargos"))


def toolkit(*args: str) -> int:
    return main(["models", *args])


def error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("toolkit: error: ")
    return err


def test_install_list_remove_round_trip(
    argosmodel: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packages = tmp_path / "packages"
    assert toolkit("--packages-dir", str(packages), "install", "--file", str(argosmodel)) == 0
    assert "installed translate-fr_en 0.1 (fr→en)" in capsys.readouterr().out
    assert (packages / PACKAGE_DIR_NAME / "model" / "model.bin").is_file()
    assert [p.name for p in packages.iterdir()] == [PACKAGE_DIR_NAME]  # no staging left behind

    assert toolkit("list", "--packages-dir", str(packages)) == 0
    assert "fr→en  translate-fr_en 0.1" in capsys.readouterr().out
    assert ArgosEngine(packages_dir=packages, max_decoding_length=4).translate(["Bonjour."])[0]

    assert toolkit("--packages-dir", str(packages), "remove", "fr", "en") == 0
    assert "removed translate-fr_en 0.1" in capsys.readouterr().out
    assert list(packages.iterdir()) == []
    assert toolkit("--packages-dir", str(packages), "remove", "fr", "en") == 2
    assert "no Argos fr→en model installed" in error_line(capsys)


def test_reinstall_replaces_and_env_names_the_directory(
    argosmodel: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path))
    assert toolkit("install", "--file", str(argosmodel)) == 0
    (tmp_path / PACKAGE_DIR_NAME / "stale").write_text("old", encoding="utf-8")
    assert toolkit("install", "--file", str(argosmodel)) == 0
    assert not (tmp_path / PACKAGE_DIR_NAME / "stale").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [PACKAGE_DIR_NAME]
    assert ArgosEngine.available()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _package(**overrides: bytes | None) -> dict[str, bytes]:
    members: dict[str, bytes | None] = {
        "pkg/metadata.json": GOOD_METADATA.encode(),
        "pkg/sentencepiece.model": b"sp",
        "pkg/model/model.bin": b"bin",
        "pkg/model/config.json": b"{}",
    }
    members.update(overrides)
    return {name: data for name, data in members.items() if data is not None}


BAD_PACKAGES: dict[str, tuple[dict[str, bytes] | bytes, str]] = {
    "not-a-zip": (b"PK? not really a zip archive", "not a zip archive"),
    "no-metadata": (_package(**{"pkg/metadata.json": None}), "no metadata.json"),
    "metadata-not-json": (_package(**{"pkg/metadata.json": b"{nope"}), "not valid JSON"),
    "metadata-without-codes": (
        _package(**{"pkg/metadata.json": b'{"from_code": "fr"}'}),
        "from_code/to_code",
    ),
    "parent-traversal": (_package(**{"pkg/../../evil.txt": b"x"}), "escape the package directory"),
    "absolute-member": (_package(**{"/tmp/evil.txt": b"x"}), "absolute"),
    "two-top-dirs": (_package(**{"other/file.txt": b"x"}), "exactly one directory"),
    "file-at-top": (_package(**{"README.md": b"x"}), "outside the package directory"),
    "no-model": (_package(**{"pkg/model/model.bin": None}), "no model/model.bin"),
    "no-sentencepiece": (_package(**{"pkg/sentencepiece.model": None}), "no sentencepiece.model"),
    "zip-bomb": (_package(**{"pkg/model/model.bin": bytes(30 * 1024 * 1024)}), "zip bomb"),
}


@pytest.mark.parametrize("case", sorted(BAD_PACKAGES))
def test_bad_package_is_refused_in_one_line_and_nothing_installed(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, expected = BAD_PACKAGES[case]
    archive = tmp_path / f"{case}.argosmodel"
    if isinstance(content, bytes):
        archive.write_bytes(content)
    else:
        _zip(archive, content)
    packages = tmp_path / "packages"
    packages.mkdir()
    assert toolkit("--packages-dir", str(packages), "install", "--file", str(archive)) == 2
    line = error_line(capsys)
    assert "not a valid Argos package" in line and expected in line and str(archive) in line
    assert list(packages.iterdir()) == []
    assert not (tmp_path / "evil.txt").exists()


def _declare_size(archive: Path, member: str, size: int) -> None:
    """Rewrite a member's uncompressed size in the central directory (what checks before unpacking read)."""
    raw = bytearray(archive.read_bytes())
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        name_length = int.from_bytes(raw[at + 28 : at + 30], "little")
        if raw[at + 46 : at + 46 + name_length] == member.encode():
            raw[at + 24 : at + 28] = size.to_bytes(4, "little")
            archive.write_bytes(bytes(raw))
            return
        at = raw.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{member} not in {archive}")


def test_member_bigger_than_declared_is_caught_while_unpacking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = _zip(tmp_path / "liar.argosmodel", _package(**{"pkg/model/model.bin": b"A" * 5000}))
    _declare_size(archive, "pkg/model/model.bin", 100)
    with zipfile.ZipFile(archive) as zf:
        assert zf.getinfo("pkg/model/model.bin").file_size == 100
    packages = tmp_path / "packages"
    assert toolkit("--packages-dir", str(packages), "install", "--file", str(archive)) == 2
    assert "not a valid Argos package" in error_line(capsys)
    assert list(packages.iterdir()) == []


def test_install_from_unreachable_index_points_to_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    assert toolkit("--packages-dir", str(tmp_path), "install", "fr", "en") == 2
    line = error_line(capsys)
    assert "index is unreachable" in line and "--file" in line
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def local_index(argosmodel: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An Argos index and its package served over HTTP on localhost."""
    site = tmp_path / "site"
    site.mkdir()
    (site / argosmodel.name).write_bytes(argosmodel.read_bytes())

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    index = [
        {"package_version": "0.1", "from_code": "fr", "to_code": "en", "links": [base + argosmodel.name]},
        {
            "package_version": "1.0",
            "from_code": "en",
            "to_code": "fr",
            "links": [base + "missing.argosmodel"],
        },
    ]
    (site / "index.json").write_text(json.dumps(index), encoding="utf-8")
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def test_install_from_index_downloads_validates_and_lists(
    local_index: str, argosmodel: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packages = tmp_path / "packages"
    assert toolkit("--packages-dir", str(packages), "install", "fr", "en") == 0
    captured = capsys.readouterr()
    assert f"({argosmodel.stat().st_size / 1024**2:.1f} MB)" in captured.err  # the size is shown
    assert "installed translate-fr_en 0.1" in captured.out
    assert ArgosEngine(packages_dir=packages).package_path.name == PACKAGE_DIR_NAME

    assert toolkit("--packages-dir", str(packages), "list") == 0
    out = capsys.readouterr().out
    assert "available in the cached Argos index:" in out
    assert "fr→en  translate-fr_en 0.1 (installed)" in out
    assert "en→fr  translate-en_fr 1.0\n" in out

    assert toolkit("--packages-dir", str(packages), "install", "en", "fr") == 2
    assert "download failed" in error_line(capsys)
    assert toolkit("--packages-dir", str(packages), "install", "fr", "de") == 2
    assert "has no fr→de package" in error_line(capsys)
