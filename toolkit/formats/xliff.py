"""XLIFF 2, the bilingual store: aligned segments with states, inline codes, notes and memory suggestions.

Written as version 2.0 (no 2.1-only feature is used, and several 2.x readers refuse "2.1"); read back exactly;
XLIFF 2.0/2.1 from other tools is read too. Layout:

    <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="fr" trgLang="en">
      <file id="f1" original="brief.docx" canResegment="no">     the input's name only, never its host path
        <mda:metadata>  metaGroup "document" (title, source_format, warning*) and "signature" (the input's hash)
        <group id="body">
          <unit id="b1">
            <mda:metadata>  metaGroup "block" (kind, level, ordered, style)
            <mtc:matches>   fuzzy memory suggestions: <mtc:match ref="#b1.s1" similarity="82.5" …>
            <notes>         <note id="n1" category="comment|qa|suggestion" tk:author="…">
            <originalData>  link targets and verbatim code
            <segment id="b1.s1" state="translated" subState="tk:argos"><source/><target/></segment>
                            a note is attached to its segment by a comment annotation around the target's
                            content (the source's when there is no target): <mrk type="comment" ref="#n=n1">
            <ignorable><source xml:space="preserve"> </source></ignorable>   (the space between sentences)
        <group id="footnotes"><group id="fn1" name="1"><unit id="fn1.p1">…

Inline codes:
  footnote reference  <ph type="other" subType="tk:fnref" disp="1" subFlows="fn1.p1"/>
  line break          <ph type="fmt" subType="xlf:lb"/>
  verbatim code       <ph type="other" subType="tk:code" dataRef="d1"/>
  emphasis, strong    <pc type="fmt" subType="xlf:i">, <pc type="fmt" subType="xlf:b">
  link                <pc type="link" dataRefStart="d2" dataRefEnd="d3"> (the href in originalData)
Pairs that do not nest inside their segment become <sc>/<ec>. A target reuses its source's ids.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from toolkit.errors import InputError, ToolkitError
from toolkit.formats.inline_codes import SourceCodes, fresh_id, ph_id_base, walk_inline
from toolkit.model import (
    BLOCK_KINDS,
    STATES,
    Block,
    Cell,
    Content,
    Document,
    End,
    Footnote,
    Inline,
    Issue,
    Note,
    Ph,
    Segment,
    Start,
    Suggestion,
    footnote_from_key,
    footnote_key,
    normalize_content,
    noted_issues,
    plain_text,
)

if TYPE_CHECKING:
    from lxml import etree

XLF = "urn:oasis:names:tc:xliff:document:2.0"
XLF_12 = "urn:oasis:names:tc:xliff:document:1.2"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
TK = "urn:toolkit:xliff:1"
XML = "http://www.w3.org/XML/1998/namespace"
VERSION = "2.0"
READABLE_VERSIONS = ("2.0", "2.1")
NSMAP = {None: XLF, "mda": MDA, "mtc": MTC, "tk": TK}

# paired code kind -> (type, subType); other kinds are written as fmt + "tk:<kind>"
PAIRED: dict[str, tuple[str, str]] = {
    "em": ("fmt", "xlf:i"),
    "strong": ("fmt", "xlf:b"),
    "link": ("link", ""),
}
PAIRED_BY_SUBTYPE = {sub: kind for kind, (_type, sub) in PAIRED.items() if sub}

# characters XML 1.0 cannot carry: written as <cp hex="…"/> inside source/target/data, dropped elsewhere
_INVALID_XML = re.compile("([\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff])")
_NOT_NMTOKEN = re.compile(r"[^\w.\-]")
_FN_SUBFLOW = re.compile(r"^fn(.+)\.p\d+$")


@dataclass
class XliffStore:
    """What an XLIFF file of ours carries: the document, its signature, the suggestions per segment id."""

    document: Document
    signature: dict[str, str] = field(default_factory=dict)
    suggestions: dict[str, list[Suggestion]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)  # the QA issues its `qa` notes carry, read back once


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _strip_invalid(text: str) -> str:
    return _INVALID_XML.sub("", text)


def _nmtoken(text: str) -> str:
    return _NOT_NMTOKEN.sub("_", text) or "x"


# ---------------------------------------------------------------------------------------------------- writing


class _UnitIds:
    """Ids of one unit: segments, ignorables and inline codes share one space; originalData has its own."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.used: set[str] = set(taken)
        self.data: dict[str, str] = {}  # data id -> text
        self._data_ids: dict[str, str] = {}  # text -> data id

    def fresh(self, wanted: str) -> str:
        return fresh_id(self.used, _nmtoken(wanted))

    def data_ref(self, text: str) -> str:
        if text not in self._data_ids:
            did = f"d{len(self.data) + 1}"
            self.data[did] = text
            self._data_ids[text] = did
        return self._data_ids[text]


