"""The French source reaches the XLIFF as read: every no-break space (U+00A0, U+202F) of the input survives.

The oracle is a count over the input's own text, not the reader's rules: French typography puts no-break spaces
inside « », before ; : ! ? and in numbers, in the body and in the footnotes alike.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.formats.xliff import parse_xliff, xliff_bytes
from toolkit.pipeline.prepare import prepare

NB, NNB = "\u00a0", "\u202f"
SAMPLES = Path(__file__).parents[1] / "samples"


def _kept(doc_text: str) -> int:
    return sum(doc_text.count(c) for c in (NB, NNB))


def _xliff_text(path: Path) -> str:
    back, _ = parse_xliff(xliff_bytes(prepare(path)), str(path))
    return "".join(s.text + s.space_after for s in back.segments())


BODY = [
    f"Il a parlé d’un «{NB}groupe conjoint{NB}» hier.",
    f"Pourquoi{NNB}? Personne ne sait{NB}; le ministère se tait{NB}!",
    f"Le budget atteint 12{NNB}000{NB}euros.",
    f"Voici la liste{NB}: un, deux, trois.",
]
NOTES = [
    f"«{NB}Belarus Says Forming Joint Military Group{NB}», The Moscow Times, 10 octobre 2022.",
    f"Voir «{NB}Le Monde{NB}», 3{NB}mars 2024{NB}; consulté le 1er{NB}mai.",
    f"Rapport «{NNB}Minsk{NNB}» —{NB}une note longue",
]


@pytest.mark.parametrize("body", BODY)
@pytest.mark.parametrize("note", NOTES)
def test_text_brief_keeps_no_break_spaces(tmp_path: Path, body: str, note: str) -> None:
    text = f"Titre de la note\n\n{body[:-1]} selon la source1.\n\nSources :\n1. {note}\n"
    path = tmp_path / "brief.fr.txt"
    path.write_text(text, encoding="utf-8")
    assert _kept(_xliff_text(path)) == _kept(text)


def test_footnote_continuation_lines_keep_them(tmp_path: Path) -> None:
    text = (f"Titre\n\nUn fait établi1.\n\nSources :\n1. «{NB}Une source\n   sur deux lignes{NB}», 2022{NB};\n"
            f"   suite{NB}!\n")
    path = tmp_path / "brief.fr.txt"
    path.write_text(text, encoding="utf-8")
    assert _kept(_xliff_text(path)) == _kept(text)


@pytest.mark.parametrize("body", BODY)
def test_markdown_brief_keeps_no_break_spaces(tmp_path: Path, body: str) -> None:
    text = f"# Titre\n\n{body[:-1]} selon la source[^1].\n\n[^1]: {NOTES[1]}\n"
    path = tmp_path / "brief.fr.md"
    path.write_text(text, encoding="utf-8")
    assert _kept(_xliff_text(path)) == _kept(text)


def test_seed_brief_and_its_memory_keep_all_seventeen(tmp_path: Path) -> None:
    seed = SAMPLES / "belarus-brief.fr.txt"
    text = seed.read_text(encoding="utf-8")
    assert _kept(_xliff_text(seed)) == _kept(text) == 17
    # align's TMX: every French segment as read (nothing left out at confidence 0)
    data = Path(__file__).parent / "data" / "align"
    out = tmp_path / "seed.tmx"
    subprocess.run([sys.executable, "-m", "toolkit", "align", str(data / "seed.fr.txt"), str(data / "seed.en.txt"),
                    "-o", str(out), "--min-confidence", "0"], check=True, capture_output=True)
    from lxml import etree

    root = etree.fromstring(out.read_bytes())
    french = "".join("".join(seg.itertext()) for seg in root.iter("seg")
                     if seg.getparent().get("{http://www.w3.org/XML/1998/namespace}lang", "").startswith("fr"))
    assert _kept(french) == _kept((data / "seed.fr.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("body", BODY)
def test_docx_brief_keeps_no_break_spaces(tmp_path: Path, body: str) -> None:
    import pypandoc

    text = f"# Titre\n\n{body[:-1]} selon la source[^1].\n\n[^1]: {NOTES[0]}\n"
    path = tmp_path / "brief.fr.docx"
    pypandoc.convert_text(text, "docx", format="markdown", outputfile=str(path))
    assert _kept(_xliff_text(path)) == _kept(text)
