"""XLIFF 1.2, the file CAT tools open: one `<trans-unit>` per segment, written for them and read back.

Layout written (strict XLIFF 1.2, no private namespace, so that strict validators and older tools take it):

    <xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
      <file original="brief.docx" source-language="fr" target-language="en" datatype="x-toolkit">
        <header>  <tool/>, <note from="toolkit:document">title=…&source_format=…</note>, "toolkit:signature"
        <body>
          <group id="b1" restype="x-heading" extradata="level=1">            one group per block
            <trans-unit id="b1.s1" approved="yes" extradata="space-after=%20&origin=argos">
              <source xml:lang="fr"/> <target xml:lang="en" state="signed-off"/>
              <alt-trans match-quality="82.5" origin="memory">   a memory suggestion
              <note from="relecteur">…</note>   <note from="toolkit:qa">…</note>
          <group id="footnotes" restype="x-footnotes">
            <group id="fn1" resname="1" restype="x-footnote"> <group id="fn1.p1" restype="x-paragraph"> …

States: initial ↔ no target (or `new`, `needs-translation`), translated ↔ `translated` (and every needs-* state),
reviewed ↔ `signed-off` (or `approved="yes"` alone), final ↔ `final`.

Inline codes:
  footnote reference  <x id="fn1" ctype="x-fnref" equiv-text="[1]"/>
  line break          <x id="br1" ctype="lb" equiv-text="&#10;"/>
  verbatim code       <ph id="c1" ctype="x-code">the code's text</ph>
  emphasis, strong    <g id="1" ctype="italic">, <g id="2" ctype="bold">  (other kinds: ctype="x-<kind>")
  link                <bpt id="3" ctype="link">&lt;a href="…"&gt;</bpt>…<ept id="3">&lt;/a&gt;</ept>
  a pair that does not nest inside its segment: <bx id="1" rid="1" ctype="…"/> … <ex id="1e" rid="1"/>
  a character XML cannot carry: <x id="cp1" ctype="x-cp" equiv-text="U+0001"/>
A target reuses its source's ids.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode

from toolkit.errors import InputError, ToolkitError
from toolkit.formats.inline_codes import SourceCodes, fresh_id, ph_id_base, walk_inline
from toolkit.formats.xliff import (
    _INVALID_XML,
    PAIRED_BY_SUBTYPE,
    XLF_12,
    Suggestion,
    XliffStore,
    _children,
    _local,
    _needs_preserve,
    _pairing,
    _plain,
    _strip_invalid,
)
from toolkit.model import (
    BLOCK_KINDS,
    STATES,
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
    footnote_from_key,
    footnote_key,
    normalize_content,
    noted_issues,
)

if TYPE_CHECKING:
    from lxml import etree

XML = "http://www.w3.org/XML/1998/namespace"
VERSION = "1.2"
DATATYPE = "x-toolkit"

# model state -> XLIFF 1.2 target state
STATE_OUT = {"initial": "new", "translated": "translated", "reviewed": "signed-off", "final": "final"}
# XLIFF 1.2 target state -> model state (every other needs-* state: translated)
STATE_IN = {"new": "initial", "needs-translation": "initial", "translated": "translated",
            "signed-off": "reviewed", "final": "final"}

# paired code kind -> ctype (other kinds: "x-<kind>")
CTYPE = {"em": "italic", "strong": "bold", "link": "link", "underline": "underlined"}
KIND_OF_CTYPE = {v: k for k, v in CTYPE.items()}
NOTE_FROM = "toolkit:"  # `from` of notes that are not a person's: toolkit:qa, toolkit:suggestion
_FN_EQUIV = re.compile(r"^\[(.+)\]$")
_HREF = re.compile(r"""href\s*=\s*["']([^"']*)["']""")


def _q(name: str) -> str:
    return f"{{{XLF_12}}}{name}"


def _query(items: list[tuple[str, str]]) -> str:
    return urlencode([(k, _strip_invalid(v)) for k, v in items])


def _unquery(text: str | None) -> list[tuple[str, str]]:
    return parse_qsl(text or "", keep_blank_values=True)


# ---------------------------------------------------------------------------------------------------- writing


class _Writer:
    def __init__(self, for_omegat: bool = False) -> None:
        from lxml import etree

        self.etree = etree
        self.for_omegat = for_omegat

    def sub(self, parent: etree._Element, name: str, **attrs: str) -> etree._Element:
        el = self.etree.SubElement(parent, _q(name))
        for key, value in attrs.items():
            el.set(key, _strip_invalid(value))
        return el

    def add_text(self, el: etree._Element, text: str, ids: set[str]) -> None:
        for piece in _INVALID_XML.split(text):
            if not piece:
                continue
            if _INVALID_XML.fullmatch(piece):
                self.sub(el, "x", id=fresh_id(ids, "cp"), ctype="x-cp", **{"equiv-text": f"U+{ord(piece):04X}"})
            elif len(el):
                el[-1].tail = (el[-1].tail or "") + piece
            else:
                el.text = (el.text or "") + piece

    def build(self, doc: Document, signature: Mapping[str, str],
              suggestions: Mapping[str, list[Suggestion]]) -> etree._Element:
        from toolkit import __version__

        root = self.etree.Element(_q("xliff"), nsmap={None: XLF_12})
        root.set("version", VERSION)
        file_el = self.sub(root, "file", original=Path(doc.source_path).name if doc.source_path else "document",
                           datatype=DATATYPE)
        file_el.set("source-language", doc.source_lang or "fr")
        file_el.set("target-language", doc.target_lang or "en")
        header = self.sub(file_el, "header")
        self.sub(header, "tool", **{"tool-id": "toolkit", "tool-name": "toolkit", "tool-version": __version__})
        items = [(k, v) for k, v in (("title", doc.title), ("source_format", doc.source_format),
                                     ("source_hash", doc.source_hash)) if v]
        items += [("warning", w) for w in doc.warnings]
        if items:
            self.sub(header, "note", **{"from": f"{NOTE_FROM}document"}).text = _query(items)
        if signature:
            self.sub(header, "note", **{"from": f"{NOTE_FROM}signature"}).text = _query(
                [(str(k), str(v)) for k, v in signature.items()])
        body = self.sub(file_el, "body")
        for block in doc.blocks:
            self.block(body, block, suggestions)
        if doc.footnotes:
            notes_group = self.sub(body, "group", id="footnotes", restype="x-footnotes")
            for fn in doc.footnotes:
                group = self.sub(notes_group, "group", id=footnote_key(fn.id), resname=fn.id, restype="x-footnote")
                for block in fn.blocks:
                    self.block(group, block, suggestions)
        from toolkit.support.xmlsafe import indent_structure

        indent_structure(root, _LEAVES)
        return root

    def block(self, parent: etree._Element, block: Block, suggestions: Mapping[str, list[Suggestion]]) -> None:
        if not block.segments:
            return
        group = self.sub(parent, "group", id=block.id, restype=f"x-{block.kind}")
        items = [(k, v) for k, v in (("level", str(block.level) if block.level else ""),
                                     ("ordered", "yes" if block.ordered else ""), ("style", block.style)) if v]
        if items:
            group.set("extradata", _query(items))
        for seg in block.segments:
            self.unit(group, seg, suggestions.get(seg.id, []))

    def unit(self, group: etree._Element, seg: Segment, suggestions: list[Suggestion]) -> None:
        if seg.state not in STATES:
            raise ToolkitError(f"segment {seg.id} has an unknown state '{seg.state}'")
        unit = self.sub(group, "trans-unit", id=seg.id)
        if seg.state in ("reviewed", "final"):
            unit.set("approved", "yes")
        items = [(k, v) for k, v in (("space-after", seg.space_after), ("origin", seg.origin)) if v]
        if items:
            unit.set("extradata", _query(items))
        ids: set[str] = set()
        codes = _Codes()
        source = self.sub(unit, "source")
        source.set(_qx("lang"), "fr")
        self.inline(source, seg.source, ids, codes, seg.id, is_target=False)
        if self.for_omegat:
            # OmegaT translates what <target> holds: give it the French, to be translated in OmegaT
            target = self.sub(unit, "target", state="needs-translation")
            target.set(_qx("lang"), "en")
            self.inline(target, seg.source, ids, codes, seg.id, is_target=True)
        elif seg.target is not None:
            target = self.sub(unit, "target", state=STATE_OUT[seg.state])
            target.set(_qx("lang"), "en")
            self.inline(target, seg.target, ids, codes, seg.id, is_target=True)
        if _needs_preserve(seg.source) or (seg.target is not None and _needs_preserve(seg.target)):
            unit.set(_qx("space"), "preserve")
        for sug in suggestions:
            alt = self.sub(unit, "alt-trans", **{"match-quality": f"{round(sug.similarity * 100, 2):g}"})
            if sug.origin:
                alt.set("origin", _strip_invalid(sug.origin))
            for side, text in (("source", sug.source), ("target", sug.target)):
                el = self.sub(alt, side)
                if _needs_preserve([text]):
                    el.set(_qx("space"), "preserve")
                self.add_text(el, text, set())
        for note in seg.notes:
            el = self.sub(unit, "note")
            who = note.author if note.category == "comment" else f"{NOTE_FROM}{note.category}"
            if who:
                el.set("from", _strip_invalid(who))
            el.text = _strip_invalid(note.text)

    def inline(self, parent: etree._Element, content: Content, ids: set[str], codes: _Codes, seg_id: str,
               is_target: bool) -> None:
        content = normalize_content(content)
        ends, nested = _pairing(content)
        end_of = {e: s for s, e in ends.items()}
        xml_ids: dict[int, str] = {}
        stack: list[etree._Element] = [parent]
        for i, part in enumerate(content):
            cur = stack[-1]
            if isinstance(part, str):
                self.add_text(cur, part, ids)
            elif isinstance(part, Ph):
                self.placeholder(cur, part, ids, codes, seg_id, is_target)
            elif isinstance(part, Start):
                xid = codes.pair_id(part, ids, seg_id, is_target)
                xml_ids[i] = xid
                ctype = CTYPE.get(part.kind, f"x-{part.kind}")
                if part.kind == "link":
                    el = self.sub(cur, "bpt", id=xid, ctype=ctype)
                    el.text = f'<a href="{html.escape(_strip_invalid(part.href))}">'
                elif i in nested:
                    stack.append(self.sub(cur, "g", id=xid, ctype=ctype))
                else:
                    self.sub(cur, "bx", id=xid, rid=xid, ctype=ctype)
            else:  # End
                start = end_of.get(i)
                if start is None:  # an end whose start is in another segment
                    self.sub(cur, "ex", id=codes.end_id(part.id, ids, is_target))
                    continue
                begin = content[start]
                assert isinstance(begin, Start)
                if begin.kind == "link":
                    self.sub(cur, "ept", id=xml_ids[start]).text = "</a>"
                elif start in nested:
                    stack.pop()
                else:
                    self.sub(cur, "ex", id=codes.end_id(xml_ids[start], ids, is_target), rid=xml_ids[start])

    def placeholder(self, parent: etree._Element, ph: Ph, ids: set[str], codes: _Codes, seg_id: str,
                    is_target: bool) -> None:
        xid = codes.ph_id(ph, ids, seg_id, is_target)
        if ph.kind == "fn":
            self.sub(parent, "x", id=xid, ctype="x-fnref", **{"equiv-text": f"[{ph.ref}]"})
        elif ph.kind == "br":
            self.sub(parent, "x", id=xid, ctype="lb", **{"equiv-text": "\n"})
        else:
            self.sub(parent, "ph", id=xid, ctype=f"x-{ph.kind}").text = _strip_invalid(ph.text)


def _qx(name: str) -> str:
    return f"{{{XML}}}{name}"


class _Codes:
    """The ids one segment's source gave its codes, so that the target reuses them."""

    def __init__(self) -> None:
        self.source: SourceCodes[str] = SourceCodes()
        self.ends: dict[str, str] = {}  # start id -> id of its <ex>

    def pair_id(self, start: Start, ids: set[str], seg_id: str, is_target: bool) -> str:
        if not is_target:
            return self.source.define(start, fresh_id(ids, start.id))
        xid = self.source.reuse(start)
        if xid is not None:
            return xid
        if self.source.copied(start) is not None:
            return fresh_id(ids, f"{start.id}-copy")  # a second copy of a source code: same kind, new id
        raise ToolkitError(f"the target of segment {seg_id} has a '{start.kind}' code not in its source")

    def end_id(self, start_id: str, ids: set[str], is_target: bool) -> str:
        """The id of an `<ex>` closing `start_id`: fresh in the source, the source's in the target."""
        if is_target and start_id in self.ends:
            return self.ends[start_id]
        xid = fresh_id(ids, f"{start_id}e")
        self.ends.setdefault(start_id, xid)
        return xid

    def ph_id(self, ph: Ph, ids: set[str], seg_id: str, is_target: bool) -> str:
        base = ph_id_base(ph)
        if not is_target:
            return self.source.define(ph, fresh_id(ids, base))
        free = self.source.reuse(ph)
        if free is not None:
            return free
        if self.source.known(ph):
            return fresh_id(ids, f"{base}-copy")
        what = f"footnote reference {ph.ref}" if ph.kind == "fn" else f"'{ph.kind}' code"
        raise ToolkitError(f"the target of segment {seg_id} has a {what} that is not in its source")