def _pairing(content: Content) -> tuple[dict[int, int], set[int]]:
    """Start index -> End index of each pair, and the Start indexes whose pair nests properly (a `<pc>`)."""
    open_codes: list[tuple[str, int]] = []
    ends: dict[int, int] = {}
    crossing: set[int] = set()
    for i, part in enumerate(content):
        if isinstance(part, Start):
            open_codes.append((part.id, i))
        elif isinstance(part, End):
            for k in range(len(open_codes) - 1, -1, -1):
                if open_codes[k][0] == part.id:
                    start = open_codes[k][1]
                    ends[start] = i
                    if k != len(open_codes) - 1:
                        crossing.add(start)  # closes while a later code is still open: not a tree
                    del open_codes[k]
                    break
    return ends, {s for s in ends if s not in crossing}


class _Writer:
    def __init__(self, doc: Document) -> None:
        from lxml import etree

        self.etree = etree
        self.doc = doc
        # footnote id -> its unit ids, for the `subFlows` of references
        self.footnote_units = {fn.id: [b.id for b in fn.blocks if b.segments] for fn in doc.footnotes}
        self.note_ids: dict[str, list[str]] = {}  # segment id -> ids of its notes in the unit

    def sub(self, parent: etree._Element, ns: str, local_name: str, **attrs: str) -> etree._Element:
        el = self.etree.SubElement(parent, _q(ns, local_name))
        for key, value in attrs.items():
            el.set(key, _strip_invalid(value))
        return el

    def add_text(self, el: etree._Element, text: str) -> None:
        """Append text after what `el` already holds; characters XML cannot carry become `<cp>`."""
        for piece in _INVALID_XML.split(text):
            if not piece:
                continue
            if _INVALID_XML.fullmatch(piece):
                self.sub(el, XLF, "cp", hex=f"{ord(piece):04X}")
            elif len(el):
                el[-1].tail = (el[-1].tail or "") + piece
            else:
                el.text = (el.text or "") + piece

    # -- document

    def build(self, signature: Mapping[str, str] | None, suggestions: Mapping[str, list[Suggestion]] | None
              ) -> etree._Element:
        doc = self.doc
        root = self.etree.Element(_q(XLF, "xliff"), nsmap=NSMAP)
        root.set("version", VERSION)
        root.set("srcLang", doc.source_lang or "fr")
        root.set("trgLang", doc.target_lang or "en")
        file_el = self.sub(root, XLF, "file", id="f1")
        if doc.source_path:
            file_el.set("original", _strip_invalid(Path(doc.source_path).name))
        file_el.set("canResegment", "no")  # our segmentation is what the editions are rebuilt from
        self.file_metadata(file_el, signature or {})
        body = self.sub(file_el, XLF, "group", id="body")
        for block in doc.blocks:
            self.unit(body, block, suggestions or {})
        if doc.footnotes:
            notes_group = self.sub(file_el, XLF, "group", id="footnotes")
            for fn in doc.footnotes:
                group = self.sub(notes_group, XLF, "group", id=_nmtoken(footnote_key(fn.id)), name=fn.id)
                for block in fn.blocks:
                    self.unit(group, block, suggestions or {})
        from toolkit.support.xmlsafe import indent_structure

        indent_structure(root, _LEAVES)
        return root

    def meta_group(self, parent: etree._Element, category: str, items: list[tuple[str, str]]) -> None:
        if not items:
            return
        group = self.sub(parent, MDA, "metaGroup", category=category)
        for key, value in items:
            self.sub(group, MDA, "meta", type=key).text = _strip_invalid(value)

    def file_metadata(self, file_el: etree._Element, signature: Mapping[str, str]) -> None:
        doc = self.doc
        # the input's name is `original`; its host path stays on this machine
        items = [(k, v) for k, v in (("title", doc.title), ("source_format", doc.source_format)) if v]
        items += [("warning", w) for w in doc.warnings]
        sig_items = [(str(k), str(v)) for k, v in signature.items()]
        if not items and not sig_items:
            return
        metadata = self.sub(file_el, MDA, "metadata")
        self.meta_group(metadata, "document", items)
        self.meta_group(metadata, "signature", sig_items)

    # -- units

    def unit(self, parent: etree._Element, block: Block, suggestions: Mapping[str, list[Suggestion]]) -> None:
        if not block.segments:
            return  # XLIFF units hold at least one segment; an empty block carries nothing to rebuild
        unit = self.sub(parent, XLF, "unit", id=_nmtoken(block.id))
        items: list[tuple[str, str]] = [("kind", block.kind)]
        if block.level:
            items.append(("level", str(block.level)))
        if block.ordered:
            items.append(("ordered", "yes"))
        if block.style:
            items.append(("style", block.style))
        if block.cell is not None:  # the table's structure: which table, row and column the cell is
            items.extend([("table", str(block.cell.table)), ("row", str(block.cell.row)),
                          ("col", str(block.cell.col))])
            if block.cell.header:
                items.append(("header", "yes"))
        self.meta_group(self.sub(unit, MDA, "metadata"), "block", items)
        self.matches(unit, block, suggestions)
        self.notes(unit, block)
        data_slot = self.sub(unit, XLF, "originalData")  # filled once the codes are known, removed if empty
        ids = _UnitIds(seg.id for seg in block.segments)
        for seg in block.segments:
            self.segment(unit, seg, ids)
            if seg.space_after:
                ignorable = self.sub(unit, XLF, "ignorable")
                for side in ("source", "target") if seg.target is not None else ("source",):
                    el = self.sub(ignorable, XLF, side)
                    el.set(_q(XML, "space"), "preserve")
                    self.add_text(el, seg.space_after)
        if ids.data:
            for did, text in ids.data.items():
                self.add_text(self.sub(data_slot, XLF, "data", id=did), text)
        else:
            unit.remove(data_slot)

    def matches(self, unit: etree._Element, block: Block,
                suggestions: Mapping[str, list[Suggestion]]) -> None:
        found = [(seg.id, s) for seg in block.segments for s in suggestions.get(seg.id, [])]
        if not found:
            return
        matches = self.sub(unit, MTC, "matches")
        for seg_id, sug in found:
            match = self.sub(matches, MTC, "match", ref=f"#{seg_id}",
                             type="tm" if sug.origin == "memory" else "other",
                             similarity=f"{round(max(0.0, min(1.0, sug.similarity)) * 100, 2):g}")
            if sug.origin:
                match.set("origin", _strip_invalid(sug.origin))
            for side, text in (("source", sug.source), ("target", sug.target)):
                el = self.sub(match, XLF, side)
                if _needs_preserve([text]):
                    el.set(_q(XML, "space"), "preserve")
                self.add_text(el, text)

    def notes(self, unit: etree._Element, block: Block) -> None:
        found = [(seg.id, note) for seg in block.segments for note in seg.notes]
        if not found:
            return
        notes = self.sub(unit, XLF, "notes")
        for n, (seg_id, note) in enumerate(found, start=1):
            el = self.sub(notes, XLF, "note", id=f"n{n}", category=note.category or "comment")
            self.note_ids.setdefault(seg_id, []).append(f"n{n}")
            if note.author:
                el.set(_q(TK, "author"), _strip_invalid(note.author))
            el.text = _strip_invalid(note.text)

    def segment(self, unit: etree._Element, seg: Segment, ids: _UnitIds) -> None:
        if seg.state not in STATES:
            raise ToolkitError(f"segment {seg.id} has an unknown state '{seg.state}'")
        el = self.sub(unit, XLF, "segment", id=_nmtoken(seg.id), state=seg.state)
        if seg.origin:
            # XLIFF wants `prefix:value` without spaces or colons in the value: percent-encode it
            el.set("subState", "tk:" + quote(seg.origin, safe=""))
        codes: SourceCodes[str] = SourceCodes()
        notes = self.note_ids.get(seg.id, [])
        source = self.sub(el, XLF, "source")
        self.inline(source, seg.source, ids, codes, seg.id, is_target=False,
                    notes=notes if seg.target is None else [])
        if seg.target is not None:
            target = self.sub(el, XLF, "target")
            self.inline(target, seg.target, ids, codes, seg.id, is_target=True, notes=notes)

    # -- inline content

    def inline(self, parent: etree._Element, content: Content, ids: _UnitIds, codes: SourceCodes[str],
               seg_id: str, is_target: bool, notes: list[str] | None = None) -> None:
        content = normalize_content(content)
        if _needs_preserve(content):
            parent.set(_q(XML, "space"), "preserve")
        for note_id in notes or []:  # the standard way to say which segment a note is about
            parent = self.sub(parent, XLF, "mrk", id=ids.fresh(f"m{note_id}"), type="comment",
                              ref=f"#n={note_id}")
        ends, nested = _pairing(content)
        end_of = {e: s for s, e in ends.items()}
        xml_ids: dict[int, str] = {}  # Start index -> xml id
        copies: set[int] = set()  # Start indexes written as a copy of a source code (no data of their own)
        stack: list[etree._Element] = [parent]
        for i, part in enumerate(content):
            cur = stack[-1]
            if isinstance(part, str):
                self.add_text(cur, part)
            elif isinstance(part, Ph):
                self.placeholder(cur, part, ids, codes, seg_id, is_target)
            elif isinstance(part, Start):
                xid, copy_of = self.pair_id(part, ids, codes, seg_id, is_target)
                xml_ids[i] = xid
                type_, subtype = PAIRED.get(part.kind, ("fmt", f"tk:{_nmtoken(part.kind)}"))
                if i in nested:
                    el = self.sub(cur, XLF, "pc", id=xid, type=type_)
                    data_attr = "dataRefStart"
                    stack.append(el)
                else:
                    el = self.sub(cur, XLF, "sc", id=xid, type=type_)
                    data_attr = "dataRef"
                    if i not in ends:
                        el.set("isolated", "yes")
                if subtype:
                    el.set("subType", subtype)
                if copy_of:
                    el.set("copyOf", copy_of)
                    copies.add(i)
                if part.kind == "link" and not copy_of:  # a copy takes its data from the code it copies
                    el.set(data_attr, ids.data_ref(part.href))
                    if i in nested:  # a pc's original data comes in pairs: the end's is empty
                        el.set("dataRefEnd", ids.data_ref(""))
            else:  # End
                start = end_of.get(i)
                if start is None:
                    self.sub(cur, XLF, "ec", id=ids.fresh(part.id), isolated="yes", type="fmt")
                elif start in nested:
                    stack.pop()
                else:
                    ec = self.sub(cur, XLF, "ec", startRef=xml_ids[start])
                    begin = content[start]
                    if isinstance(begin, Start) and begin.kind == "link" and start not in copies:
                        ec.set("dataRef", ids.data_ref(""))

    def pair_id(self, start: Start, ids: _UnitIds, codes: SourceCodes[str], seg_id: str,
                is_target: bool) -> tuple[str, str]:
        """(xml id, copyOf) of a paired code: fresh in the source; the source's own in the target."""
        if not is_target:
            return codes.define(start, ids.fresh(start.id)), ""
        xid = codes.reuse(start)
        if xid is not None:
            return xid, ""
        copied = codes.copied(start)
        if copied is not None:
            return ids.fresh(start.id), copied  # a second copy of a source code
        raise ToolkitError(f"the target of segment {seg_id} has a '{start.kind}' code not in its source")

    def placeholder(self, parent: etree._Element, ph: Ph, ids: _UnitIds, codes: SourceCodes[str], seg_id: str,
                    is_target: bool) -> None:
        copy_of = ""
        if not is_target:
            xid = codes.define(ph, ids.fresh(ph_id_base(ph)))
        else:
            known = codes.known(ph)
            free = codes.reuse(ph)
            if free is not None:
                xid = free
            elif known:
                xid, copy_of = ids.fresh(ph_id_base(ph)), known[0]
            else:
                what = f"footnote reference {ph.ref}" if ph.kind == "fn" else f"'{ph.kind}' code"
                raise ToolkitError(f"the target of segment {seg_id} has a {what} that is not in its source")
        el = self.sub(parent, XLF, "ph", id=xid)
        if copy_of:
            el.set("copyOf", copy_of)
        if ph.kind == "fn":
            el.set("type", "other")
            el.set("subType", "tk:fnref")
            el.set("disp", _strip_invalid(ph.ref))
            units = self.footnote_units.get(ph.ref)
            if units:
                el.set("subFlows", " ".join(_nmtoken(u) for u in units))
        elif ph.kind == "br":
            el.set("type", "fmt")
            el.set("subType", "xlf:lb")
            el.set("equiv", "\n")
        else:
            el.set("type", "other")
            el.set("subType", f"tk:{_nmtoken(ph.kind)}")
            if ph.text:
                el.set("dataRef", ids.data_ref(ph.text))
                el.set("equiv", _strip_invalid(ph.text))


