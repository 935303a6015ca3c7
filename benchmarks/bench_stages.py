"""Where a run's time goes: each stage of `toolkit run --engine apertium` at 1x, 10x and 100x one brief.

Run from the repository root: `python benchmarks/bench_stages.py [--sizes 1,10,100] [--formats docx,pdf,html,tmx]
[--repeats N]`.

The brief is `samples/wagner.fr.md` (3.7 KB, four footnotes) repeated N times at run time, each copy's footnote
labels renamed so every note stays its own. Each size runs in a fresh interpreter that wraps the pipeline's stage
functions with timers (the functions themselves are not changed): read + segment (`pipeline.prepare`), protect +
translate + restore (`translate.translate_document`, of which the engine's own `translate` call is shown apart),
post-edit (`postedit.finish_document`), QA (`qa.check_document`), the XLIFF (`formats.xliff.write_xliff`) and each
edition writer. Figures are CPU seconds of the process and its children (Apertium, pandoc run as children), so a
busy machine stretches them less than wall time, except each edition's own line, which is wall-clock: the
editions are written side by side and their CPU is one figure. Peak memory is the maximum RSS of the toolkit's
process and of its largest child (pandoc, a Typst part, an Apertium step), sampled.

The last rows compare the whole run with the engine alone: Apertium streaming the same French sentences
through both pivot steps (`apertium -z -u -f none fra-cat | apertium -z -u -f none cat-eng`), NUL-separated,
in CPU seconds and in wall-clock seconds (Apertium's pipe keeps both cores of this machine busy on its own).
Issue 19's targets: whole run <= 2x the engine alone on the 100x brief, peak < 300 MB, each stage <= 11x from
10x to 100x.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "samples" / "wagner.fr.md"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
brief, outdir, formats = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]

def cpu():
    # the process's own CPU time from its exact clock (getrusage's is sampled by ticks, too coarse for a stage of
    # a few hundredths of a second), its finished children's from getrusage
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime

times = {}
def timed(owner, name, label):
    real = getattr(owner, name)
    def wrapper(*args, **kwargs):
        started = cpu()
        try:
            return real(*args, **kwargs)
        finally:
            times[label] = times.get(label, 0.0) + cpu() - started
    setattr(owner, name, wrapper)

import toolkit.formats.xliff
import toolkit.pipeline.postedit, toolkit.pipeline.prepare, toolkit.pipeline.publish, toolkit.pipeline.qa
import toolkit.pipeline.translate
from toolkit.engines.apertium import ApertiumEngine
timed(toolkit.pipeline.prepare, "prepare", "read + segment")
timed(toolkit.pipeline.translate, "translate_document", "protect + translate + restore")
timed(ApertiumEngine, "translate", "  of which the engine")
timed(toolkit.pipeline.postedit, "finish_document", "post-edit")
timed(toolkit.pipeline.qa, "check_document", "QA")
timed(toolkit.formats.xliff, "write_xliff", "XLIFF")
# the editions are written side by side: their CPU is one figure (the process's clock counts every thread);
# each edition's own wall-clock seconds come apart
timed(toolkit.pipeline.publish, "publish", "editions, side by side")
for fmt, writers in toolkit.pipeline.publish.EDITIONS.items():
    for i, (suffix, writer) in enumerate(writers):
        def wrap(writer=writer, suffix=suffix):
            def w(*a, **k):
                started = time.perf_counter()
                try:
                    return writer(*a, **k)
                finally:
                    times[f"  {suffix} (wall)"] = time.perf_counter() - started
            return w
        writers[i] = (suffix, wrap())

# the largest child (pandoc, a Typst part, an Apertium step), sampled every 20 ms: getrusage's figure for
# children also counts the parent's pages a child held between fork and exec
import threading, psutil
child_peak = [0]
running = [True]
def sample():
    me = psutil.Process()
    while running[0]:
        for kid in me.children(recursive=True):
            try:
                child_peak[0] = max(child_peak[0], kid.memory_info().rss)
            except psutil.Error:
                pass
        time.sleep(0.02)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
from toolkit.cli import main
started, wall_started = cpu(), time.perf_counter()
args = ["run", str(brief), "-o", str(outdir), "--engine", "apertium"]
args += ["--formats", formats] if formats else []
code = main(args)
whole, wall = cpu() - started, time.perf_counter() - wall_started
running[0] = False
sampler.join()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
child_peak_mb = child_peak[0] / 1024**2
from toolkit.formats.xliff import read_xliff
doc, _sig = read_xliff(next(outdir.glob("*.xlf")))
sentences = [s.text for s in doc.segments()]
print(json.dumps({"code": code, "whole": whole, "wall": wall, "peak_mb": peak_mb, "child_peak_mb": child_peak_mb,
                  "times": times, "sentences": sentences}))
"""


def brief_times(copies: int, path: Path) -> Path:
    """`copies` copies of the sample brief, footnote labels renamed per copy."""
    text = BRIEF.read_text(encoding="utf-8")
    parts = [re.sub(r"\[\^([^\]]+)\]", rf"[^c{k}-\1]", text) for k in range(copies)]
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


