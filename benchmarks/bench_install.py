"""Fresh-machine install: a new virtualenv, `pip install .` from this checkout, then the seed brief translated.

Run from the repository root: `python3 benchmarks/bench_install.py [--compare]`.

Each row builds a new venv in a temporary folder with the machine's pip configuration switched off
(`PIP_CONFIG_FILE=/dev/null`: no local wheel folders, no constraints — what a user's machine resolves from PyPI),
installs the project, and runs `toolkit run samples/belarus-brief.fr.txt` with the engine it finds (Apertium when
no Argos model is installed). `--compare` adds a row for the dependency we replaced (`argostranslate`, which pulls
stanza → torch): the same install with `argos-translate-lt` swapped for it in a copy of the checkout.
It prints install time, venv size, the count of CUDA/torch packages and the largest installed packages.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "nvidia", "triton", "stanza", "spacy")


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def site_packages(venv: Path) -> Path:
    return next(venv.glob("lib/python3*/site-packages"))


def install(source: Path, work: Path) -> dict[str, object]:
    venv = work / "venv"
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    started = time.monotonic()
    done = subprocess.run(
        [str(venv / "bin/pip"), "install", "-q", str(source)], env=env, capture_output=True, text=True
    )
    seconds = time.monotonic() - started
    if done.returncode:
        sys.exit(f"pip install failed:\n{done.stderr[-2000:]}")
    site = site_packages(venv)
    sizes = {p.name: size_of(p) for p in site.iterdir() if p.is_dir() and not p.name.endswith(".dist-info")}
    heavy = sorted(p.name for p in site.glob("*.dist-info") if p.name.lower().startswith(HEAVY))
    out = work / "out"
    run = subprocess.run(
        [str(venv / "bin/toolkit"), "run", str(ROOT / "samples/belarus-brief.fr.txt"), "-o", str(out)],
        env={**env, "ARGOS_PACKAGES_DIR": str(work / "no-models")},
        capture_output=True,
        text=True,
    )
    return {
        "seconds": seconds,
        "bytes": size_of(venv),
        "heavy": heavy,
        "largest": sorted(sizes.items(), key=lambda kv: -kv[1])[:6],
        "ran": run.returncode == 0 and (out / "belarus-brief.en.docx").is_file(),
        "error": run.stderr.strip().splitlines()[-1:] if run.returncode else [],
    }


def with_full_argos(work: Path) -> Path:
    """A copy of the checkout that depends on `argostranslate` (the torch build) instead."""
    copy = work / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".tox", ".venv", "out", "*.egg-info"))
    project = copy / "pyproject.toml"
    text = project.read_text(encoding="utf-8")
    ours = re.search(r'"argos-translate-lt[^"]*"', text)
    if ours is None:  # a silent no-op would measure our own install twice under the other name
        sys.exit("pyproject.toml names no argos-translate-lt dependency to swap")
    project.write_text(text.replace(ours.group(), '"argostranslate>=1.9"'), encoding="utf-8")
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--compare", action="store_true", help="also install the argostranslate (torch) build")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-install-") as tmp:
        (Path(tmp) / "ours").mkdir()
        rows.append(("argos-translate-lt (ours)", install(ROOT, Path(tmp) / "ours")))
        if args.compare:
            (Path(tmp) / "full").mkdir()
            rows.append(("argostranslate (torch)", install(with_full_argos(Path(tmp) / "full"), Path(tmp) / "full")))
    print("| dependency | install (s) | venv (MB) | torch/CUDA/stanza/spaCy packages | seed brief runs |")
    print("|---|---|---|---|---|")
    for name, row in rows:
        heavy = row["heavy"]
        assert isinstance(heavy, list)
        print(
            f"| {name} | {row['seconds']:.0f} | {int(row['bytes']) / 1e6:,.0f} | {len(heavy)} | "
            f"{'yes' if row['ran'] else 'no: ' + ' '.join(row['error'])} |"  # type: ignore[arg-type]
        )
    for name, row in rows:
        largest = row["largest"]
        assert isinstance(largest, list)
        print(f"\nlargest in {name}: " + ", ".join(f"{n} {b / 1e6:.0f} MB" for n, b in largest))
    if len(rows) == 2:
        ours, theirs = (int(r["bytes"]) for _, r in rows)  # type: ignore[call-overload]
        print(f"\nratio: the torch build's venv is {theirs / ours:.1f}x ours")


if __name__ == "__main__":
    main()
