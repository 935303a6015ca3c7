"""TMX 1.4b translation memories: French–English segment pairs with their inline codes, read and written.

Codes are TMX inline elements holding native markup, so that CAT tools show them as tags:
footnote reference `<ph x="1" type="fnote">[^1]</ph>`, line break `<ph type="lb">`, verbatim code
`<ph type="x-code">`, emphasis `<bpt i="2" x="2" type="italic">&lt;em&gt;</bpt>…<ept i="2">&lt;/em&gt;</ept>`,
strong `bold`, link `link` (content `<a href="…">`). The same `x` marks the same code in source and target.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.formats.inline_codes import SourceCodes, append_text, walk_inline
from toolkit.model import Content, Document, End, Inline, Ph, Start, normalize_content, plain_text

if TYPE_CHECKING:
    from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# paired code kind <-> TMX bpt type and the native markup shown as the tag's content
_PAIR_TYPES = {"em": "italic", "strong": "bold", "link": "link", "smallcaps": "scap", "sup": "x-sup",
               "sub": "x-sub"}
_KIND_BY_TYPE = {v: k for k, v in _PAIR_TYPES.items()}
_HTML_TAG = {"em": "em", "strong": "strong", "link": "a", "smallcaps": "span", "sup": "sup", "sub": "sub"}
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_FN_MARK = re.compile(r"\[\^?([^\]\s]+)\]")


@dataclass
class TmxUnit:
    """One translation unit: French source, English target, a note, properties (`x-…` keys) and its id."""

    source: Content
    target: Content
    note: str = ""
    props: dict[str, str] = field(default_factory=dict)
    id: str = ""  # the tuid; our memories use the segment id


def lang_matches(tag: str, wanted: str) -> bool:
    """`fr` matches `fr`, `fr-FR`, `FR-fr`, `fr_CA`: the primary language subtag decides, case-insensitive."""
    def primary(t: str) -> str:
        return re.split(r"[-_]", t.strip().lower(), maxsplit=1)[0]

    return bool(tag) and primary(tag) == primary(wanted)


# ---------------------------------------------------------------------------------------------------- writing


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text)  # TMX has no escape for characters XML 1.0 cannot carry


def _open_markup(start: Start) -> str:
    if start.kind == "link":
        return f'<a href="{escape(start.href, quote=True)}">'
    if start.kind == "smallcaps":
        return '<span class="smallcaps">'
    return f"<{_HTML_TAG.get(start.kind, start.kind)}>"


def _ph_markup(ph: Ph) -> tuple[str, str]:
    """(type, content) of a placeholder."""
    if ph.kind == "fn":
        return "fnote", f"[^{ph.ref}]"
    if ph.kind == "br":
        return "lb", "<br/>"
    return f"x-{ph.kind}", ph.text


class _CodeNumbers:
    """`x` numbers shared by the source and target of one unit: the target reuses the source's numbers."""

    def __init__(self) -> None:
        self.next = 1
        self.source: SourceCodes[int] = SourceCodes()

    def number(self, code: Ph | Start, is_target: bool) -> int:
        if is_target:
            reused = self.source.reuse(code)
            if reused is not None:
                return reused
        x = self.next
        self.next += 1
        if not is_target:
            self.source.define(code, x)
        return x


def _closed_pairs(content: Content) -> set[str]:
    """Ids of the Starts closed later in the same content (only those can be a `bpt`/`ept` pair)."""
    opened: set[str] = set()
    closed: set[str] = set()
    for part in content:
        if isinstance(part, Start):
            opened.add(part.id)
        elif isinstance(part, End) and part.id in opened:
            closed.add(part.id)
    return closed


