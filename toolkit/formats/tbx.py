"""TBX glossaries: writing TBX-Basic (martif, ISO 30042:2008) and reading it or TBX v3 (tbx/conceptEntry)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from toolkit import __version__, fileio
from toolkit.errors import InputError
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
        pos = _part_of_speech(entry)
        for lang, terms in (("fr", [(entry.source, "")]), ("en", [(entry.target, PREFERRED)])):
            if lang == "en":
                terms += [(wrong, DEPRECATED) for wrong in entry.forbidden]
            lang_set = etree.SubElement(term_entry, "langSet", {XML_LANG: lang})
            for text, status in terms:
                tig = etree.SubElement(lang_set, "tig")
                etree.SubElement(tig, "term").text = text
                etree.SubElement(tig, "termNote", type="partOfSpeech").text = pos
                if entry.kind == "acronym":
                    etree.SubElement(tig, "termNote", type="termType").text = "acronym"
                if status:
                    etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


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
    from toolkit.fileio import read_input
    from toolkit.xmlsafe import parse_xml

    path = Path(path)
    root = parse_xml(read_input(path, "TBX file"), str(path))
    if _local(root.tag) not in ("martif", "tbx"):
        raise InputError(f"not a TBX file (root element <{_local(root.tag)}>)", str(path))
    entries: list[Entry] = []
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
        if not french or not english:
            continue
        comment = "; ".join(notes)
        tags = parse_comment(comment)
        for source, pos in french:
            entry = Entry.from_columns(source, english[0], comment)
            extra = tuple(f for f in forbidden if f not in entry.forbidden)
            kind = entry.kind or ("" if "type" in tags else _KIND_FROM_PART_OF_SPEECH.get(pos, ""))
            if extra or kind != entry.kind:
                entry = replace(entry, forbidden=entry.forbidden + extra, kind=kind)
            entries.append(entry)
    if not entries and concepts:
        raise InputError("no entry with both a French and an English term", str(path))
    return Glossary(entries, names=(path.name,))