def _needs_preserve(content: Iterable[Inline]) -> bool:
    """Whether whitespace in this content would change under XML's default whitespace handling."""
    parts = list(content)
    for part in parts:
        if isinstance(part, str) and ("  " in part or any(c in part for c in "\t\n\r")):
            return True
    first, last = (parts[0], parts[-1]) if parts else ("", "")
    return (isinstance(first, str) and first[:1].isspace()) or (isinstance(last, str) and last[-1:].isspace())


_LEAVES = {_q(XLF, n) for n in ("source", "target", "note", "data")} | {_q(MDA, "meta")}




def xliff_bytes(doc: Document, signature: Mapping[str, str] | None = None,
                suggestions: Mapping[str, list[Suggestion]] | None = None) -> bytes:
    """The XLIFF 2 file for `doc` as bytes (UTF-8, with XML declaration)."""
    from lxml import etree

    root = _Writer(doc).build(signature, suggestions)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


def write_xliff(doc: Document, path: str | os.PathLike[str], signature: Mapping[str, str] | None = None,
                suggestions: Mapping[str, list[Suggestion]] | None = None) -> None:
    """Write `doc` as XLIFF 2 to `path`, atomically (a failed write leaves any previous file untouched)."""
    from toolkit.support.fileio import write_bytes

    write_bytes(path, xliff_bytes(doc, signature, suggestions))