def _write_seg(seg: etree._Element, content: Content, numbers: _CodeNumbers, is_target: bool) -> None:
    from lxml import etree

    def add_text(text: str) -> None:
        append_text(seg, _clean(text))

    content = normalize_content(content)
    closed = _closed_pairs(content)
    open_pairs: dict[str, tuple[int, str]] = {}  # model id -> (i, closing markup)
    for part in content:
        if isinstance(part, str):
            add_text(part)
        elif isinstance(part, Ph):
            x = numbers.number(part, is_target)
            type_, markup = _ph_markup(part)
            el = etree.SubElement(seg, "ph", x=str(x), type=type_)
            el.text = _clean(markup)
        elif isinstance(part, Start):
            x = numbers.number(part, is_target)
            type_ = _PAIR_TYPES.get(part.kind, f"x-{part.kind}")
            if part.id in closed:
                el = etree.SubElement(seg, "bpt", i=str(x), x=str(x), type=type_)
                open_pairs[part.id] = (x, f"</{_HTML_TAG.get(part.kind, part.kind)}>")
            else:  # never closed here: TMX calls it an isolated tag
                el = etree.SubElement(seg, "it", pos="begin", x=str(x), type=type_)
            el.text = _clean(_open_markup(part))
        elif part.id in open_pairs:
            x, closing = open_pairs.pop(part.id)
            etree.SubElement(seg, "ept", i=str(x)).text = closing


_LEAVES = {"seg", "note", "prop"}




