"""Inline-code ids in the bilingual stores (XLIFF 2, XLIFF 1.2, TMX): the source gives each code its id, the
target reuses it; fresh ids; and the text-and-tail bookkeeping of the elements that carry codes."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Generic, TypeVar

from toolkit.model import Inline, Ph, Start, footnote_key

if TYPE_CHECKING:
    from lxml import etree

Id = TypeVar("Id", str, int)


def fresh_id(used: set[str], wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`, … : the first not in `used` (which it joins)."""
    candidate, n = wanted, 1
    while candidate in used:
        n += 1
        candidate = f"{wanted}-{n}"
    used.add(candidate)
    return candidate


def ph_id_base(ph: Ph) -> str:
    """The id a placeholder is named after: `fn3` for footnote 3's reference, `br`, `c` for verbatim code."""
    return {"fn": footnote_key(ph.ref), "br": "br", "code": "c"}.get(ph.kind, ph.kind)


def code_key(code: Ph | Start) -> Hashable:
    """What makes a target code the counterpart of a source code: the same placeholder (kind, footnote, text), or
    the same paired code (its model id)."""
    return code if isinstance(code, Ph) else ("pair", code.id)


class SourceCodes(Generic[Id]):
    """The ids one source gave its codes, so that its target reuses them: each target code takes the first id of
    its counterpart that no earlier target code took."""

    def __init__(self) -> None:
        self.by_key: dict[Hashable, list[Id]] = {}
        self.starts: dict[Id, Start] = {}
        self.taken: set[Id] = set()

    def define(self, code: Ph | Start, xid: Id) -> Id:
        """Record the id the source gave `code`."""
        self.by_key.setdefault(code_key(code), []).append(xid)
        if isinstance(code, Start):
            self.starts[xid] = code
        return xid

    def known(self, code: Ph | Start) -> list[Id]:
        """The ids the source gave the counterparts of `code`."""
        return self.by_key.get(code_key(code), [])

    def reuse(self, code: Ph | Start) -> Id | None:
        """The id of the first counterpart of `code` no target code took yet (now taken), or None."""
        for xid in self.by_key.get(code_key(code), []):
            if xid not in self.taken:
                self.taken.add(xid)
                return xid
        return None

    def copied(self, start: Start) -> Id | None:
        """The id of a source code `start` can be a copy of (same kind, same link), or None."""
        for ids in self.by_key.values():
            for xid in ids:
                src = self.starts.get(xid)
                if src is not None and src.kind == start.kind and src.href == start.href:
                    return xid
        return None


def append_text(el: etree._Element, text: str) -> None:
    """Append `text` after what `el` already holds (its last child's tail, or its own text)."""
    if len(el):
        el[-1].tail = (el[-1].tail or "") + text
    else:
        el.text = (el.text or "") + text


def walk_inline(el: etree._Element, out: list[Inline], code: Callable[[etree._Element, str], None],
                ns: str = "") -> None:
    """The text of `el` and each child's tail into `out`, in document order, and `code(child, local name)` for
    each child element in namespace `ns` ("": no namespace); comments and other vocabularies add no code."""
    prefix = f"{{{ns}}}" if ns else ""
    if el.text:
        out.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag.startswith(prefix) and (ns or not tag.startswith("{")):
            code(child, tag[len(prefix):])
        if child.tail:
            out.append(child.tail)