_LEAVES = {_q(n) for n in ("source", "target", "note")}


def xliff12_bytes(doc: Document, signature: Mapping[str, str] | None = None,
                  suggestions: Mapping[str, list[Suggestion]] | None = None, for_omegat: bool = False) -> bytes:
    """The XLIFF 1.2 file for `doc` as bytes (UTF-8, with XML declaration).

    `for_omegat`: every <target> holds the French (OmegaT's XLIFF filter translates the target's content and
    finds no segment without one); the translations travel beside it as a memory.
    """
    from lxml import etree

    root = _Writer(for_omegat).build(doc, signature or {}, suggestions or {})
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


def write_xliff12(doc: Document, path: str | os.PathLike[str], signature: Mapping[str, str] | None = None,
                  suggestions: Mapping[str, list[Suggestion]] | None = None) -> None:
    """Write `doc` as XLIFF 1.2 to `path`, atomically."""
    from toolkit.support.fileio import write_bytes

    write_bytes(path, xliff12_bytes(doc, signature, suggestions))


# ---------------------------------------------------------------------------------------------------- reading


class _UnitReader:
    """Inline content of one trans-unit: the source defines code ids, the target may only reuse them."""

    def __init__(self, unit_id: str, where: str) -> None:
        self.unit_id = unit_id
        self.where = where
        self.defs: dict[str, Ph | Start | None] = {}  # xml id -> code (None: formatting we do not model)
        self.by_kind: dict[str, Start] = {}

    def fail(self, message: str) -> InputError:
        return InputError(f"trans-unit {self.unit_id}: {message}", self.where)

    def content(self, el: etree._Element, is_target: bool) -> Content:
        out: list[Inline] = []
        self.open: list[str] = []
        self.used: set[str] = set()
        self.walk(el, out, is_target)
        if self.open:
            raise self.fail(f"code '{self.open[0]}' is opened and never closed")
        return normalize_content(out)

    def walk(self, el: etree._Element, out: list[Inline], is_target: bool) -> None:
        walk_inline(el, out, lambda child, name: self.inline(child, name, out, is_target), XLF_12)

    def code(self, el: etree._Element, name: str, made: Ph | Start | None, is_target: bool) -> Ph | Start | None:
        xid = el.get("rid") if name in ("bx", "ex", "ept") and el.get("rid") else el.get("id")
        if not xid:
            raise self.fail(f"<{name}> without id")
        if not is_target:
            if xid in self.defs:
                raise self.fail(f"inline code id '{xid}' used twice in the source")
            self.defs[xid] = made
            if isinstance(made, Start):
                self.by_kind.setdefault(f"{made.kind} {made.href}", made)
            return made
        if xid in self.defs:
            return self.defs[xid]
        # a code the CAT tool duplicated under a new id: a copy of a source code of the same kind
        if isinstance(made, Start) and f"{made.kind} {made.href}" in self.by_kind:
            return Start(made.kind, xid, made.href)
        if isinstance(made, Ph) and made in self.defs.values():
            return made
        raise self.fail(f"target code '{xid}' is not in the source")

    def inline(self, el: etree._Element, name: str, out: list[Inline], is_target: bool) -> None:
        ctype = el.get("ctype", "")
        if name == "x":
            if ctype == "x-cp":
                try:
                    out.append(chr(int(el.get("equiv-text", "").removeprefix("U+"), 16)))
                except ValueError:
                    raise self.fail(f"bad character code '{el.get('equiv-text')}'") from None
                return
            ph = self.code(el, name, self.placeholder(el, ctype), is_target)
            if isinstance(ph, Ph):
                out.append(ph)
        elif name == "ph":
            if ctype in ("x-fnref", "lb"):
                made = self.placeholder(el, ctype)
            elif ctype.startswith("x-"):
                made = Ph(ctype[2:], text=_plain(el))
            else:  # another tool's placeholder: its content is native markup, not text a reader sees
                made = Ph("code", text=el.get("equiv-text", ""))
            ph = self.code(el, name, made, is_target)
            if isinstance(ph, Ph):
                out.append(ph)
        elif name == "g":
            start = self.code(el, name, self.start(el, ctype), is_target)
            if isinstance(start, Start):
                start = Start(start.kind, el.get("id", ""), start.href)
                out.append(start)
            self.walk(el, out, is_target)
            if isinstance(start, Start):
                out.append(End(start.id))
        elif name in ("bx", "bpt"):
            opening = self.start(el, ctype, _HREF.search(_plain(el)) if name == "bpt" else None)
            start = self.code(el, name, opening, is_target)
            key = el.get("rid") or el.get("id", "")
            if key in self.used and is_target:
                raise self.fail(f"code '{key}' opened twice in the target")
            self.used.add(key)
            self.open.append(key)
            if isinstance(start, Start):
                out.append(Start(start.kind, key, start.href))
        elif name in ("ex", "ept"):
            key = el.get("rid") or el.get("id", "")
            if key in self.open:
                self.open.remove(key)
                if isinstance(self.defs.get(key), Start) or (is_target and key not in self.defs):
                    out.append(End(key))
            elif not el.get("rid") and name == "ex":
                out.append(End(key))  # an end whose start is in another segment
            else:
                raise self.fail(f"<{name}> '{key}' closes no open code")
        elif name in ("mrk", "sub"):
            self.walk(el, out, is_target)
        elif name == "it":
            pass  # an isolated tag of another tool's native format: no text of the document

    def placeholder(self, el: etree._Element, ctype: str) -> Ph:
        if ctype == "x-fnref":
            match = _FN_EQUIV.match(el.get("equiv-text", ""))
            ref = match.group(1) if match else (el.get("id") or "").removeprefix("fn").split("-")[0]
            if not ref:
                raise self.fail(f"footnote reference '{el.get('id')}' without a number")
            return Ph("fn", ref=ref)
        if ctype == "lb":
            return Ph("br")
        return Ph("code", text=el.get("equiv-text", ""))

    def start(self, el: etree._Element, ctype: str, href: re.Match[str] | None = None) -> Start | None:
        kind = KIND_OF_CTYPE.get(ctype) or (ctype[2:] if ctype.startswith("x-") else None)
        kind = kind or PAIRED_BY_SUBTYPE.get(ctype)
        if kind is None:
            return None
        return Start(kind, el.get("rid") or el.get("id", ""), html.unescape(href.group(1)) if href else "")