def tmx_bytes(units: Iterable[TmxUnit], srclang: str = "fr", tgtlang: str = "en",
              creationtool: str = "toolkit", creationtoolversion: str = __version__, adminlang: str = "en",
              creationdate: str | None = None) -> bytes:
    """The TMX 1.4b file for `units` (UTF-8); `creationdate` defaults to now (UTC, `YYYYMMDDThhmmssZ`)."""
    from lxml import etree

    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {
        "creationtool": creationtool,
        "creationtoolversion": creationtoolversion,
        "segtype": "sentence",
        "o-tmf": creationtool,
        "adminlang": adminlang,
        "srclang": srclang,
        "datatype": "plaintext",
        "creationdate": creationdate or _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ"),
    })
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu")
        if unit.id:
            tu.set("tuid", _clean(unit.id))
        if unit.note:
            etree.SubElement(tu, "note").text = _clean(unit.note)
        for key, value in unit.props.items():
            etree.SubElement(tu, "prop", type=_clean(key)).text = _clean(value)
        numbers = _CodeNumbers()
        for lang, content, is_target in ((srclang, unit.source, False), (tgtlang, unit.target, True)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            _write_seg(etree.SubElement(tuv, "seg"), content, numbers, is_target)
    from toolkit.support.xmlsafe import indent_structure

    indent_structure(root, _LEAVES)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data + b"\n"


def write_tmx(units: Iterable[TmxUnit], path: str | os.PathLike[str], srclang: str = "fr",
              tgtlang: str = "en", creationtool: str = "toolkit", creationtoolversion: str = __version__,
              adminlang: str = "en",
              creationdate: str | None = None) -> None:
    """Write a TMX 1.4b file atomically."""
    from toolkit.support.fileio import write_bytes

    write_bytes(path, tmx_bytes(units, srclang, tgtlang, creationtool, creationtoolversion, adminlang,
                                creationdate))


def doc_to_tmx_units(doc: Document, states: Sequence[str] = ("reviewed", "final")) -> list[TmxUnit]:
    """The translated segments of `doc` in `states` (body and footnotes) as memory units.

    The tuid is the segment id; props carry `x-state`, `x-origin` and `x-document` (the source file name);
    reviewer comments become the note (QA flags are left out: they describe a run, not the translation).
    """
    units: list[TmxUnit] = []
    document = Path(doc.source_path).name if doc.source_path else ""
    for seg in doc.segments():
        if seg.state not in states or seg.target is None:
            continue
        if not plain_text(seg.source).strip() or not plain_text(seg.target).strip():
            continue
        props: dict[str, str] = {"x-state": seg.state}
        if seg.origin:
            props["x-origin"] = seg.origin
        if document:
            props["x-document"] = document
        note = "\n".join(n.text for n in seg.notes if n.category == "comment" and n.text)
        units.append(TmxUnit(list(seg.source), list(seg.target), note=note, props=props, id=seg.id))
    return units


# ---------------------------------------------------------------------------------------------------- reading


def _native_text(el: etree._Element) -> str:
    return "".join(el.itertext())


def _read_seg(seg: etree._Element) -> Content:
    out: list[Inline] = []
    pair_ids: dict[str, str] = {}  # bpt i -> model id

    def code(child: etree._Element, tag: str) -> None:
        if tag == "ph":
            out.append(_read_ph(child))
        elif tag == "bpt":
            kind = _KIND_BY_TYPE.get(child.get("type", ""))
            i = child.get("i", "")
            if kind and i:
                model_id = child.get("x") or i
                pair_ids[i] = model_id
                href = ""
                if kind == "link":
                    m = re.search(r"""href\s*=\s*["']([^"']*)["']""", _native_text(child))
                    href = unescape(m.group(1)) if m else ""
                out.append(Start(kind, model_id, href))
        elif tag == "ept":
            model_id = pair_ids.pop(child.get("i", ""), None)
            if model_id is not None:
                out.append(End(model_id))
        elif tag == "hi":
            walk_inline(child, out, code)  # highlighting: keep the text
        # `it` and `ut` carry native code only: no text a reader sees

    walk_inline(seg, out, code)
    # a bpt whose ept never came: drop it rather than leave an unbalanced code
    dangling = set(pair_ids.values())
    return normalize_content(p for p in out if not (isinstance(p, Start) and p.id in dangling))


def _read_ph(el: etree._Element) -> Ph:
    type_ = el.get("type", "")
    text = _native_text(el)
    if type_ in ("fnote", "enote"):
        m = _FN_MARK.search(text)
        return Ph("fn", ref=m.group(1) if m else text.strip())
    if type_ == "lb":
        return Ph("br")
    if type_.startswith("x-"):
        return Ph(type_[2:], text=text)
    return Ph("code", text="")  # another tool's native code: not text a reader sees


def _tuv_lang(tuv: etree._Element) -> str:
    return tuv.get(XML_LANG) or tuv.get("lang") or ""  # `lang` is TMX 1.1


def parse_tmx(data: bytes, where: str, srclang: str = "fr", tgtlang: str = "en") -> list[TmxUnit]:
    """The srclang→tgtlang pairs of a TMX file (any 1.x); an InputError naming `where` when it is not one."""
    from toolkit.support.xmlsafe import parse_xml

    root = parse_xml(data, where)
    if root.tag != "tmx":
        raise InputError(f"not a TMX file (root element <{root.tag}>)", where)
    if not root.get("version", "").startswith("1."):
        raise InputError(f"TMX version '{root.get('version', '')}' is not supported (1.x expected)", where)
    header, body = root.find("header"), root.find("body")
    if header is None or body is None:
        raise InputError("TMX without <header> or <body>", where)
    units: list[TmxUnit] = []
    tus = body.findall("tu")
    for tu in tus:
        source = target = None
        for tuv in tu.findall("tuv"):
            lang, seg = _tuv_lang(tuv), tuv.find("seg")
            if seg is None:
                raise InputError(f"a <tuv> without <seg> (tu {tu.get('tuid', '?')})", where)
            if source is None and lang_matches(lang, srclang):
                source = _read_seg(seg)
            elif target is None and lang_matches(lang, tgtlang):
                target = _read_seg(seg)
        if source is None or target is None:
            continue
        note = "\n".join(_native_text(n) for n in tu.findall("note"))
        props = {p.get("type", ""): _native_text(p) for p in tu.findall("prop")}
        units.append(TmxUnit(source, target, note=note, props=props, id=tu.get("tuid", "")))
    if tus and not units:
        raise InputError(f"no {srclang}→{tgtlang} pairs in this memory", where)
    return units


def read_tmx(path: str | os.PathLike[str], srclang: str = "fr", tgtlang: str = "en") -> list[TmxUnit]:
    """Read the srclang→tgtlang pairs of a TMX file."""
    from toolkit.support.fileio import read_input

    return parse_tmx(read_input(path), str(path), srclang, tgtlang)
