"""Translation memory: exact matches reused before any engine runs, fuzzy matches offered as suggestions.

Exact matching compares normalised plain text (Unicode NFC, every kind of space as one space, zero-width
characters dropped; case kept). A match's inline codes are mapped onto the segment's own codes, so a
footnote reference always carries the current segment's number, never the one stored in the memory.

Fuzzy similarity is a token-level Levenshtein ratio, 1 - distance / max(len a, len b), over words and
punctuation marks, the distance computed by rapidfuzz. Candidates are found through an inverted index with
the prefix filter of similarity joins: a unit reaching the threshold must share one of the query's rarest
tokens, so no candidate is missed and only a handful are scored.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit import __version__
from toolkit.engines.base import Engine, Progress
from toolkit.formats.tmx import TmxUnit
from toolkit.model import Content, End, Inline, Ph, Start, Suggestion, normalize_content, plain_text
from toolkit.protect.codes import before_final_punctuation

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def normalise(text: str) -> str:
    """The form exact matching compares: NFC, one plain space for any run of spaces, trimmed, case kept."""
    text = _ZERO_WIDTH.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()  # \s covers no-break and thin spaces too


def tokens(text: str) -> list[str]:
    """Words and punctuation marks of normalised text, the units of fuzzy similarity."""
    return _TOKEN.findall(normalise(text))


def levenshtein(a: Sequence[str], b: Sequence[str], limit: int | None = None) -> int:
    """Edit distance between two sequences (rapidfuzz); limit + 1 once it must exceed `limit`."""
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b, score_cutoff=limit))


def similarity(a: str, b: str) -> float:
    """Token-level Levenshtein ratio of two texts, from 0 to 1."""
    ta, tb = tokens(a), tokens(b)
    longest = max(len(ta), len(tb))
    return 1.0 if longest == 0 else 1 - levenshtein(ta, tb) / longest


@dataclass
class _Entry:
    source: Content
    target: Content
    text: str  # normalised source plain text
    tokens: list[str]
    origin: str  # the memory file it came from


@dataclass
class ExactMatch:
    """An exact match with its target remapped onto the segment's codes.

    `complete` is False when a code of the segment had no counterpart in the memory and was put back by rule
    (a footnote reference before the final punctuation) or left out (emphasis, line break): QA should say so.
    """

    target: Content
    source: Content
    origin: str
    complete: bool


class TranslationMemory:
    """Units from TMX files, indexed for exact lookup and fuzzy search. Later units win over earlier ones."""

    def __init__(self, units: Iterable[TmxUnit] = (), origin: str = "memory") -> None:
        self.entries: list[_Entry] = []
        self.sources: list[str] = []  # "name#hash" of each file loaded, for the signature
        self._exact: dict[str, int] = {}
        self._seen: set[tuple[str, str]] = set()
        self._postings: dict[str, list[int]] = {}
        for unit in units:
            self.add(unit.source, unit.target, origin)

    @classmethod
    def from_files(cls, paths: Iterable[str | os.PathLike[str]], srclang: str = "fr",
                   tgtlang: str = "en") -> TranslationMemory:
        """Load one or more TMX files (a bad file raises InputError naming it)."""
        from toolkit.formats.tmx import parse_tmx
        from toolkit.support.fileio import read_input
        from toolkit.support.signature import short_hash

        memory = cls()
        for path in paths:
            name = Path(path).name
            data = read_input(path)  # read once: parsed, and hashed for the signature
            units = parse_tmx(data, str(path), srclang, tgtlang)
            memory.sources.append(f"{name}#{short_hash(data)}")
            for unit in units:
                memory.add(unit.source, unit.target, name)
        return memory

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, source: Content, target: Content, origin: str = "memory") -> None:
        """Add one pair; pairs with an empty side and exact duplicates are skipped."""
        text = normalise(plain_text(source))
        target_text = normalise(plain_text(target))
        if not text or not target_text or (text, target_text) in self._seen:
            return
        self._seen.add((text, target_text))
        index = len(self.entries)
        toks = _TOKEN.findall(text)
        self.entries.append(_Entry(list(source), list(target), text, toks, origin))
        self._exact[text] = index
        for tok in set(toks):
            self._postings.setdefault(tok, []).append(index)

    # -- exact

    def translate_text(self, text: str) -> str | None:
        """The memory's target for this plain text, as plain text, or None."""
        index = self._exact.get(normalise(text))
        return None if index is None else plain_text(self.entries[index].target)

    def lookup(self, source: Content) -> ExactMatch | None:
        """The exact match of a segment's source, its target carrying the segment's own codes."""
        index = self._exact.get(normalise(plain_text(source)))
        if index is None:
            return None
        entry = self.entries[index]
        target, complete = remap_codes(list(source), entry.source, entry.target)
        return ExactMatch(target=target, source=entry.source, origin=entry.origin, complete=complete)

    def exact(self, source: Content) -> Content | None:
        """The target of an exact match, remapped onto the segment's codes, or None."""
        match = self.lookup(source)
        return None if match is None else match.target

    # -- fuzzy

    def fuzzy(self, source_text: str, threshold: float = 0.75, limit: int = 3) -> list[Suggestion]:
        """The best units whose similarity to `source_text` reaches `threshold` (a fraction), best first."""
        query = _TOKEN.findall(normalise(source_text))
        la = len(query)
        if not la or limit < 1:
            return []
        threshold = max(threshold, 1e-9)
        min_overlap = math.ceil(threshold * la - 1e-9)
        # prefix filter: any unit sharing min_overlap tokens shares one of the la - min_overlap + 1 rarest
        by_rarity = sorted(query, key=lambda t: (len(self._postings.get(t, ())), t))
        prefix = set(by_rarity[: la - min_overlap + 1])
        candidates: set[int] = set()
        for tok in prefix:
            candidates.update(self._postings.get(tok, ()))
        query_counts = Counter(query)
        scored: list[tuple[float, int]] = []
        for index in candidates:
            cand = self.entries[index].tokens
            lb = len(cand)
            longest = max(la, lb)
            if min(la, lb) < threshold * longest - 1e-9:
                continue  # the length difference alone is too many edits
            overlap = sum((query_counts & Counter(cand)).values())
            if overlap < threshold * longest - 1e-9:
                continue
            allowed = math.floor((1 - threshold) * longest + 1e-9)
            distance = levenshtein(query, cand, allowed)
            if distance > allowed:
                continue
            scored.append((1 - distance / longest, index))
        scored.sort(key=lambda s: (-s[0], -s[1]))  # best first; among equals, the most recently added
        out: list[Suggestion] = []
        for score, index in scored[:limit]:
            entry = self.entries[index]
            out.append(Suggestion(source=plain_text(entry.source), target=plain_text(entry.target),
                                  similarity=round(score, 4), origin="memory"))
        return out

    def describe(self) -> str:
        """What the memory holds, for signatures: `file#hash+file#hash` or `N units`."""
        return "+".join(self.sources) if self.sources else f"{len(self)} units"


