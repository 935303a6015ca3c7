"""An OmegaT project for a translator: the XLIFF 1.2 to translate, our translations as its memory, the glossary.

    PROJECT/omegat.project          French → English, no further segmentation (ours is kept)
    PROJECT/source/<stem>.xlf       XLIFF 1.2 whose every <target> holds the French: OmegaT translates what the
                                    target holds and finds no segment without one
    PROJECT/tm/auto/<stem>.tmx      every translated segment, applied by OmegaT as a 100% match
    PROJECT/glossary/fr-en.txt      OmegaT's glossary format, without forbidden spellings
    PROJECT/target/                 where OmegaT writes the translated XLIFF: `toolkit review import` takes it

The memory holds the codes in OmegaT's own notation, as text (`…russes<x0/>.`, `<g1>gras</g1>`), the way
OmegaT's project memory does: OmegaT names a code by a letter and its place in the segment (x for a placeholder,
g for a paired code, a for a link — the first letter of its native `<a href>` —, b and e for the halves of a
pair that does not nest) and drops codes before the first and after the last word; it renames the TMX codes of
a memory written by another tool, so such a memory never matches a segment that has codes (checked with
OmegaT 3.6). The memories `publish` and `align` write keep standard TMX codes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.formats.inline_codes import append_text
from toolkit.formats.xliff import _pairing
from toolkit.model import Content, Document, End, Ph, Start, Suggestion, normalize_content, plain_text

PROJECT_FILE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <source_dir_excludes/>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/fr-en.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>{source}</source_lang>
    <target_lang>{target}</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""
GLOSSARY_NAME = "fr-en.txt"


def _edge_codes(source: Content, nested: set[int], ends: dict[int, int]) -> set[int]:
    """Indexes of the codes OmegaT drops: standalone XLIFF codes before the first and after the last text."""
    def standalone(i: int) -> bool:
        part = source[i]
        if isinstance(part, Ph):
            return True
        if isinstance(part, Start):
            return part.kind != "link" and i not in nested  # a <bx/>
        if isinstance(part, End):
            start = next((s for s, e in ends.items() if e == i), None)
            begin = source[start] if start is not None else None
            return start is None or (isinstance(begin, Start) and begin.kind != "link" and start not in nested)
        return False

    dropped: set[int] = set()
    for order in (range(len(source)), range(len(source) - 1, -1, -1)):
        for i in order:
            part = source[i]
            if isinstance(part, str):
                if part.strip():
                    break
            elif standalone(i):
                dropped.add(i)
            else:
                break
    return dropped


def _ph_key(ph: Ph, seen: dict[tuple[str, str, str], int]) -> tuple[Any, ...]:
    """The key of the n-th occurrence of the same placeholder (counted in `seen`): source and target agree on it."""
    n = seen.get((ph.kind, ph.ref, ph.text), 0)
    seen[(ph.kind, ph.ref, ph.text)] = n + 1
    return ("ph", ph.kind, ph.ref, ph.text, n)


def _shortcuts(source: Content) -> tuple[dict[tuple[Any, ...], str], set[tuple[Any, ...]]]:
    """OmegaT's name of each code of `source` (key -> "x3", "g0", "/g0"…) and the keys of the codes it drops."""
    ends, nested = _pairing(source)
    dropped_at = _edge_codes(source, nested, ends)
    names: dict[tuple[Any, ...], str] = {}
    dropped: set[tuple[Any, ...]] = set()
    seen: dict[tuple[str, str, str], int] = {}
    index = 0
    start_names: dict[str, str] = {}
    for i, part in enumerate(source):
        if isinstance(part, str):
            continue
        if isinstance(part, Ph):
            key: tuple[Any, ...] = _ph_key(part, seen)
            name = f"x{index}"
        elif isinstance(part, Start):
            key = ("start", part.id)
            letter = "a" if part.kind == "link" else "g" if i in nested else "b"
            name = f"{letter}{index}"
            start_names[part.id] = name
        else:
            key = ("end", part.id)
            opened = start_names.get(part.id, "")
            name = f"/{opened}" if opened[:1] in ("a", "g") else f"e{index}"
        if i in dropped_at:
            dropped.add(key)
            continue
        names[key] = name
        if not name.startswith("/"):
            index += 1
    return names, dropped


