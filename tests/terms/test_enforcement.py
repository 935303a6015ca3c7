"""Glossary enforcement end to end: every term placed, no French spelling of a name left, on every engine."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.formats.xliff import read_xliff
from toolkit.model import Document, plain_text
from toolkit.terms.glossary import load_default_glossary
from toolkit.terms.match import inside, quoted_spans
from toolkit.terms.policy import TermPolicy
from toolkit.terms.translit import transliterate_text

SAMPLES = sorted(
    p
    for p in (Path(__file__).parents[2] / "samples").iterdir()
    if p.suffix in (".txt", ".md", ".docx", ".html")
)


def french_names_left(doc: Document) -> list[tuple[str, str]]:
    """(segment, French spelling) for every name left in French outside quoted titles."""
    glossary = load_default_glossary()
    policy = TermPolicy(glossary)
    french = sorted(
        {
            e.source
            for e in glossary
            if policy.is_name(e.kind, e.target)
            and e.source != e.target
            and not e.target.lower().startswith(e.source.lower())
        },
        key=len,
        reverse=True,
    )
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, french)) + r")(?![^\W_])")
    left = []
    for seg in doc.segments():
        text = plain_text(seg.target or [])
        skip = inside(quoted_spans(text))
        for m in pattern.finditer(text):
            if not skip(m.start(), m.end()):
                left.append((seg.id, m.group(0)))
        _new, changes = transliterate_text(text, skip=skip)
        left.extend((seg.id, f) for f, _e in changes)
    return left


def translate(sample: Path, out: Path, *engine: str) -> tuple[Document, dict]:  # type: ignore[type-arg]
    assert main(["run", str(sample), "-o", str(out), *engine]) == 0
    stem = sample.name.split(".")[0]
    doc, _sig = read_xliff(out / f"{stem}.xlf")
    return doc, json.loads((out / f"{stem}.qa.json").read_text("utf-8"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_apertium_places_every_term(sample: Path, tmp_path: Path) -> None:
    doc, qa = translate(sample, tmp_path, "--engine", "apertium")
    assert qa["glossary"]["missing"] == 0
    assert qa["glossary"]["hits"] == qa["glossary"]["enforced"] > 0
    assert french_names_left(doc) == []


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_tiny_argos_places_every_term(sample: Path, tmp_path: Path, argos_packages_dir: Path) -> None:
    doc, qa = translate(sample, tmp_path, "--engine", "argos", "--option", "max_decoding_length=16")
    assert qa["glossary"]["missing"] == 0
    assert qa["glossary"]["hits"] == qa["glossary"]["enforced"] > 0
    assert french_names_left(doc) == []


def test_seed_terms_and_names(tmp_path: Path) -> None:
    doc, _qa = translate(
        Path(__file__).parents[2] / "samples" / "belarus-brief.fr.txt", tmp_path, "--engine", "apertium"
    )
    english = " ".join(plain_text(s.target or []) for s in doc.segments())
    for term in (
        "Belarus",
        "Belarusian",
        "Zaluzhny",
        "Valery Zaluzhny",
        "Alexander Lukashenko",
        "Sergei Shoigu",
        "Vladimir Makei",
        "Vladimir Putin",
        "Kyiv",
        "Moscow",
        "Minsk",
    ):
        assert term in english, term
    for wrong in (
        "Byelorussia",
        "Bielorrússia",
        "Loukachenko",
        "Zaloujny",
        "Choïgou",
        "Poutine",
        "Makeï",
        "Kiev",
    ):
        assert wrong not in english, wrong
    assert "«" not in english and "»" not in english
    # no French article glued to an English name
    assert not re.search(r"\b(?:l|d)['’](?:Ukraine|Belarus)", english)
    assert not re.search(r"\bof the Belarus\b", english)


def test_no_glossary_still_transliterates_names(tmp_path: Path) -> None:
    doc, qa = translate(
        Path(__file__).parents[2] / "samples" / "belarus-brief.fr.txt",
        tmp_path,
        "--engine",
        "apertium",
        "--no-glossary",
    )
    english = " ".join(plain_text(s.target or []) for s in doc.segments())
    assert "Zaluzhny" in english and "Shoigu" in english and "Lukashenko" in english
    assert qa["glossary"]["transliterated"] >= 4
    assert any(i["kind"] == "transliterated" for i in qa["issues"])
