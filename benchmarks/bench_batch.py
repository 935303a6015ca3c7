"""Many briefs: 32 separate `toolkit run` calls vs one `toolkit run DIR` vs `--jobs 2` vs a Dask cluster.

Run from the repository root: `python benchmarks/bench_batch.py [--briefs 32] [--engines apertium,argos]`.
The briefs are made from the samples (every format, each a variant of its sample: a dated update line, a
paragraph fewer); the cluster is a `dask scheduler` and `toolkit worker --nworkers 2`, separate processes on
127.0.0.1, started before the clock runs. Argos is the tiny real package of the tests (random weights): it
measures the machinery (model load, CTranslate2 threads, the malloc trap), not translation quality.

Prints, per engine: wall time, ratio to the separate calls, peak resident memory of one worker process.
Targets (2 cores, Apertium): one process ≥ 1.4× the separate calls, `--jobs 2` ≥ 2.5×, the cluster within 15 %
of `--jobs 2`; with Argos, the cluster within 15 % of the process pool.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.engines.tinyargos import build_package_dir  # noqa: E402

SAMPLES = ROOT / "samples"
SOURCES = ("belarus-brief.fr.txt", "wagner.fr.md", "moldavie.fr.html", "zaporijjia.fr.docx", "zaporijjia-odt.fr.odt")
STARTUP_SECONDS = 120


def make_briefs(folder: Path, count: int) -> None:
    """`count` briefs, round-robin over the samples' formats, each a little different from its sample."""
    folder.mkdir(parents=True)
    for i in range(count):
        name = SOURCES[i % len(SOURCES)]
        stem, rest = name.split(".", 1)
        target = folder / f"{stem}-{i:02d}.{rest}"
        data = (SAMPLES / name).read_bytes()
        if name.endswith((".txt", ".md")):
            paragraphs = data.decode("utf-8").split("\n\n")
            if len(paragraphs) > 3:
                del paragraphs[1 + i % (len(paragraphs) - 2)]
            paragraphs.append(f"Mise à jour n° {i} du {1 + i % 28} novembre.\n")
            target.write_text("\n\n".join(paragraphs), "utf-8")
        elif name.endswith(".html"):
            text = data.decode("utf-8")
            target.write_text(text.replace("</body>", f"<p>Mise à jour n° {i}.</p></body>", 1), "utf-8")
        else:
            target.write_bytes(data)
            with zipfile.ZipFile(target) as archive:
                assert archive.testzip() is None


class PeakMemory:
    """Samples the resident memory of a process tree every 0.1 s; the peak of its largest process."""

    def __init__(self, roots: list[int]) -> None:
        self.roots = roots
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for root in self.roots:
                with contextlib.suppress(psutil.Error):
                    tree = psutil.Process(root)
                    for proc in [tree, *tree.children(recursive=True)]:
                        with contextlib.suppress(psutil.Error):
                            if "python" in proc.name():
                                rss = proc.memory_info().rss
                                self.peak[proc.pid] = max(self.peak.get(proc.pid, 0), rss)
            self._stop.wait(0.1)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def largest_mb(self, exclude: frozenset[int] | set[int] = frozenset()) -> float:
        values = [v for pid, v in self.peak.items() if pid not in exclude]
        return max(values, default=0) / 2**20