def _omegat_seg(parent: Any, content: Content, names: dict[tuple[Any, ...], str],
                dropped: set[tuple[Any, ...]]) -> bool:
    """Fill a TMX <seg> with `content`, codes named as OmegaT names them; False if a code has no such name."""
    from toolkit.formats.tmx import _clean

    seen: dict[tuple[str, str, str], int] = {}

    def add_text(text: str) -> None:
        append_text(parent, _clean(text))

    for part in normalize_content(content):
        if isinstance(part, str):
            add_text(part)
            continue
        if isinstance(part, Ph):
            key: tuple[Any, ...] = _ph_key(part, seen)
        elif isinstance(part, Start):
            key = ("start", part.id)
        else:
            key = ("end", part.id)
        if key in dropped:
            continue  # OmegaT puts it back itself, where the source has it
        name = names.get(key)
        if name is None:
            return False
        paired = (isinstance(part, Start) and name[0] in "ag") or (isinstance(part, End) and name[0] == "/")
        add_text(f"<{name}>" if paired else f"<{name}/>")
    return True


def omegat_tmx_bytes(doc: Document) -> bytes:
    """The memory of every translated segment, its codes named as OmegaT names those of the XLIFF 1.2."""
    from lxml import etree

    from toolkit import __version__
    from toolkit.formats.tmx import XML_LANG

    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {"creationtool": "toolkit", "creationtoolversion": __version__,
                                      "segtype": "sentence", "o-tmf": "toolkit", "adminlang": "en",
                                      "srclang": doc.source_lang or "fr", "datatype": "xml"})
    body = etree.SubElement(root, "body")
    for seg in doc.segments():
        if seg.target is None or not plain_text(seg.target).strip():
            continue
        names, dropped = _shortcuts(seg.source)
        tu = etree.Element("tu", tuid=seg.id)
        etree.SubElement(tu, "prop", type="x-state").text = seg.state
        ok = True
        for lang, content in ((doc.source_lang or "fr", seg.source), (doc.target_lang or "en", seg.target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            ok = _omegat_seg(etree.SubElement(tuv, "seg"), content, names, dropped) and ok
        if ok:
            body.append(tu)
    from toolkit.support.xmlsafe import indent_structure

    indent_structure(root, {"seg", "prop"})
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


def write_omegat_project(doc: Document, folder: str | os.PathLike[str], signature: Mapping[str, str] | None = None,
                         suggestions: Mapping[str, list[Suggestion]] | None = None, glossary: Any = None,
                         stem: str = "") -> Path:
    """Write the OmegaT project for `doc` into `folder` (created; refused if it holds files); its source file."""
    from toolkit.formats.glossaries import save_glossary
    from toolkit.formats.xliff12 import xliff12_bytes
    from toolkit.support.fileio import write_bytes, write_text

    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError("the OmegaT project folder must be new or empty", str(folder))
    stem = stem or (Path(doc.source_path).stem.split(".")[0] if doc.source_path else "document")
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    write_text(folder / "omegat.project",
               PROJECT_FILE.format(source=doc.source_lang or "fr", target=doc.target_lang or "en"))
    source = folder / "source" / f"{stem}.xlf"
    write_bytes(source, xliff12_bytes(doc, signature, suggestions, for_omegat=True))
    write_bytes(folder / "tm" / "auto" / f"{stem}.tmx", omegat_tmx_bytes(doc))
    if glossary is not None and len(glossary):
        save_glossary(glossary, folder / "glossary" / GLOSSARY_NAME)
    return source
