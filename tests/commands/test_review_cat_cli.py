"""`toolkit review export --format xliff-1.2|xliff-2` and `review import` of what a CAT tool gives back.

The seed brief through Apertium; the CAT tool is played by translate-toolkit (an independent XLIFF library that
rewrites the file) or by editing the XML the way a tool would; tampered files must change nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.cli import run_cli
from tests.commands.test_review_cli import segments
from tests.schemas import errors, xliff12_schema
from toolkit.formats.xliff import XLF
from toolkit.formats.xliff12 import XLF_12
from toolkit.model import Start, footnote_refs, plain_text

SEED = Path(__file__).parents[2] / "samples" / "belarus-brief.fr.txt"
X12 = {"x": XLF_12}


def export(xliff: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> Path:
    out = xliff.with_name(f"cat.{fmt}.xlf")
    code, stdout, err = run_cli(["review", "export", str(xliff), "--format", fmt, "-o", str(out)], capsys)
    assert (code, err) == (0, "") and stdout == f"wrote {out} ({len(segments(xliff))} segments)\n"
    return out


def segment_xml(xliff: Path) -> dict[str, bytes]:
    """Each <segment> of our XLIFF 2 as bytes, to show the untouched ones stay byte-identical."""
    root = etree.fromstring(xliff.read_bytes())
    return {el.get("id"): etree.tostring(el) for el in root.iter(f"{{{XLF}}}segment")}


def test_export_is_strict_xliff12_with_every_segment(xliff: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = export(xliff, "xliff-1.2", capsys)
    data = out.read_bytes()
    assert errors(xliff12_schema(), data) == []
    root = etree.fromstring(data)
    assert root.xpath("//x:trans-unit/@id", namespaces=X12) == list(segments(xliff))
    assert b"/tmp" not in data and str(SEED.parent).encode() not in data  # no host path
    qa = root.xpath("//x:note[@from='toolkit:qa']", namespaces=X12)
    assert len(qa) == sum(1 for s in segments(xliff).values() for n in s.notes if n.category == "qa")


def test_default_output_and_self_overwrite(xliff: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(["review", "export", str(xliff), "--format", "xliff-1.2"], capsys)
    assert code == 0 and out.startswith(f"wrote {xliff.with_name('belarus-brief.review.xlf')} (")
    before = xliff.read_bytes()
    code, out, err = run_cli(["review", "export", str(xliff), "--format", "xliff-2", "-o", str(xliff)], capsys)
    assert code == 2 and err.startswith("toolkit: error: the review file would overwrite the XLIFF")
    assert xliff.read_bytes() == before


def test_target_changed_in_translate_toolkit_comes_back_reviewed(xliff: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from translate.storage import factory

    out = export(xliff, "xliff-1.2", capsys)
    before, before_xml = segments(xliff), segment_xml(xliff)
    # a segment without codes, so that translate-toolkit's plain-text setter keeps everything
    sid = next(s.id for s in before.values() if s.target and all(isinstance(p, str) for p in s.source + s.target))
    store = factory.getobject(str(out))
    unit = next(u for u in store.units if u.getid().split("\x04")[-1] == sid)
    unit.target = "A translator's better sentence."
    store.save()

    code, stdout, err = run_cli(["review", "import", str(out), str(xliff)], capsys)
    assert (code, err) == (0, "")
    lines = stdout.splitlines()
    assert lines[0].startswith(f"{sid}: '") and "A translator's better sentence." in lines[0]
    assert "1 segment(s) reviewed, 0 comment(s) added, 0 repair(s)" in lines
    after, after_xml = segments(xliff), segment_xml(xliff)
    assert (after[sid].target, after[sid].state, after[sid].origin) == (
        ["A translator's better sentence."], "reviewed", "review")
    assert {k: v for k, v in after_xml.items() if k != sid} == {k: v for k, v in before_xml.items() if k != sid}
    assert len(list(tmp_path.glob("belarus-brief.xlf.bak-*"))) == 1

    again = xliff.read_bytes()
    code, stdout, _err = run_cli(["review", "import", str(out), str(xliff)], capsys)
    assert (code, stdout) == (0, "no changes: the XLIFF is already up to date\n")
    assert xliff.read_bytes() == again


def _edit(path: Path, sid: str, fn) -> None:  # type: ignore[no-untyped-def]
    root = etree.fromstring(path.read_bytes())
    unit = root.xpath(f"//x:trans-unit[@id='{sid}']", namespaces=X12)[0]
    fn(unit)
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _with_footnote(xliff: Path) -> str:
    return next(s.id for s in segments(xliff).values() if footnote_refs(s.source) and s.target)


def test_codes_kept_state_approved_and_notes_added(xliff: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = export(xliff, "xliff-1.2", capsys)
    sid = _with_footnote(xliff)
    plain_sid = next(s.id for s in segments(xliff).values() if s.state == "translated" and s.id != sid)

    def retranslate(unit: etree._Element) -> None:
        target = unit.find(f"{{{XLF_12}}}target")
        target.text = "Rewritten by hand, reference kept"
        for code in target:
            code.tail = ""
        target[-1].tail = "."

    _edit(out, sid, retranslate)

    def approve(unit: etree._Element) -> None:
        unit.find(f"{{{XLF_12}}}target").set("state", "signed-off")
        note = etree.SubElement(unit, f"{{{XLF_12}}}note", {"from": "Olena"})
        note.text = "Checked against the minister's speech."

    _edit(out, plain_sid, approve)
    before = segments(xliff)
    code, stdout, err = run_cli(["review", "import", str(out), str(xliff)], capsys)
    assert (code, err) == (0, ""), err
    assert f"{plain_sid}: marked reviewed, English unchanged" in stdout.splitlines()
    after = segments(xliff)
    assert footnote_refs(after[sid].target or []) == footnote_refs(before[sid].source)
    assert plain_text(after[sid].target or []) == "Rewritten by hand, reference kept."
    assert after[sid].state == "reviewed"
    assert after[plain_sid].target == before[plain_sid].target and after[plain_sid].state == "reviewed"
    assert ("Checked against the minister's speech.", "Olena") in [(n.text, n.author) for n in after[plain_sid].notes]


def _change_source(unit: etree._Element) -> None:
    unit.find(f"{{{XLF_12}}}source").text = "Un autre texte."


def _drop_reference(unit: etree._Element) -> None:
    target = unit.find(f"{{{XLF_12}}}target")
    for code in list(target):
        if code.get("ctype") == "x-fnref":
            target.remove(code)
    target.text = (target.text or "") + " changed"


def _foreign_code(unit: etree._Element) -> None:
    etree.SubElement(unit.find(f"{{{XLF_12}}}target"), f"{{{XLF_12}}}x", id="zz9")


def _drop_unit(unit: etree._Element) -> None:
    unit.getparent().remove(unit)


def _empty_target(unit: etree._Element) -> None:
    target = unit.find(f"{{{XLF_12}}}target")
    for code in list(target):
        target.remove(code)
    target.text = ""


@pytest.mark.parametrize(("tamper", "message"), [
    (_change_source, "French source changed"),
    (_drop_reference, "missing from the target"),
    (_foreign_code, "target code 'zz9' is not in the source"),
    (_drop_unit, "missing"),
    (_empty_target, "target emptied"),
])
def test_tampered_file_changes_nothing(tamper, message: str, xliff: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = export(xliff, "xliff-1.2", capsys)
    sid = _with_footnote(xliff)
    good = next(s for s in segments(xliff) if s != sid)
    _edit(out, good, lambda u: setattr(u.find(f"{{{XLF_12}}}target"), "text", "A fine edit, not alone."))
    _edit(out, sid, tamper)
    before = xliff.read_bytes()
    code, stdout, err = run_cli(["review", "import", str(out), str(xliff)], capsys)
    assert code == 2 and stdout == ""
    assert err.startswith("toolkit: error: ") and message in err and err.count("\n") == 1, err
    assert xliff.read_bytes() == before and not list(tmp_path.glob("*.bak-*"))


def test_xliff2_round_trip_and_dry_run(xliff: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = export(xliff, "xliff-2", capsys)
    root = etree.fromstring(out.read_bytes())
    ns = {"x": XLF}
    sid = next(s.id for s in segments(xliff).values() if s.target and not any(isinstance(p, Start)
                                                                              for p in s.source))
    seg_el = root.xpath(f"//x:segment[@id='{sid}']", namespaces=ns)[0]
    target = seg_el.find(f"{{{XLF}}}target")
    while len(target) == 1 and target[0].tag == f"{{{XLF}}}mrk" and not (target.text or "").strip():
        target = target[0]  # a note's comment annotation around the whole target: edit inside it
    target.text = "New words" + ("" if len(target) else ".")
    for code in target:
        code.tail = ""
    if len(target):
        target[-1].tail = "."
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    before = xliff.read_bytes()
    code, stdout, _err = run_cli(["review", "import", "--dry-run", str(out), str(xliff)], capsys)
    assert code == 0 and stdout.startswith(f"{sid}: ") and stdout.endswith("dry run: nothing written\n")
    assert xliff.read_bytes() == before
    code, stdout, _err = run_cli(["review", "import", str(out), str(xliff)], capsys)
    assert code == 0 and plain_text(segments(xliff)[sid].target or []) == "New words."
    assert segments(xliff)[sid].state == "reviewed"


@pytest.mark.parametrize(("content", "message"), [
    (b"just text", "not a review file"),
    (b"<tmx version='1.4'><body/></tmx>", "not a review file"),
    (b"PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.text", "save it as Word"),
])
def test_unknown_review_files_are_one_line_errors(content: bytes, message: str, xliff: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "review.xlf"
    bad.write_bytes(content)
    before = xliff.read_bytes()
    code, out, err = run_cli(["review", "import", str(bad), str(xliff)], capsys)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
    assert xliff.read_bytes() == before
