"""Review import: whole-file checks, all-or-nothing apply, codes kept, backups, idempotence, LibreOffice round trip."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.formats.test_review_docx import IDS, make_document, write_sample
from toolkit.errors import InputError
from toolkit.formats.review_docx import Span
from toolkit.formats.xliff import load_xliff, write_xliff
from toolkit.model import End, Ph, Segment, Start, footnote_refs, plain_text
from toolkit.review.exchange import (
    backup_path,
    cell_content,
    describe,
    excerpts,
    export_review,
    import_review,
)

Edit = Callable[[docx.document.Document], None]


def segments(xliff: Path) -> dict[str, Segment]:
    return {s.id: s for s in load_xliff(xliff).document.segments()}


def edit(review: Path, out: Path, *edits: Edit, author: str = "Anna Reviewer") -> Path:
    """Play the reviewer: open `review` with python-docx, apply `edits`, save as `out`."""
    document = docx.Document(str(review))
    for change in edits:
        change(document)
    document.core_properties.last_modified_by = author
    document.save(str(out))
    return out


def row(document: docx.document.Document, sid: str) -> docx.table._Row:
    return next(r for r in document.tables[0].rows[1:] if r.cells[0].text == sid)


def english(sid: str, text: str) -> Edit:
    return lambda d: setattr(row(d, sid).cells[2], "text", text)


def comment(sid: str, text: str) -> Edit:
    return lambda d: setattr(row(d, sid).cells[4], "text", text)


def french(sid: str, text: str) -> Edit:
    return lambda d: setattr(row(d, sid).cells[1], "text", text)


def delete_row(sid: str) -> Edit:
    def go(d: docx.document.Document) -> None:
        tr = row(d, sid)._tr
        tr.getparent().remove(tr)
    return go


def word_comment(sid: str, text: str) -> Edit:
    """A comment made with Word's own comment tool on the row's English cell."""
    def go(d: docx.document.Document) -> None:
        d.add_comment(row(d, sid).cells[2].paragraphs[0].runs, text=text, author="Olena", initials="O")
    return go


def set_id(sid: str, new: str) -> Edit:
    return lambda d: setattr(row(d, sid).cells[0], "text", new)


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, Path]:
    return write_sample(tmp_path)


def refused(review: Path, xliff: Path, match: str) -> None:
    """The import fails with a one-line error matching `match`, the XLIFF byte-identical and no backup."""
    before = xliff.read_bytes()
    with pytest.raises(InputError, match=match) as info:
        import_review(review, xliff)
    assert "\n" not in str(info.value)
    assert xliff.read_bytes() == before
    assert not list(xliff.parent.glob("*.bak-*"))


# ------------------------------------------------------------------------------------------ apply


def test_two_english_edits_and_a_comment_reach_the_xliff(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    before_bytes = xliff.read_bytes()
    before = segments(xliff)
    edited = edit(review, tmp_path / "edited.docx",
                  english("b3.s1", "Minsk stays cautious[2]."),
                  english("fn2.p1.s1", "Reuters, 19 December 2022."),
                  comment("b2.s1", "Check the quotation marks."))
    result = import_review(edited, xliff, now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    after = segments(xliff)
    assert after["b3.s1"].target == ["Minsk stays cautious", Ph("fn", ref="2"), "."]
    assert plain_text(after["fn2.p1.s1"].target or []) == "Reuters, 19 December 2022."
    for sid in ("b3.s1", "fn2.p1.s1"):
        assert (after[sid].state, after[sid].origin) == ("reviewed", "review")
    notes = [(n.text, n.category, n.author) for n in after["b2.s1"].notes]
    assert ("Check the quotation marks.", "comment", "Anna Reviewer") in notes
    assert after["b2.s1"].target == before["b2.s1"].target and after["b2.s1"].state == "translated"
    for sid in set(IDS) - {"b3.s1", "fn2.p1.s1", "b2.s1"}:
        assert after[sid] == before[sid]
    backup = tmp_path / "brief.xlf.bak-20260102T030405Z"
    assert result.backup == backup and backup.read_bytes() == before_bytes
    assert (result.targets_changed, result.comments_added) == (2, 1)
    lines = describe(result)
    assert lines[-1] == "2 segment(s) reviewed, 1 comment(s) added, 0 repair(s)"
    assert any(line.startswith("fn2.p1.s1: '") and "19 December" in line for line in lines)


def test_signature_suggestions_and_document_metadata_survive(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    store = load_xliff(xliff)
    import_review(edit(review, tmp_path / "e.docx", english("b1.s1", "Belarus and the War")), xliff)
    again = load_xliff(xliff)
    assert again.signature == store.signature
    assert again.document.title == store.document.title
    assert [b.kind for b in again.document.blocks] == [b.kind for b in store.document.blocks]


def test_second_import_changes_nothing_and_writes_nothing(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    edited = edit(review, tmp_path / "e.docx", english("b3.s1", "Minsk stays cautious."),
                  comment("b1.s1", "Title case?"))
    first = import_review(edited, xliff)
    assert first.written and first.repairs == 1  # the reference restored before the full stop
    after_first = xliff.read_bytes()
    second = import_review(edited, xliff)
    assert second.changes == [] and not second.written and second.backup is None
    assert xliff.read_bytes() == after_first
    assert len(list(tmp_path.glob("*.bak-*"))) == 1
    assert describe(second) == ["no changes: the XLIFF is already up to date"]


def test_untouched_file_changes_nothing(sample: tuple[Path, Path]) -> None:
    xliff, review = sample
    before = xliff.read_bytes()
    assert import_review(review, xliff).changes == []
    assert xliff.read_bytes() == before


def test_deleted_marker_is_restored_before_final_punctuation_and_reported(sample: tuple[Path, Path],
                                                                          tmp_path: Path) -> None:
    xliff, review = sample
    result = import_review(edit(review, tmp_path / "e.docx",
                                english("b2.s1", "In October, Lukashenko announced a “joint group”.")), xliff)
    target = segments(xliff)["b2.s1"].target
    assert target == ["In October, Lukashenko announced a “joint group”", Ph("fn", ref="1"), "."]
    assert result.changes[0].repairs == ["footnote reference [1] restored at the end of the sentence"]


def test_kept_marker_places_the_reference_where_the_reviewer_put_it(sample: tuple[Path, Path],
                                                                     tmp_path: Path) -> None:
    xliff, review = sample
    import_review(edit(review, tmp_path / "e.docx",
                       english("b2.s1", "In October[1], Lukashenko announced a joint group.")), xliff)
    assert segments(xliff)["b2.s1"].target == [
        "In October", Ph("fn", ref="1"), ", Lukashenko announced a joint group."]


def test_emphasis_becomes_the_sources_code_and_unknown_formatting_plain(sample: tuple[Path, Path],
                                                                        tmp_path: Path) -> None:
    xliff, review = sample

    def styled(d: docx.document.Document) -> None:
        cell = row(d, "b2.s2").cells[2]
        cell.text = "The Kremlin "
        run = cell.paragraphs[0].add_run("flatly denied")
        run.italic = True
        cell.paragraphs[0].add_run(" the report.")
        cell = row(d, "b1.s1").cells[2]
        cell.text = ""
        cell.paragraphs[0].add_run("Belarus").bold = True
        cell.paragraphs[0].add_run(" and the war.")

    result = import_review(edit(review, tmp_path / "e.docx", styled), xliff)
    after = segments(xliff)
    assert after["b2.s2"].target == ["The Kremlin ", Start("em", "e1"), "flatly denied", End("e1"), " the report."]
    assert after["b1.s1"].target == ["Belarus and the war."]
    repairs = {c.segment_id: c.repairs for c in result.changes}
    assert repairs["b1.s1"] == ["bold dropped: the French has no such formatting here"]


def test_link_kept_around_the_same_words(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    import_review(edit(review, tmp_path / "e.docx",
                       english("b4.s1", "Read the statement issued in Minsk.")), xliff)
    target = segments(xliff)["b4.s1"].target or []
    assert target[1:4] == [Start("link", "l1", "https://www.reuters.com/world/europe/"), "the statement",
                           End("l1")]


def test_reviewer_untouched_rows_are_not_written_back_when_the_xliff_moved_on(sample: tuple[Path, Path],
                                                                             tmp_path: Path) -> None:
    """The export's hashes say what the reviewer changed: a newer XLIFF target is not overwritten."""
    xliff, review = sample
    doc = load_xliff(xliff).document
    newer = next(s for s in doc.segments() if s.id == "fn1.p1.s1")
    newer.target, newer.state = ["“Belarus Says…”, The Moscow Times, 10 October 2022."], "reviewed"
    write_xliff(doc, xliff)
    result = import_review(edit(review, tmp_path / "e.docx", english("b1.s1", "Belarus and the War")), xliff)
    assert [c.segment_id for c in result.changes] == ["b1.s1"]
    assert plain_text(segments(xliff)["fn1.p1.s1"].target or []).endswith("10 October 2022.")


