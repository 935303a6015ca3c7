"""The pandoc process: the bundled binary, one sandboxed, heap- and time-limited run, the read and write limits,
and reading a file into pandoc's JSON AST (errors in one line, nesting bounded before any JSON is parsed)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import InputError, ToolkitError

JsonNode = dict[str, Any]

# Every pandoc process is sandboxed (reads no file, fetches nothing) and bounded by a time and its own heap
# limit (+RTS -M), so a hostile input cannot eat the machine. Reading a brief gets these; writing a whole
# edition (from our own AST, which may be large) gets the write limits.
PANDOC_TIMEOUT_S = 60.0
PANDOC_HEAP = "1024m"
PANDOC_WRITE_TIMEOUT_S = 120.0
PANDOC_WRITE_HEAP = "2048m"
# The binary suggests a 64 MB heap (-with-rtsopts -H64m), which GHC spends on a nursery that large documents
# keep full: without it the bilingual DOCX of a 370 KB brief peaks at 250 MB instead of 309 MB, and takes less time.
PANDOC_GC = ("-H1m",)


def pandoc_process(
    options: Sequence[str], data: bytes, timeout: float = PANDOC_TIMEOUT_S, heap: str = PANDOC_HEAP
) -> subprocess.CompletedProcess[bytes]:
    """One sandboxed, heap-limited pandoc run on `data`; subprocess.TimeoutExpired and OSError propagate."""
    args = [str(pandoc_path()), "+RTS", f"-M{heap}", *PANDOC_GC, "-RTS", "--sandbox", *options]
    return subprocess.run(args, input=data, capture_output=True, timeout=timeout, check=False)


def pandoc_path() -> Path:
    """The pandoc binary bundled with pypandoc_binary (never a system pandoc)."""
    import pypandoc  # heavy-ish and only needed here

    bundled = Path(pypandoc.__file__).parent / "files"
    for name in ("pandoc", "pandoc.exe"):
        if (bundled / name).is_file():
            return bundled / name
    raise ToolkitError("the pandoc binary bundled with pypandoc_binary is missing; reinstall pypandoc_binary")


# How deep pandoc's JSON tree may nest: a block quote costs two levels, a table about ten, a list item two.
# Deeper input is refused in one line before any recursive code (the JSON decoder, our walkers) sees it.
MAX_AST_DEPTH = 200
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def check_nesting(data: bytes, where: str) -> None:
    """InputError when the JSON in `data` nests deeper than MAX_AST_DEPTH."""
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub(b"", data)):
        if match.group() in (b"[", b"{"):
            depth += 1
            if depth > MAX_AST_DEPTH:
                raise InputError(
                    f"the document nests too deeply (block quotes, lists or tables inside one another: more "
                    f"than {MAX_AST_DEPTH} levels of structure)", where)
        else:
            depth -= 1


def run_pandoc(
    data: bytes, reader: str, where: str, timeout: float = PANDOC_TIMEOUT_S
) -> tuple[JsonNode, list[str]]:
    """Pandoc's JSON AST of `data` read as `reader`, and its warnings.

    Sandboxed (pandoc reads no file and fetches nothing), bounded in time and memory.
    """
    try:
        done = pandoc_process(["-f", reader, "-t", "json"], data, timeout)
    except subprocess.TimeoutExpired:
        raise InputError(f"pandoc took longer than {timeout:g} s to read the file", where) from None
    except OSError as exc:
        raise ToolkitError(f"cannot run pandoc: {exc.strerror}") from None
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        if "Heap exhausted" in stderr or "heap overflow" in stderr:
            raise InputError(f"pandoc ran out of memory ({PANDOC_HEAP}) reading the file", where)
        lines = [line.strip() for line in stderr.splitlines() if line.strip()]
        first = lines[0] if lines else f"exit status {done.returncode}"
        raise InputError(f"pandoc cannot read this file: {first}", where)
    check_nesting(done.stdout, where)
    try:
        ast: JsonNode = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise ToolkitError(f"pandoc produced unreadable JSON ({exc})", where) from None
    notices = [
        "pandoc: " + line.removeprefix("[WARNING]").strip()
        for line in stderr.splitlines()
        if line.startswith("[WARNING]")
    ]
    return ast, notices
