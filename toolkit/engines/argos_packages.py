"""Argos package management: validate an .argosmodel, install it (staged, all or nothing), remove one, read the
Argos index (cached beside the packages) and download from it."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from toolkit.engines.argos import find_package, package_name, packages_dirs
from toolkit.errors import InputError, ToolkitError
from toolkit.support.containers import ARGOS_LIMITS, check_container, copy_member, member_parts
from toolkit.support.fileio import atomic_path

# Limits against zip bombs and absurd archives live in ARGOS_LIMITS (toolkit.support.containers).
MAX_TOTAL_BYTES = ARGOS_LIMITS.total_bytes
MAX_METADATA_BYTES = 1024**2
NETWORK_TIMEOUT = 30
INDEX_FILE = ".index.json"
CHUNK = 1 << 16


def target_dir(packages_dir: str | None) -> Path:
    """The one directory where install and remove act."""
    return packages_dirs(packages_dir)[0]


# -- package files: validate, then install ------------------------------------------------------------------


@dataclass(frozen=True)
class PackageInfo:
    """What a validated package file holds."""

    top: str
    name: str
    version: str
    from_code: str
    to_code: str


LABEL = "Argos package"


def _bad(path: Path, what: str) -> InputError:
    return InputError(f"not a valid {LABEL}: {what}", str(path))


def validate_package_file(path: Path) -> PackageInfo:
    """Check an .argosmodel before anything is written; one-line InputError when it is not sound."""
    if not path.is_file():
        raise InputError("no such package file", str(path))
    check_container(path, LABEL, None, str(path), ARGOS_LIMITS)

    def bad(what: str) -> InputError:
        return _bad(path, what)

    try:
        with zipfile.ZipFile(path) as zf:
            tops: set[str] = set()
            names: set[tuple[str, ...]] = set()
            for info in zf.infolist():
                parts = member_parts(info, bad)
                tops.add(parts[0])
                if len(parts) == 1 and not info.is_dir():
                    raise bad(f"file {info.filename!r} lies outside the package directory")
                names.add(parts)
            if len(tops) != 1:
                raise bad(f"{len(tops)} top-level entries, expected exactly one directory")
            top = tops.pop()
            if top.startswith("."):
                raise bad(f"hidden top-level directory {top!r}")
            metadata_name = f"{top}/metadata.json"
            if (top, "metadata.json") not in names:
                raise bad("no metadata.json in the package directory")
            if zf.getinfo(metadata_name).file_size > MAX_METADATA_BYTES:
                raise bad("metadata.json is too large")
            try:
                metadata = json.loads(zf.read(metadata_name).decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise bad(f"metadata.json is not valid JSON ({exc})") from exc
            if (top, "model", "model.bin") not in names:
                raise bad("no model/model.bin (the CTranslate2 model)")
            if (top, "sentencepiece.model") not in names:
                raise bad("no sentencepiece.model")
    except zipfile.BadZipFile as exc:
        raise bad(f"damaged zip archive ({exc})") from exc
    if not isinstance(metadata, dict):
        raise bad("metadata.json is not an object")
    codes = metadata.get("from_code"), metadata.get("to_code")
    if not all(isinstance(code, str) and code for code in codes):
        raise bad("metadata.json lacks from_code/to_code")
    kind = metadata.get("type", "translate")
    return PackageInfo(
        top=top,
        name=f"{kind}-{codes[0]}_{codes[1]}",
        version=str(metadata.get("package_version", "")),
        from_code=str(codes[0]),
        to_code=str(codes[1]),
    )


def _extract(path: Path, dest: Path) -> None:
    """Unpack a validated archive member by member, never writing more than the declared sizes (the real bytes
    are counted, the headers may lie)."""

    def bad(what: str) -> InputError:
        return _bad(path, what)

    budget = MAX_TOTAL_BYTES
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            parts = PurePosixPath(info.filename).parts
            out = dest.joinpath(*[p for p in parts if p != "."])
            if info.is_dir():
                out.mkdir(parents=True, exist_ok=True)
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            with open(out, "wb") as dst:
                budget -= copy_member(zf, info, bad, budget, dst)


def _lock() -> contextlib.AbstractContextManager[Any]:
    from argostranslate.package import package_lock

    lock: contextlib.AbstractContextManager[Any] = package_lock
    return lock


def install_file(path: Path, packages_dir: Path) -> PackageInfo:
    """Validate then install a package file; on any failure nothing is left in `packages_dir`."""
    info = validate_package_file(path)
    packages_dir.mkdir(parents=True, exist_ok=True)
    final = packages_dir / info.top
    with _lock(), tempfile.TemporaryDirectory(prefix=".install-", dir=packages_dir) as staging:
        staging_path = Path(staging)
        try:
            _extract(path, staging_path)
        except zipfile.BadZipFile as exc:
            raise _bad(path, f"damaged zip archive ({exc})") from exc
        except zipfile.LargeZipFile as exc:
            raise _bad(path, f"cannot unpack ({exc})") from exc
        old = staging_path / ".previous"
        if final.exists():
            # a reinstall: the old copy steps aside, and is dropped with the staging directory
            os.replace(final, old)
        try:
            os.replace(staging_path / info.top, final)
        except OSError:
            if old.exists():
                os.replace(old, final)
            raise
    return info


def remove(from_code: str, to_code: str, packages_dir: Path) -> str:
    """Remove every installed package of the pair in `packages_dir`; return what was removed."""
    pkg = find_package(from_code, to_code, packages_dir)
    if pkg is None:
        raise ToolkitError(f"no Argos {from_code}→{to_code} model installed", str(packages_dir))
    removed: list[str] = []
    while pkg is not None:
        with _lock():
            shutil.rmtree(pkg.package_path)
        removed.append(f"{package_name(pkg)} {pkg.package_version}")
        pkg = find_package(from_code, to_code, packages_dir)
    return ", ".join(removed)


# -- the Argos package index ---------------------------------------------------------------------------------


def index_url() -> str:
    """Argos's index address; $ARGOS_PACKAGE_INDEX is read now, not at argostranslate import."""
    from argostranslate import settings

    base = os.environ.get("ARGOS_PACKAGE_INDEX") or settings.package_index
    return base.rstrip("/") + "/index.json"


