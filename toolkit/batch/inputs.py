"""The briefs a batch holds: files as named, folders for the briefs of known types in them; stems checked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from toolkit.errors import ToolkitError


def collect_briefs(names: Sequence[str]) -> list[Path]:
    """The files `names` denote, in order: a file as given, a folder's readable briefs sorted by name.

    A missing path, or a folder with no brief of a known type, is a one-line error before any work.
    """
    from toolkit.formats import READERS

    found: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in READERS and not p.name.startswith(".")
            )
            if not inside:
                known = ", ".join(sorted(READERS))
                raise ToolkitError(f"no brief of a known type ({known}) in the folder", str(path))
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            raise ToolkitError("no such file or folder", str(path))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)  # the same file named twice is one brief
    return list(unique.values())


def check_stems(briefs: Sequence[Path]) -> None:
    """Refuse, in one line, briefs whose outputs would land on the same names (`wagner.fr.md`, `wagner.fr.docx`)."""
    from toolkit.pipeline.publish import output_stem

    by_stem: dict[str, list[Path]] = {}
    for path in briefs:
        by_stem.setdefault(output_stem(path), []).append(path)
    clashes = [paths for paths in by_stem.values() if len(paths) > 1]
    if clashes:
        told = "; ".join(" and ".join(str(p) for p in paths) for paths in clashes)
        raise ToolkitError(f"briefs whose outputs would share a name, translate them apart: {told}")
