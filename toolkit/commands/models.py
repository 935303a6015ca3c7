"""`toolkit models`: list, install (from the Argos index or a validated file) and remove Argos packages."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import stat
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from toolkit.engines.argos import (
    PACKAGES_DIR_ENV,
    find_package,
    installed_packages,
    package_name,
    packages_dirs,
)
from toolkit.errors import InputError, ToolkitError
from toolkit.support.fileio import atomic_path

# Limits against zip bombs and absurd archives; real Argos packages are 30-300 MB with ratios near 1.
MAX_TOTAL_BYTES = 4 * 1024**3
MAX_MEMBERS = 10_000
MAX_RATIO = 100
RATIO_CHECK_ABOVE = 1024**2  # small members (vocabularies, json) may compress well; only big ones are checked
MAX_METADATA_BYTES = 1024**2
NETWORK_TIMEOUT = 30
INDEX_FILE = ".index.json"
CHUNK = 1 << 16


def add_arguments(parser: argparse.ArgumentParser) -> None:
    where = f"where Argos packages are installed (default: ${PACKAGES_DIR_ENV}, else Argos's own directory)"
    parser.add_argument("--packages-dir", metavar="DIR", default=None, help=where)
    # accepted after the action too (`toolkit models list --packages-dir D`) without hiding the one before it
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--packages-dir", metavar="DIR", default=argparse.SUPPRESS, help=where)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    actions.add_parser("list", parents=[common], help="installed packages, and those in the cached index")
    install = actions.add_parser(
        "install", parents=[common], help="install a package from the Argos index or from a file"
    )
    install.add_argument("from_code", nargs="?", metavar="FROM", help="source language code, e.g. fr")
    install.add_argument("to_code", nargs="?", metavar="TO", help="target language code, e.g. en")
    install.add_argument("--file", metavar="X.argosmodel", help="install this package file (no network)")
    remove = actions.add_parser("remove", parents=[common], help="remove an installed package")
    remove.add_argument("from_code", metavar="FROM")
    remove.add_argument("to_code", metavar="TO")


def run(args: argparse.Namespace) -> int:
    target = target_dir(args.packages_dir)
    if args.action == "list":
        return _list(target)
    if args.action == "install":
        if args.file:
            if args.from_code or args.to_code:
                raise ToolkitError("give either FROM TO or --file, not both")
            info = install_file(Path(args.file), target)
        else:
            if not (args.from_code and args.to_code):
                raise ToolkitError("say which model: `toolkit models install fr en`, or --file X.argosmodel")
            info = install_from_index(args.from_code, args.to_code, target)
        print(f"installed {info.name} {info.version} ({info.from_code}→{info.to_code}) in {target}")
        return 0
    removed = remove(args.from_code, args.to_code, target)
    print(f"removed {removed}")
    return 0


def target_dir(packages_dir: str | None) -> Path:
    """The one directory where install and remove act."""
    return packages_dirs(packages_dir)[0]


# -- list --------------------------------------------------------------------------------------------------


def _list(target: Path) -> int:
    packages = installed_packages(target)
    print(f"installed in {target}:")
    if not packages:
        print("  (none) — `toolkit models install fr en`, or `toolkit models install --file X.argosmodel`")
    for pkg in packages:
        pair = f"{pkg.from_code}→{pkg.to_code}"
        print(f"  {pair}  {package_name(pkg)} {pkg.package_version}  ({pkg.package_path.name})")
    index = cached_index(target)
    if index is not None:
        installed = {(p.from_code, p.to_code, p.package_version) for p in packages}
        print("available in the cached Argos index:")
        for entry in index:
            mark = (
                " (installed)"
                if (entry["from_code"], entry["to_code"], entry["version"]) in installed
                else ""
            )
            print(f"  {entry['from_code']}→{entry['to_code']}  {entry['name']} {entry['version']}{mark}")
    return 0


# -- package files: validate, then install ------------------------------------------------------------------


@dataclass(frozen=True)
class PackageInfo:
    """What a validated package file holds."""

    top: str
    name: str
    version: str
    from_code: str
    to_code: str


def _bad(path: Path, what: str) -> InputError:
    return InputError(f"not a valid Argos package: {what}", str(path))


def _member_parts(path: Path, info: zipfile.ZipInfo) -> tuple[str, ...]:
    name = info.filename
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":") or "\x00" in name:
        raise _bad(path, f"member {name!r} has an absolute or non-portable path")
    parts = tuple(p for p in PurePosixPath(name).parts if p != ".")
    if not parts or ".." in parts:
        raise _bad(path, f"member {name!r} would escape the package directory")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _bad(path, f"member {name!r} is a symbolic link")
    return parts


def validate_package_file(path: Path) -> PackageInfo:
    """Check an .argosmodel before anything is written; one-line InputError when it is not sound."""
    if not path.is_file():
        raise InputError("no such package file", str(path))
    if not zipfile.is_zipfile(path):
        raise _bad(path, "not a zip archive")
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            if len(members) > MAX_MEMBERS:
                raise _bad(path, f"{len(members)} members, more than {MAX_MEMBERS}")
            tops: set[str] = set()
            names: set[tuple[str, ...]] = set()
            total = 0
            for info in members:
                parts = _member_parts(path, info)
                tops.add(parts[0])
                if len(parts) == 1 and not info.is_dir():
                    raise _bad(path, f"file {info.filename!r} lies outside the package directory")
                names.add(parts)
                total += info.file_size
                if total > MAX_TOTAL_BYTES:
                    raise _bad(path, f"unpacks to more than {MAX_TOTAL_BYTES // 1024**3} GiB")
                if info.file_size > RATIO_CHECK_ABOVE and info.file_size > MAX_RATIO * max(
                    info.compress_size, 1
                ):
                    raise _bad(path, f"member {info.filename!r} is compressed suspiciously well (zip bomb?)")
            if len(tops) != 1:
                raise _bad(path, f"{len(tops)} top-level entries, expected exactly one directory")
            top = tops.pop()
            if top.startswith("."):
                raise _bad(path, f"hidden top-level directory {top!r}")
            metadata_name = f"{top}/metadata.json"
            if (top, "metadata.json") not in names:
                raise _bad(path, "no metadata.json in the package directory")
            if zf.getinfo(metadata_name).file_size > MAX_METADATA_BYTES:
                raise _bad(path, "metadata.json is too large")
            try:
                metadata = json.loads(zf.read(metadata_name).decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as exc:
                raise _bad(path, f"metadata.json is not valid JSON ({exc})") from exc
            if (top, "model", "model.bin") not in names:
                raise _bad(path, "no model/model.bin (the CTranslate2 model)")
            if (top, "sentencepiece.model") not in names:
                raise _bad(path, "no sentencepiece.model")
    except zipfile.BadZipFile as exc:
        raise _bad(path, f"corrupt zip archive ({exc})") from exc
    if not isinstance(metadata, dict):
        raise _bad(path, "metadata.json is not an object")
    codes = metadata.get("from_code"), metadata.get("to_code")
    if not all(isinstance(code, str) and code for code in codes):
        raise _bad(path, "metadata.json lacks from_code/to_code")
    kind = metadata.get("type", "translate")
    return PackageInfo(
        top=top,
        name=f"{kind}-{codes[0]}_{codes[1]}",
        version=str(metadata.get("package_version", "")),
        from_code=str(codes[0]),
        to_code=str(codes[1]),
    )


def _extract(path: Path, dest: Path) -> None:
    """Unpack a validated archive member by member, never writing more than the declared sizes."""
    budget = MAX_TOTAL_BYTES
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            parts = PurePosixPath(info.filename).parts
            out = dest.joinpath(*[p for p in parts if p != "."])
            if info.is_dir():
                out.mkdir(parents=True, exist_ok=True)
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            with zf.open(info) as src, open(out, "wb") as dst:
                while block := src.read(CHUNK):
                    written += len(block)
                    budget -= len(block)
                    # the declared size may lie; the real bytes count
                    if written > info.file_size or budget < 0:
                        raise _bad(path, f"member {info.filename!r} unpacks to more than it declares")
                    dst.write(block)


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
            raise _bad(path, f"corrupt zip archive ({exc})") from exc
        except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError) as exc:
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


@contextlib.contextmanager
def _progress_bar(total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal (rich if installed); silent when stderr is piped."""
    if not sys.stderr.isatty():
        yield lambda _n: None
        return
    try:
        from rich.progress import DownloadColumn, Progress, TransferSpeedColumn
    except ImportError:
        seen = [0]

        def plain(n: int) -> None:
            seen[0] += n
            shown = f"{100 * seen[0] // total}%" if total else _human(seen[0])
            sys.stderr.write(f"\r{label}: {shown}")
            sys.stderr.flush()

        yield plain
        sys.stderr.write("\n")
        return
    with Progress(
        *Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn(), transient=True
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _download(links: list[str], dest: IO[bytes], label: str) -> None:
    errors = []
    for link in links:
        try:
            with urllib.request.urlopen(_request(link), timeout=NETWORK_TIMEOUT) as response:
                length = response.headers.get("Content-Length")
                size = int(length) if length and length.isdigit() else None
                sys.stderr.write(f"downloading {label} ({_human(size)}) from {link}\n")
                with _progress_bar(size, label) as advance:
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


def install_from_index(from_code: str, to_code: str, packages_dir: Path) -> PackageInfo:
    """Refresh the index, download the pair's newest package with a progress bar, validate and install it."""
    entries = [
        e for e in update_index(packages_dir) if (e["from_code"], e["to_code"]) == (from_code, to_code)
    ]
    if not entries:
        raise ToolkitError(f"the Argos index has no {from_code}→{to_code} package", index_url())
    entry = max(entries, key=lambda e: tuple(int(p) for p in e["version"].split(".") if p.isdigit()))
    packages_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(prefix=".download-", suffix=".argosmodel", dir=packages_dir) as tmp:
        _download(entry["links"], tmp, f"{entry['name']} {entry['version']}")
        tmp.flush()
        return install_file(Path(tmp.name), packages_dir)
