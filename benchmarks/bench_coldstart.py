"""Cold start: a fresh Python up to the first Argos model load, ours vs `import argostranslate.translate`.

Run from the repository root: `/opt/venv/bin/python benchmarks/bench_coldstart.py [--runs N]`.
Each row is the median wall time of N fresh interpreters (goal for ours: ≤ 0.5 s up to the model load).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.engines.tinyargos import build_package_dir  # noqa: E402

CASES: list[tuple[str, str]] = [
    ("python -c pass (baseline)", "pass"),
    ("import toolkit.engines.argos", "import toolkit.engines.argos"),
    ("+ import argostranslate.package", "import toolkit.engines.argos, argostranslate.package"),
    (
        "ours up to the model load (package found)",
        "from toolkit.engines.argos import ArgosEngine; ArgosEngine()",
    ),
    (
        "ours including the (tiny) model load",
        "from toolkit.engines.argos import ArgosEngine; ArgosEngine().load()",
    ),
    ("toolkit models list", "from toolkit.cli import main; main(['models', 'list'])"),
    ("import argostranslate.translate", "import argostranslate.translate"),
]


def timed(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-coldstart-") as tmp:
        build_package_dir(Path(tmp))
        env = {**os.environ, "ARGOS_PACKAGES_DIR": tmp, "PYTHONPATH": str(ROOT)}
        rows = []
        for label, code in CASES:
            timed(code, env)  # one unmeasured run fills the OS file cache and writes .pyc files
            rows.append((label, statistics.median(timed(code, env) for _ in range(args.runs))))
    width = max(len(label) for label, _ in rows)
    print(f"| {'what (fresh interpreter)':<{width}} | median s |")
    print(f"|{'-' * (width + 2)}|{'-' * 10}|")
    for label, seconds in rows:
        print(f"| {label:<{width}} | {seconds:>8.3f} |")
    ours = dict(rows)["ours up to the model load (package found)"]
    theirs = dict(rows)["import argostranslate.translate"]
    verdict = "met" if ours <= 0.5 else "NOT met"
    print(
        f"\nours up to the model load: {ours:.3f} s (goal ≤ 0.5 s: {verdict}); "
        f"argostranslate.translate import: {theirs:.3f} s ({theirs / ours:.1f}x slower)"
    )


if __name__ == "__main__":
    main()
