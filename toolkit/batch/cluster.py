"""A team's cluster: briefs translated by `toolkit worker`s of a Dask distributed scheduler (the `cluster` extra).

Briefs travel to the workers as bytes, with their previous XLIFF; outputs come back as bytes and the client
writes them, so workers need no shared disk. At connect each worker loads the batch's resources and tells its
signature (toolkit version, engine, model, glossary, rules, memory): a worker whose signature differs from this
machine's is refused, so that one batch has one signature. Dask re-runs the brief of a worker that dies; a brief
is written once, whichever copy of it comes back first.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from toolkit.batch.work import (
    Brief,
    BriefResult,
    Recipe,
    batch_signature,
    error_line,
    failed,
    in_flight_results,
    run_brief,
)
from toolkit.errors import ToolkitError

CONNECT_SECONDS = 30.0  # to reach the scheduler, and for a first worker to be there
HANDSHAKE_SECONDS = 300.0  # for a worker to load the engine and tell its signature
POLL_SECONDS = 2.0  # how often the client looks for workers that came or went while it waits
ORPHAN_SECONDS = 120.0  # briefs left with no worker of the batch's signature fail after this long
EXTRA_HINT = "the cluster extra is not installed: pip install 'toolkit[cluster]' (dask and distributed)"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ToolkitError(EXTRA_HINT) from None
    return distributed


def security(files: dict[str, str | None]) -> Any:
    """Dask's `Security` for a tls:// scheduler from the files given (CA, certificate, key)."""
    distributed = _distributed()
    given = {key: value for key, value in files.items() if value}
    return distributed.Security(require_encryption=True, **given)


def differences(expected: dict[str, str], found: dict[str, str]) -> str:
    """`glossary a4000233 here, 1f2e3d4c there; …` for the keys of two signatures that differ."""
    keys = [k for k in expected if expected.get(k) != found.get(k)] + [k for k in found if k not in expected]
    return "; ".join(f"{k} {expected.get(k, 'none')} here, {found.get(k, 'none')} there" for k in keys)


