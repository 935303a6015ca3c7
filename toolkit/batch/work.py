"""One brief's work wherever it runs: the brief and the run's files travel as bytes, the outputs come back as bytes.

A worker (this process, a pool process or a Dask worker on another machine) loads the rules, glossary, memory
and engine of a `Recipe` once, then translates each `Brief` in a private temporary folder holding a copy of the
brief and of its previous XLIFF, so that reviewed work is kept exactly as in a single run. Nothing a worker
writes outlives the brief; the client alone writes into the output folder.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import os
import pickle
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.pipeline.run import Resources, RunSettings

# file names a recipe materializes in a worker's private folder, one subfolder per file so names never clash
_RECIPES_DIR_PREFIX = "toolkit-recipe-"
_BRIEF_DIR_PREFIX = "toolkit-brief-"

WORKER_JOBS_ENV = "TOOLKIT_WORKER_JOBS"  # how many workers share this machine's cores (Argos threads)


@dataclass(frozen=True)
class Recipe:
    """Everything a worker needs to load a batch's resources without the client's disk: the settings, and the
    bytes of each glossary, memory, do-not-translate list and rules file under its own file name."""

    settings: RunSettings
    glossaries: tuple[tuple[str, bytes], ...] = ()
    memories: tuple[tuple[str, bytes], ...] = ()
    srx: tuple[str, bytes] | None = None
    dnt: tuple[tuple[str, bytes], ...] = ()

    @classmethod
    def from_settings(cls, settings: RunSettings) -> Recipe:
        from toolkit.support.fileio import read_input

        def carried(path: Path, what: str) -> tuple[str, bytes]:
            return path.name, read_input(path, what)

        return cls(
            settings=settings,
            glossaries=tuple(carried(p, "glossary") for p in settings.glossaries),
            memories=tuple(carried(p, "translation memory") for p in settings.tm),
            srx=carried(Path(settings.srx), "rules file") if settings.srx else None,
            dnt=tuple(carried(p, "do-not-translate list") for p in settings.dnt),
        )

    @property
    def key(self) -> str:
        """The same for two recipes that load the same resources."""
        return hashlib.sha256(pickle.dumps(self)).hexdigest()

    def materialize(self, folder: Path) -> RunSettings:
        """Write the carried files under `folder`; the settings pointing at those copies."""

        def place(index: int, kind: str, item: tuple[str, bytes]) -> Path:
            name, data = item
            path = folder / f"{kind}{index}" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return path

        return dataclasses.replace(
            self.settings,
            glossaries=[place(i, "glossary", g) for i, g in enumerate(self.glossaries)],
            tm=[place(i, "tm", m) for i, m in enumerate(self.memories)],
            srx=str(place(0, "srx", self.srx)) if self.srx else None,
            dnt=[place(i, "dnt", d) for i, d in enumerate(self.dnt)],
        )


@dataclass(frozen=True)
class Brief:
    """One input as bytes, named as its user named it, with the XLIFF a previous run left in the output folder."""

    name: str
    data: bytes
    previous_xliff: bytes | None = None


@dataclass
class BriefResult:
    """What became of one brief: its outputs as bytes (file name → content) or the one line saying why not."""

    name: str
    sha256: str
    status: str  # done | failed
    error: str = ""
    outputs: dict[str, bytes] = field(default_factory=dict)
    seconds: float = 0.0
    segments: int = 0
    translated: int = 0
    kept: int = 0
    # the rerun's carry-over line when reviewed work was not all kept as it was (suggestions, retired, lost)
    reviewed_work: str = ""
    issues: dict[str, int] = field(default_factory=dict)  # QA issue kind → count
    warnings: list[str] = field(default_factory=list)
    signature: dict[str, str] = field(default_factory=dict)
    worker: str = ""

    def as_record(self) -> dict[str, Any]:
        """The brief's entry in `batch.json`."""
        return {
            "input": self.name,
            "sha256": self.sha256,
            "status": self.status,
            "error": self.error or None,
            "outputs": sorted(self.outputs),
            "seconds": round(self.seconds, 2),
            "segments": self.segments,
            "translated": self.translated,
            "reviewed_kept": self.kept,
            "reviewed_work": self.reviewed_work or None,
            "qa_issues": sum(self.issues.values()),
            "qa_by_kind": dict(sorted(self.issues.items())),
            "warnings": self.warnings,
        }


def failed(brief_name: str, data: bytes, error: str, seconds: float = 0.0) -> BriefResult:
    from toolkit.support.signature import short_hash

    return BriefResult(brief_name, short_hash(data) if data else "", "failed", error=error, seconds=seconds)


def in_flight_results(
    items: Iterable[Brief | BriefResult],
    submit: Callable[[Brief], None],
    in_flight: Callable[[], int],
    window: Callable[[], int],
    collect: Callable[[list[BriefResult]], Iterator[BriefResult]],
) -> Iterator[BriefResult]:
    """The results of `items` as they come, with at most `window()` briefs submitted at a time.

    A result already known (a brief skipped, or refused before it ran) passes through in its place; each brief
    goes to `submit`. While some are in flight, `collect(ready)` waits for what finishes and yields it; what it
    appends to `ready` (a brief given up) is yielded next.
    """
    source = iter(items)
    ready: list[BriefResult] = []

    def fill() -> None:
        while in_flight() < window():
            item = next(source, None)
            if item is None:
                return
            if isinstance(item, BriefResult):
                ready.append(item)
            else:
                submit(item)

    fill()
    while in_flight() or ready:
        yield from ready
        ready.clear()
        if not in_flight():
            fill()
            continue
        yield from collect(ready)
        fill()


