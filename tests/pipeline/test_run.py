"""The run's own wiring: the second try for a lost name, and a signature each component names its part of."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

import pytest

from toolkit.engines.base import Engine, Progress
from toolkit.formats.glossaries import load_policy
from toolkit.pipeline.run import Resources, RunSettings, run_pipeline
from toolkit.segment import load_segmenter
from toolkit.support.signature import short_hash
from toolkit.terms.dnt import DoNotTranslate


class DropsNamesOnce(Engine):
    """A plain engine that loses every name the first time and translates word for word the second."""

    name = "drops-once"
    keeps_markup = False

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        self.calls.append(list(texts))
        if len(self.calls) == 1:
            return ["The president spoke." for _ in texts]
        return [t.replace("a parlé", "spoke") for t in texts]

    def signature(self) -> dict[str, str]:
        return {"engine": self.name, "version": "1", "model": "none"}


def resources(engine: Engine, dnt: list[Path] | None = None) -> Resources:
    policy = load_policy([], True, dnt=dnt or [])
    return Resources(load_segmenter(None), policy, engine, None, "fr.srx", {"style": "en-GB"})


def test_a_lost_name_gets_a_second_try_around_the_locked_name(tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text("Alexandre Loukachenko a parlé.\n", encoding="utf-8")
    engine = DropsNamesOnce()
    loaded = resources(engine)
    settings = RunSettings(input=brief, outdir=tmp_path / "out", formats=("tmx",), progress=False)
    result = run_pipeline(settings, lambda _m: None, loaded)
    seg = next(result.doc.segments())
    assert seg.target_text.startswith("Alexander Lukashenko") and "spoke" in seg.target_text
    assert len(engine.calls) == 2
    assert "Lukashenko" in engine.calls[0][0] and all("Lukashenko" not in t for t in engine.calls[1])
    assert [i["kind"] for i in result.qa["issues"] if i["segment"] == seg.id].count("term-forced") == 1
    assert loaded.policy.mode == "lock"  # the loaded policy is never switched to the second try's mode


def test_do_not_translate_lists_name_their_own_signature_part(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(b"Carnegie Europe\n")
    second.write_bytes(b"re:Crisis\\s+Group\n")
    listed = DoNotTranslate.load([first, second])
    assert listed.digest == short_hash(first.read_bytes() + second.read_bytes())
    loaded = resources(DropsNamesOnce(), [first, second])
    first.unlink()
    second.unlink()  # the signature reads no file again
    signature = loaded.signature(source="abc")
    assert signature["dnt"] == listed.digest
    assert [k for k in signature if k in ("segmenter", "source", "dnt", "style")] == [
        "segmenter", "source", "dnt", "style"]
    assert "dnt" not in resources(DropsNamesOnce()).signature()


def test_outputs_are_written_with_the_run_kept_out_of_the_collector_and_handed_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the outputs are written the collector leaves the run's objects alone (gc.freeze); afterwards, and
    after a failing writer too, they are collectable again and the run's garbage is reclaimed."""
    from toolkit.errors import ToolkitError
    from toolkit.pipeline import publish

    brief = tmp_path / "brief.txt"
    brief.write_text("Alexandre Loukachenko a parlé.\n", encoding="utf-8")
    seen: list[int] = []
    real = publish.EDITIONS["tmx"][0][1]

    def memory(*args: object) -> None:
        seen.append(gc.get_freeze_count())
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setitem(publish.EDITIONS, "tmx", [("tmx", memory)])
    before = gc.get_freeze_count()
    settings = RunSettings(input=brief, outdir=tmp_path / "out", formats=("tmx",), progress=False)
    run_pipeline(settings, lambda _m: None, resources(DropsNamesOnce()))
    assert seen and seen[0] > before  # the document, its model and the resources were frozen while writing
    assert gc.get_freeze_count() == before

    def broken(*_args: object) -> None:
        raise ToolkitError("the writer failed")

    monkeypatch.setitem(publish.EDITIONS, "tmx", [("tmx", broken)])
    failing = RunSettings(input=brief, outdir=tmp_path / "out2", formats=("tmx",), progress=False)
    with pytest.raises(ToolkitError):
        run_pipeline(failing, lambda _m: None, resources(DropsNamesOnce()))
    assert gc.get_freeze_count() == before
    assert not (tmp_path / "out2").exists() or not any((tmp_path / "out2").iterdir())
