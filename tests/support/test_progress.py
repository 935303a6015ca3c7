"""The one progress bar: silent off a terminal; on one, counts items, or bytes and speed for a download (size
known or not)."""

from __future__ import annotations

import pytest

from toolkit.support import progress
from toolkit.support.progress import progress_bar


@pytest.mark.parametrize(("total", "transfer"), [(10, False), (None, False), (0, False), (2048, True), (None, True)])
def test_off_a_terminal_nothing_is_drawn(total: int | None, transfer: bool,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with progress_bar(total, "label", transfer=transfer) as advance:
        advance(1)
    assert capsys.readouterr() == ("", "")


# (total, transfer, whether a bar is drawn): items without a total draw nothing, downloads always do
ON_A_TERMINAL = [(3, False, True), (None, False, False), (0, False, False), (3 * 2**20, True, True),
                 (None, True, True)]


@pytest.mark.parametrize(("total", "transfer", "drawn"), ON_A_TERMINAL)
def test_on_a_terminal(total: int | None, transfer: bool, drawn: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "interactive", lambda: True)
    import rich.progress

    made: list[rich.progress.Progress] = []
    real = rich.progress.Progress.__enter__

    def entered(self: rich.progress.Progress) -> rich.progress.Progress:
        made.append(self)
        return real(self)

    monkeypatch.setattr(rich.progress.Progress, "__enter__", entered)
    with progress_bar(total, "model 1.0", transfer=transfer) as advance:
        advance(2**20)
        advance(2**20)
    assert bool(made) is drawn
    if drawn:
        (task,) = made[0].tasks
        assert (task.description, task.completed, task.total) == ("model 1.0", 2 * 2**20, total)
        columns = {type(c).__name__ for c in made[0].columns}
        assert ("TransferSpeedColumn" in columns) is transfer and ("MofNCompleteColumn" in columns) is not transfer
