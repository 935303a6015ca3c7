"""The round-trip suite every bilingual store format inherits: write a document, read it back, same units.

A format's test module subclasses `RoundTripSuite`, implements `roundtrip(doc, tmp_path)` (write then read)
and says through the class flags what the format cannot carry; every test below then runs for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.model import (
    Block,
    Content,
    Document,
    End,
    Footnote,
    Inline,
    Note,
    Ph,
    Segment,
    Start,
    plain_text,
)


@dataclass
class UnitView:
    """What a store keeps of one segment, in a form two formats can be compared on."""

    id: str
    source: Content
    target: Content | None
    state: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)  # (category, text)


def canonical(content: Content | None, keep_ids: bool) -> Content | None:
    """Content with paired-code ids renumbered in order of appearance, for formats that renumber them."""
    if content is None or keep_ids:
        return content
    names: dict[str, str] = {}
    out: list[Inline] = []
    for part in content:
        if isinstance(part, Start):
            names[part.id] = str(len(names) + 1)
            out.append(Start(part.kind, names[part.id], part.href))
        elif isinstance(part, End):
            out.append(End(names.get(part.id, part.id)))
        else:
            out.append(part)
    return out


def simplified(content: Content | None, keep_spacing: bool = True, keep_empty_pairs: bool = True,
               keep_crossing: bool = True) -> Content | None:
    """Content as a format that cannot carry them gives it back: runs of spaces and tabs as one space and none
    at either end (`keep_spacing` False); no paired code around nothing (`keep_empty_pairs` False); pairs that
    close at the same point closed innermost first (`keep_crossing` False)."""
    if content is None or (keep_spacing and keep_empty_pairs and keep_crossing):
        return content
    out: list[Inline] = list(content)
    if not keep_crossing:
        opened: list[str] = []  # ids in the order their pairs opened
        k = 0
        while k < len(out):
            part = out[k]
            if isinstance(part, Start):
                opened.append(part.id)
            if isinstance(part, End):
                run = k
                while run < len(out) and isinstance(out[run], End):
                    run += 1
                ends = [p for p in out[k:run] if isinstance(p, End)]
                ends.sort(key=lambda e: -opened.index(e.id) if e.id in opened else 0)
                out[k:run] = ends
                for e in ends:
                    if e.id in opened:
                        opened.remove(e.id)
                k = run
                continue
            k += 1
    if not keep_empty_pairs:
        changed = True
        while changed:
            changed = False
            for k in range(len(out) - 1):
                first, second = out[k], out[k + 1]
                if isinstance(first, Start) and isinstance(second, End) and second.id == first.id:
                    del out[k : k + 2]
                    changed = True
                    break
    merged: list[Inline] = []
    for part in out:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    if keep_spacing:
        return merged
    tidy: list[Inline] = [re.sub(r"[ \t]+", " ", p) if isinstance(p, str) else p for p in merged]
    if tidy and isinstance(tidy[0], str):
        tidy[0] = tidy[0].lstrip(" ")
    if tidy and isinstance(tidy[-1], str):
        tidy[-1] = tidy[-1].rstrip(" ")
    return [p for p in tidy if p != ""]


def units_of(doc: Document) -> list[UnitView]:
    return [UnitView(s.id, list(s.source), None if s.target is None else list(s.target), s.state,
                     [(n.category, n.text) for n in s.notes]) for s in doc.segments()]


def seg(sid: str, source: Content, target: Content | None = None, state: str = "translated",
        space_after: str = "", notes: list[Note] | None = None, origin: str = "") -> Segment:
    """A segment in one line (tests build documents by hand)."""
    return Segment(sid, source, target, state, space_after, notes or [], origin)  # type: ignore[arg-type]


HREF = "https://example.org/a?b=1&c=«2»"


def sample_document() -> Document:
    """A brief in miniature: heading, paragraph with codes and a footnote reference, list items, footnotes."""
    return Document(
        title="Le Bélarus et la guerre",
        source_path="samples/belarus-brief.fr.txt",
        source_format="text",
        blocks=[
            Block("b1", "heading", [seg("b1.s1", ["Le Bélarus et la guerre"], ["Belarus and the war"])],
                  level=1),
            Block("b2", "paragraph", [
                seg("b2.s1", ["Des forces ", Start("em", "1"), "russes", End("1"), " sont arrivées",
                              Ph("fn", ref="1"), "."],
                    ["Russian ", Start("em", "1"), "forces", End("1"), " arrived", Ph("fn", ref="1"), "."],
                    state="reviewed", space_after=" ",
                    notes=[Note("« arrivées » : plutôt « stationed » ?", "comment", "relecteur")]),
                seg("b2.s2", ["Voir ", Start("link", "2", href=HREF), "le rapport", End("2"), " du ",
                              Start("strong", "3"), "ministère", End("3"), Ph("fn", ref="2"), "."],
                    ["See the ministry's ", Start("link", "2", href=HREF), "report", End("2"),
                     Ph("fn", ref="2"), "."], state="final", space_after="\u00a0\n",
                    notes=[Note("number-mismatch: 2 vs 3", "qa")]),
                seg("b2.s3", ["Ligne", Ph("br"), "suivante avec ", Ph("code", text="<x & y>"), "."], None,
                    state="initial"),
            ]),
            Block("b3", "list-item", [seg("b3.s1", ["Premier point ; 12\u202f000 soldats."],
                                          ["First point: 12,000 soldiers."])], level=1, ordered=True),
        ],
        footnotes=[
            Footnote("1", [Block("fn1.p1", "paragraph", [
                seg("fn1.p1.s1", ["Voir « Le Monde », 3 mars 2024."], ["See « Le Monde », 3 March 2024."],
                    state="reviewed")])]),
            Footnote("2", [Block("fn2.p1", "paragraph", [
                seg("fn2.p1.s1", ["Source officielle."], ["Official source."], state="final",
                    space_after=" "),
                seg("fn2.p1.s2", ["Consultée le 1er mai."], ["Accessed on 1 May."], state="final")])]),
        ],
    )


# content of one segment: text runs, placeholders and properly nested pairs
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")),
                min_size=1, max_size=12)


@st.composite
def contents(draw: st.DrawFn) -> Content:
    out: list[Inline] = []
    pair = 0
    for _ in range(draw(st.integers(0, 5))):
        choice = draw(st.sampled_from(["text", "text", "fn", "br", "code", "pair"]))
        if choice == "text":
            out.append(draw(_TEXT))
        elif choice == "fn":
            out.append(Ph("fn", ref=str(draw(st.integers(1, 40)))))
        elif choice == "br":
            out.append(Ph("br"))
        elif choice == "code":
            out.append(Ph("code", text=draw(_TEXT)))
        else:
            pair += 1
            kind = draw(st.sampled_from(["em", "strong", "link"]))
            href = "https://example.org/" + str(pair) if kind == "link" else ""
            out.extend([Start(kind, str(pair), href), draw(_TEXT), End(str(pair))])
    merged: list[Inline] = []
    for part in out:  # adjacent runs merge when read back: compare in the merged form
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged or ["x"]


class RoundTripSuite:
    """Inherit in `Test<Format>RoundTrip` and implement `roundtrip`; flags say what the format cannot keep."""

    keeps_code_ids = True  # paired-code ids come back as written (else renumbered in order)
    keeps_untranslated = True  # segments without a target survive
    keeps_initial_state = True
    keeps_note_categories = True  # else only reviewer comments come back, as text
    keeps_qa_notes = True
    keeps_textless = True  # segments whose source or target has no text (only codes) survive
    keeps_spacing = True  # runs of spaces and tabs, and spaces at either end, come back as written
    keeps_empty_pairs = True  # a paired code around no text survives
    keeps_crossing = True  # pairs closing at the same point come back in their order (crossing or nested)

    def roundtrip(self, doc: Document, tmp_path: Path) -> list[UnitView]:
        raise NotImplementedError

    # -- helpers

    def expected(self, doc: Document) -> list[UnitView]:
        out = []
        for unit in units_of(doc):
            if unit.target is None and not self.keeps_untranslated:
                continue
            if unit.state == "initial" and not self.keeps_initial_state:
                continue
            if not self.keeps_textless and not (plain_text(unit.source).strip()
                                                and plain_text(unit.target or []).strip()):
                continue
            notes = unit.notes
            if not self.keeps_note_categories:
                notes = [("", text) for cat, text in notes if cat == "comment"]
            elif not self.keeps_qa_notes:
                notes = [(cat, text) for cat, text in notes if cat != "qa"]
            out.append(UnitView(unit.id, unit.source, unit.target, unit.state, notes))
        return out

    def comparable(self, content: Content | None) -> Content | None:
        kept = simplified(content, self.keeps_spacing, self.keeps_empty_pairs, self.keeps_crossing)
        return canonical(kept, self.keeps_code_ids)

    def same(self, got: list[UnitView], want: list[UnitView]) -> None:
        assert [u.id for u in got] == [u.id for u in want]
        for g, w in zip(got, want, strict=True):
            assert self.comparable(g.source) == self.comparable(w.source), g.id
            assert self.comparable(g.target) == self.comparable(w.target), g.id

    # -- the suite

    def test_ids_in_order(self, tmp_path: Path) -> None:
        doc = sample_document()
        assert [u.id for u in self.roundtrip(doc, tmp_path)] == [u.id for u in self.expected(doc)]

    def test_sources_and_targets(self, tmp_path: Path) -> None:
        doc = sample_document()
        self.same(self.roundtrip(doc, tmp_path), self.expected(doc))

    def test_states(self, tmp_path: Path) -> None:
        doc = sample_document()
        got = self.roundtrip(doc, tmp_path)
        assert [u.state for u in got] == [u.state for u in self.expected(doc)]

    def test_inline_codes(self, tmp_path: Path) -> None:
        doc = sample_document()
        got = {u.id: u for u in self.roundtrip(doc, tmp_path)}
        b2 = got["b2.s1"]
        assert [p for p in b2.source if isinstance(p, Ph)] == [Ph("fn", ref="1")]
        assert [p for p in b2.target or [] if isinstance(p, Ph)] == [Ph("fn", ref="1")]
        link = next(p for p in got["b2.s2"].target or [] if isinstance(p, Start))
        assert (link.kind, link.href) == ("link", "https://example.org/a?b=1&c=«2»")
        if "b2.s3" in got:
            assert Ph("code", text="<x & y>") in got["b2.s3"].source
            assert Ph("br") in got["b2.s3"].source

    def test_footnote_units(self, tmp_path: Path) -> None:
        doc = sample_document()
        got = {u.id: u for u in self.roundtrip(doc, tmp_path)}
        assert got["fn1.p1.s1"].target == ["See « Le Monde », 3 March 2024."]
        assert got["fn2.p1.s2"].source == ["Consultée le 1er mai."]

    def test_notes(self, tmp_path: Path) -> None:
        doc = sample_document()
        got = self.roundtrip(doc, tmp_path)
        assert [u.notes for u in got] == [u.notes for u in self.expected(doc)]

    def test_markup_characters_and_spaces(self, tmp_path: Path) -> None:
        text = "a < b && c > d ]]> \"q\" 'a'\u00a0«\u202fx\u202f» \t two  spaces"
        segment = seg("b1.s1", [text], [text + " EN"], state="final")
        doc = Document(blocks=[Block("b1", "paragraph", [segment])])
        got = self.roundtrip(doc, tmp_path)
        assert self.comparable(got[0].source) == self.comparable([text])
        assert self.comparable(got[0].target) == self.comparable([text + " EN"])

    def test_crossing_and_repeated_codes(self, tmp_path: Path) -> None:
        # the segmenter may leave pairs that do not nest; a reference may appear twice
        source: Content = [Start("em", "1"), "a ", Start("strong", "2"), "b", End("1"), " c", End("2"),
                           Ph("fn", ref="4"), " et", Ph("fn", ref="4")]
        target: Content = [Start("strong", "2"), "B ", Start("em", "1"), "A", End("2"), End("1"),
                           Ph("fn", ref="4"), " and", Ph("fn", ref="4")]
        doc = Document(blocks=[Block("b1", "paragraph", [seg("b1.s1", source, target, state="final")])])
        self.same(self.roundtrip(doc, tmp_path), self.expected(doc))

    # every subclass runs this same test: hypothesis sees "different executors", which is the point here;
    # tmp_path is shared by the examples, which is harmless since each example overwrites its file
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors])
    @given(pairs=st.lists(st.tuples(contents(), contents()), min_size=1, max_size=4))
    def test_any_content_roundtrips(self, tmp_path: Path, pairs: list[tuple[Content, Content]]) -> None:
        segments = []
        for i, (raw, target) in enumerate(pairs, 1):
            # paired-code ids are unique in a block, as the segmenter makes them
            source: Content = [Start(p.kind, f"{i}.{p.id}", p.href) if isinstance(p, Start)
                               else End(f"{i}.{p.id}") if isinstance(p, End) else p for p in raw]
            # the target may only use the source's codes: give it the source's codes after its text
            codes = [p for p in source if not isinstance(p, str)]
            text = "".join(p for p in target if isinstance(p, str)) or "t"
            segments.append(seg(f"b1.s{i}", source, [text, *codes], state="final", space_after=" "))
        doc = Document(blocks=[Block("b1", "paragraph", segments)])
        self.same(self.roundtrip(doc, tmp_path), self.expected(doc))
