"""`toolkit run BRIEF|DIR... -o OUT/`: a batch's briefs translated here, in a process pool or on a Dask cluster;
each brief's outputs committed into OUT all or nothing as it comes back, and `OUT/batch.json` telling them all.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any, TextIO

from toolkit.batch.work import Brief, BriefResult, Recipe, failed, share_cores
from toolkit.errors import ToolkitError
from toolkit.pipeline.run import RunSettings

BATCH_REPORT = "batch.json"
Results = Iterator[BriefResult]


@dataclasses.dataclass
class BatchPlan:
    """Where a batch runs: here (`jobs` 1), in `jobs` local processes, or on the Dask `scheduler`."""

    jobs: int = 1
    scheduler: str | None = None
    security: Any = None  # distributed.Security for a TLS scheduler


def resolve_jobs(value: str | None, briefs: int) -> int:
    """`--jobs N|auto`: N processes, `auto` one per core, never more than there are briefs."""
    if value is None or value in ("", "1"):
        return 1
    if value == "auto":
        wanted = os.cpu_count() or 1
    else:
        try:
            wanted = int(value)
        except ValueError:
            raise ToolkitError(f"--jobs takes a number or 'auto', not {value!r}") from None
        if wanted < 1:
            raise ToolkitError(f"--jobs must be at least 1, not {wanted}")
    return max(1, min(wanted, briefs))


def read_briefs(paths: Iterable[Path], outdir: Path, force: bool) -> Iterator[Brief | BriefResult]:
    """Each brief as bytes with its previous XLIFF from `outdir`, or at once its failure if it cannot be read."""
    from toolkit.formats import MAX_INPUT_BYTES
    from toolkit.pipeline.publish import output_stem
    from toolkit.support.fileio import read_input

    for path in paths:
        try:
            data = read_input(path, "brief", limit=MAX_INPUT_BYTES)
        except ToolkitError as exc:
            yield failed(str(path), b"", str(exc))
            continue
        xliff = outdir / f"{output_stem(path)}.xlf"
        previous = xliff.read_bytes() if not force and xliff.is_file() else None
        yield Brief(str(path), data, previous)


# --- where briefs run ------------------------------------------------------------------------------------


def here(resources: Any, settings: RunSettings, items: Iterable[Brief | BriefResult]) -> Results:
    from toolkit.batch.work import translate_brief

    for item in items:
        yield item if isinstance(item, BriefResult) else translate_brief(resources, settings, item)


def _pool_worker_start(recipe: Recipe) -> None:
    from toolkit.batch.work import loaded

    # Ctrl-C reaches the whole process group: the client alone decides, and stops the workers with SIGTERM,
    # which unwinds the brief under way so that its temporary folder goes too
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    loaded(recipe)  # the engine loaded once per worker, before its first brief


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def in_pool(recipe: Recipe, items: Iterable[Brief | BriefResult], jobs: int) -> Results:
    """Briefs in `jobs` processes of the standard library's pool, at most two each in flight.

    A worker process that dies (killed, out of memory) breaks the pool: a new one takes the briefs that were in
    flight, each at most once more, so that one poisonous brief cannot take the batch down with it.
    """
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    from toolkit.batch.work import in_flight_results, run_brief

    context = multiprocessing.get_context("spawn")  # a clean interpreter: no inherited locks, threads or signals

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=context, initializer=_pool_worker_start, initargs=(recipe,))

    pool = new_pool()
    pending: dict[Future[BriefResult], Brief] = {}
    tries: dict[str, int] = {}

    def submit(brief: Brief) -> None:
        tries[brief.name] = tries.get(brief.name, 0) + 1
        try:
            pending[pool.submit(run_brief, recipe, brief)] = brief
        except BrokenProcessPool:
            # the pool broke since the last collect (a worker died meanwhile): the brief never ran; a future
            # failing the same way takes its place, so that it goes to the fresh pool with the others
            tries[brief.name] -= 1
            stand_in: Future[BriefResult] = Future()
            stand_in.set_exception(BrokenProcessPool("the pool broke before the brief was sent"))
            pending[stand_in] = brief

    def collect(ready: list[BriefResult]) -> Results:
        nonlocal pool
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        broken: list[Brief] = []
        for future in done:
            brief = pending.pop(future)
            try:
                yield future.result()
            except BrokenProcessPool:
                broken.append(brief)
        if broken:
            # every future of a broken pool fails: collect them all, then go on in a fresh pool
            broken += list(pending.values())
            pending.clear()
            pool.shutdown(wait=True, cancel_futures=True)
            pool = new_pool()
            for brief in broken:
                if tries[brief.name] >= 2:
                    line = f"a worker process died while translating it, twice ({brief.name})"
                    ready.append(failed(brief.name, brief.data, line))
                else:
                    submit(brief)

    try:
        yield from in_flight_results(items, submit, lambda: len(pending), lambda: 2 * jobs, collect)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(OSError):
                process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- progress ---------------------------------------------------------------------------------------------


class BatchProgress:
    """A bar on a terminal (done / failed / total, the brief last started), one line per brief otherwise."""

    def __init__(self, total: int, out: TextIO, err: TextIO) -> None:
        from toolkit.support.progress import interactive

        self.total, self.out, self.err = total, out, err
        self.done = self.failed = 0
        self.current = ""
        self._bar: Any = None
        self._task: Any = None
        self._stack = contextlib.ExitStack()
        self._interactive = interactive()

    def __enter__(self) -> BatchProgress:
        if self._interactive:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(file=self.err)
            self._bar = self._stack.enter_context(
                Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=console,
                    transient=True,
                )
            )
            self._task = self._bar.add_task(self._describe(), total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def _describe(self) -> str:
        return f"done {self.done} · failed {self.failed} · of {self.total}" + (
            f" — {self.current}" if self.current else ""
        )

    def finished(self, result: BriefResult) -> None:
        if result.status == "done":
            self.done += 1
        else:
            self.failed += 1
        self.current = result.name
        count = f"[{self.done + self.failed}/{self.total}]"
        if result.status == "done":
            line = (
                f"{count} done {result.name}: {result.segments} segments, {sum(result.issues.values())} QA issues"
                + (f", {result.kept} reviewed segments kept" if result.kept else "")
                + f" ({result.seconds:.1f} s)"
                + (f"\n    {result.reviewed_work}" if result.reviewed_work else "")
            )
        else:
            line = f"{count} failed {result.name}"
        if self._bar is not None:
            if result.status != "done":
                self._bar.console.print(f"toolkit: error: {result.error}", markup=False, highlight=False)
            elif result.reviewed_work:
                self._bar.console.print(f"{result.name}: {result.reviewed_work}", markup=False, highlight=False)
            self._bar.update(self._task, advance=1, description=self._describe())
            return
        self.out.write(line + "\n")
        self.out.flush()
        if result.status != "done":
            self.err.write(f"toolkit: error: {result.error}\n")
            self.err.flush()
        for message in result.warnings:
            self.err.write(f"toolkit: warning: {message}\n")


# --- the batch ---------------------------------------------------------------------------------------------


def commit(outdir: Path, result: BriefResult) -> BriefResult:
    """Write one brief's outputs into `outdir`, all or none; a failure to write fails that brief only."""
    from toolkit.batch.work import error_line
    from toolkit.support.fileio import OutputSet

    if result.status != "done":
        return result
    try:
        with OutputSet(outdir) as out:
            for name, data in result.outputs.items():
                if Path(name).name != name or name.startswith("."):
                    raise ToolkitError(f"a worker sent back an output named {name!r}", result.name)
                out.path(name).write_bytes(data)
    except (ToolkitError, OSError) as exc:
        return dataclasses.replace(result, status="failed", error=error_line(exc), outputs={})
    return result


