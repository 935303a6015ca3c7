"""The one exception users see: a ToolkitError becomes `toolkit: error: <message>` and exit status 2."""

from __future__ import annotations


class ToolkitError(Exception):
    """A problem with the user's input or environment, told in one line."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{message} ({where})" if where else message)


class InputError(ToolkitError):
    """The input cannot be read as the document it claims to be."""