# ---------------------------------------------------------------------------------------------------- reading


def _local(el: etree._Element) -> tuple[str, str]:
    tag = el.tag
    if not isinstance(tag, str):
        return "", ""  # comment or processing instruction
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def _children(el: etree._Element, ns: str, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == (ns, name)]


def _meta(parent: etree._Element, category: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for metadata in _children(parent, MDA, "metadata"):
        for group in metadata.iter(_q(MDA, "metaGroup")):
            if group.get("category") == category:
                out.extend((m.get("type", ""), m.text or "") for m in _children(group, MDA, "meta"))
    return out


@dataclass
class _CodeDef:
    ph: Ph | None = None
    kind: str | None = None  # paired code kind; None: formatting we do not model (its content is kept)
    href: str = ""


class _UnitReader:
    """Reads the inline content of one unit: source codes define ids, the target may only reuse them."""

    def __init__(self, unit: etree._Element, unit_id: str, where: str) -> None:
        self.unit_id = unit_id
        self.where = where
        self.data: dict[str, str] = {}
        for od in _children(unit, XLF, "originalData"):
            for d in _children(od, XLF, "data"):
                self.data[d.get("id", "")] = _text_with_cp(d)
        self.defs: dict[str, _CodeDef] = {}
        self.open: set[str] = set()

    def fail(self, message: str) -> InputError:
        return InputError(f"unit {self.unit_id}: {message}", self.where)

    def define(self, el: etree._Element, name: str) -> _CodeDef:
        xid = el.get("id")
        if not xid:
            raise self.fail(f"<{name}> without id")
        if xid in self.defs:
            raise self.fail(f"inline code id '{xid}' used twice in the source")
        type_, subtype = el.get("type", ""), el.get("subType", "")
        if name == "ph":
            code = _CodeDef(ph=self.placeholder(el, type_, subtype))
        else:
            kind = _pair_kind(type_, subtype)
            ref = el.get("dataRefStart" if name == "pc" else "dataRef", "")
            code = _CodeDef(kind=kind, href=_href(self.data.get(ref, "")) if kind == "link" else "")
        self.defs[xid] = code
        return code

    def placeholder(self, el: etree._Element, type_: str, subtype: str) -> Ph:
        if subtype == "tk:fnref":
            ref = el.get("disp", "")
            if not ref:
                flows = (el.get("subFlows") or "").split()
                match = _FN_SUBFLOW.match(flows[0]) if flows else None
                ref = match.group(1) if match else ""
            if not ref:
                raise self.fail(f"footnote reference '{el.get('id')}' without a number")
            return Ph("fn", ref=ref)
        if subtype == "xlf:lb":
            return Ph("br")
        data = self.data.get(el.get("dataRef", ""), "")
        if subtype.startswith("tk:"):
            return Ph(subtype[3:], text=data or el.get("equiv", ""))
        # another tool's placeholder: its original data is native markup, not text a reader sees
        return Ph("code", text=el.get("equiv", ""))

    def lookup(self, el: etree._Element, name: str, is_target: bool) -> _CodeDef:
        if not is_target:
            return self.define(el, name)
        xid = el.get("id", "")
        code = self.defs.get(xid) or self.defs.get(el.get("copyOf", ""))
        if code is None:
            raise self.fail(f"target code '{xid}' is not in the source")
        return code

    def content(self, el: etree._Element, is_target: bool) -> Content:
        out: list[Inline] = []
        self.walk(el, out, is_target)
        return normalize_content(out)

    def walk(self, el: etree._Element, out: list[Inline], is_target: bool) -> None:
        walk_inline(el, out, lambda child, name: self.inline(child, name, out, is_target), XLF)

    def inline(self, el: etree._Element, name: str, out: list[Inline], is_target: bool) -> None:
        if name == "cp":
            try:
                out.append(chr(int(el.get("hex", ""), 16)))
            except ValueError:
                raise self.fail(f"bad <cp hex='{el.get('hex')}'>") from None
        elif name == "ph":
            ph = self.lookup(el, name, is_target).ph
            if ph is None:
                raise self.fail(f"code '{el.get('id')}' is a placeholder in the target only")
            out.append(ph)
        elif name == "pc":
            code = self.lookup(el, name, is_target)
            xid = el.get("id", "")
            if code.kind:
                out.append(Start(code.kind, xid, code.href))
            self.walk(el, out, is_target)
            if code.kind:
                out.append(End(xid))
        elif name == "sc":
            code = self.lookup(el, name, is_target)
            xid = el.get("id", "")
            if el.get("isolated") != "yes":
                self.open.add(xid)
            if code.kind:
                out.append(Start(code.kind, xid, code.href))
        elif name == "ec":
            self.end_code(el, out, is_target)
        elif name == "mrk":
            self.walk(el, out, is_target)  # annotations: keep the text they mark

    def end_code(self, el: etree._Element, out: list[Inline], is_target: bool) -> None:
        if el.get("isolated") == "yes":
            xid = el.get("id", "")
            if not xid:
                raise self.fail("isolated <ec> without id")
            kind = _pair_kind(el.get("type", ""), el.get("subType", ""))
            if kind or xid in self.defs:
                out.append(End(xid))
            return
        ref = el.get("startRef", "")
        if ref not in self.open:
            raise self.fail(f"<ec startRef='{ref}'> closes no open <sc>")
        self.open.discard(ref)
        code = self.defs.get(ref)
        if code is not None and code.kind:
            out.append(End(ref))

    def check_closed(self) -> None:
        if self.open:
            raise self.fail(f"<sc id='{sorted(self.open)[0]}'> is never closed")


def _pair_kind(type_: str, subtype: str) -> str | None:
    if type_ == "link":
        return "link"
    if subtype in PAIRED_BY_SUBTYPE:
        return PAIRED_BY_SUBTYPE[subtype]
    if subtype.startswith("tk:"):
        return subtype[3:]
    return None


def _href(data: str) -> str:
    # our files keep the bare href; other tools keep native markup such as <a href="…">
    match = re.search(r"""href\s*=\s*["']([^"']*)["']""", data)
    return match.group(1) if match else data


def _text_with_cp(el: etree._Element) -> str:
    parts = [el.text or ""]
    for child in el:
        if _local(child) == (XLF, "cp"):
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                pass
        parts.append(child.tail or "")
    return "".join(parts)


def _plain(el: etree._Element) -> str:
    return "".join(el.itertext())


class _Reader:
    def __init__(self, root: etree._Element, where: str) -> None:
        self.root = root
        self.where = where
        self.unit_ids: set[str] = set()
        self.segment_ids: set[str] = set()
        self.suggestions: dict[str, list[Suggestion]] = {}
        self.warnings: list[str] = []

    def fail(self, message: str) -> InputError:
        return InputError(message, self.where)

    def read(self) -> XliffStore:
        root = self.root
        ns, name = _local(root)
        if ns == XLF_12 or (name == "xliff" and root.get("version", "").startswith("1.")):
            raise self.fail("XLIFF 1.x is not supported: XLIFF 2.0 or 2.1 expected")
        if (ns, name) != (XLF, "xliff"):
            raise self.fail(f"not an XLIFF 2 file (root element <{name}> in namespace '{ns}')")
        version = root.get("version", "")
        if version not in READABLE_VERSIONS:
            raise self.fail(f"XLIFF version '{version}' is not supported (2.0 or 2.1 expected)")
        src = root.get("srcLang")
        if not src:
            raise self.fail("the <xliff> element has no srcLang")
        files = _children(root, XLF, "file")
        if not files:
            raise self.fail("no <file> element")
        doc = Document(source_lang=src, target_lang=root.get("trgLang") or "en")
        signature: dict[str, str] = {}
        for file_el in files:
            self.file(file_el, doc, signature)
        if not any(b.segments for b in doc.all_blocks()):
            raise self.fail("no translation units")
        doc.warnings.extend(self.warnings)
        return XliffStore(doc, signature, self.suggestions, noted_issues(doc))

    def file(self, file_el: etree._Element, doc: Document, signature: dict[str, str]) -> None:
        for key, value in _meta(file_el, "document"):
            if key == "warning":
                doc.warnings.append(value)
            elif key in ("title", "source_format", "source_path") and not getattr(doc, key):
                setattr(doc, key, value)
        if not doc.source_path and file_el.get("original"):
            doc.source_path = file_el.get("original", "")
        for key, value in _meta(file_el, "signature"):
            signature.setdefault(key, value)
        self.container(file_el, doc, top=True)

    def container(self, el: etree._Element, doc: Document, top: bool) -> None:
        for child in el:
            ns, name = _local(child)
            if ns != XLF:
                continue
            if name == "unit":
                doc.blocks.append(self.unit(child))
            elif name == "group":
                if top and child.get("id") == "footnotes":
                    self.footnotes(child, doc)
                else:
                    self.container(child, doc, top=False)

    def footnotes(self, group: etree._Element, doc: Document) -> None:
        for child in group:
            ns, name = _local(child)
            if (ns, name) == (XLF, "group"):
                gid = child.get("id", "")
                fid = child.get("name") or footnote_from_key(gid)
                if doc.footnote(fid) is not None:
                    raise self.fail(f"footnote {fid} appears twice")
                blocks = [self.unit(u) for u in child.iter(_q(XLF, "unit"))]
                doc.footnotes.append(Footnote(id=fid, blocks=blocks))
            elif (ns, name) == (XLF, "unit"):
                doc.blocks.append(self.unit(child))  # a stray unit: keep its text rather than lose it

    def unit(self, unit: etree._Element) -> Block:
        uid = unit.get("id")
        if not uid:
            raise self.fail("a <unit> without id")
        if uid in self.unit_ids:
            raise self.fail(f"duplicate unit id '{uid}'")
        self.unit_ids.add(uid)
        block = self.block_shape(unit, uid)
        reader = _UnitReader(unit, uid, self.where)
        segments: list[tuple[etree._Element, Segment]] = []
        leading = ""
        for child in unit:
            ns, name = _local(child)
            if ns != XLF:
                continue
            if name == "segment":
                seg = self.segment(child, uid, len(segments) + 1, reader)
                segments.append((child, seg))
            elif name == "ignorable":
                source = _children(child, XLF, "source")
                text = reader.content(source[0], is_target=False) if source else []
                space = plain_text(text, br="", code="drop")
                if segments:
                    segments[-1][1].space_after += space
                else:
                    leading += space
        if not segments:
            raise self.fail(f"unit {uid} has no <segment>")
        reader.check_closed()
        for el, seg in segments:
            targets = _children(el, XLF, "target")
            if targets:
                seg.target = reader.content(targets[0], is_target=True)
        reader.check_closed()
        if leading.strip():
            self.warnings.append(f"unit {uid}: text before its first segment dropped: {leading.strip()!r}")
        block.segments = [seg for _el, seg in segments]
        annotated: dict[str, Segment] = {}  # note id -> the segment whose content a comment annotation marks
        for el, seg in segments:
            for mrk in el.iter(_q(XLF, "mrk"), _q(XLF, "sm")):
                ref = mrk.get("ref") or ""
                if mrk.get("type") == "comment" and ref.startswith("#n="):
                    annotated.setdefault(ref[3:], seg)
        self.notes(unit, block, annotated)
        self.matches(unit, block)
        return block

    def block_shape(self, unit: etree._Element, uid: str) -> Block:
        meta = dict(_meta(unit, "block"))
        kind = meta.get("kind", "paragraph")
        if kind not in BLOCK_KINDS:
            raise self.fail(f"unit {uid}: unknown block kind '{kind}'")
        try:
            level = int(meta.get("level", "0"))
        except ValueError:
            raise self.fail(f"unit {uid}: block level '{meta['level']}' is not a number") from None
        cell = None
        if kind == "table-cell" or "table" in meta:
            try:
                cell = Cell(int(meta["table"]), int(meta["row"]), int(meta["col"]), meta.get("header") == "yes")
            except (KeyError, ValueError):
                raise self.fail(f"unit {uid}: a table cell needs numbers for its table, row and col") from None
            if min(cell.table, cell.row, cell.col) < 1:
                raise self.fail(f"unit {uid}: table, row and col of a cell count from 1")
        return Block(id=uid, kind=kind, level=level,  # type: ignore[arg-type]
                     ordered=meta.get("ordered") == "yes", style=meta.get("style", ""), cell=cell)

    def segment(self, el: etree._Element, uid: str, index: int, reader: _UnitReader) -> Segment:
        sid = el.get("id", "")
        if not sid.startswith(f"{uid}."):
            # XLIFF ids need only be unique within a unit; ours (b1.s1) are unique in the document
            sid = f"{uid}.{sid or f's{index}'}"
        if sid in self.segment_ids:
            raise self.fail(f"unit {uid}: duplicate segment id '{sid}'")
        self.segment_ids.add(sid)
        state = el.get("state", "initial")
        if state not in STATES:
            raise self.fail(f"unit {uid}: unknown segment state '{state}'")
        sub = el.get("subState", "")
        origin = unquote(sub[3:]) if sub.startswith("tk:") else ""
        sources = _children(el, XLF, "source")
        if not sources:
            raise self.fail(f"unit {uid}: a segment without <source>")
        source = reader.content(sources[0], is_target=False)
        return Segment(id=sid, source=source, state=state, origin=origin)

    def notes(self, unit: etree._Element, block: Block, annotated: Mapping[str, Segment]) -> None:
        by_id = {seg.id: seg for seg in block.segments}
        for notes in _children(unit, XLF, "notes"):
            for note in _children(notes, XLF, "note"):
                # the standard annotation; else our older private attribute; else the unit's first segment
                seg = annotated.get(note.get("id") or "\0") or by_id.get(note.get(_q(TK, "segment"), ""),
                                                                          block.segments[0])
                seg.notes.append(Note(text=note.text or "", category=note.get("category") or "comment",
                                      author=note.get(_q(TK, "author"), "")))

    def matches(self, unit: etree._Element, block: Block) -> None:
        ids = {seg.id for seg in block.segments}
        for matches in _children(unit, MTC, "matches"):
            for match in _children(matches, MTC, "match"):
                ref = (match.get("ref") or "").lstrip("#")
                seg_id = ref if ref in ids else block.segments[0].id
                source = _children(match, XLF, "source")
                target = _children(match, XLF, "target")
                try:
                    similarity = float(match.get("similarity") or 0) / 100
                except ValueError:
                    raise self.fail(f"unit {block.id}: bad similarity '{match.get('similarity')}'") from None
                self.suggestions.setdefault(seg_id, []).append(Suggestion(
                    source=_plain(source[0]) if source else "", target=_plain(target[0]) if target else "",
                    similarity=similarity, origin=match.get("origin", "")))


def parse_xliff_store(data: bytes, where: str) -> XliffStore:
    """Parse XLIFF 2.0/2.1 bytes into document, signature and suggestions; InputError naming `where`."""
    from toolkit.support.xmlsafe import parse_xml

    return _Reader(parse_xml(data, where), where).read()


def parse_xliff(data: bytes, where: str) -> tuple[Document, dict[str, str]]:
    """Parse XLIFF 2.0/2.1 bytes into a Document and the signature recorded in it."""
    store = parse_xliff_store(data, where)
    return store.document, store.signature


def load_xliff(path: str | os.PathLike[str]) -> XliffStore:
    """Read an XLIFF file with everything it carries (document, signature, suggestions)."""
    from toolkit.support.fileio import read_input

    return parse_xliff_store(read_input(path), str(path))


def read_xliff(path: str | os.PathLike[str]) -> tuple[Document, dict[str, str]]:
    """Read an XLIFF 2.0/2.1 file: the document and its signature."""
    store = load_xliff(path)
    return store.document, store.signature