def toolkit(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "toolkit", *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


FAILED: dict[str, list[str]] = {}  # how → the error lines of briefs that failed (told, then compared)


def finish(proc: subprocess.Popen[bytes], what: str, batch: bool = False) -> None:
    """Wait for a run; a brief that fails is recorded (every way of running must fail the same briefs)."""
    _out, err = proc.communicate(timeout=3600)
    lines = [line for line in err.decode().splitlines() if line.startswith("toolkit: error: ")]
    if proc.returncode == 0:
        return
    if (proc.returncode == 1 and batch) or (proc.returncode == 2 and not batch and lines):
        FAILED.setdefault(what, []).extend(lines[:-1] if batch else lines)
        return
    sys.exit(f"{what} failed ({proc.returncode}): {err.decode()[-2000:]}")


def separate_calls(briefs: list[Path], out: Path, flags: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    peak = 0.0
    for brief in briefs:
        proc = toolkit(["run", str(brief), "-o", str(out), *flags], env)
        with PeakMemory([proc.pid]) as memory:
            finish(proc, "separate calls")
        peak = max(peak, memory.largest_mb())
    return time.perf_counter() - start, peak


def one_command(folder: Path, out: Path, flags: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = toolkit(["run", str(folder), "-o", str(out), *flags], env)
    with PeakMemory([proc.pid]) as memory:
        finish(proc, "toolkit run DIR " + " ".join(f for f in flags if f.startswith("--j")), batch=True)
    seconds = time.perf_counter() - start
    # with --jobs the client only writes: the figure is its largest worker's
    exclude = {proc.pid} if "--jobs" in flags or "--scheduler" in flags else set()
    return seconds, memory.largest_mb(exclude)


@contextlib.contextmanager
def cluster(root: Path, env: dict[str, str]) -> Iterator[tuple[str, list[int]]]:
    """A scheduler and two workers on 127.0.0.1; their address and pids, stopped on leaving."""
    spec = root / "scheduler.json"
    logs = [open(root / "scheduler.log", "wb"), open(root / "workers.log", "wb")]
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
         "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(spec)],
        env=env, cwd=root, stdout=logs[0], stderr=subprocess.STDOUT,
    )
    procs = [scheduler]
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not spec.exists():
            if time.monotonic() > deadline:
                sys.exit("the scheduler did not start")
            time.sleep(0.2)
        address = json.loads(spec.read_text())["address"]
        workers = subprocess.Popen(
            [sys.executable, "-m", "toolkit", "worker", address, "--nworkers", "2", "--host", "127.0.0.1"],
            env=env, cwd=root, stdout=logs[1], stderr=subprocess.STDOUT,
        )
        procs.append(workers)
        from distributed import Client

        with Client(address, timeout=STARTUP_SECONDS, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=STARTUP_SECONDS)
        yield address, [workers.pid]
    finally:
        for proc in reversed(procs):
            proc.send_signal(signal.SIGTERM)
        for proc in reversed(procs):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()


Row = tuple[str, float, float]  # what, wall seconds, peak MB of one worker process


def bench_engine(engine: str, folder: Path, work: Path, env: dict[str, str], formats: str) -> list[Row]:
    briefs = sorted(folder.iterdir())
    flags = ["--engine", engine] + (["--formats", formats] if formats else [])
    rows: list[Row] = []

    def fresh(name: str) -> Path:
        out = work / f"{engine}-{name}"
        shutil.rmtree(out, ignore_errors=True)
        return out

    rows.append((f"{len(briefs)} separate `toolkit run` calls", *separate_calls(briefs, fresh("calls"), flags, env)))
    rows.append(("one `toolkit run DIR`", *one_command(folder, fresh("one"), flags, env)))
    rows.append(("`toolkit run DIR --jobs 2`", *one_command(folder, fresh("jobs"), [*flags, "--jobs", "2"], env)))
    with cluster(work, env) as (address, worker_pids):
        out = fresh("cluster")
        start = time.perf_counter()
        proc = toolkit(["run", str(folder), "-o", str(out), *flags, "--scheduler", address], env)
        with PeakMemory(worker_pids) as memory:
            finish(proc, "cluster", batch=True)
        seconds = time.perf_counter() - start
        rows.append(("scheduler + 2 workers on 127.0.0.1", seconds, memory.largest_mb(set(worker_pids))))
    counts = {len(lines) for lines in FAILED.values()}
    for name in ("one", "jobs", "cluster"):
        report = json.loads((work / f"{engine}-{name}" / "batch.json").read_text("utf-8"))
        counts.add(len(briefs) - report["done"])
    if len(counts) > 1:
        sys.exit(f"{engine}: the ways of running failed different numbers of briefs: {FAILED}")
    for what, lines in FAILED.items():
        print(f"{engine}, {what}: {len(lines)} brief(s) failed alike: {lines[0]}")
    FAILED.clear()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--briefs", type=int, default=32)
    parser.add_argument("--engines", default="apertium,argos")
    parser.add_argument("--formats", default="", help="editions to write (default: all, as users run it)")
    parser.add_argument("--argos-formats", default=None, help="editions for the Argos runs (default: --formats)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        work = Path(tmp)
        packages = work / "argos-packages"
        build_package_dir(packages)
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages), "PYTHONPATH": str(ROOT)}
        env.pop("MALLOC_TRIM_THRESHOLD_", None)
        folder = work / "briefs"
        make_briefs(folder, args.briefs)
        print(f"{args.briefs} briefs, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start\n")
        for engine in args.engines.split(","):
            formats = args.argos_formats if engine == "argos" and args.argos_formats is not None else args.formats
            rows = bench_engine(engine, folder, work, env, formats)
            base = rows[0][1]
            print(f"### {engine}" + (f" (editions: {formats})" if formats else " (all editions)") + "\n")
            print("| how | wall s | × separate calls | peak MB per worker process |")
            print("|---|---:|---:|---:|")
            for label, seconds, peak in rows:
                print(f"| {label} | {seconds:.1f} | {base / seconds:.2f} | {peak:.0f} |")
            one, jobs, dask = (rows[1][1], rows[2][1], rows[3][1])
            print(
                f"\none process {base / one:.2f}× (target ≥ 1.4), --jobs 2 {base / jobs:.2f}× (target ≥ 2.5), "
                f"cluster {100 * (dask / jobs - 1):+.0f} % of --jobs 2 (target within 15 %)\n"
            )


if __name__ == "__main__":
    main()
