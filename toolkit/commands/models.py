"""`toolkit models`: the command line of Argos package management (list, install from the Argos index or a
validated file, remove); the work is done by `toolkit.engines.argos_packages`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.engines.argos import PACKAGES_DIR_ENV, installed_packages, package_name
from toolkit.engines.argos_packages import (
    cached_index,
    install_file,
    install_from_index,
    remove,
    target_dir,
)
from toolkit.errors import ToolkitError


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
            info = install_from_index(args.from_code, args.to_code, target, announce=_to_stderr)
        print(f"installed {info.name} {info.version} ({info.from_code}→{info.to_code}) in {target}")
        return 0
    removed = remove(args.from_code, args.to_code, target)
    print(f"removed {removed}")
    return 0


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


def _to_stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
