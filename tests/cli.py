"""The one way tests call the `toolkit` command in-process: exit code, stdout and stderr."""

from __future__ import annotations

import pytest

from toolkit.cli import main


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `toolkit ARGS` in this process; argparse's usage errors count as their exit code."""
    try:
        code = main(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