@dataclass
class Cluster:
    """A connected client and the workers that passed the handshake."""

    client: Any
    recipe: Recipe
    signature: dict[str, str]
    warn: Callable[[str], None]
    accepted: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)

    def workers(self) -> set[str]:
        return set(self.client.scheduler_info(n_workers=-1)["workers"])

    def handshake(self, addresses: Iterable[str]) -> None:
        """Ask each new worker for its signature; accept those that match, refuse the others in one line."""
        distributed = _distributed()
        fresh = sorted(set(addresses) - self.seen)
        if not fresh:
            return
        self.seen.update(fresh)
        asks = {
            address: self.client.submit(
                batch_signature, self.recipe, workers=[address], allow_other_workers=False, pure=False
            )
            for address in fresh
        }
        deadline = time.monotonic() + HANDSHAKE_SECONDS
        waiting = dict(asks)
        while waiting and time.monotonic() < deadline:
            with contextlib.suppress(distributed.TimeoutError, TimeoutError):
                distributed.wait(list(waiting.values()), timeout=POLL_SECONDS)
            waiting = {a: f for a, f in waiting.items() if f.status == "pending"}
            if waiting:
                gone = set(waiting) - self.workers()
                for address in gone:  # left (or died) while loading: nothing to refuse, nothing to wait for
                    waiting.pop(address).cancel()
                    asks.pop(address)
        for address, ask in asks.items():
            if ask.status != "finished":
                reason = error_line(ask.exception()) if ask.status == "error" else "no answer"
                ask.cancel()
                self.warn(f"worker {address} refused: {reason}")
                continue
            theirs = ask.result()
            if theirs != self.signature:
                self.warn(f"worker {address} refused, another signature: {differences(self.signature, theirs)}")
                continue
            self.accepted.add(address)

    def results(self, items: Iterable[Brief | BriefResult]) -> Iterator[BriefResult]:
        """Each brief translated by an accepted worker, in the order they come back, each brief once."""
        distributed = _distributed()
        pending: dict[Any, tuple[int, Brief, frozenset[str]]] = {}  # future → (number, brief, workers allowed)
        done: set[int] = set()
        numbers = itertools.count(1)
        orphaned_since: float | None = None

        def submit(number: int, brief: Brief) -> None:
            targets = frozenset(self.accepted)
            future = self.client.submit(
                run_brief, self.recipe, brief, workers=sorted(targets), allow_other_workers=False, pure=False
            )
            pending[future] = (number, brief, targets)

        def collect(ready: list[BriefResult]) -> Iterator[BriefResult]:
            nonlocal orphaned_since
            try:
                finished, _rest = distributed.wait(
                    list(pending), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED"
                )
            except (distributed.TimeoutError, TimeoutError):
                finished = set()
            for future in finished:
                number, brief, _targets = pending.pop(future)
                if number in done:
                    continue  # a second copy of a brief already written
                done.add(number)
                yield self._outcome(future, brief)
            if not finished:
                orphaned_since = self._watch(pending, done, submit, orphaned_since)
                if orphaned_since is not None and time.monotonic() - orphaned_since > ORPHAN_SECONDS:
                    for future, (number, brief, _targets) in list(pending.items()):
                        future.cancel()
                        if number not in done:
                            done.add(number)
                            ready.append(
                                failed(brief.name, brief.data, f"no worker left to translate it ({brief.name})")
                            )
                    pending.clear()

        try:
            yield from in_flight_results(items, lambda brief: submit(next(numbers), brief), lambda: len(pending),
                                         lambda: 2 * max(1, len(self.accepted)), collect)
        finally:
            for future in pending:
                future.cancel()

    def _outcome(self, future: Any, brief: Brief) -> BriefResult:
        if future.status == "finished":
            result: BriefResult = future.result()
            return result
        exc = future.exception() if future.status == "error" else None
        if exc is not None and type(exc).__name__ == "KilledWorker":
            return failed(brief.name, brief.data, f"every worker that took it died ({brief.name})")
        return failed(brief.name, brief.data, f"{error_line(exc) if exc else future.status} ({brief.name})")

    def _watch(
        self,
        pending: dict[Any, tuple[int, Brief, frozenset[str]]],
        done: set[int],
        submit: Callable[[int, Brief], None],
        orphaned_since: float | None,
    ) -> float | None:
        """While waiting: new workers are handshaken; a brief bound to workers that are all gone (killed, and
        restarted under a new address) goes again to the accepted workers alive. The time since no accepted
        worker is alive, or None."""
        alive = self.workers()
        self.handshake(alive)
        if not self.accepted & alive:
            return orphaned_since if orphaned_since is not None else time.monotonic()
        for future, (number, brief, targets) in list(pending.items()):
            if targets & alive:
                continue
            future.cancel()
            del pending[future]
            if number not in done and not any(n == number for n, _b, _t in pending.values()):
                submit(number, brief)
        return None


@contextlib.contextmanager
def on_cluster(
    address: str, recipe: Recipe, security: Any, warn: Callable[[str], None]
) -> Iterator[Cluster]:
    """A client of the scheduler at `address` with its workers handshaken, closed on leaving."""
    from toolkit.pipeline.run import load_resources

    distributed = _distributed()
    try:
        client = distributed.Client(address, security=security, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ToolkitError(f"cannot reach the Dask scheduler: {error_line(exc)}", address) from None
    try:
        # this machine's signature is the batch's: loading the resources here also tells any problem
        # with the user's glossary, memory or rules in one line before a brief leaves
        expected = load_resources(recipe.settings).signature()
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except (distributed.TimeoutError, TimeoutError):
            raise ToolkitError(
                f"no worker joined the scheduler within {CONNECT_SECONDS:.0f} s (start `toolkit worker {address}`)"
            ) from None
        cluster = Cluster(client, recipe, expected, warn)
        cluster.handshake(cluster.workers())
        if not cluster.accepted:
            raise ToolkitError("no worker of the scheduler has this run's signature (see the warnings)", address)
        yield cluster
    finally:
        with contextlib.suppress(Exception):
            client.close(timeout=10)
