"""Apertium, the offline fallback engine: French→English through a Spanish or Catalan pivot."""

# How texts travel through Apertium (findings on apertium 3.8.3, apertium-fr-es 0.9.4,
# apertium-eng-spa 0.8.1, apertium-fra-cat 1.10.0, apertium-eng-cat 1.0.1):
#
# - We write Apertium's own stream format and run `apertium -z -u -f none <mode>`, instead of
#   `-f html`. In 3.8.3 the html deformatter turns every tag into a plain superblank, which stays
#   put while transfer rules move words around it, so `a dit « <g>non</g> »` came back as
#   `said no « <g></g> »`. In the stream we mark each word inside a paired code with a
#   *word-bound blank* (`[[t:3]]non[[/]]`), which travels with the word through both steps.
#   A paired code spanning several words comes back word by word and is merged again here.
# - Standalone codes (`<x id="1"/>`) and paired codes with no letter or digit inside become
#   superblanks (`[c:4]`): Apertium never drops a superblank and keeps superblanks in order.
#   A paired code whose only word the grammar deletes (`<g>ne</g> … pas`) comes back missing;
#   the pipeline restores it and flags the segment.
# - A batch is one NUL-separated stream (null-flush mode, one process pipeline per call):
#   each chunk starts with a numbered superblank `[seg:N]` so the split is verified, and ends
#   with `.[]` like Apertium's own text deformatter, so the tagger sees a sentence end.
#   Null flush translates chunks independently: a batch gives the same output as single calls.
#   Not quite: cat-eng's anaphora module remembers earlier chunks, so batches are kept as they are; a
#   long document's batches share one first-step process, whose output does not depend on them
#   (`apertium_steps`), and each batch gets a fresh second step.
# - Text is escaped with backslashes for `\ [ ] ^ $ / < > { }`. `* # @ ~` cannot be escaped
#   (Apertium writes `\*` back as `*`, garbles `\*y` and eats `~` in post-generation), so a
#   literal one is carried in a superblank; any such mark left outside a superblank in the
#   output is an unknown-word mark: the word it marks is reported (`warnings`) and the mark removed.
#   Only the second step shows its marks: a French word the first step did not know reaches it
#   unchanged and is marked there too, so one step's marks name every word left untranslated.
# - « », ’ and no-break spaces (U+00A0, U+202F) pass through unchanged. Numbers keep their
#   French form: `1,5 %` stays `1,5 %` (no decimal point), `1 000` stays `1 000`, `23h` stays
#   `23h`. Elided articles leave doubled spaces (`l’Ukraine` → `  Ukraine`) and deleted words a
#   space before `,` or `.`; both are tidied here. French spacing before `:` `;` `!` `?` and
#   guillemets stay as they came (typography is not the engine's business).
# - Text around codes is an XML fragment: `&amp; &lt; &gt;` (and `&quot; &apos;`, numeric
#   references) are decoded before translation and `& < >` encoded after. A text with a raw `&`
#   or `<` that is not a code is taken literally and returned unescaped, as it came.

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from toolkit.engines.apertium_steps import FirstStep, first_step_command
from toolkit.engines.apertium_stream import decode, encode
from toolkit.engines.base import UNKNOWN_WORD, Engine, EngineWarning, Progress
from toolkit.errors import ToolkitError


@dataclass(frozen=True)
class Pivot:
    """A French→English route through one pivot language: two Apertium modes and their packages."""

    modes: tuple[str, str]
    packages: tuple[str, str]
    model: str


PIVOTS: dict[str, Pivot] = {
    "es": Pivot(("fr-es", "spa-eng"), ("apertium-fr-es", "apertium-eng-spa"), "fr-es+es-en"),
    "ca": Pivot(("fra-cat", "cat-eng"), ("apertium-fra-cat", "apertium-eng-cat"), "fr-ca+ca-en"),
}
# Chosen by benchmarks/bench_apertium.py on benchmarks/data/apertium-dev.*.txt: chrF 61.2 through
# Catalan against 58.4 through Spanish (Catalan better in 97 % of bootstrap resamples), at
# 0.57 against 0.27 s per 1,000 words: both are fast, quality decides. The price: names missing
# from the glossary come out in Catalan spelling (Lukaixenka, Kíiv, Xoigú: 20 of 27 dev-set names
# kept against 27 of 27 through Spanish); glossary names are locked as codes and never reach us.
DEFAULT_PIVOT = "ca"
BEST = "best"  # both routes, per segment the output with fewer unknown words (ties: Catalan)

# One pipeline call per this many texts: bounds memory and lets progress move on long documents.
BATCH_SIZE = 500


def install_hint(pivot: str = DEFAULT_PIVOT) -> str:
    """The one-line error telling how to install Apertium for `pivot`."""
    packages = " ".join(("apertium", *PIVOTS[pivot].packages))
    return f"Apertium fr→en is not installed: run `apt-get install {packages}`"


