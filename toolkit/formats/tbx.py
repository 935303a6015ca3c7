"""TBX glossaries: writing TBX-Basic (martif, ISO 30042:2008) and reading it or TBX v3 (tbx/conceptEntry).

A forbidden English spelling is written as a deprecated term in an entry of its own, with no French term, a
note saying which term to use and a cross-reference to the entry it belongs to: CAT tools pair the French and
English terms of one entry and offer each pair as a translation (OmegaT does, whatever the status), so a
deprecated term beside the preferred one would be offered too. Reading puts it back on the entry it points to.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.support import fileio
from toolkit.terms.glossary import Entry, Glossary, normalize, parse_comment

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"

# glossary kind -> TBX-Basic partOfSpeech picklist value
_PART_OF_SPEECH = {"adj": "adjective", "noun": "noun", "term": "noun", "event": "noun", "acronym": "noun"}
_KIND_FROM_PART_OF_SPEECH = {"adjective": "adj", "noun": "noun"}


def _part_of_speech(entry: Entry) -> str:
    return _PART_OF_SPEECH.get(entry.kind, "properNoun")


def tbx_bytes(glossary: Glossary, title: str = "toolkit French-English glossary") -> bytes:
    """The TBX-Basic document for `glossary`: one termEntry per entry, forbidden variants deprecated."""
    from lxml import etree

    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "fr"})
    forbidden_entries: list[tuple[str, Entry, str]] = []
    header = etree.SubElement(root, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, "titleStmt"), "title").text = title
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    provenance = (
        f"Written by toolkit {__version__} from {glossary.signature()}. French source, English target."
    )
    etree.SubElement(source_desc, "p").text = provenance
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, entry in enumerate(glossary, start=1):
        term_entry = etree.SubElement(body, "termEntry", id=f"c{number}")
        if entry.comment:
            etree.SubElement(term_entry, "note").text = entry.comment
        for lang, text, status in (("fr", entry.source, ""), ("en", entry.target, PREFERRED)):
            _term(etree.SubElement(term_entry, "langSet", {XML_LANG: lang}), entry, text, status)
        forbidden_entries += [(f"c{number}", entry, wrong) for wrong in entry.forbidden]
    for number, (concept, entry, wrong) in enumerate(forbidden_entries, start=1):
        term_entry = etree.SubElement(body, "termEntry", id=f"x{number}")
        etree.SubElement(term_entry, "note").text = (
            f"Forbidden spelling: do not use “{wrong}”; write “{entry.target}” (French “{entry.source}”).")
        etree.SubElement(term_entry, "ref", type="crossReference", target=concept).text = entry.target
        _term(etree.SubElement(term_entry, "langSet", {XML_LANG: "en"}), entry, wrong, DEPRECATED)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                                 doctype=DOCTYPE)
    return data


# TBX Checker and other TBX-Basic tools want the DOCTYPE; it is never loaded (no internal subset)
DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'


def _term(lang_set: Any, entry: Entry, text: str, status: str) -> None:
    from lxml import etree

    tig = etree.SubElement(lang_set, "tig")
    etree.SubElement(tig, "term").text = text
    etree.SubElement(tig, "termNote", type="partOfSpeech").text = _part_of_speech(entry)
    if entry.kind == "acronym":
        etree.SubElement(tig, "termNote", type="termType").text = "acronym"
    if status:
        etree.SubElement(tig, "termNote", type="administrativeStatus").text = status


def write_tbx(glossary: Glossary, path: str | Path) -> None:
    """Write `glossary` as TBX-Basic, atomically."""
    fileio.write_bytes(path, tbx_bytes(glossary))


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(node: Any, *names: str) -> list[Any]:
    return [c for c in node if _local(c.tag) in names]


def _text(node: Any) -> str:
    return normalize("".join(node.itertext()))


def _lang(node: Any) -> str:
    return (node.get(XML_LANG) or node.get("lang") or "").lower()


def _terms(lang_set: Any) -> list[tuple[str, str, str]]:
    """(term, administrative status, part of speech) for each term of a langSet / langSec."""
    out: list[tuple[str, str, str]] = []
    for holder in _children(lang_set, "tig", "ntig", "termSec"):
        term = next((n for n in holder.iter() if _local(n.tag) == "term"), None)
        if term is None or not _text(term):
            continue
        status = pos = ""
        for note in holder.iter():
            if _local(note.tag) == "termNote":
                if note.get("type") == "administrativeStatus":
                    status = _text(note)
                elif note.get("type") == "partOfSpeech":
                    pos = _text(note)
        out.append((_text(term), status, pos))
    return out


def _deprecated(status: str) -> bool:
    return status.lower().replace("-", "").startswith(("deprecated", "superseded"))


def read_tbx(path: str | Path) -> Glossary:
    """Read French→English entries from TBX-Basic or TBX v3; deprecated English terms become forbidden."""
    from toolkit.support.fileio import read_input
    from toolkit.support.xmlsafe import parse_xml

    path = Path(path)
    root = parse_xml(read_input(path, "TBX file"), str(path))
    if _local(root.tag) not in ("martif", "tbx"):
        raise InputError(f"not a TBX file (root element <{_local(root.tag)}>)", str(path))
    entries: list[Entry] = []
    by_concept: dict[str, list[int]] = {}  # concept id -> indexes in `entries`
    pointing: list[tuple[str, list[str]]] = []  # (concept pointed to, forbidden spellings) of English-only entries
    concepts = [n for n in root.iter() if _local(n.tag) in ("termEntry", "conceptEntry")]
    for concept in concepts:
        notes = [_text(n) for n in _children(concept, "note") if _text(n)]
        french: list[tuple[str, str]] = []
        english: list[str] = []
        forbidden: list[str] = []
        for lang_set in _children(concept, "langSet", "langSec"):
            lang = _lang(lang_set)
            for text, status, pos in _terms(lang_set):
                if lang == "fr" or lang.startswith("fr-"):
                    french.append((text, pos))
                elif lang == "en" or lang.startswith("en-"):
                    (forbidden if _deprecated(status) else english).append(text)
        refs = [r.get("target", "") for r in concept.iter() if _local(r.tag) == "ref"
                and r.get("type") == "crossReference"]
        if not french and forbidden and refs:
            pointing.append((refs[0], forbidden))  # a forbidden spelling in an entry of its own
            continue
        if not french or not english:
            continue
        by_concept.setdefault(concept.get("id", ""), [])
        comment = "; ".join(notes)
        tags = parse_comment(comment)
        for source, pos in french:
            entry = Entry.from_columns(source, english[0], comment)
            extra = tuple(f for f in forbidden if f not in entry.forbidden)
            kind = entry.kind or ("" if "type" in tags else _KIND_FROM_PART_OF_SPEECH.get(pos, ""))
            if extra or kind != entry.kind:
                entry = replace(entry, forbidden=entry.forbidden + extra, kind=kind)
            by_concept[concept.get("id", "")].append(len(entries))
            entries.append(entry)
    for target, wrong in pointing:
        for k in by_concept.get(target, []):
            extra = tuple(w for w in wrong if w not in entries[k].forbidden)
            entries[k] = replace(entries[k], forbidden=entries[k].forbidden + extra)
    if not entries and concepts:
        raise InputError("no entry with both a French and an English term", str(path))
    return Glossary(entries, names=(path.name,))
