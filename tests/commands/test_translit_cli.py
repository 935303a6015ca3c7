"""`toolkit translit`: one English spelling per line, in order; glossary first unless --no-glossary."""

from __future__ import annotations

import pytest

from toolkit.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["translit", *args])
    return code, capsys.readouterr().out.splitlines()


def test_rules_only_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(
        capsys, "--no-glossary", "Sergueï Choïgou", "Zaloujny", "Le Drian", "Bélarus", "Poutine"
    )
    assert code == 0
    assert lines == ["Sergei Shoigu", "Zaluzhny", "Le Drian", "Bélarus", "Putin"]


def test_glossary_is_consulted_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    # Bélarus is not a transliteration: only the shipped glossary knows it
    code, lines = run(capsys, "Bélarus", "Valeri Zaloujny", "Jaurès")
    assert code == 0
    assert lines == ["Belarus", "Valery Zaluzhny", "Jaurès"]


def test_why(capsys: pytest.CaptureFixture[str]) -> None:
    _code, lines = run(capsys, "--no-glossary", "--why", "Guerassimov", "Merkel")
    assert lines == ["Gerasimov\trules", "Merkel\tunchanged"]


def test_a_name_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["translit"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("toolkit: error:") and err.count("\n") == 1