def index_cache_path(packages_dir: Path) -> Path:
    """The cached index lives beside the packages it describes (Argos ignores files in that directory)."""
    return packages_dir / INDEX_FILE


def _index_entries(raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise ValueError("the index is not a list")
    entries = []
    for item in raw:
        if not isinstance(item, dict) or item.get("type", "translate") != "translate":
            continue
        if not (isinstance(item.get("from_code"), str) and isinstance(item.get("to_code"), str)):
            continue
        links = [link for link in item.get("links", []) if isinstance(link, str)]
        entries.append(
            {
                "from_code": item["from_code"],
                "to_code": item["to_code"],
                "version": str(item.get("package_version", "")),
                "name": f"translate-{item['from_code']}_{item['to_code']}",
                "links": links,
            }
        )
    return entries


def cached_index(packages_dir: Path) -> list[dict[str, Any]] | None:
    """The index cached by our last install, else the one `argospm update` left for Argos's own directory."""
    path = index_cache_path(packages_dir)
    if not path.is_file():
        from argostranslate import settings

        if (
            packages_dir != Path(settings.package_data_dir)
            or not Path(settings.local_package_index).is_file()
        ):
            return None
        path = Path(settings.local_package_index)
    try:
        return _index_entries(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def update_index(packages_dir: Path) -> list[dict[str, Any]]:
    """Fetch the Argos index and cache it; without network a one-line error that points to --file."""
    url = index_url()
    try:
        with urllib.request.urlopen(_request(url), timeout=NETWORK_TIMEOUT) as response:
            data = response.read(64 * 1024**2)
        entries = _index_entries(json.loads(data.decode("utf-8")))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ToolkitError(
            f"the Argos package index is unreachable ({reason}); on an offline machine use "
            f"`toolkit models install --file X.argosmodel`",
            url,
        ) from exc
    packages_dir.mkdir(parents=True, exist_ok=True)
    with atomic_path(index_cache_path(packages_dir)) as tmp:
        tmp.write_bytes(data)
    return entries


def _request(url: str) -> urllib.request.Request:
    if not url.startswith(("https://", "http://")):
        raise ToolkitError("only http(s) addresses are fetched", url)
    return urllib.request.Request(url, headers={"User-Agent": "toolkit"})


def _human(size: int | None) -> str:
    if size is None:
        return "size unknown"
    return f"{size / 1024**2:.1f} MB"


def _download(links: list[str], dest: IO[bytes], label: str, announce: Callable[[str], None]) -> None:
    from toolkit.support.progress import progress_bar

    errors = []
    for link in links:
        try:
            with urllib.request.urlopen(_request(link), timeout=NETWORK_TIMEOUT) as response:
                length = response.headers.get("Content-Length")
                size = int(length) if length and length.isdigit() else None
                announce(f"downloading {label} ({_human(size)}) from {link}")
                with progress_bar(size, label, transfer=True) as advance:
                    received = 0
                    while block := response.read(CHUNK):
                        received += len(block)
                        if received > MAX_TOTAL_BYTES:
                            raise ToolkitError("download larger than any Argos package should be", link)
                        dest.write(block)
                        advance(len(block))
            return
        except (urllib.error.URLError, OSError) as exc:
            dest.seek(0)
            dest.truncate()
            errors.append(f"{link}: {getattr(exc, 'reason', exc)}")
    raise ToolkitError(f"download failed: {'; '.join(errors) or 'the index gives no link'}")


def install_from_index(
    from_code: str, to_code: str, packages_dir: Path, announce: Callable[[str], None] = lambda _line: None
) -> PackageInfo:
    """Refresh the index, download the pair's newest package (a progress bar on a terminal; `announce` is told
    what is downloaded, from where and how big), validate and install it."""
    entries = [
        e for e in update_index(packages_dir) if (e["from_code"], e["to_code"]) == (from_code, to_code)
    ]
    if not entries:
        raise ToolkitError(f"the Argos index has no {from_code}→{to_code} package", index_url())
    entry = max(entries, key=lambda e: tuple(int(p) for p in e["version"].split(".") if p.isdigit()))
    packages_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(prefix=".download-", suffix=".argosmodel", dir=packages_dir) as tmp:
        _download(entry["links"], tmp, f"{entry['name']} {entry['version']}", announce)
        tmp.flush()
        return install_file(Path(tmp.name), packages_dir)