def test_without_the_custom_properties_the_current_targets_are_the_baseline(sample: tuple[Path, Path],
                                                                            tmp_path: Path) -> None:
    xliff, review = sample

    def strip(d: docx.document.Document) -> None:
        package = d.part.package
        rel = next(r for r in package.rels.values() if r.reltype.endswith("/custom-properties"))
        package.rels.pop(rel.rId)

    edited = edit(review, tmp_path / "e.docx", strip, english("b3.s1", "Minsk stays cautious[2]."))
    result = import_review(edited, xliff)
    assert [c.segment_id for c in result.changes] == ["b3.s1"]


def test_dry_run_writes_nothing(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    before = xliff.read_bytes()
    result = import_review(edit(review, tmp_path / "e.docx", english("b1.s1", "Belarus at war")), xliff,
                           dry_run=True)
    assert len(result.changes) == 1 and not result.written
    assert xliff.read_bytes() == before and not list(tmp_path.glob("*.bak-*"))


def test_author_default_is_the_last_editor_unless_it_is_ours(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    import_review(edit(review, tmp_path / "e.docx", comment("b1.s1", "Fine."), author="toolkit"), xliff)
    assert [n.author for n in segments(xliff)["b1.s1"].notes] == [""]
    import_review(edit(review, tmp_path / "f.docx", comment("b4.s1", "Link ok.")), xliff, author="Lead")
    assert [n.author for n in segments(xliff)["b4.s1"].notes] == ["Lead"]


def test_existing_comments_are_not_added_twice(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample

    def more(d: docx.document.Document) -> None:
        row(d, "b2.s2").cells[4].add_paragraph("Past tense is right.")

    result = import_review(edit(review, tmp_path / "e.docx", more), xliff)
    assert [n.text for n in result.changes[0].comments] == ["Past tense is right."]
    texts = [n.text for n in segments(xliff)["b2.s2"].notes if n.category == "comment"]
    assert texts == ["Ask the editor about the tense.", "Past tense is right."]


def test_word_comments_on_a_row_become_notes_with_their_author(sample: tuple[Path, Path], tmp_path: Path) -> None:
    """A reviewer who uses Word's own comment tool instead of the Comment column."""
    xliff, review = sample

    result = import_review(edit(review, tmp_path / "e.docx", word_comment("b3.s1", "Wary rather than cautious?")),
                           xliff)
    assert [(c.segment_id, c.target) for c in result.changes] == [("b3.s1", None)]
    notes = [(n.text, n.author) for n in segments(xliff)["b3.s1"].notes if n.category == "comment"]
    assert notes == [("Wary rather than cautious?", "Olena")]


def test_backup_names_never_collide(tmp_path: Path) -> None:
    xliff = tmp_path / "a.xlf"
    when = datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)
    first = backup_path(xliff, when)
    assert first.name == "a.xlf.bak-20260506T070809Z"
    first.write_text("x", encoding="utf-8")
    assert backup_path(xliff, when).name == "a.xlf.bak-20260506T070809Z-2"


def test_cell_content_rules() -> None:
    seg = Segment("b1.s1", ["Texte", Ph("fn", ref="3"), " et ", Ph("fn", ref="4"), "."],
                  ["Text", Ph("fn", ref="3"), " and ", Ph("fn", ref="4"), "."])
    content, repairs = cell_content([[Span("Text[3] and [3] more [4] [7].")]], seg)
    assert content == ["Text", Ph("fn", ref="3"), " and more ", Ph("fn", ref="4"), " [7]."]
    assert repairs == ["a second [3] marker removed", "[7] is not a footnote of this sentence: kept as text"]
    content, _ = cell_content([[Span("  Two  "), Span("\tspaces ")], [Span("and a paragraph")]], seg)
    assert footnote_refs(content) == ["3", "4"] and plain_text(content) == "Two spaces and a paragraph"


def test_excerpts_show_where_texts_differ() -> None:
    old = "A long sentence that starts the same way and then says December 15, 2022 at the end."
    new = "A long sentence that starts the same way and then says 15 December 2022 at the end."
    before, after = excerpts(old, new)
    assert before.startswith("…") and "December 15" in before and "15 December" in after
    assert excerpts("short", "shorter") == ("short", "shorter")


# ------------------------------------------------------------------------------------------ refusals


def test_changed_french_is_refused_naming_the_row(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    bad = edit(review, tmp_path / "bad.docx", english("b1.s1", "Belarus at war"),
               french("b3.s1", "Minsk reste très prudent[2]."))
    refused(bad, xliff, r"does not match the XLIFF: row 4 \(b3\.s1\) French text changed \(.*bad\.docx\)$")


def test_typography_only_changes_to_the_french_are_accepted(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    ok = edit(review, tmp_path / "ok.docx", french("b2.s2", "Le Kremlin a  démenti l'information."),
              english("b2.s2", "The Kremlin denied it."))
    assert len(import_review(ok, xliff).changes) == 1


def test_deleted_row_is_refused(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    refused(edit(review, tmp_path / "bad.docx", delete_row("b4.s1")), xliff, r"row 5 \(b4\.s1\) missing")


def test_swapped_ids_are_refused(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample

    def swap(d: docx.document.Document) -> None:
        first, second = d.tables[0].rows[2].cells[0], d.tables[0].rows[3].cells[0]
        first.text, second.text = second.text, first.text

    bad = edit(review, tmp_path / "bad.docx", swap)
    refused(bad, xliff, r"row [23] \(b2\.s[12]\) is out of order")


def test_unknown_and_repeated_ids_are_refused(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    refused(edit(review, tmp_path / "a.docx", set_id("b4.s1", "b9.s9")), xliff,
            r"row 5 \(b9\.s9\) is not in the XLIFF.*row 5 \(b4\.s1\) missing")
    refused(edit(review, tmp_path / "b.docx", set_id("b4.s1", "b3.s1")), xliff, r"row 5 \(b3\.s1\) repeats an ID")


def test_emptied_english_cell_is_refused(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample
    refused(edit(review, tmp_path / "bad.docx", english("b1.s1", "Fine"), english("b2.s2", "  ")), xliff,
            r"row 3 \(b2\.s2\) English cell emptied")


def test_another_documents_review_file_is_refused(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, _review = sample
    other = make_document()
    for seg in other.segments():
        seg.source, seg.target = [f"Autre texte {seg.id}."], [f"Other text {seg.id}."]
    folder = tmp_path / "other"
    folder.mkdir()
    write_xliff(other, folder / "wagner.xlf")
    export_review(folder / "wagner.xlf", folder / "wagner.review.docx")
    refused(folder / "wagner.review.docx", xliff,
            r"does not match the XLIFF \(it was made from wagner\.xlf\): row 1 \(b1\.s1\) French text changed;")


def test_wrong_header_and_wrong_shape_are_refused(sample: tuple[Path, Path], tmp_path: Path) -> None:
    xliff, review = sample

    def rename(d: docx.document.Document) -> None:
        d.tables[0].rows[0].cells[2].text = "Anglais"

    refused(edit(review, tmp_path / "a.docx", rename), xliff, "not a review table: its header row is")

    other = docx.Document()
    other.add_table(rows=3, cols=2).cell(0, 0).text = "Name"
    other.save(str(tmp_path / "b.docx"))
    refused(tmp_path / "b.docx", xliff, "not a review table")


def test_bad_xliff_is_refused_and_left_alone(sample: tuple[Path, Path], tmp_path: Path) -> None:
    _xliff, review = sample
    broken = tmp_path / "broken.xlf"
    broken.write_text("<xliff", encoding="utf-8")
    refused(review, broken, "not well-formed XML")
    with pytest.raises(InputError, match="no such file"):
        import_review(review, tmp_path / "absent.xlf")


def test_many_faults_are_summarised_on_one_line(sample: tuple[Path, Path], tmp_path: Path) -> None:
    _xliff, review = sample
    doc = make_document()
    doc.blocks[1].segments = [Segment(f"b2.s{i}", [f"Phrase {i}."], [f"Sentence {i}."]) for i in range(1, 30)]
    write_xliff(doc, tmp_path / "long.xlf")
    refused(review, tmp_path / "long.xlf", r"; and \d+ more \(")


# ------------------------------------------------------------------------------------------ all or nothing


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["english", "comment", "french", "delete", "swap", "id", "empty"]),
        st.integers(0, len(IDS) - 1),
        st.text(alphabet="abcdefghij KLMNO,'’-", min_size=1, max_size=30).filter(lambda t: t.strip(" ,'’-")),
    ),
    min_size=1, max_size=5,
)

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_an_import_applies_completely_or_not_at_all(edits: list[tuple[str, int, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        xliff, review = write_sample(Path(folder))
        before_bytes, before = xliff.read_bytes(), segments(xliff)
        document = docx.Document(str(review))
        rows = list(document.tables[0].rows[1:])
        wanted: dict[str, str] = {}
        emptied: set[str] = set()
        bad = False
        for kind, index, text in edits:
            tr = rows[index]
            sid = IDS[index]
            if tr._tr.getparent() is None:
                continue  # deleted by an earlier edit
            if kind == "english":
                tr.cells[2].text = f"New {text}."
                wanted[sid] = f"New {text}."
                emptied.discard(sid)
            elif kind == "comment":
                tr.cells[4].text = f"Note {text}"
            elif kind == "french":
                tr.cells[1].text = tr.cells[1].text + " Ajout"
            elif kind == "delete":
                tr._tr.getparent().remove(tr._tr)
            elif kind == "swap":
                other = rows[(index + 1) % len(rows)]
                if other._tr.getparent() is None:
                    continue
                tr.cells[0].text, other.cells[0].text = other.cells[0].text, tr.cells[0].text
            elif kind == "id":
                tr.cells[0].text = "x" + sid
            elif kind == "empty":
                if tr.cells[2].text.strip() == "":
                    continue
                tr.cells[2].text = " "
                wanted.pop(sid, None)
                emptied.add(sid)
            bad = bad or kind == "french"
        # two swaps of the same pair cancel out: judge the IDs by the table as saved
        bad = bad or bool(emptied) or [r.cells[0].text for r in document.tables[0].rows[1:]] != IDS
        edited = Path(folder) / "edited.docx"
        document.save(str(edited))
        event("refused" if bad else "applied")
        if bad:
            with pytest.raises(InputError):
                import_review(edited, xliff)
            assert xliff.read_bytes() == before_bytes
            assert not list(Path(folder).glob("*.bak-*"))
            return
        import_review(edited, xliff)
        after = segments(xliff)
        for sid in IDS:
            if sid in wanted:
                assert plain_text(after[sid].target or []) == " ".join(wanted[sid].split())  # spaces tidied
                assert after[sid].state == "reviewed"
                assert footnote_refs(after[sid].target or []) == footnote_refs(after[sid].source)
            else:
                assert after[sid].target == before[sid].target and after[sid].state == before[sid].state


# ------------------------------------------------------------------------------------------ LibreOffice


def test_libreoffice_round_trip(sample: tuple[Path, Path], tmp_path: Path) -> None:
    """LibreOffice rewrites the whole package; the import still reads it and does the same as from Word."""
    xliff, review = sample
    edited = edit(review, tmp_path / "edited.docx",
                  english("b2.s1", "In October, Lukashenko announced a “joint group”[1]."),
                  english("fn1.p1.s1", "“Belarus Says…”, The Moscow Times, 10 October 2022."),
                  comment("b3.s1", "Cautious or wary?"),
                  word_comment("fn2.p1.s1", "Date format?"))
    direct = tmp_path / "direct.xlf"
    shutil.copy(xliff, direct)
    import_review(edited, direct)

    out, profile = tmp_path / "lo", tmp_path / "lo-profile"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
         "--outdir", str(out), str(edited)],
        capture_output=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    converted = out / "edited.docx"
    assert converted.read_bytes() != edited.read_bytes()
    result = import_review(converted, xliff)
    assert sorted(c.segment_id for c in result.changes) == ["b2.s1", "b3.s1", "fn1.p1.s1", "fn2.p1.s1"]
    assert xliff.read_bytes() == direct.read_bytes()
    assert import_review(converted, xliff).changes == []  # idempotent after LibreOffice too

