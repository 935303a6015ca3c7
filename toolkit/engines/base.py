"""The engine protocol: an engine turns a batch of French strings into English strings.

Strings may carry inline codes as XML-like tags (`<x id="1"/>`, `<g id="2">…</g>`) when the engine
says it keeps markup (`keeps_markup`); otherwise the pipeline strips codes before calling it and
puts them back afterwards.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Progress = Callable[[int], None]
UNKNOWN_WORD = "untranslated-word"  # the warning kind for words an engine says it could not translate


@dataclass
class EngineWarning:
    """Something the engine did that QA should show, about input string `index`."""

    index: int
    kind: str
    detail: str


class Engine(ABC):
    """Translate batches offline. Subclasses keep heavy imports inside their methods."""

    name: str = ""
    keeps_markup: bool = False

    @abstractmethod
    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Translate every string; the result has the same length and order."""

    @abstractmethod
    def signature(self) -> dict[str, str]:
        """What produced the output: engine, version, model (recorded in every output)."""

    @classmethod
    def available(cls) -> bool:
        """Whether this engine can run on this machine now."""
        return True
