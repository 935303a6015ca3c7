"""PDF editions through Typst, checked with poppler's pdftotext, pdfinfo and pdffonts on the PDFs we write."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from toolkit.errors import ToolkitError
from toolkit.formats import typst as typst_format
from toolkit.formats.typst import (
    bilingual_source,
    english_source,
    typeset,
    with_every_reference,
    write_bilingual_pdf,
    write_english_pdf,
)
from toolkit.model import Block, BlockKind, Content, Document, End, Footnote, Ph, Segment, Start, plain_text
from toolkit.pipeline.prepare import prepare

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "samples" / "belarus-brief.fr.txt"
TITLE = "Belarus: Russia’s visit to Minsk"
# Everything Typst's markup or pandoc's writer could take for syntax, and French typography.
SPECIAL = ('Specials # $ * _ < > @ [ ] \\ ` ~ / // /* */ = + - -- --- -? -5 ... "straight" it\'s '
           "http://x.org/a_b 10% {x} «\u00a0a\u00a0» b\u202f! l’œuvre “quoted” — fin.")
A4_HALF_WIDTH = 297  # points


# ---------------------------------------------------------------- helpers


def english(content: Content) -> Content:
    """A deterministic stand-in translation: upper case, codes kept (no translation is tested here)."""
    return [part.upper() if isinstance(part, str) else part for part in content]


def seed_document() -> Document:
    doc = prepare(SEED)
    for seg in doc.segments():
        seg.target = english(seg.source)
    return doc


def para(bid: str, source: Content, target: Content | None = None, kind: BlockKind = "paragraph",
         level: int = 0, ordered: bool = False) -> Block:
    return Block(bid, kind, [Segment(f"{bid}.s1", source, english(source) if target is None else target)],
                 level=level, ordered=ordered)


def note(fid: str, text: str) -> Footnote:
    return Footnote(fid, [para(f"fn{fid}.p1", [text])])


def pdftotext(path: Path, *crop: str, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, *crop, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def left_half(path: Path) -> str:
    return pdftotext(path, "-x", "0", "-y", "0", "-W", str(A4_HALF_WIDTH), "-H", "842")


def right_half(path: Path) -> str:
    return pdftotext(path, "-x", str(A4_HALF_WIDTH), "-y", "0", "-W", str(A4_HALF_WIDTH), "-H", "842")


def squeeze(text: str) -> str:
    """Text without line breaks, hyphenation breaks or spaces: what survives any line breaking."""
    return re.sub(r"[\s\u00a0\u202f]+", "", text.replace("\u00ad\n", "").replace("\u00ad", ""))


def positions(haystack: str, needles: list[str]) -> list[int]:
    """Where each needle occurs in `haystack` (squeezed); each must occur exactly once."""
    flat = squeeze(haystack)
    found = []
    for needle in needles:
        key = squeeze(needle)
        assert flat.count(key) == 1, f"{needle!r} occurs {flat.count(key)} times"
        found.append(flat.index(key))
    return found


def footnote_texts(doc: Document, side: str) -> list[str]:
    texts = []
    for fn in doc.footnotes:
        content: Content = []
        for block in fn.blocks:
            for seg in block.segments:
                content.extend(seg.source if side == "source" else seg.target or seg.source)
        texts.append(plain_text(content))
    return texts


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def fonts(path: Path) -> set[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+")[-1] for line in out.splitlines()[2:]}


def marks_before_refs(doc: Document, side: str, after: bool = False) -> list[str]:
    """For each footnote reference, the word it is glued to plus its number, e.g. `russes1` (`russes1.`)."""
    out = []
    for block in doc.blocks:
        for seg in block.segments:
            content = seg.source if side == "source" else seg.target or []
            for i, part in enumerate(content):
                if isinstance(part, Ph) and part.kind == "fn":
                    before = plain_text(content[:i]).split()
                    following = plain_text(content[i + 1:])[:1] if after else ""
                    out.append((before[-1] if before else "") + part.ref + following)
    return out


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Path, Path]:
    doc = seed_document()
    folder = tmp_path_factory.mktemp("seed")
    meta = {"title": TITLE, "signature": "toolkit:0.1.0|engine:test", "author": "toolkit tests"}
    write_english_pdf(doc, folder / "brief.en.pdf", meta)
    write_bilingual_pdf(doc, folder / "brief.fr-en.pdf", meta)
    return doc, folder / "brief.en.pdf", folder / "brief.fr-en.pdf"


# ---------------------------------------------------------------- English edition


def test_english_edition_has_every_english_footnote_once_in_order(seed_pdfs: tuple[Document, Path, Path]) -> None:
    doc, en_pdf, _ = seed_pdfs
    text = pdftotext(en_pdf)
    found = positions(text, footnote_texts(doc, "target"))
    assert found == sorted(found)
    assert len(found) == 6
    for french in footnote_texts(doc, "source"):
        assert squeeze(french) not in squeeze(text)


def test_english_edition_marks_and_body(seed_pdfs: tuple[Document, Path, Path]) -> None:
    doc, en_pdf, _ = seed_pdfs
    text = pdftotext(en_pdf)
    found = positions(text, marks_before_refs(doc, "target"))
    assert found == sorted(found)
    assert found and found[0] > squeeze(text).index(squeeze(TITLE))
    body = positions(text, [plain_text(seg.target or []) for seg in doc.segments()
                            if not any(isinstance(p, Ph) for p in seg.target or [])])
    assert body == sorted(body)


def test_english_edition_page_furniture_and_metadata(seed_pdfs: tuple[Document, Path, Path]) -> None:
    _, en_pdf, _ = seed_pdfs
    text = pdftotext(en_pdf)
    assert "English edition" in text
    assert TITLE in text  # running head (and the first page's title)
    assert re.search(r"^1\s*/\s*1$", text, re.M)  # folio
    info = pdfinfo(en_pdf)
    assert info["Title"] == TITLE
    assert info["Keywords"] == "toolkit:0.1.0|engine:test"
    assert info["Author"] == "toolkit tests"
    assert info["Page size"].endswith("(A4)")
    assert b"/Lang(en-GB)" in en_pdf.read_bytes()
    assert all(font.startswith("LibertinusSerif-") for font in fonts(en_pdf))  # no fallback font needed


def test_english_edition_typesets_without_warnings() -> None:
    doc = seed_document()
    _, warnings = typeset(english_source(doc, {"title": TITLE}))
    assert warnings == []
    _, warnings = typeset(bilingual_source(doc, {"title": TITLE}))
    assert warnings == []


# ---------------------------------------------------------------- bilingual edition


def test_bilingual_edition_footnotes_of_both_languages_once_in_order(
        seed_pdfs: tuple[Document, Path, Path]) -> None:
    doc, _, bi_pdf = seed_pdfs
    text = pdftotext(bi_pdf)
    for side in ("source", "target"):
        found = positions(text, footnote_texts(doc, side))
        assert found == sorted(found), side
    # French notes under the French column, English notes under the English one
    positions(left_half(bi_pdf), footnote_texts(doc, "source"))
    positions(right_half(bi_pdf), footnote_texts(doc, "target"))


def test_bilingual_edition_marks_numbered_like_the_source_on_each_side(
        seed_pdfs: tuple[Document, Path, Path]) -> None:
    doc, _, bi_pdf = seed_pdfs
    french_marks = marks_before_refs(doc, "source")
    english_marks = marks_before_refs(doc, "target")
    assert [m[-1] for m in french_marks] == ["1", "2", "3", "4", "5", "6"]
    assert [m[-1] for m in english_marks] == ["1", "2", "3", "4", "5", "6"]
    left, right = left_half(bi_pdf), right_half(bi_pdf)
    found = positions(left, french_marks)
    assert found == sorted(found)
    found = positions(right, english_marks)
    assert found == sorted(found)


def test_bilingual_edition_aligns_blocks_side_by_side(seed_pdfs: tuple[Document, Path, Path]) -> None:
    doc, _, bi_pdf = seed_pdfs
    left, right = left_half(bi_pdf), right_half(bi_pdf)
    for block in doc.blocks:
        first = block.segments[0]
        positions(left, [first.text[:40]])
        positions(right, [plain_text(first.target or [])[:40]])
    # rows line up: each block starts on the same text line on both sides (same vertical position)
    words = subprocess.run(["pdftotext", "-bbox", str(bi_pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    tops: dict[str, list[tuple[float, float]]] = {}
    for match in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', words):
        tops.setdefault(match.group(3), []).append((float(match.group(1)), float(match.group(2))))
    left_top = next(y for x, y in tops["Aucun"] if x < A4_HALF_WIDTH)
    right_top = next(y for x, y in tops["AUCUN"] if x > A4_HALF_WIDTH)
    assert abs(left_top - right_top) < 1


def test_bilingual_edition_page_furniture_and_metadata(seed_pdfs: tuple[Document, Path, Path]) -> None:
    _, _, bi_pdf = seed_pdfs
    text = pdftotext(bi_pdf)
    assert "Édition bilingue · Bilingual edition" in text
    assert "Français" in text and "English" in text
    assert TITLE in text
    info = pdfinfo(bi_pdf)
    assert info["Title"] == TITLE
    pages = int(info["Pages"])
    assert re.search(rf"^1\s*/\s*{pages}$", text, re.M)
    data = bi_pdf.read_bytes()
    assert b"/Lang(en-GB)" in data
    assert all(font.startswith("LibertinusSerif-") for font in fonts(bi_pdf))


# ---------------------------------------------------------------- what the text holds


def test_special_characters_survive_in_both_editions(tmp_path: Path) -> None:
    target = SPECIAL.replace("Specials", "Spéciaux")
    doc = Document(
        blocks=[para("b1", [SPECIAL, Ph("fn", ref="1")], [target, Ph("fn", ref="1")])],
        footnotes=[Footnote("1", [para("fn1.p1", ["note " + SPECIAL + " end"], ["NOTE " + target + " END"])])],
    )
    write_english_pdf(doc, tmp_path / "en.pdf", {"title": 'T # $ "x" \\ ] [ `'})
    write_bilingual_pdf(doc, tmp_path / "bi.pdf", {"title": "T"})
    en = pdftotext(tmp_path / "en.pdf")
    positions(en, [target + "1", "NOTE " + target + " END"])
    assert pdfinfo(tmp_path / "en.pdf")["Title"] == 'T # $ "x" \\ ] [ `'
    positions(left_half(tmp_path / "bi.pdf"), [SPECIAL + "1", "note " + SPECIAL + " end"])
    positions(right_half(tmp_path / "bi.pdf"), [target + "1", "NOTE " + target + " END"])
    # the characters, not Typst's shorthands for them: no en/em dash, ellipsis, minus or curly quotes appear
    assert not re.search("[–…−‘]", en)
    assert en.count("—") == 2  # the em dash typed in the text and in the note, and no other


def test_inline_formatting_and_links(tmp_path: Path) -> None:
    content: Content = ["Plain ", Start("strong", "1"), "bold", End("1"), " and ", Start("em", "2"), "italic",
                        End("2"), " and ", Start("link", "3", href="https://example.org/a_b?x=1#y"), "a link",
                        End("3"), " and ", Ph("code", text="co#de]`x"), "."]
    doc = Document(blocks=[para("b1", content, content)])
    write_english_pdf(doc, tmp_path / "en.pdf", {"title": "Formats"})
    text = pdftotext(tmp_path / "en.pdf")
    assert "Plain bold and italic and a link and co#de]`x." in text
    data = (tmp_path / "en.pdf").read_bytes()
    assert b"https://example.org/a_b?x=1#y" in data  # the link annotation's URI
    assert "DejaVuSansMono" in fonts(tmp_path / "en.pdf")


def test_three_page_document_numbers_its_pages(tmp_path: Path) -> None:
    seed = seed_document()
    doc = Document(title="Long")
    offset = 0
    for copy_index in range(4):
        for block in seed.blocks:
            source = [Ph("fn", ref=str(int(p.ref) + offset)) if isinstance(p, Ph) else p for p in block.source]
            doc.blocks.append(para(f"b{len(doc.blocks) + 1}", source, kind=block.kind, level=block.level))
        for fn in seed.footnotes:
            doc.footnotes.append(note(str(int(fn.id) + offset), f"Note {copy_index}-{fn.id}: {fn.text}"))
        offset += len(seed.footnotes)
    write_english_pdf(doc, tmp_path / "en.pdf", {"title": "Long"})
    write_bilingual_pdf(doc, tmp_path / "bi.pdf", {"title": "Long"})
    for pdf in (tmp_path / "en.pdf", tmp_path / "bi.pdf"):
        pages = int(pdfinfo(pdf)["Pages"])
        assert pages >= 3
        for page in range(1, pages + 1):
            assert re.search(rf"^{page}\s*/\s*{pages}$", pdftotext(pdf, page=page), re.M)
        notes = [f"NOTE {c}-{i}:" for c in range(4) for i in range(1, 7)]
        found = positions(pdftotext(pdf), notes)
        assert found == sorted(found)
        # each note is printed at the foot of the page that holds its mark
        texts = [squeeze(pdftotext(pdf, page=page)) for page in range(1, pages + 1)]
        marks = marks_before_refs(doc, "target", after=True)
        assert len(marks) == len(notes) == 24
        for mark, text in zip(marks, notes, strict=True):
            mark_pages = [p for p, page_text in enumerate(texts) if squeeze(mark) in page_text]
            note_pages = [p for p, page_text in enumerate(texts) if squeeze(text) in page_text]
            assert len(note_pages) == 1 and note_pages[0] in mark_pages, (mark, mark_pages, note_pages)


def test_marks_print_source_numbers_not_rank(tmp_path: Path) -> None:
    """Notes 7 and 3, referenced in that order, one twice: marks 7, 3, 7; each text printed once."""
    doc = Document(
        blocks=[para("b1", ["Alpha", Ph("fn", ref="7"), " beta", Ph("fn", ref="3"), "."]),
                para("b2", ["Gamma", Ph("fn", ref="7"), "."])],
        footnotes=[note("3", "Trois."), note("7", "Sept.")],
    )
    write_english_pdf(doc, tmp_path / "en.pdf", {"title": "Numbers"})
    text = squeeze(pdftotext(tmp_path / "en.pdf"))
    assert "ALPHA7BETA3." in text and "GAMMA7." in text
    positions(text, ["SEPT.", "TROIS."])
    write_bilingual_pdf(doc, tmp_path / "bi.pdf", {"title": "Numbers"})
    left, right = squeeze(left_half(tmp_path / "bi.pdf")), squeeze(right_half(tmp_path / "bi.pdf"))
    assert "Alpha7beta3." in left and "Gamma7." in left
    assert "ALPHA7BETA3." in right and "GAMMA7." in right
    positions(left, ["Sept.", "Trois."])
    positions(right, ["SEPT.", "TROIS."])


def test_lost_reference_keeps_its_note_and_unreferenced_notes_are_listed(tmp_path: Path) -> None:
    doc = Document(
        blocks=[para("b1", ["Source", Ph("fn", ref="1"), " text."], ["TARGET TEXT WITHOUT ITS MARK."])],
        footnotes=[note("1", "Cited."), note("2", "Never referenced.")],
    )
    fixed = with_every_reference(doc)
    assert fixed.blocks[0].segments[0].target == ["TARGET TEXT WITHOUT ITS MARK.", Ph("fn", ref="1")]
    assert doc.blocks[0].segments[0].target == ["TARGET TEXT WITHOUT ITS MARK."]  # the caller's is untouched
    assert with_every_reference(fixed) is fixed
    write_english_pdf(doc, tmp_path / "en.pdf", {"title": "Lost"})
    text = pdftotext(tmp_path / "en.pdf")
    positions(text, ["MARK.1", "CITED.", "NEVER REFERENCED."])
    assert "Notes not referenced in the text" in text
    write_bilingual_pdf(doc, tmp_path / "bi.pdf", {"title": "Lost"})
    positions(left_half(tmp_path / "bi.pdf"), ["Cited.", "Never referenced.", "Notes non appelées"])
    positions(right_half(tmp_path / "bi.pdf"), ["CITED.", "NEVER REFERENCED.", "Notes not referenced"])


def test_lists_headings_and_quotes_in_the_bilingual_edition(tmp_path: Path) -> None:
    doc = Document(blocks=[
        para("b1", ["Titre du bulletin"], kind="heading", level=1),
        para("b2", ["premier"], kind="list-item", level=1, ordered=True),
        para("b3", ["deuxième"], kind="list-item", level=1, ordered=True),
        para("b4", ["sous-point"], kind="list-item", level=2),
        para("b5", ["troisième"], kind="list-item", level=1, ordered=True),
        para("b6", ["Une citation."], kind="quote"),
        para("b7", ["autre liste"], kind="list-item", level=1, ordered=True),
    ])
    write_bilingual_pdf(doc, tmp_path / "bi.pdf", {"title": "Listes"})
    left, right = left_half(tmp_path / "bi.pdf"), right_half(tmp_path / "bi.pdf")
    found = positions(left, ["Titre du bulletin", "1.premier", "2.deuxième", "◦sous-point", "3.troisième",
                             "Une citation.", "1.autre liste"])
    assert found == sorted(found)
    found = positions(right, ["TITRE DU BULLETIN", "1.PREMIER", "2.DEUXIÈME", "◦SOUS-POINT", "3.TROISIÈME",
                              "UNE CITATION.", "1.AUTRE LISTE"])
    assert found == sorted(found)
    assert "show-title" in bilingual_source(doc, {}).inputs
    assert bilingual_source(doc, {}).inputs["show-title"] == "no"  # the document opens with its own heading


def test_typst_failure_is_one_line_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ToolkitError) as caught:
        typeset(typst_format.TypstJob('#panic("broken template")', [], {}))
    assert "\n" not in str(caught.value)
    assert "broken template" in str(caught.value)
    monkeypatch.setattr(typst_format, "_template", lambda: "#let english-edition(body) = body.nope")
    target = tmp_path / "en.pdf"
    with pytest.raises(ToolkitError):
        write_english_pdf(seed_document(), target, {"title": "x"})
    assert list(tmp_path.iterdir()) == []


def test_a_typesetter_that_runs_out_of_memory_is_one_line_and_leaves_no_part_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typst aborts its process on a failed allocation: the command survives it, says so, and cleans up."""
    from toolkit.support.fileio import OutputSet

    monkeypatch.setenv("TOOLKIT_TYPST_MEMORY_MB", "200")
    greedy = typst_format.TypstJob("#let a = range(200000000)\n#a.len()", [], {})  # some 1.6 GB of integers
    monkeypatch.setattr(typst_format, "english_source", lambda _doc, _meta: greedy)
    out = tmp_path / "out"
    with pytest.raises(ToolkitError) as caught, OutputSet(out) as outputs:
        outputs.path("brief.txt").write_text("written before the PDF", encoding="utf-8")
        write_english_pdf(seed_document(), outputs.path("brief.en.pdf"), {"title": "x"})
    assert str(caught.value) == f"{typst_format.TYPST_FAILED}: it ran out of memory"
    assert not out.exists() or not any(out.rglob("*"))  # neither the PDF, the other file nor a .part


def test_a_long_paragraph_is_laid_out_in_rows_of_whole_sentences() -> None:
    """One row per few sentences keeps Typst's footnote layout linear; every sentence and note is still there."""
    n = 60
    segs = [Segment(f"b1.s{i}", [f"Phrase numéro {i}", Ph("fn", str(i)), "."],
                    [f"Sentence number {i}", Ph("fn", str(i)), "."], space_after=" ") for i in range(1, n + 1)]
    notes = [Footnote(str(i), [Block(f"fn{i}.p1", "paragraph", [Segment(f"fn{i}.p1.s1", [f"Source {i}."],
                                                                         [f"Source {i}."])])])
             for i in range(1, n + 1)]
    doc = Document(blocks=[Block("b1", "paragraph", segs)], footnotes=notes)
    source = bilingual_source(doc, {"title": "T"}).source
    rows = re.findall(r"#pair\(kind: \"paragraph\", tight: (true|false)", source)
    assert len(rows) > 3 and rows[0] == "false" and set(rows[1:]) == {"true"}  # later rows read on
    for i in range(1, n + 1):
        assert f"Phrase numéro {i}#" in source and f"Sentence number {i}#" in source
        assert source.count(f'-note("{i}")') == 2  # French mark and English mark, once each
