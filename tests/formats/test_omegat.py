"""OmegaT itself (Debian `omegat`, console mode) on the projects `review export --format omegat` writes.

Every segment found, every translation applied from the memory in tm/auto (codes of every kind included), the
glossary (OmegaT format and TBX) read by OmegaT's own readers with no forbidden spelling offered, and a
translator's edit made in OmegaT back through `review import` as a reviewed segment, every other segment
byte-identical.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from tests.formats.roundtrip import seg
from toolkit.cli import main
from toolkit.formats.xliff import XLF, load_xliff, write_xliff
from toolkit.formats.xliff12 import parse_xliff12_store, xliff12_bytes
from toolkit.model import Block, Content, Document, End, Ph, Start
from toolkit.model import renumber_pairs as _canonical
from toolkit.terms.glossary import load_default_glossary

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")  # Debian's `omegat`, installed by .ci/install-system
SEED = Path(__file__).parents[2] / "samples" / "belarus-brief.fr.txt"
GLOSSARY_CHECK = Path(__file__).parent / "omegat" / "GlossaryCheck.java"


def omegat(project: Path, home: Path) -> str:
    """Run OmegaT's console translation on `project`; its log."""
    assert OMEGAT_JAR.is_file(), "OmegaT is installed by .ci/install-system (Debian package omegat)"
    env = {**os.environ, "HOME": str(home)}
    done = subprocess.run(["java", "-Djava.awt.headless=true", "-jar", str(OMEGAT_JAR), str(project),
                           "--mode=console-translate"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout + done.stderr


def stats(project: Path) -> tuple[int, int]:
    """(segments, segments left untranslated) from OmegaT's own project statistics."""
    text = (project / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    total = re.search(r"^Total:\s+(\d+)", text, re.M)
    remaining = re.search(r"^Remaining:\s+(\d+)", text, re.M)
    assert total and remaining, text
    return int(total.group(1)), int(remaining.group(1))


def export(xliff: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["review", "export", str(xliff), "--format", "omegat"]) == 0
    project = xliff.with_name("belarus-brief.omegat")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"wrote {project} (")
    assert out[1] == f"open it in OmegaT; then: toolkit review import {project}/target/belarus-brief.xlf {xliff}"
    return project


def test_seed_brief_every_segment_found_and_every_translation_applied(
        xliff: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = export(xliff, capsys)
    ours = {s.id: s for s in load_xliff(xliff).document.segments()}
    omegat(project, tmp_path / "home")
    assert stats(project) == (len(ours), 0)
    back = parse_xliff12_store((project / "target" / "belarus-brief.xlf").read_bytes(), "omegat").document
    assert [s.id for s in back.segments()] == list(ours)
    for s in back.segments():
        assert _canonical(s.target or []) == _canonical(ours[s.id].target or []), s.id
    before = xliff.read_bytes()
    assert main(["review", "import", str(project / "target" / "belarus-brief.xlf"), str(xliff)]) == 0
    assert capsys.readouterr().out == "no changes: the XLIFF is already up to date\n"
    assert xliff.read_bytes() == before


def test_translator_edit_in_omegat_comes_back_reviewed(xliff: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    project = export(xliff, capsys)
    ours = list(load_xliff(xliff).document.segments())
    edited = next(s for s in ours if s.target and all(isinstance(p, str) for p in s.source))
    # the translator's work as OmegaT keeps it: its project memory, in its own format
    (project / "omegat" / "project_save.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="OmegaT" '
        'o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" creationtoolversion="3.6.0" '
        'segtype="sentence" srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>'
        f"{edited.text}</seg></tuv><tuv xml:lang=\"en\"><seg>A translator's better sentence.</seg></tuv></tu>"
        "</body></tmx>\n", encoding="utf-8")
    omegat(project, tmp_path / "home")
    segment_xml = {el.get("id"): etree.tostring(el)
                   for el in etree.fromstring(xliff.read_bytes()).iter(f"{{{XLF}}}segment")}
    assert main(["review", "import", str(project / "target" / "belarus-brief.xlf"), str(xliff)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{edited.id}: ") and "A translator's better sentence." in lines[0]
    assert "1 segment(s) reviewed, 0 comment(s) added, 0 repair(s)" in lines
    after = {s.id: s for s in load_xliff(xliff).document.segments()}
    assert (after[edited.id].target, after[edited.id].state) == (["A translator's better sentence."], "reviewed")
    after_xml = {el.get("id"): etree.tostring(el)
                 for el in etree.fromstring(xliff.read_bytes()).iter(f"{{{XLF}}}segment")}
    assert {k: v for k, v in after_xml.items() if k != edited.id} == {
        k: v for k, v in segment_xml.items() if k != edited.id}


LINK = "https://example.org/a?b=1&c=2"
CODES: list[tuple[str, Content, Content]] = [
    ("emphasis", ["Des ", Start("em", "1"), "forces", End("1"), " russes."],
     ["Russian ", Start("em", "1"), "forces", End("1"), "."]),
    ("strong and link", ["Voir ", Start("link", "1", LINK), "le rapport", End("1"), " du ", Start("strong", "2"),
                         "ministère", End("2"), "."],
     ["See the ", Start("strong", "2"), "ministry", End("2"), "'s ", Start("link", "1", LINK), "report",
      End("1"), "."]),
    ("references", ["Un fait", Ph("fn", ref="1"), " et un autre", Ph("fn", ref="2"), "."],
     ["One fact", Ph("fn", ref="1"), " and another", Ph("fn", ref="2"), "."]),
    ("reference last", ["Sans point final", Ph("fn", ref="3")], ["No final stop", Ph("fn", ref="3")]),
    ("reference first", [Ph("fn", ref="4"), "Au début."], [Ph("fn", ref="4"), "At the start."]),
    ("line break and code", ["Ligne", Ph("br"), "suivante avec ", Ph("code", text="<x & y>"), "."],
     ["Line", Ph("br"), "next with ", Ph("code", text="<x & y>"), "."]),
    ("crossing", ["a ", Start("em", "1"), "b ", Start("strong", "2"), "c", End("1"), " d", End("2"), "."],
     ["A ", Start("em", "1"), "B ", Start("strong", "2"), "C", End("1"), " D", End("2"), "."]),
    ("moved codes", ["Le ", Start("em", "1"), "grand", End("1"), " rapport", Ph("fn", ref="5"), "."],
     ["The", Ph("fn", ref="5"), " big ", Start("em", "1"), "report", End("1"), "."]),
]


def test_memory_matches_segments_with_codes_of_every_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = Document(source_path="codes.fr.txt", blocks=[
        Block(f"b{i}", "paragraph", [seg(f"b{i}.s1", source, target)])
        for i, (_name, source, target) in enumerate(CODES, start=1)])
    xliff = tmp_path / "codes.xlf"
    write_xliff(doc, xliff)
    assert main(["review", "export", str(xliff), "--format", "omegat", "--no-glossary"]) == 0
    capsys.readouterr()
    project = tmp_path / "codes.omegat"
    omegat(project, tmp_path / "home")
    assert stats(project) == (len(CODES), 0)
    back = parse_xliff12_store((project / "target" / "codes.xlf").read_bytes(), "omegat").document
    for (name, _source, target), got in zip(CODES, back.segments(), strict=True):
        assert _canonical(got.target or []) == _canonical(target), name


@pytest.mark.parametrize("name", ["fr-en.txt", "fr-en.utf8", "fr-en.tbx"])
def test_omegat_reads_the_exported_glossary_without_forbidden_spellings(tmp_path: Path, name: str) -> None:
    # OmegaT's TSV and TBX readers offer every English term of an entry, whatever its status
    out = tmp_path / name
    assert main(["glossary", "export", "-o", str(out)]) == 0
    done = subprocess.run(["java", "-cp", str(OMEGAT_JAR), str(GLOSSARY_CHECK), str(out)], capture_output=True,
                          text=True, timeout=120, check=True)
    pairs = [tuple(line.split("\t")) for line in done.stdout.splitlines()]
    shipped = load_default_glossary()
    assert pairs == [(e.source, e.target) for e in shipped]  # every entry, as written
    forbidden = {f for e in shipped for f in e.forbidden}
    assert not any(target in forbidden for _source, target in pairs)


def test_project_folder_must_be_new(xliff: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("mine", encoding="utf-8")
    code = main(["review", "export", str(xliff), "--format", "omegat", "-o", str(taken)])
    assert code == 2 and "must be new or empty" in capsys.readouterr().err
    assert [p.name for p in taken.iterdir()] == ["notes.txt"]


def test_every_target_holds_the_french_for_omegat() -> None:
    doc = Document(blocks=[Block("b1", "paragraph", [seg("b1.s1", ["Oui."], ["Yes."]),
                                                      seg("b1.s2", ["Non."], None, state="initial")])])
    root = etree.fromstring(xliff12_bytes(doc, for_omegat=True))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    assert root.xpath("//x:target/text()", namespaces=ns) == ["Oui.", "Non."]
