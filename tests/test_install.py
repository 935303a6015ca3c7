"""The install a user gets: what the package pulls in, and the README's two commands as CI runs them."""

from __future__ import annotations

import configparser
import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
# what the torch build of Argos brings and the toolkit never imports
HEAVY = re.compile(r"^(torch|torchvision|triton|nvidia-.*|stanza|spacy|thinc)$")


def closure(name: str) -> set[str]:
    """Every distribution `name` needs, transitively, as installed here (extras not asked for are left out)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        key = re.sub(r"[-_.]+", "-", current).lower()
        if key in seen:
            continue
        seen.add(key)
        for line in metadata.requires(current) or []:
            requirement = Requirement(line)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            try:
                metadata.distribution(requirement.name)
            except metadata.PackageNotFoundError:
                continue  # a platform's optional requirement, not installed here
            todo.append(requirement.name)
    return seen


def test_the_installed_toolkit_needs_no_torch_stanza_or_spacy() -> None:
    needed = closure("toolkit")
    assert "argos-translate-lt" in needed
    assert {"ctranslate2", "sentencepiece", "python-docx", "lxml"} <= needed
    assert not sorted(n for n in needed if HEAVY.match(n)), "the install would pull torch or its kin"


def test_argos_comes_from_the_torch_free_build() -> None:
    declared = [Requirement(r).name for r in metadata.requires("toolkit") or []]
    assert "argos-translate-lt" in declared and "argostranslate" not in declared
    # and no pin of torch anywhere an install reads from
    for name in ("pyproject.toml", "tox.ini"):
        assert "torch" not in (ROOT / name).read_text(encoding="utf-8"), name


def quick_start() -> list[str]:
    """The shell commands of the README's Quick start, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def test_readme_gives_two_commands_each_making_its_own_venv() -> None:
    run, tests = quick_start()
    for command in (run, tests):
        assert "\n" not in command
        assert command.startswith("bash .ci/install-system && python3 -m venv .venv && .venv/bin/pip install ")
        assert " sudo pip" not in command and "pip install --user" not in command
    assert run.endswith(".venv/bin/toolkit run samples/belarus-brief.fr.txt -o out/")
    assert (ROOT / "samples/belarus-brief.fr.txt").is_file()
    assert tests.endswith(".venv/bin/tox")


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    _run, tests = quick_start()
    script = [
        line
        for line in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))
    ]
    assert script == [tests]


def test_install_system_brings_the_venv_module_and_every_client_the_tests_call() -> None:
    text = (ROOT / ".ci/install-system").read_text(encoding="utf-8")
    packages = set(re.search(r"packages=\((.*?)\)", text, flags=re.S).group(1).split())  # type: ignore[union-attr]
    assert {"python3-venv", "apertium", "libreoffice-writer-nogui", "poppler-utils", "chromium"} <= packages


def test_tox_builds_the_package_once_and_lint_envs_install_nothing_of_it() -> None:
    tox = configparser.ConfigParser()
    tox.read(ROOT / "tox.ini", encoding="utf-8")
    assert tox["testenv"]["package"] == "wheel" and tox["testenv"]["wheel_build_env"] == ".pkg"
    for env in ("ruff", "mypy"):
        assert tox[f"testenv:{env}"]["skip_install"] == "true"
    assert "test" in tox["testenv:tests"]["extras"].split()
