"""The one progress bar (rich) for items and downloads: on a terminal only, silence when stderr is piped or in
CI logs."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator


def interactive() -> bool:
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(total: int | None, label: str, transfer: bool = False) -> Iterator[Callable[[int], None]]:
    """Yield `advance(n)`; draws a bar only on a terminal. `transfer` shows bytes and speed (also when the size
    is unknown, `total` None); a count of items without a total draws nothing."""
    if not interactive() or (not total and not transfer):
        yield lambda n: None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = [TextColumn("{task.description}"), BarColumn()]
    columns += [DownloadColumn(), TransferSpeedColumn()] if transfer else [MofNCompleteColumn()]
    columns.append(TimeRemainingColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
