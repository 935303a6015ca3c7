"""Glossary files by extension — OmegaT TSV (.txt, .utf8, .tab), our TSV (.tsv) and TBX-Basic (.tbx) — read,
merged over the shipped glossary, and written; and the term policy a run builds from those files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from toolkit.terms.glossary import Glossary, glossary_from_tsv, load_default_glossary, read_glossary_bytes
from toolkit.terms.policy import TermPolicy


def load_glossary(path: str | Path) -> Glossary:
    """Read an OmegaT TSV glossary (UTF-8, BOM or not) or, by extension, a TBX file."""
    path = Path(path)
    if path.suffix.lower() == ".tbx":
        from toolkit.formats.tbx import read_tbx

        return read_tbx(path)
    text, where = read_glossary_bytes(path)
    return glossary_from_tsv(text, where, path.name)


def load_glossaries(paths: Iterable[str | Path], use_default: bool = True) -> Glossary:
    """The default glossary (unless `use_default` is false) merged with each file in order; later wins."""
    glossary = load_default_glossary() if use_default else Glossary()
    for path in paths:
        glossary = glossary.merge(load_glossary(path))
    return glossary


def load_policy(
    paths: Iterable[Path], use_default: bool = True, dnt: Iterable[Path] = (), guess_names: bool = True
) -> TermPolicy:
    """The term policy of a run: the shipped glossary (unless `use_default` is false) under each file of `paths`,
    the do-not-translate lists `dnt`, and whether the rules guess names."""
    from toolkit.terms.dnt import DoNotTranslate

    paths, dnt = list(paths), list(dnt)
    listed = DoNotTranslate.load(dnt) if dnt else None
    if not paths and not use_default:
        return TermPolicy(None, dnt=listed, guess_names=guess_names)  # rules still transliterate Slavic names
    return TermPolicy(load_glossaries(paths, use_default=use_default), dnt=listed, guess_names=guess_names)


# names OmegaT loads as its tab-separated glossary (it ignores .tsv)
OMEGAT_SUFFIXES = (".txt", ".utf8", ".tab")


def save_glossary(glossary: Glossary, path: str | Path) -> None:
    """Write `glossary` atomically: TBX-Basic (.tbx), OmegaT's glossary without forbidden spellings (.txt, .utf8,
    .tab), or our TSV with every tag (.tsv)."""
    from toolkit.support import fileio

    path = Path(path)
    if path.suffix.lower() == ".tbx":
        from toolkit.formats.tbx import write_tbx

        write_tbx(glossary, path)
        return
    if path.suffix.lower() in OMEGAT_SUFFIXES:
        # OmegaT's own format; `.txt`/`.tab` are decoded by guessing unless a byte-order mark says UTF-8
        text = glossary.to_omegat(("Glossary for OmegaT -*- coding: utf-8 -*-",
                                   "French TAB English TAB comment (forbidden spellings are left out)"))
        bom = "\ufeff" if path.suffix.lower() != ".utf8" else ""
        fileio.write_text(path, bom + text)
        return
    header = (
        "Glossary in tab-separated format -*- coding: utf-8 -*-",
        "French TAB English TAB comment (tags: type=..;lang=..;forbidden=A|B;plural=..;forms=a|b;case=..)",
    )
    fileio.write_text(path, glossary.to_tsv(header))
