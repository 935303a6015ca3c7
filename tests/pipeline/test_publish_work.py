"""Publishing does each piece of work once: the processes each edition starts, the DOCX package parsed once."""

from __future__ import annotations

import subprocess
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from toolkit.errors import ToolkitError
from toolkit.formats.pandoc_ast import api_version
from toolkit.formats.xliff import load_xliff
from toolkit.oxml import package as oxml_package
from toolkit.pipeline import publish
from toolkit.support.fileio import OutputSet


def _program(args: Any) -> str:
    words = [str(a) for a in (args if isinstance(args, list | tuple) else [args])]
    if words and Path(words[0]).name.startswith("pandoc"):
        return "pandoc"
    if "toolkit.formats.typst_child" in words:
        return "typst"
    return Path(words[0]).name if words else "?"


def test_each_edition_starts_only_the_processes_that_do_its_work(
    seed_xliff: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = load_xliff(seed_xliff)
    doc, signature = store.document, store.signature
    assert doc.footnotes or any(b.kind == "list-item" for b in doc.blocks)  # editions with real structure
    api_version()  # pandoc's API version is asked once per process, before any edition
    current = threading.local()  # the edition a thread is writing (editions are written side by side)
    started: dict[str, list[str]] = {}
    parsed_packages: Counter[str] = Counter()
    parsed_parts: Counter[tuple[str, str]] = Counter()
    real_popen = subprocess.Popen

    def popen(args: Any, *rest: Any, **kwargs: Any) -> Any:  # every process starts here (run included)
        started.setdefault(getattr(current, "edition", ""), []).append(_program(args))
        return real_popen(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)

    real_from_bytes = oxml_package.Package.from_bytes.__func__  # type: ignore[attr-defined]
    real_xml = oxml_package.Package.xml

    def from_bytes(cls: Any, data: bytes, where: str, checked: bool = True) -> Any:
        parsed_packages[current.edition] += 1
        return real_from_bytes(cls, data, where, checked)

    def xml(self: Any, name: str) -> Any:
        if name not in self._xml:
            parsed_parts[(current.edition, name)] += 1
        return real_xml(self, name)

    monkeypatch.setattr(oxml_package.Package, "from_bytes", classmethod(from_bytes))
    monkeypatch.setattr(oxml_package.Package, "xml", xml)

    def watched(suffix: str, writer: publish.Writer) -> publish.Writer:
        def write(*args: Any) -> None:
            current.edition = suffix
            started.setdefault(suffix, [])
            try:
                writer(*args)
            finally:
                current.edition = ""

        return write

    editions = {fmt: [(suffix, watched(suffix, w)) for suffix, w in writers]
                for fmt, writers in publish.EDITIONS.items()}
    monkeypatch.setattr(publish, "EDITIONS", editions)
    context = publish.PublishContext(stem="brief", signature=signature, issues=list(store.issues))
    with OutputSet(tmp_path / "out") as out:
        written = publish.publish(doc, out, context)

    assert sorted(p.name for p in written) == sorted(f"brief.{s}" for s in started)
    assert all((tmp_path / "out" / p.name).stat().st_size > 0 for p in written)
    assert started == {
        "en.docx": ["pandoc"],  # pandoc writes the package; the finishing touches are ours, in memory
        "fr-en.docx": ["pandoc"],
        "en.pdf": ["pandoc", "typst"],  # every piece of markup in one pandoc run, then one typesetting
        "fr-en.pdf": ["pandoc", "typst"],
        "review.html": [],
        "tmx": [],
    }
    # each DOCX edition reads pandoc's package once and parses each part it touches once
    assert parsed_packages == Counter({"en.docx": 1, "fr-en.docx": 1})
    assert parsed_parts and max(parsed_parts.values()) == 1
    assert {name for _edition, name in parsed_parts} >= {"word/document.xml", "word/styles.xml"}


def test_editions_write_into_the_output_set_without_temporary_files_of_their_own(
    seed_xliff: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The output set stages every edition in a temporary file already: a writer making its own temporary
    file inside it would write each edition twice."""
    from toolkit.support import fileio

    store = load_xliff(seed_xliff)
    made: list[Path] = []
    real = fileio._temporary_beside

    def temporary_beside(target: Path) -> Path:
        made.append(Path(target))
        return real(target)

    monkeypatch.setattr(fileio, "_temporary_beside", temporary_beside)
    context = publish.PublishContext(stem="brief", signature=store.signature, issues=list(store.issues))
    with OutputSet(tmp_path / "out") as out:
        written = publish.publish(store.document, out, context)
    names = sorted(p.name for p in written)
    assert names == sorted(f"brief.{suffix}" for suffixes in publish.EDITIONS.values() for suffix, _w in suffixes)
    # one temporary file per edition, the output set's own, and none made by a writer inside it
    assert sorted(p.name for p in made) == names


def _editions(**writers: publish.Writer) -> dict[str, list[tuple[str, publish.Writer]]]:
    return {"docx": [(suffix.replace("_", "."), w) for suffix, w in writers.items()]}


def test_editions_are_written_side_by_side(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two editions meet at a barrier: written one after the other, the first would wait there alone."""
    barrier = threading.Barrier(2, timeout=20)

    def meeting(doc: Any, path: Path, ctx: Any, meta: Any) -> None:
        barrier.wait()
        path.write_text("done", encoding="utf-8")

    monkeypatch.setattr(publish, "PUBLISH_WORKERS", 2)
    monkeypatch.setattr(publish, "EDITIONS", _editions(a_docx=meeting, b_docx=meeting))
    with OutputSet(tmp_path / "out") as out:
        written = publish.publish(publish.Document(), out, publish.PublishContext(stem="s", signature={}),
                                  formats=("docx",))
    assert sorted(p.name for p in written) == ["s.a.docx", "s.b.docx"]
    assert all(p.read_text(encoding="utf-8") == "done" for p in written)


def test_a_failing_edition_waits_for_the_others_and_leaves_nothing(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """One edition fails while another is still writing: the error comes out once the other has finished (nothing
    is left writing into the output set), and the output folder holds nothing."""
    finished: list[str] = []

    def failing(doc: Any, path: Path, ctx: Any, meta: Any) -> None:
        raise ToolkitError("pandoc could not write DOCX: broken")

    def slow(doc: Any, path: Path, ctx: Any, meta: Any) -> None:
        time.sleep(0.5)
        path.write_text("late", encoding="utf-8")
        finished.append("slow")

    monkeypatch.setattr(publish, "PUBLISH_WORKERS", 2)
    monkeypatch.setattr(publish, "EDITIONS", _editions(a_docx=slow, b_docx=failing))
    out_dir = tmp_path / "out"
    with pytest.raises(ToolkitError, match="broken"), OutputSet(out_dir) as out:
        try:
            publish.publish(publish.Document(), out, publish.PublishContext(stem="s", signature={}),
                            formats=("docx",))
        finally:
            assert finished == ["slow"]  # done before the error reached the output set
    assert not out_dir.exists() or not any(out_dir.rglob("*"))  # no edition, no temporary file