# ---------------------------------------------------------------------------------------------------- codes


def _code_key(part: Inline) -> str | None:
    """Codes correspond by kind and order: the k-th footnote reference with the k-th, and so on."""
    if isinstance(part, Ph):
        return f"ph:{part.kind}"
    if isinstance(part, Start):
        return f"pair:{part.kind}"
    return None


def _ordinal_keys(content: Content) -> dict[int, tuple[str, int]]:
    """Position in content -> (kind key, occurrence number) for every Ph and Start."""
    seen: Counter[str] = Counter()
    out: dict[int, tuple[str, int]] = {}
    for i, part in enumerate(content):
        key = _code_key(part)
        if key is not None:
            out[i] = (key, seen[key])
            seen[key] += 1
    return out


def remap_codes(segment: Content, mem_source: Content, mem_target: Content) -> tuple[Content, bool]:
    """The memory target with each code replaced by the segment's corresponding code.

    Returns (content, complete): complete is False when a segment code had no counterpart in the memory.
    """
    seg_ords = _ordinal_keys(segment)
    seg_by_ord = {o: segment[i] for i, o in seg_ords.items()}
    # memory target codes find their memory source code: pairs by id, references by number, others by order
    pair_ordinal: dict[str, tuple[str, int]] = {}
    fn_ordinal: dict[str, tuple[str, int]] = {}
    for i, o in _ordinal_keys(mem_source).items():
        code = mem_source[i]
        if isinstance(code, Start):
            pair_ordinal.setdefault(code.id, o)
        elif isinstance(code, Ph) and code.kind == "fn":
            fn_ordinal.setdefault(code.ref, o)
    tgt_seen: Counter[str] = Counter()
    used: set[tuple[str, int]] = set()
    out: list[Inline] = []
    end_ids: dict[str, str] = {}  # memory target Start id -> segment Start id
    for part in mem_target:
        if isinstance(part, str):
            out.append(part)
            continue
        if isinstance(part, End):
            if part.id in end_ids:
                out.append(End(end_ids.pop(part.id)))
            continue
        key = _code_key(part)
        assert key is not None
        ordinal: tuple[str, int] | None
        if isinstance(part, Start):
            ordinal = pair_ordinal.get(part.id)
        elif isinstance(part, Ph) and part.kind == "fn" and part.ref in fn_ordinal:
            ordinal = fn_ordinal[part.ref]
        else:
            ordinal = (key, tgt_seen[key])
        tgt_seen[key] += 1
        if ordinal is None or ordinal in used or ordinal not in seg_by_ord:
            continue  # a code the memory has and the segment has not: it does not belong here
        mapped = seg_by_ord[ordinal]
        used.add(ordinal)
        out.append(mapped)
        if isinstance(mapped, Start) and isinstance(part, Start):
            end_ids[part.id] = mapped.id
    # pairs the target opened but never closed: close them where the memory stopped
    for seg_id in end_ids.values():
        out.append(End(seg_id))
    missing = [segment[i] for i, o in seg_ords.items() if o not in used]
    complete = not missing
    refs = [m for m in missing if isinstance(m, Ph) and m.kind == "fn"]
    if refs:
        return before_final_punctuation(normalize_content(out), list(refs)), complete
    return normalize_content(out), complete


# ---------------------------------------------------------------------------------------------------- engine


class MemoryEngine(Engine):
    """`--engine memory`: exact matches only, no machine translation.

    `translate` returns "" for a string the memory does not hold (the pipeline reports it untranslated);
    `translate_one` returns None instead, for callers that want to tell a miss from an empty target.
    """

    name = "memory"
    keeps_markup = False

    def __init__(self, memory: TranslationMemory) -> None:
        self.memory = memory

    @classmethod
    def from_files(cls, paths: Iterable[str | os.PathLike[str]]) -> MemoryEngine:
        return cls(TranslationMemory.from_files(paths))

    def translate_one(self, text: str) -> str | None:
        return self.memory.translate_text(text)

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        out = [self.translate_one(text) or "" for text in texts]
        if progress and texts:
            progress(len(texts))
        return out

    def signature(self) -> dict[str, str]:
        return {"engine": self.name, "version": __version__, "model": self.memory.describe()}
