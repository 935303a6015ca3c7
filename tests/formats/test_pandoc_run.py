"""The pandoc process: bounded in time, refusing ASTs nested too deeply before any JSON is parsed."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.formats.pandoc_run import MAX_AST_DEPTH, check_nesting, pandoc_process, run_pandoc


def test_pandoc_time_limit() -> None:
    with pytest.raises(InputError, match=r"pandoc took longer than 0\.001 s"):
        run_pandoc(b"# Titre\n", "markdown", "brief.md", timeout=0.001)


def test_run_pandoc_gives_the_ast_and_its_warnings() -> None:
    ast, notices = run_pandoc(b"# Titre\n\nUn paragraphe.\n", "markdown", "brief.md")
    assert [block["t"] for block in ast["blocks"]] == ["Header", "Para"]
    assert notices == []


def test_the_process_is_sandboxed(tmp_path: Path) -> None:
    """--sandbox: pandoc may not read a file the input names (here, to embed it in a standalone HTML)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("do not leak", encoding="utf-8")
    options = ["-f", "markdown", "-t", "html", "--embed-resources", "--standalone", "--metadata", "title=t"]
    done = pandoc_process(options, f"![x]({secret})\n".encode())
    assert done.returncode == 0
    assert f"Could not fetch resource {secret}".encode() in done.stderr
    assert base64.b64encode(b"do not leak") not in done.stdout


def _nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


NESTING = [
    ("flat", b'{"blocks": []}', True),
    ("at the limit", _nested(MAX_AST_DEPTH), True),
    ("one over", _nested(MAX_AST_DEPTH + 1), False),
    ("brackets inside strings do not count", json.dumps(["[" * 500]).encode(), True),
    ("escaped quote inside a string", json.dumps(['"[' * 300]).encode(), True),
    ("objects count too", ("{\"a\":" * (MAX_AST_DEPTH + 1) + "1" + "}" * (MAX_AST_DEPTH + 1)).encode(), False),
]


@pytest.mark.parametrize(("name", "data", "accepted"), NESTING, ids=[n[0] for n in NESTING])
def test_check_nesting(name: str, data: bytes, accepted: bool) -> None:
    if accepted:
        check_nesting(data, "x.md")
    else:
        with pytest.raises(InputError, match="nests too deeply"):
            check_nesting(data, "x.md")
