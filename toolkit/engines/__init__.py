"""Engine registry: `argos`, `apertium`, `memory`, loaded lazily so heavy imports happen only when chosen."""

from __future__ import annotations

import importlib
from typing import Any

from toolkit.engines.base import Engine
from toolkit.errors import ToolkitError

ENGINES: dict[str, tuple[str, str]] = {
    "argos": ("toolkit.engines.argos", "ArgosEngine"),
    "apertium": ("toolkit.engines.apertium", "ApertiumEngine"),
    "memory": ("toolkit.engines.memory", "MemoryEngine"),
}


def engine_class(name: str) -> type[Engine]:
    if name not in ENGINES:
        raise ToolkitError(f"unknown engine {name!r} (choose one of {', '.join(ENGINES)})")
    module, cls = ENGINES[name]
    found: type[Engine] = getattr(importlib.import_module(module), cls)
    return found


def default_engine_name() -> str:
    """Argos if a fr→en package is installed, otherwise Apertium if installed, otherwise a one-line error."""
    if engine_class("argos").available():
        return "argos"
    if engine_class("apertium").available():
        return "apertium"
    from toolkit.engines.apertium import DEFAULT_PIVOT, PIVOTS

    packages = " ".join(("apertium", *PIVOTS[DEFAULT_PIVOT].packages))
    raise ToolkitError(
        "no translation engine: install an Argos model (`toolkit models install fr en`, or "
        f"`toolkit models install --file X.argosmodel`) or Apertium (`apt-get install {packages}`)"
    )


def make_engine(name: str | None, **options: Any) -> Engine:
    """The engine asked for (or the default one), built with its options."""
    chosen = name or default_engine_name()
    cls = engine_class(chosen)
    return cls(**options)
