"""Shared fixtures: the tiny real Argos package, built once per session and installed per test; the seed brief's
XLIFF as `toolkit run --engine apertium` writes it, made once per session and copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.engines.tinyargos import build_tiny_package
from toolkit.cli import main
from toolkit.engines.argos_packages import install_file

SEED = Path(__file__).parents[1] / "samples" / "belarus-brief.fr.txt"


@pytest.fixture(scope="session")
def tiny_argosmodel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `.argosmodel` file of a tiny real fr→en package (random weights, garbage output)."""
    return build_tiny_package(tmp_path_factory.mktemp("tinyargos"))


@pytest.fixture
def argos_packages_dir(tiny_argosmodel: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh packages directory holding the tiny package, also exported as $ARGOS_PACKAGES_DIR."""
    packages = tmp_path / "argos-packages"
    install_file(tiny_argosmodel, packages)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    return packages


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of the one Apertium run of the seed brief every test shares (XLIFF, QA, editions):
    tests read it and copy what they change."""
    out = tmp_path_factory.mktemp("seed-run")
    assert main(["run", str(SEED), "-o", str(out), "--engine", "apertium"]) == 0
    return out


@pytest.fixture(scope="session")
def seed_xliff(seed_run: Path) -> Path:
    """The seed brief's XLIFF from the shared run."""
    return seed_run / "belarus-brief.xlf"


@pytest.fixture
def xliff(seed_xliff: Path, tmp_path: Path) -> Path:
    """A private copy of the seed brief's XLIFF, as a test's output folder holds it."""
    copy = tmp_path / "belarus-brief.xlf"
    shutil.copy(seed_xliff, copy)
    return copy
