"""`toolkit glossary export -o FILE.txt|.utf8|.tab`: OmegaT's own glossary, with no forbidden spelling offered."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.formats.glossaries import load_glossary
from toolkit.terms.glossary import load_default_glossary


@pytest.mark.parametrize(("suffix", "bom"), [(".txt", True), (".tab", True), (".utf8", False)])
def test_export_for_omegat(tmp_path: Path, suffix: str, bom: bool, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"fr-en{suffix}"
    assert main(["glossary", "export", "-o", str(out)]) == 0
    shipped = load_default_glossary()
    assert capsys.readouterr().out == f"{len(shipped)} entries written to {out}\n"
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") == bom  # OmegaT guesses .txt/.tab encodings unless told
    lines = [ln for ln in data.decode("utf-8-sig").splitlines() if ln and not ln.startswith("#")]
    assert len(lines) == len(shipped)
    forbidden = {f.casefold() for e in shipped for f in e.forbidden}
    for line, entry in zip(lines, shipped, strict=True):
        cells = line.split("\t")
        assert cells[:2] == [entry.source, entry.target]
        # no forbidden spelling offered as English, none listed in the comment OmegaT shows beside it
        assert cells[1].casefold() not in forbidden, line
        comment = cells[2] if len(cells) > 2 else ""
        assert "forbidden=" not in comment and not any(f in entry.forbidden for f in comment.split("|")), line
    # our own loader reads it back: the same pairs, no forbidden spellings
    back = load_glossary(out)
    assert [(e.source, e.target) for e in back] == [(e.source, e.target) for e in shipped]
    assert all(not e.forbidden for e in back)


def test_tsv_export_keeps_every_tag(tmp_path: Path) -> None:
    out = tmp_path / "fr-en.tsv"
    assert main(["glossary", "export", "-o", str(out)]) == 0
    assert load_glossary(out).entries == load_default_glossary().entries
