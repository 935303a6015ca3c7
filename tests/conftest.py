"""Shared fixtures: the tiny real Argos package, built once per session and installed per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engines.tinyargos import build_tiny_package
from toolkit.commands.models import install_file


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