def make_outdir(outdir: Path) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise ToolkitError("the output folder is a file", str(outdir))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ToolkitError(f"cannot create the output folder: {exc.strerror}", str(outdir)) from None
    if not os.access(outdir, os.W_OK | os.X_OK):
        raise ToolkitError("the output folder is not writable", str(outdir))


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a batch as Ctrl-C does: briefs already written stay, nothing is half-written."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_batch(
    settings: RunSettings,
    paths: list[Path],
    plan: BatchPlan,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Translate every brief of `paths` into `settings.outdir`; 0 all done, 1 some failed, 2 none done."""
    from toolkit.batch.inputs import check_stems
    from toolkit.pipeline.run import load_resources
    from toolkit.support.fileio import write_text
    from toolkit.support.signature import signature_string

    out = out or sys.stdout
    err = err or sys.stderr
    check_stems(paths)
    outdir = settings.outdir
    settings = share_cores(settings, plan.jobs if plan.scheduler is None else 1)
    recipe = Recipe.from_settings(settings)  # every file the batch needs, read once: a bad one stops us here
    started = time.perf_counter()
    resources = None
    if plan.scheduler is None:
        resources = load_resources(settings)
        signature = resources.signature()
    results: dict[str, BriefResult] = {}
    items = read_briefs(paths, outdir, settings.force)
    interrupted = False
    with contextlib.ExitStack() as stack:
        stack.enter_context(_sigterm_as_interrupt())
        stream: Results
        if plan.scheduler is not None:
            from toolkit.batch.cluster import on_cluster

            cluster = stack.enter_context(on_cluster(plan.scheduler, recipe, plan.security, warn=_warner(err)))
            signature = cluster.signature
            stream = cluster.results(items)
        elif plan.jobs > 1:
            stream = in_pool(recipe, items, plan.jobs)
        else:
            stream = here(resources, settings, items)
        make_outdir(outdir)  # once the batch can start: a refused batch leaves no folder behind
        progress = stack.enter_context(BatchProgress(len(paths), out, err))
        try:
            for result in stream:
                result = commit(outdir, result)
                results[result.name] = result
                progress.finished(result)
        except KeyboardInterrupt:
            interrupted = True
    records: list[dict[str, Any]] = [
        results[str(p)].as_record()
        if str(p) in results
        else {"input": str(p), "status": "interrupted" if interrupted else "not run"}
        for p in paths
    ]
    done = [r for r in records if r["status"] == "done"]
    not_done = [r["input"] for r in records if r["status"] != "done"]
    report: dict[str, Any] = {
        "signature": signature,
        "signature_string": signature_string(signature),
        "briefs": len(records),
        "done": len(done),
        "failed": len(not_done),
        "jobs": plan.jobs,
        "scheduler": plan.scheduler,
        "seconds": round(time.perf_counter() - started, 2),
        "inputs": records,
    }
    write_text(outdir / BATCH_REPORT, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    if interrupted:
        raise KeyboardInterrupt
    from toolkit.pipeline.run import engine_line

    out.write(engine_line(signature) + "\n")
    out.write(
        f"{len(records)} briefs: {len(done)} done, {len(not_done)} failed; "
        f"{sum(r['segments'] for r in done)} segments, {sum(r['qa_issues'] for r in done)} QA issues"
        + (f", {kept} reviewed segments kept" if (kept := sum(r['reviewed_kept'] for r in done)) else "")
        + "\n"
    )
    out.write(f"wrote {outdir / BATCH_REPORT}\n")
    out.flush()
    if not not_done:
        return 0
    err.write(f"toolkit: error: {len(not_done)} of {len(records)} briefs failed: {', '.join(not_done)}\n")
    return 2 if not done else 1


def _warner(err: TextIO) -> Callable[[str], None]:
    def warn(message: str) -> None:
        err.write(f"toolkit: warning: {message}\n")
        err.flush()

    return warn