@functools.lru_cache(maxsize=8)
def _installed_modes(binary: str) -> frozenset[str]:
    try:
        listing = subprocess.run([binary, "-l"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(listing.stdout.split())


@functools.lru_cache(maxsize=16)
def _package_version(package: str) -> str:
    try:
        query = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return query.stdout.strip() if query.returncode == 0 else ""


def _apertium_version(binary: str) -> str:
    version = _package_version("apertium")
    if version:
        return version
    try:
        report = subprocess.run([binary, "-V"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return report.stdout.strip().removeprefix("Apertium ").strip() or "unknown"


def _find_binary(pivot: str) -> str:
    """The `apertium` script, if it and both modes of `pivot` are installed, else ToolkitError."""
    binary = shutil.which("apertium")
    if binary is None or not set(PIVOTS[pivot].modes) <= _installed_modes(binary):
        raise ToolkitError(install_hint(pivot))
    return binary


# --- texts with inline codes <-> Apertium stream --------------------------------------------


# --- running Apertium -------------------------------------------------------------------------


class ApertiumEngine(Engine):
    """French→English with Apertium's rule-based pairs, through a pivot language."""

    name = "apertium"
    keeps_markup = True

    def __init__(self, pivot: str = DEFAULT_PIVOT, timeout: float | None = None) -> None:
        if pivot not in PIVOTS and pivot != BEST:
            choices = ", ".join([*PIVOTS, BEST])
            raise ToolkitError(f"unknown Apertium pivot {pivot!r}: choose one of {choices}")
        self.pivot = pivot
        # `best`: both routes, Catalan first (it wins ties)
        self.routes = [DEFAULT_PIVOT, *(p for p in PIVOTS if p != DEFAULT_PIVOT)] if pivot == BEST else [pivot]
        for route in self.routes:
            self.binary = _find_binary(route)
        self.timeout = timeout
        self._route = self.routes[0]
        self._first_steps: dict[str, FirstStep] | None = None

    @classmethod
    def available(cls, pivot: str = DEFAULT_PIVOT) -> bool:
        """Whether `apertium` and both modes of the pivot route (of both routes for `best`) are installed."""
        binary = shutil.which("apertium")
        routes = list(PIVOTS) if pivot == BEST else [pivot]
        return binary is not None and all(set(PIVOTS[r].modes) <= _installed_modes(binary) for r in routes)

    def signature(self) -> dict[str, str]:
        """Engine, Apertium version, and the two language pairs of each route with their package versions."""
        models = []
        for name in self.routes:
            route = PIVOTS[name]
            packages = ", ".join(f"{p} {_package_version(p) or 'unknown'}" for p in route.packages)
            models.append(f"{route.model} ({packages})")
        model = " | ".join(models) + (", per segment the fewer unknown words" if self.pivot == BEST else "")
        return {"engine": self.name, "version": _apertium_version(self.binary), "model": model}

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Translate every text; `progress` receives the number of texts finished by each step.

        The words Apertium could not translate (its unknown-word marks, stripped from the text) are in
        `warnings`, one `untranslated-word` warning per text that has any, the words space-separated.
        """
        self.warnings: list[EngineWarning] = []
        results = list(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        # A long document: each route's first step runs once for every batch (see apertium_steps).
        self._first_steps = {} if len(todo) > BATCH_SIZE else None
        try:
            for start in range(0, len(todo), BATCH_SIZE):
                batch = todo[start : start + BATCH_SIZE]
                translated, unknown = self._best_of_routes([texts[i] for i in batch])
                for index, text, words in zip(batch, translated, unknown, strict=True):
                    results[index] = text
                    if words:
                        self.warnings.append(EngineWarning(index, UNKNOWN_WORD, " ".join(dict.fromkeys(words))))
                if progress is not None:
                    progress(len(batch))
        except BaseException:
            self._stop_first_steps(kill=True)
            raise
        self._stop_first_steps()
        if progress is not None and len(todo) < len(texts):
            progress(len(texts) - len(todo))
        return results

    def _best_of_routes(self, texts: list[str]) -> tuple[list[str], list[list[str]]]:
        """Each text through every route; per text the output with the fewest unknown words (ties: first route)."""
        best: tuple[list[str], list[list[str]]] | None = None
        for route in self.routes:
            self._route = route
            outputs, unknown = self._translate_batch(texts)
            if best is None:
                best = (outputs, unknown)
                continue
            for i, (output, words) in enumerate(zip(outputs, unknown, strict=True)):
                if len(set(words)) < len(set(best[1][i])):
                    best[0][i], best[1][i] = output, words
        assert best is not None
        return best

    def _translate_batch(self, texts: list[str]) -> tuple[list[str], list[list[str]]]:
        encoded = [encode(text, number) for number, text in enumerate(texts)]
        streams = [e.stream for e in encoded]
        chunks = self._run_staged(streams) if self._first_steps is not None else self._run(streams)
        if chunks is not None:
            unknown: list[list[str]] = [[] for _ in texts]
            decoded = [
                decode(c, n, e, unknown[n]) for n, (c, e) in enumerate(zip(chunks, encoded, strict=True))
            ]
            if all(d is not None for d in decoded):
                return [d for d in decoded if d is not None], unknown
        self._stop_first_steps()  # from here on, fresh pipelines as for a short document
        # The batch did not split back cleanly: translate each text alone.
        singles: list[str] = []
        words: list[list[str]] = []
        for text in texts:
            alone = encode(text, 0)
            chunk = self._run([alone.stream])
            words.append([])
            result = decode(chunk[0], 0, alone, words[-1]) if chunk else None
            if result is None:
                raise ToolkitError("Apertium returned output that cannot be matched to its input", text[:60])
            singles.append(result)
        return singles, words

    def _run_staged(self, streams: list[str]) -> list[str] | None:
        """Like `_run`, through the route's long-running first step and a fresh second step."""
        assert self._first_steps is not None
        data = "".join(s + "\0" for s in streams).encode("utf-8")
        timeout = self.timeout if self.timeout is not None else 60 + len(data) / 2000
        first, second = PIVOTS[self._route].modes
        where = f"{first} | {second}"
        step = self._first_steps.get(self._route)
        if step is None:
            known = first_step_command(self.binary, first)
            if known is None:  # the mode cannot be run as the script runs it: a pipeline per batch
                self._stop_first_steps()
                return self._run(streams)
            try:
                step = self._first_steps[self._route] = FirstStep(*known, where)
            except OSError as error:
                raise ToolkitError(install_hint(self._route), str(error)) from None
        step.feed(data)
        middle = step.take(len(streams), timeout)
        try:
            done = subprocess.run([self.binary, "-z", "-f", "none", second], input=middle, capture_output=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ToolkitError(f"Apertium took longer than {timeout:.0f} s", where) from None
        except OSError as error:
            raise ToolkitError(install_hint(self._route), str(error)) from None
        if done.returncode:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            detail = message[-1] if message else f"exit status {done.returncode}"
            raise ToolkitError(f"Apertium failed: {detail}", where)
        parts = done.stdout.decode("utf-8", "replace").split("\0")
        if len(parts) < len(streams) or any(parts[len(streams) :]):
            return None
        return parts[: len(streams)]

    def _stop_first_steps(self, kill: bool = False) -> None:
        steps, self._first_steps = self._first_steps, None
        for step in (steps or {}).values():
            step.close(kill)

    def _run(self, streams: list[str]) -> list[str] | None:
        """Both pivot steps as one process pipe over NUL-separated chunks; None on a count mismatch."""
        data = "".join(s + "\0" for s in streams).encode("utf-8")
        timeout = self.timeout if self.timeout is not None else 60 + len(data) / 2000
        first, second = PIVOTS[self._route].modes
        # the second step keeps its unknown-word marks: a French word the first step did not know reaches it
        # unchanged and is marked there too, so its marks name every word left untranslated
        command = [self.binary, "-z", "-u", "-f", "none"]
        with tempfile.TemporaryFile() as errors:
            try:
                step1 = subprocess.Popen(
                    [*command, first], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors
                )
                step2 = subprocess.Popen(
                    [self.binary, "-z", "-f", "none", second],
                    stdin=step1.stdout,
                    stdout=subprocess.PIPE,
                    stderr=errors,
                )
            except OSError as error:
                raise ToolkitError(install_hint(self._route), str(error)) from None
            assert step1.stdin is not None and step1.stdout is not None
            step1.stdout.close()  # step2 owns it now; step1 gets SIGPIPE if step2 dies
            writer = threading.Thread(target=_feed, args=(step1.stdin, data), daemon=True)
            writer.start()
            try:
                output, _ = step2.communicate(timeout=timeout)
                step1.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                step1.kill()
                step2.kill()
                step1.wait()
                step2.wait()
                where = f"{first} | {second}"
                raise ToolkitError(f"Apertium took longer than {timeout:.0f} s", where) from None
            writer.join()
            if step1.returncode or step2.returncode:
                errors.seek(0)
                message = errors.read().decode("utf-8", "replace").strip().splitlines()
                detail = message[-1] if message else f"exit status {step1.returncode or step2.returncode}"
                raise ToolkitError(f"Apertium failed: {detail}", f"{first} | {second}")
        parts = output.decode("utf-8", "replace").split("\0")
        # Each program in the pipe adds a NUL when it ends: everything past our chunks is empty.
        if len(parts) < len(streams) or any(parts[len(streams) :]):
            return None
        return parts[: len(streams)]


def _feed(pipe: IO[bytes], data: bytes) -> None:
    """Write all input and close, ignoring a reader that stopped early (its error is reported)."""
    try:
        pipe.write(data)
        pipe.close()
    except (BrokenPipeError, ValueError, OSError):
        pass


__all__ = ["BEST", "DEFAULT_PIVOT", "PIVOTS", "ApertiumEngine", "Pivot", "decode", "encode", "install_hint"]
