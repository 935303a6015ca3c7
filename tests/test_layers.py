"""The package's shape: every import in `toolkit/` runs down the layers (or within one), and no modules import
each other in a circle. Imports are read from the source (module level, inside functions and under
TYPE_CHECKING alike), so a lazy import cannot hide an upward arrow."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "toolkit"

# bottom to top; a module may import from its own layer or any layer below
LAYERS = [
    ("toolkit", "toolkit.model", "toolkit.errors"),
    ("toolkit.support",),
    ("toolkit.protect", "toolkit.segment"),
    ("toolkit.terms",),
    ("toolkit.oxml",),
    ("toolkit.formats",),
    ("toolkit.engines",),
    ("toolkit.pipeline", "toolkit.align", "toolkit.review"),
    ("toolkit.batch",),
    ("toolkit.commands", "toolkit.data"),
    ("toolkit.cli", "toolkit.__main__"),
]


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The toolkit modules `name` imports, resolved to modules (a `from package import module` counts as the
    module; `from module import name` as the module)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in MODULES]
            if not targets or module not in ("toolkit",):
                targets.append(module)
        else:
            continue
        out.update(t for t in targets if t in MODULES and t != name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def layer(name: str) -> int:
    best = (-1, -1)  # (prefix length, layer)
    for rank, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), rank)
    if best[1] < 0:
        raise AssertionError(f"{name} is in no layer: add its package to LAYERS")
    return best[1]


def test_every_module_has_a_layer() -> None:
    for name in MODULES:
        layer(name)


def test_no_import_runs_upward() -> None:
    upward = sorted(
        f"{name} -> {target}" for name, targets in GRAPH.items() for target in targets if layer(target) > layer(name)
    )
    assert upward == []


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in GRAPH[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    assert _cycles() == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_says_what_it_owns(name: str) -> None:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and doc.strip(), f"{name} has no docstring"


def test_the_oracle_sees_imports() -> None:
    """The reader resolves the three spellings of an import the package uses."""
    assert "toolkit.model" in GRAPH["toolkit.pipeline.translate"]
    assert "toolkit.engines.base" in GRAPH["toolkit.engines.apertium"]
    assert "toolkit.support.fileio" in GRAPH["toolkit.formats.tbx"]  # `from toolkit.support import fileio`
