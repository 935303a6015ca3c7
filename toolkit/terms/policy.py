"""Glossary enforcement through any engine: protect each hit before translation, verify and repair after.

How a hit is protected depends on what the engine preserves best:
- an engine that keeps markup (Apertium) gets proper nouns and acronyms wrapped in a paired code that carries
  the English term (`Start("term", href=<English>)`): the code travels with the words through reordering, and
  whatever the engine made of the term's own words is replaced by the English term afterwards; the sentence's
  words it pulled into the code stay (toolkit.protect.locks.unlock). A multi-word term travels as one placeholder
  word, so the grammar sees one name. The elided article before a term stays for the engine (`de l’UE` → "of
  the EU"); postedit drops "the" before names English uses bare;
- a neural engine (Argos) gets the English term injected into the French sentence, which it copies.
Adjectives and common nouns are left to the engine, whose grammar places them better, and are checked after.
Every hit is then verified in the English; one that cannot be placed is a `term-missing` QA issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from toolkit.model import Content, End, Ph, Segment, Start, normalize_content, plain_text
from toolkit.protect.locks import KEEP, PLACEHOLDER, TERM
from toolkit.terms.lookalike import as_read

if TYPE_CHECKING:
    from toolkit.terms.dnt import DoNotTranslate
    from toolkit.terms.glossary import Glossary


class MarkupAware(Protocol):
    """What the policy needs to know of an engine: whether it carries inline codes through translation."""

    @property
    def keeps_markup(self) -> bool: ...

# kinds of entries that are names: locked or injected as they are
NAME_KINDS = frozenset(
    {
        "person",
        "place",
        "country",
        "city",
        "region",
        "river",
        "sea",
        "org",
        "acronym",
        "name",
        "institution",
        "site",
        "plant",
        "event",
        "media",
        "party",
        "weapon",
        "translit",
        "dnt",
        "dnt-guess",
    }
)
DNT_KINDS = frozenset({"dnt", "dnt-guess"})  # locked as written: listed by the user, or guessed by the rules
# kinds of entries that are places: French `à`/`en`/`dans` before them is English `in`
PLACE_KINDS = frozenset({"place", "country", "city", "region", "site", "plant"})
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
    preposition: str = ""  # the French word just before the term (`en` Crimée), for place prepositions
    read_as: str = ""  # the term as read when it is written with look-alikes (Кiev, Louka<ZWSP>chenko)


@dataclass
class _Hit:
    start: int
    end: int
    source: str
    target: str
    kind: str
    name: bool
    elision: str


@dataclass
class TermPolicy:
    glossary: Glossary | None = None
    transliterate: bool = True
    mode: str = "lock"  # lock (markup engines) | inject (plain engines) | split (second try, any engine)
    expected: dict[str, list[Expected]] = field(default_factory=dict)
    transliterated: int = 0
    dnt: DoNotTranslate | None = None
    guess_names: bool = True
    _reverse_glossary: Glossary | None = None

    @property
    def glossary_hash(self) -> str | None:
        return self.glossary.sha256 if self.glossary is not None else None

    def prepare_for(self, engine: MarkupAware) -> None:
        self.mode = "lock" if engine.keeps_markup else "inject"

    def is_name(self, kind: str, target: str) -> bool:
        if kind in NAME_KINDS:
            return True
        if kind:
            return False
        # untyped entries: a capitalised English target that is not a nationality adjective is a name
        return target[:1].isupper() and not target.endswith(("ian", "ese", "ish", "ic"))

    def _reverse(self) -> Glossary | None:
        """Names already written the English way in the French (`Vladimir Putin` in a cited title): kept as is."""
        if self.glossary is None:
            return None
        if self._reverse_glossary is None:
            from toolkit.terms.glossary import Entry, Glossary

            entries = [
                Entry(source=e.target, target=e.target, kind=e.kind, case="exact")
                for e in self.glossary
                if self.is_name(e.kind, e.target)
            ]
            self._reverse_glossary = Glossary(entries=entries)
        return self._reverse_glossary

    def _hits(self, text: str, italic: bool = False) -> list[_Hit]:
        """Glossary hits, English names already in place, the user's do-not-translate list, Slavic names for the
        rules, then names guessed by the rules (capitalised runs, Western names, an italic title): no overlaps."""
        from toolkit.terms.match import find_terms

        found: list[_Hit] = []

        def free(a: int, b: int) -> bool:
            return all(b <= h.start - len(h.elision) or a >= h.end for h in found)

        if self.glossary is not None:
            for hit in find_terms(text, self.glossary):
                name = self.is_name(hit.entry.kind, hit.target)
                found.append(
                    _Hit(hit.start, hit.end, hit.source_text, hit.target, hit.entry.kind, name, hit.elision)
                )
            reverse = self._reverse()
            for hit in find_terms(text, reverse) if reverse is not None else []:
                if free(hit.start, hit.end):
                    found.append(
                        _Hit(hit.start, hit.end, hit.source_text, hit.target, hit.entry.kind, True, "")
                    )
        if self.dnt is not None:
            for span in sorted(self.dnt.spans(text), key=lambda sp: (sp.start, -(sp.end - sp.start))):
                if free(span.start, span.end):
                    found.append(_Hit(span.start, span.end, span.text, span.text, "dnt", True, ""))
        if self.transliterate:
            from toolkit.terms.translit import transliterate_text

            _new, pairs = transliterate_text(text, skip=lambda a, b: not free(a, b), french=True)
            for french, english in pairs:
                for m in re.finditer(r"(?<![^\W_])" + re.escape(french) + r"(?![^\W_])", text):
                    if free(m.start(), m.end()):
                        found.append(_Hit(m.start(), m.end(), french, english, "translit", True, ""))
        if self.guess_names:
            from toolkit.terms.dnt import guess_names, italic_title

            lead, trail = len(text) - len(text.lstrip()), len(text.rstrip())
            if italic and italic_title(text) and free(lead, trail):
                found.append(_Hit(lead, trail, text[lead:trail], text[lead:trail], "dnt-guess", True, ""))
            for span in guess_names(text):
                if free(span.start, span.end):
                    found.append(_Hit(span.start, span.end, span.text, span.text, "dnt-guess", True, ""))
        return sorted(found, key=lambda h: h.start)

    def protect(self, seg: Segment, view: Content, in_footnote: bool) -> Content:
        """The view with this segment's glossary hits protected; records what the English must contain."""
        if self.glossary is None and not self.transliterate:
            return view
        expected: list[Expected] = []
        out: Content = []
        italic: list[str] = []  # ids of the italic codes open here
        for part in view:
            if not isinstance(part, str):
                if isinstance(part, Start) and part.kind == "em":
                    italic.append(part.id)
                elif isinstance(part, End) and part.id in italic:
                    italic.remove(part.id)
                out.append(part)
                continue
            pos = 0
            for hit in self._hits(part, italic=bool(italic)):
                # on the second try every hit is locked, adjectives too: placed first, grammar second
                locked = hit.name or self.mode == "split"
                before_word = re.search(
                    r"([^\W\d_]+)\s+(?:(?:le|la|les)\s+)?$", part[: hit.start - len(hit.elision)], re.I
                )
                preposition = before_word.group(1).lower() if before_word else ""
                read = as_read(hit.source)
                expected.append(
                    Expected(
                        hit.source,
                        hit.target,
                        hit.kind,
                        locked=locked,
                        preposition=preposition,
                        read_as=read if read != hit.source else "",
                    )
                )
                if not locked:
                    continue
                start = hit.start
                before = part[pos:start]
                if self.mode == "split" and hit.elision:
                    start = hit.start - len(hit.elision)
                    before = part[pos:start]
                    if hit.elision.lower().startswith("d"):
                        before += "de "
                out.append(before)
                if self.mode == "lock":
                    # the elided article stays: the engine turns it into the sentence's own `the`/`of`, and
                    # postedit drops `the` where English names take none
                    code = f"t{len(expected)}"
                    words = part[hit.start : hit.end]
                    if len(words.split()) > 1 or not re.search(r"[^\W\d_]", words):
                        words = PLACEHOLDER
                    out.extend([Start(TERM, code, href=hit.target), words, End(code)])
                elif self.mode == "split":
                    out.append(Ph(KEEP, text=hit.target))
                else:
                    out.append(hit.target)
                pos = hit.end
            out.append(part[pos:])
        if expected:
            self.expected[seg.id] = expected
        return normalize_content(out)

    def lost_terms(self, seg: Segment) -> list[str]:
        """Terms and names the engine's English lacks (even after forbidden variants are put right): the segment
        deserves a second try."""
        from toolkit.terms.match import check_target, fix_forbidden

        names = [e.target for e in self.expected.get(seg.id, [])]
        if not names or seg.target is None:
            return []
        text = plain_text(seg.target)  # the translation stage unlocked it
        if self.glossary is not None:
            text, _changes = fix_forbidden(text, self.glossary)
        return check_target(text, names)

    def placed_terms(self) -> dict[str, list[str]]:
        """The English of every term and name expected in each segment, by segment id (QA never flags them)."""
        return {sid: [e.target for e in items] for sid, items in self.expected.items()}

    def covered_terms(self) -> dict[str, list[str]]:
        """The French terms and names protected in each segment, by segment id (checked as terms, not names)."""
        return {sid: [e.source for e in items] for sid, items in self.expected.items()}

    def stats(self) -> dict[str, int]:
        hits = [
            e for items in self.expected.values() for e in items if e.kind != "translit" and e.kind not in DNT_KINDS
        ]
        names = [e for items in self.expected.values() for e in items if e.kind == "translit"]
        return {
            "hits": len(hits),
            "enforced": sum(1 for e in hits if e.status in ("placed", "repaired")),
            "missing": sum(1 for e in hits if e.status == "missing"),
            "transliterated": self.transliterated
            + sum(1 for e in names if e.status in ("placed", "repaired")),
            "locked": sum(1 for items in self.expected.values() for e in items if e.kind in DNT_KINDS),
        }