class _Reader:
    def __init__(self, root: etree._Element, where: str) -> None:
        self.root = root
        self.where = where
        self.segment_ids: set[str] = set()
        self.suggestions: dict[str, list[Suggestion]] = {}

    def fail(self, message: str) -> InputError:
        return InputError(message, self.where)

    def read(self) -> XliffStore:
        ns, name = _local(self.root)
        if (ns, name) != (XLF_12, "xliff") or not self.root.get("version", "").startswith("1."):
            raise self.fail(f"not an XLIFF 1.2 file (root element <{name}> in namespace '{ns}')")
        files = _children(self.root, XLF_12, "file")
        if not files:
            raise self.fail("no <file> element")
        first = files[0]
        doc = Document(source_lang=first.get("source-language") or "fr",
                       target_lang=first.get("target-language") or "en", source_path=first.get("original", ""))
        signature: dict[str, str] = {}
        for file_el in files:
            for header in _children(file_el, XLF_12, "header"):
                for note in _children(header, XLF_12, "note"):
                    pairs = _unquery(note.text)
                    if note.get("from") == f"{NOTE_FROM}signature":
                        signature.update(pairs)
                    elif note.get("from") == f"{NOTE_FROM}document":
                        for key, value in pairs:
                            if key == "warning":
                                doc.warnings.append(value)
                            elif key in ("title", "source_format", "source_hash"):
                                setattr(doc, key, value)
            for body in _children(file_el, XLF_12, "body"):
                self.container(body, doc, None)
        if not any(b.segments for b in doc.all_blocks()):
            raise self.fail("no translation units")
        return XliffStore(doc, signature, self.suggestions, noted_issues(doc))

    def container(self, el: etree._Element, doc: Document, footnote: Footnote | None) -> None:
        loose: Block | None = None  # trans-units outside a block group (another tool's file): one block each
        for child in el:
            ns, name = _local(child)
            if ns != XLF_12:
                continue
            if name == "trans-unit":
                loose = Block(id=child.get("id", ""), kind="paragraph", segments=[self.unit(child)])
                (footnote.blocks if footnote else doc.blocks).append(loose)
            elif name != "group":
                continue
            elif child.get("restype") == "x-footnotes":
                self.container(child, doc, None)
            elif child.get("restype") == "x-footnote":
                fid = child.get("resname") or footnote_from_key(child.get("id", ""))
                if doc.footnote(fid) is not None:
                    raise self.fail(f"footnote {fid} appears twice")
                fn = Footnote(id=fid)
                doc.footnotes.append(fn)
                self.container(child, doc, fn)
            elif (child.get("restype") or "").removeprefix("x-") in BLOCK_KINDS:
                (footnote.blocks if footnote else doc.blocks).append(self.block(child))
            else:
                self.container(child, doc, footnote)

    def block(self, group: etree._Element) -> Block:
        bid = group.get("id", "")
        meta = dict(_unquery(group.get("extradata")))
        try:
            level = int(meta.get("level", "0"))
        except ValueError:
            raise self.fail(f"group {bid}: block level '{meta['level']}' is not a number") from None
        block = Block(id=bid, kind=(group.get("restype") or "").removeprefix("x-"),  # type: ignore[arg-type]
                      level=level, ordered=meta.get("ordered") == "yes", style=meta.get("style", ""))
        block.segments = [self.unit(u) for u in group.iter(_q("trans-unit"))]
        return block

    def unit(self, unit: etree._Element) -> Segment:
        sid = unit.get("id", "")
        if not sid:
            raise self.fail("a <trans-unit> without id")
        if sid in self.segment_ids:
            raise self.fail(f"duplicate trans-unit id '{sid}'")
        self.segment_ids.add(sid)
        meta = dict(_unquery(unit.get("extradata")))
        reader = _UnitReader(sid, self.where)
        sources = _children(unit, XLF_12, "source")
        if not sources:
            raise self.fail(f"trans-unit {sid} has no <source>")
        seg = Segment(id=sid, source=reader.content(sources[0], is_target=False),
                      space_after=meta.get("space-after", ""), origin=meta.get("origin", ""))
        targets = _children(unit, XLF_12, "target")
        if targets:
            seg.target = reader.content(targets[0], is_target=True)
            state = targets[0].get("state", "")
            seg.state = STATE_IN.get(state, "translated" if seg.target else "initial")  # type: ignore[assignment]
            if unit.get("approved") == "yes" and seg.state in ("initial", "translated") and seg.target:
                seg.state = "reviewed"
        for note in _children(unit, XLF_12, "note"):
            who = note.get("from", "")
            if who.startswith(NOTE_FROM):
                seg.notes.append(Note(text=note.text or "", category=who[len(NOTE_FROM):]))
            else:
                seg.notes.append(Note(text=note.text or "", category="comment", author=who))
        for alt in _children(unit, XLF_12, "alt-trans"):
            try:
                similarity = float(alt.get("match-quality") or 0) / 100
            except ValueError:
                similarity = 0.0  # match-quality is free text in XLIFF 1.2 ("high"): no number to keep
            src, tgt = _children(alt, XLF_12, "source"), _children(alt, XLF_12, "target")
            self.suggestions.setdefault(sid, []).append(Suggestion(
                source=_plain(src[0]) if src else "", target=_plain(tgt[0]) if tgt else "",
                similarity=similarity, origin=alt.get("origin", "")))
        return seg


def parse_xliff12_store(data: bytes, where: str) -> XliffStore:
    """Parse XLIFF 1.2 bytes into document, signature and suggestions; InputError naming `where`."""
    from toolkit.support.xmlsafe import parse_xml

    return _Reader(parse_xml(data, where), where).read()
