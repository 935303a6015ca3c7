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
    (
        # the whole command: read, segment, protect, up to the moment the model would load
        # (--no-glossary: the shipped glossary file was not in the tree yet when this was written)
        "toolkit run seed brief, up to the model load",
        "import sys\n"
        "from toolkit.engines.argos import ArgosEngine\n"
        "def stop(self): raise SystemExit(STOPPED)\n"
        "ArgosEngine.load = stop\n"
        "from toolkit.cli import main\n"
        "main(['run', sys.argv[1], '-o', sys.argv[2], '--engine', 'argos', '--no-glossary'])\n"
        "raise SystemExit(1)  # the model load was never reached\n",
    ),
    ("import argostranslate.translate", "import argostranslate.translate"),
]


SEED = ROOT / "samples" / "belarus-brief.fr.txt"
STOPPED = 3  # exit status of a run stopped at the model load


def timed(code: str, env: dict[str, str], outdir: Path) -> float:
    expected = STOPPED if "STOPPED" in code else 0
    code = code.replace("STOPPED", str(STOPPED))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, str(SEED), str(outdir)], env=env, check=False, capture_output=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != expected:
        sys.exit(f"cold-start case failed ({done.returncode}): {code}\n{done.stderr.decode()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-coldstart-") as tmp:
        build_package_dir(Path(tmp))
        env = {**os.environ, "ARGOS_PACKAGES_DIR": tmp, "PYTHONPATH": str(ROOT)}
        rows = []
        for label, code in CASES:
            out = Path(tmp) / "out"
            timed(code, env, out)  # one unmeasured run fills the OS file cache and writes .pyc files
            rows.append((label, statistics.median(timed(code, env, out) for _ in range(args.runs))))
    width = max(len(label) for label, _ in rows)
    print(f"| {'what (fresh interpreter)':<{width}} | median s |")
    print(f"|{'-' * (width + 2)}|{'-' * 10}|")
    for label, seconds in rows:
        print(f"| {label:<{width}} | {seconds:>8.3f} |")
    ours = dict(rows)["toolkit run seed brief, up to the model load"]
    theirs = dict(rows)["import argostranslate.translate"]
    verdict = "met" if ours <= 0.5 else "NOT met"
    print(
        f"\ntoolkit run up to the model load: {ours:.3f} s (goal ≤ 0.5 s: {verdict}); "
        f"argostranslate.translate import: {theirs:.3f} s ({theirs / ours:.1f}x slower)"
    )


if __name__ == "__main__":
    main()