def engine_alone(sentences: list[str]) -> tuple[float, float]:
    """CPU and wall seconds of Apertium's two pivot steps on `sentences`, streamed as the toolkit streams them."""
    data = "".join(s.replace("\0", " ") + "\0" for s in sentences).encode("utf-8")
    script = (
        "import resource, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        "first = subprocess.Popen(['apertium', '-z', '-u', '-f', 'none', 'fra-cat'], stdin=subprocess.PIPE,"
        " stdout=subprocess.PIPE)\n"
        "second = subprocess.Popen(['apertium', '-z', '-u', '-f', 'none', 'cat-eng'], stdin=first.stdout,"
        " stdout=subprocess.DEVNULL)\n"
        "first.stdout.close(); first.stdin.write(sys.stdin.buffer.read()); first.stdin.close()\n"
        "second.wait(); first.wait()\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(kids.ru_utime + kids.ru_stime, time.perf_counter() - started)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], input=data, capture_output=True, check=True)
    cpu_s, wall_s = done.stdout.split()
    return float(cpu_s), float(wall_s)


def measure(copies: int, formats: str, work: Path, repeats: int = 1) -> dict[str, Any]:
    """One size `repeats` times: each stage's, the whole run's and the engine's fastest, the highest peak."""
    runs = [_measure_once(copies, formats, work / f"r{k}") for k in range(repeats)]
    # each whole run is compared with the engine alone measured right after it, under the same load
    ratios = sorted(float(run["whole"]) / max(float(run["engine_alone"]), 1e-9) for run in runs)
    wall_ratios = sorted(float(run["wall"]) / max(float(run["engine_alone_wall"]), 1e-9) for run in runs)
    best = dict(runs[0], times=dict(runs[0]["times"]))
    best["ratios"], best["wall_ratios"] = ratios, wall_ratios
    for run in runs[1:]:
        for stage, value in run["times"].items():
            best["times"][stage] = min(best["times"].get(stage, value), value)
        for key in ("whole", "engine_alone", "wall", "engine_alone_wall"):
            best[key] = min(best[key], run[key])
        best["peak_mb"] = max(best["peak_mb"], run["peak_mb"])
        best["child_peak_mb"] = max(best["child_peak_mb"], run["child_peak_mb"])
    return best


def _measure_once(copies: int, formats: str, work: Path) -> dict[str, Any]:
    folder = work / f"x{copies}"
    folder.mkdir(parents=True)
    brief = brief_times(copies, folder / "long.fr.md")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(brief), str(folder / "out"), formats],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"run at {copies}x failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    sentences = result.pop("sentences")
    assert isinstance(sentences, list)
    result["engine_alone"], result["engine_alone_wall"] = engine_alone(sentences)
    result["segments"] = len(sentences)
    result["kb"] = brief.stat().st_size / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="copies of the brief, comma-separated")
    parser.add_argument("--formats", default="", help="editions to write (default: all)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="runs per size; each figure is the fastest of them (a shared machine swings)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-stages-") as tmp:
        rows = {n: measure(n, args.formats, Path(tmp), args.repeats) for n in sizes}
    stages: list[str] = []
    for row in rows.values():
        times = row["times"]
        assert isinstance(times, dict)
        stages += [s for s in times if s not in stages]
    header = "| stage | " + " | ".join(f"{n}x s (share)" for n in sizes) + " |"
    print(header)
    print("|---|" + "---:|" * len(sizes))
    for stage in stages:
        cells = []
        for n in sizes:
            times, whole = rows[n]["times"], float(rows[n]["whole"])
            value = float(times.get(stage, 0.0))
            cells.append(f"{value:.2f} ({value / whole:.0%})")
        print(f"| {stage} | " + " | ".join(cells) + " |")
    for label, key in (("whole run", "whole"), ("Apertium alone, same sentences", "engine_alone")):
        print(f"| {label} | " + " | ".join(f"{float(rows[n][key]):.2f}" for n in sizes) + " |")
    for label, key in (("whole ÷ Apertium alone, CPU, per run (median)", "ratios"),
                       ("whole ÷ Apertium alone, wall clock, per run (median)", "wall_ratios")):
        print(f"| {label} | " + " | ".join(
            "/".join(f"{r:.2f}" for r in rows[n][key]) + f" ({statistics.median(rows[n][key]):.2f}x)"
            for n in sizes
        ) + " |")
    for label, key in (("whole run, wall s", "wall"), ("Apertium alone, wall s", "engine_alone_wall")):
        print(f"| {label} | " + " | ".join(f"{float(rows[n][key]):.2f}" for n in sizes) + " |")
    print("| peak MB, toolkit process | " + " | ".join(f"{float(rows[n]['peak_mb']):.0f}" for n in sizes) + " |")
    print("| peak MB, largest child (pandoc, Typst, Apertium) | "
          + " | ".join(f"{float(rows[n]['child_peak_mb']):.0f}" for n in sizes) + " |")
    sizes_line = " | ".join(f"{float(rows[n]['kb']):.0f} / {rows[n]['segments']}" for n in sizes)
    print(f"| brief KB / segments | {sizes_line} |")
    if len(sizes) >= 2:
        a, b = sizes[-2], sizes[-1]
        print(f"\ngrowth {a}x -> {b}x (linear: {b / a:.0f}x):")
        for stage in stages:
            ta = float(rows[a]["times"].get(stage, 0.0))
            tb = float(rows[b]["times"].get(stage, 0.0))
            if ta > 0.01:
                print(f"  {stage}: {tb / ta:.1f}x")


if __name__ == "__main__":
    main()
