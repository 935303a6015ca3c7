"""Glossary enforcement through any engine: protect each hit before translation, verify and repair after.

How a hit is protected depends on what the engine preserves best:
- an engine that keeps markup (Apertium) gets proper nouns and acronyms wrapped in a paired code that carries
  the English term (`Start("term", href=<English>)`): the code travels with the words through reordering, and
  whatever the engine made of the words inside is replaced by the English term afterwards. The elided article
  before them goes (`l’Ukraine` → `Ukraine`, `d’Ukraine` → `de Ukraine`, so the engine still says "of");
- a neural engine (Argos) gets the English term injected into the French sentence, which it copies.
Adjectives and common nouns are left to the engine, whose grammar places them better, and are checked after.
Every hit is then verified in the English; one that cannot be placed is a `term-missing` QA issue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.engines.base import Engine
from toolkit.model import Content, End, Segment, Start, normalize_content

TERM = "term"  # a paired-code kind that only lives between protection and restoration
# kinds of entries that are names: locked or injected as they are
NAME_KINDS = frozenset({"person", "place", "country", "city", "region", "river", "org", "acronym", "name",
                        "institution", "site", "plant", "event", "media"})
# names English uses without "the" even where French says `du`/`le`
BARE_KINDS = frozenset({"person", "country", "city", "name"})


@dataclass
class Expected:
    """A glossary hit in one segment, and how it ended."""

    source: str
    target: str
    kind: str
    locked: bool
    status: str = "pending"  # placed | repaired | missing


@dataclass
class TermPolicy:
    glossary: object | None = None
    mode: str = "lock"  # lock (markup engines) | inject (plain engines)
    expected: dict[str, list[Expected]] = field(default_factory=dict)
    transliterated: int = 0

    @classmethod
    def load(cls, paths: Iterable[Path], use_default: bool = True) -> TermPolicy:
        paths = list(paths)
        if not paths and not use_default:
            return cls(None)
        from toolkit.terms.glossary import load_glossaries

        return cls(load_glossaries(paths, use_default=use_default))

    @property
    def glossary_hash(self) -> str | None:
        return getattr(self.glossary, "sha256", None) if self.glossary is not None else None

    def prepare_for(self, engine: Engine) -> None:
        self.mode = "lock" if engine.keeps_markup else "inject"

    def is_name(self, kind: str, target: str) -> bool:
        if kind in NAME_KINDS:
            return True
        if kind:
            return False
        # untyped entries: a capitalised English target that is not a nationality adjective is a name
        return target[:1].isupper() and not target.endswith(("ian", "ese", "ish", "ic"))

    def protect(self, seg: Segment, view: Content, in_footnote: bool) -> Content:
        """The view with this segment's glossary hits protected; records what the English must contain."""
        if self.glossary is None:
            return view
        from toolkit.terms.match import find_terms

        expected: list[Expected] = []
        out: Content = []
        for part in view:
            if not isinstance(part, str):
                out.append(part)
                continue
            pos = 0
            for hit in find_terms(part, self.glossary):  # type: ignore[arg-type]
                kind = hit.entry.kind
                name = self.is_name(kind, hit.target)
                expected.append(Expected(hit.source_text, hit.target, kind, locked=name))
                if not name:
                    continue
                start = hit.start
                before = part[pos:start]
                if self.mode == "lock" and hit.elision:
                    start = hit.elision_start
                    before = part[pos:start]
                    if hit.elision.lower().startswith("d"):
                        before += "de "
                out.append(before)
                if self.mode == "lock":
                    code = f"t{len(expected)}"
                    out.extend([Start(TERM, code, href=hit.target), part[hit.start : hit.end], End(code)])
                else:
                    out.append(hit.target)
                pos = hit.end
            out.append(part[pos:])
        if expected:
            self.expected[seg.id] = expected
        return normalize_content(out)

    def stats(self) -> dict[str, int]:
        hits = [e for items in self.expected.values() for e in items]
        return {
            "hits": len(hits),
            "enforced": sum(1 for e in hits if e.status in ("placed", "repaired")),
            "missing": sum(1 for e in hits if e.status == "missing"),
            "transliterated": self.transliterated,
        }
