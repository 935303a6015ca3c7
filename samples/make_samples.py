"""Rebuild the DOCX, ODT and HTML sample briefs from their Markdown sources in samples/src."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from toolkit.fileio import atomic_path
from toolkit.formats.pandoc import pandoc_path

HERE = Path(__file__).resolve().parent

# (source in samples/src, output in samples, pandoc writer, extra options)
SAMPLES: list[tuple[str, str, str, list[str]]] = [
    ("zaporijjia.fr.md", "zaporijjia.fr.docx", "docx", []),
    ("zaporijjia.fr.md", "zaporijjia-odt.fr.odt", "odt", []),
    ("moldavie.fr.md", "moldavie.fr.html", "html", ["--standalone"]),
]

# A fixed date makes pandoc's output byte-identical across runs, so regenerating leaves git clean.
SOURCE_DATE_EPOCH = "1700000000"


def build(source: Path, target: Path, writer: str, extra: list[str]) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    with atomic_path(target) as tmp:
        # -smart: keep plain spaces after "p." and "cf." as typed (pandoc would make them no-break)
        args = [str(pandoc_path()), "--sandbox", "-f", "markdown-smart", "-t", writer, *extra]
        args += ["-o", str(tmp), str(source)]
        subprocess.run(args, check=True, env=env, timeout=120)


def main() -> int:
    for source, target, writer, extra in SAMPLES:
        build(HERE / "src" / source, HERE / target, writer, extra)
        print(f"{target} <- src/{source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
