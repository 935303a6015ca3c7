"""A long document through one long-running first Apertium step: the same English as a pipeline per batch."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from toolkit.engines import apertium, apertium_steps
from toolkit.engines.apertium import DEFAULT_PIVOT, ApertiumEngine, install_hint

TEXTS = [
    "La guerre a commencé le 24 février 2022.",
    'Le <g id="1">président</g> a rencontré Vladimir Poutine<x id="2"/>.',
    "Les sanctions visent le secteur bancaire russe.",
    "Le zorglubage des Krivitchs est fréquent.",
    "Comme le résume un chercheur, « le message s’adresse à toutes les élites ».",
    "Pour le Kremlin, cette disparition règle une question de loyauté plus qu’une question militaire.",
    "Il l’a dit : les troupes russes se sont retirées de la région de Kyiv.",
    "Voir #Minsk, @MFA et 3*4 ~ 12.",
]
BATCH = 3  # eight texts: batches of 3, 3 and 2


@pytest.fixture()
def engine(monkeypatch: pytest.MonkeyPatch) -> ApertiumEngine:
    if not ApertiumEngine.available(DEFAULT_PIVOT):
        pytest.fail(f"these tests need Apertium: {install_hint(DEFAULT_PIVOT)}")
    return ApertiumEngine(DEFAULT_PIVOT)


def per_batch(engine: ApertiumEngine, texts: list[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """The oracle: each batch as a call of its own (short, so a fresh `step 1 | step 2` pipeline)."""
    out: list[str] = []
    warnings: list[tuple[int, str]] = []
    for start in range(0, len(texts), BATCH):
        out.extend(engine.translate(texts[start : start + BATCH]))
        warnings.extend((start + w.index, w.detail) for w in engine.warnings)
    return out, warnings


def watch_processes(monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[list[str]]]:
    """The FirstStep objects made, and every second step run."""
    steps: list[Any] = []
    seconds: list[list[str]] = []
    real_step, real_run = apertium_steps.FirstStep, subprocess.run

    def step(*args: Any) -> Any:
        made = real_step(*args)
        steps.append(made)
        return made

    def run(args: list[str], *rest: Any, **kwargs: Any) -> Any:
        if args and str(args[0]).endswith("apertium"):
            seconds.append(list(args))
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(apertium, "FirstStep", step)
    monkeypatch.setattr(apertium.subprocess, "run", run)
    return steps, seconds


def test_long_document_is_one_first_step_and_the_same_english(
    engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(apertium, "BATCH_SIZE", BATCH)
    expected, expected_warnings = per_batch(engine, TEXTS)
    assert any(detail == "zorglubage Krivitchs" for _i, detail in expected_warnings)
    steps, seconds = watch_processes(monkeypatch)
    seen: list[int] = []
    assert engine.translate(["", *TEXTS], progress=seen.append) == ["", *expected]
    assert [(w.index - 1, w.detail) for w in engine.warnings] == expected_warnings
    assert len(steps) == 1 and len(seconds) == 3  # one first step; a fresh second step per batch
    assert all(s[-1] == "cat-eng" for s in seconds)
    assert steps[0].process.returncode == 0  # ended and waited for: nothing left running
    assert sum(seen) == len(TEXTS) + 1


def test_both_routes_each_keep_their_first_step(monkeypatch: pytest.MonkeyPatch) -> None:
    if not ApertiumEngine.available(apertium.BEST):
        pytest.fail(f"these tests need Apertium: {install_hint('es')}")
    engine = ApertiumEngine(apertium.BEST)
    monkeypatch.setattr(apertium, "BATCH_SIZE", BATCH)
    expected, _warnings = per_batch(engine, TEXTS)
    steps, seconds = watch_processes(monkeypatch)
    assert engine.translate(TEXTS) == expected
    assert len(steps) == 2 and len(seconds) == 6


def test_a_batch_that_does_not_split_back_ends_the_first_step(
    engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(apertium, "BATCH_SIZE", BATCH)
    expected, _warnings = per_batch(engine, TEXTS)
    real_staged = ApertiumEngine._run_staged
    staged: list[int] = []

    def garbled_second_batch(self: ApertiumEngine, streams: list[str]) -> list[str] | None:
        staged.append(len(streams))
        chunks = real_staged(self, streams)
        return None if len(staged) == 2 else chunks

    monkeypatch.setattr(ApertiumEngine, "_run_staged", garbled_second_batch)
    steps, seconds = watch_processes(monkeypatch)
    assert engine.translate(TEXTS) == expected
    # batch 2 goes text by text and batch 3 through a fresh pipeline, as a short document would
    assert staged == [3, 3] and len(steps) == 1 and steps[0].process.returncode is not None
    assert len(seconds) == 2  # only the two staged batches ran a second step on its own


def test_a_mode_the_script_cannot_be_matched_for_runs_a_pipeline_per_batch(
    engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(apertium, "BATCH_SIZE", BATCH)
    expected, _warnings = per_batch(engine, TEXTS)
    monkeypatch.setattr(apertium, "first_step_command", lambda binary, mode: None)
    steps, _seconds = watch_processes(monkeypatch)
    assert engine.translate(TEXTS) == expected
    assert steps == []


@pytest.mark.parametrize("mode", sorted({m for p in apertium.PIVOTS.values() for m in p.modes[:1]}))
def test_the_first_step_runs_the_mode_as_the_script_does(engine: ApertiumEngine, mode: str) -> None:
    known = apertium_steps.first_step_command(engine.binary, mode)
    assert known is not None
    command, env = known
    data = "".join(apertium.encode(text, n).stream + "\0" for n, text in enumerate(TEXTS)).encode("utf-8")
    script = subprocess.run([engine.binary, "-z", "-u", "-f", "none", mode], input=data, capture_output=True,
                            check=True).stdout
    direct = subprocess.run(command, input=data, capture_output=True, env=env, check=True).stdout
    assert direct.split(b"\0")[: len(TEXTS)] == script.split(b"\0")[: len(TEXTS)]
    assert b"^" not in direct  # a translation, not the analyser's stream


def test_a_program_that_is_not_the_script_has_no_first_step(tmp_path: Path) -> None:
    other = tmp_path / "apertium"
    other.write_text("#!/bin/sh\nexec /usr/bin/apertium \"$@\"\n", encoding="utf-8")
    assert apertium_steps.first_step_command(str(other), "fra-cat") is None