def error_line(exc: BaseException) -> str:
    """The one line a user sees for what went wrong (as `toolkit: error:` would say it, without the prefix)."""
    from toolkit.errors import ToolkitError

    if isinstance(exc, ToolkitError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "out of memory while translating"
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f" ({exc.filename})" if getattr(exc, "filename", None) else "")
    return f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)"


def translate_brief(resources: Resources, settings: RunSettings, brief: Brief) -> BriefResult:
    """Translate `brief` with loaded `resources`; never raises for a problem of the brief's own."""
    from toolkit.pipeline.publish import output_stem
    from toolkit.pipeline.run import run_pipeline
    from toolkit.support.signature import short_hash

    started = time.perf_counter()
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix=_BRIEF_DIR_PREFIX) as tmp:
        source = Path(tmp) / "in" / Path(brief.name).name
        outdir = Path(tmp) / "out"

        def told(text: str) -> str:
            # lines name the brief and the output folder as the user named them, never a worker's folder
            text = text.replace(str(source), brief.name).replace(str(outdir), str(settings.outdir))
            return text if brief.name in text else f"{text} ({brief.name})"

        try:
            source.parent.mkdir()
            source.write_bytes(brief.data)
            if brief.previous_xliff is not None:
                outdir.mkdir()
                (outdir / f"{output_stem(brief.name)}.xlf").write_bytes(brief.previous_xliff)
            one = dataclasses.replace(settings, input=source, outdir=outdir, source_name=brief.name, progress=False)
            result = run_pipeline(one, warn=lambda message: warnings.append(told(message)), resources=resources)
            outputs = {path.name: path.read_bytes() for path in result.written}
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # one brief's failure, whatever it is, is that brief's line
            if os.environ.get("TOOLKIT_DEBUG"):
                raise
            outcome = failed(brief.name, brief.data, told(error_line(exc)), time.perf_counter() - started)
            outcome.warnings, outcome.worker = warnings, worker_name()
            return outcome
    issues: dict[str, int] = {}
    for issue in result.qa["issues"]:
        issues[issue["kind"]] = issues.get(issue["kind"], 0) + 1
    return BriefResult(
        name=brief.name,
        sha256=short_hash(brief.data),
        status="done",
        outputs=outputs,
        seconds=time.perf_counter() - started,
        segments=result.qa["segments"],
        translated=result.qa["translated"],
        kept=result.kept,
        reviewed_work=(
            result.carried.summary() if result.carried is not None and not result.carried.everything_kept else ""
        ),
        issues=issues,
        warnings=warnings,
        signature=result.signature,
        worker=worker_name(),
    )


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- the resources of this process, loaded once per recipe -----------------------------------------------

_LOADED: dict[str, tuple[Resources, RunSettings]] = {}


def loaded(recipe: Recipe) -> tuple[Resources, RunSettings]:
    """This process's resources for `recipe` (loaded at first use) and the settings pointing at its files."""
    from toolkit.pipeline.run import load_resources

    key = recipe.key
    if key not in _LOADED:

        # workers started together share this machine's cores (Argos threads = cores ÷ workers)
        local = share_cores(recipe.settings, int(os.environ.get(WORKER_JOBS_ENV) or 1))
        if recipe.glossaries or recipe.memories or recipe.srx or recipe.dnt:
            folder = Path(tempfile.mkdtemp(prefix=_RECIPES_DIR_PREFIX))
            atexit.register(shutil.rmtree, folder, True)
            local = dataclasses.replace(recipe, settings=local).materialize(folder)
        _LOADED[key] = (load_resources(local), local)
    return _LOADED[key]


def run_brief(recipe: Recipe, brief: Brief) -> BriefResult:
    """A worker's task: `brief` translated with this process's resources for `recipe`."""
    resources, settings = loaded(recipe)
    return translate_brief(resources, settings, brief)


def batch_signature(recipe: Recipe) -> dict[str, str]:
    """A worker's answer at connect: the signature its resources for `recipe` give every brief."""
    resources, _settings = loaded(recipe)
    return resources.signature()


def share_cores(settings: RunSettings, jobs: int) -> RunSettings:
    """Argos threads = cores ÷ jobs, unless the user set `threads`: workers must not fight for the cores."""
    from toolkit.engines import default_engine_name

    if jobs <= 1 or (settings.engine or default_engine_name()) != "argos":
        return settings
    raw = dict(settings.options.get("raw") or {})
    if "threads" in raw:
        return settings
    raw["threads"] = str(max(1, (os.cpu_count() or 1) // jobs))
    return dataclasses.replace(settings, options={**settings.options, "raw": raw})
