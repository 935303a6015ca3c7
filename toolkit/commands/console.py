"""What a subcommand tells the user on the terminal besides its results: one-line warnings."""

from __future__ import annotations

import sys


def warn(message: str) -> None:
    """A one-line warning on stderr (control characters from the input shown escaped)."""
    from toolkit.support.encoding import escape_controls

    sys.stderr.write(f"toolkit: warning: {escape_controls(message)}\n")
