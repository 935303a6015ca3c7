"""What a rerun carries over from the previous XLIFF: reviewed targets and reviewers' notes, matched by French.

Segment ids are positions (`b3.s1`), so they cannot say which sentence is which once a paragraph is inserted,
deleted or moved. Matching goes by the French instead, the way CAT tools make "in-context" matches:

1. exact French with the same neighbours (previous and next sentence) first, then exact French anywhere,
   nearest position first — the reviewed English and the notes are carried over as they are, their footnote
   references and links renumbered to the new French;
2. a sentence whose French was edited (similarity ≥ FUZZY_THRESHOLD with an unmatched new sentence) gets the
   old reviewed English as a suggestion (never applied) and its reviewers' comments;
3. what matches nothing (its French is gone from the brief) is *retired*: listed in the QA report with its
   English and notes, and the previous XLIFF is kept as a backup.

Every reviewed segment and every reviewer's comment of the previous store ends in exactly one of those three.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from toolkit.model import QA_NOTE, Content, Document, End, Note, Ph, Segment, Start

FUZZY_THRESHOLD = 0.5  # SequenceMatcher ratio of the two French sentences
CARRIED_STATES = ("reviewed", "final")


@dataclass
class Retired:
    """A segment of the previous store whose French is no longer in the brief, with what it carried."""

    id: str
    source: str
    target: str
    state: str
    notes: list[Note] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "source": self.source, "target": self.target, "state": self.state}
        if self.notes:
            out["notes"] = [{"text": n.text, "author": n.author, "category": n.category} for n in self.notes]
        return out


@dataclass
class Carried:
    """What a rerun did with the previous store's work."""

    reviewed_before: int = 0  # reviewed/final segments in the previous store
    comments_before: int = 0  # reviewers' notes (not QA) in the previous store
    kept: int = 0  # reviewed targets carried over as they were
    suggested: int = 0  # reviewed targets now offered as suggestions (the French changed)
    comments_kept: int = 0
    retired: list[Retired] = field(default_factory=list)
    suggestions: dict[str, list[Any]] = field(default_factory=dict)  # new segment id -> [Suggestion]
    issues: list[Any] = field(default_factory=list)  # QA issues about suggestions

    @property
    def retired_reviewed(self) -> int:
        return sum(1 for r in self.retired if r.state in CARRIED_STATES and r.target)

    @property
    def lost(self) -> int:
        """Reviewed segments that went nowhere: 0 unless this module has a bug (the summary shows it)."""
        return self.reviewed_before - self.kept - self.suggested - self.retired_reviewed

    @property
    def anything(self) -> bool:
        return bool(self.reviewed_before or self.comments_before)

    @property
    def everything_kept(self) -> bool:
        return self.kept == self.reviewed_before and self.comments_kept == self.comments_before

    def summary(self) -> str:
        return (f"reviewed work: {self.kept} reviewed kept, {self.suggested} now suggestions, "
                f"{self.retired_reviewed} retired with their French (listed in the QA report), {self.lost} lost; "
                f"{self.comments_kept} of {self.comments_before} comments carried")

    def report(self) -> dict[str, Any]:
        return {"reviewed_before": self.reviewed_before, "kept": self.kept, "suggested": self.suggested,
                "retired": [r.as_dict() for r in self.retired], "lost": self.lost,
                "comments_before": self.comments_before, "comments_kept": self.comments_kept}


def _norm(text: str) -> str:
    return " ".join(text.split())


def _has_review(seg: Segment) -> bool:
    return seg.state in CARRIED_STATES and seg.target is not None


def _comments(seg: Segment) -> list[Note]:
    return [n for n in seg.notes if n.category != QA_NOTE]


def _code_map(old: Content, new: Content) -> dict[tuple[str, str], Any] | None:
    """How the codes of `old` become those of `new` (footnote refs and paired codes, in order), or None when
    the two sources do not hold the same kinds of codes in the same order."""
    def codes(content: Content) -> list[Ph | Start]:
        return [p for p in content if isinstance(p, Start) or (isinstance(p, Ph) and p.kind == "fn")]

    before, after = codes(old), codes(new)
    if len(before) != len(after):
        return None
    mapping: dict[tuple[str, str], Any] = {}
    for a, b in zip(before, after, strict=True):
        if type(a) is not type(b):
            return None
        if isinstance(a, Ph) and isinstance(b, Ph):
            mapping[("fn", a.ref)] = b
        elif isinstance(a, Start) and isinstance(b, Start):
            if a.kind != b.kind:
                return None
            mapping[("start", a.id)] = b
    return mapping


def renumber_target(target: Content, old_source: Content, new_source: Content) -> Content | None:
    """`target` (written for `old_source`) with its codes renamed to those of `new_source`; None if a code of
    the target has no counterpart in the new French."""
    mapping = _code_map(old_source, new_source)
    if mapping is None:
        return None
    out: Content = []
    for part in target:
        if isinstance(part, Ph) and part.kind == "fn":
            found = mapping.get(("fn", part.ref))
            if found is None:
                return None
            out.append(found)
        elif isinstance(part, Start):
            found = mapping.get(("start", part.id))
            if found is None:
                return None
            out.append(found)
        elif isinstance(part, End):
            found = mapping.get(("start", part.id))
            if found is None:
                return None
            out.append(End(found.id))
        else:
            out.append(part)
    return out


def _context(texts: list[str], i: int) -> tuple[str, str]:
    return (texts[i - 1] if i > 0 else "\0start", texts[i + 1] if i + 1 < len(texts) else "\0end")


def match_segments(old: list[Segment], new: list[Segment]) -> dict[int, int]:
    """new index -> old index for sentences with the same French: same neighbours first, then the nearest."""
    old_texts = [_norm(s.text) for s in old]
    new_texts = [_norm(s.text) for s in new]
    by_text: dict[str, list[int]] = {}
    for j, text in enumerate(old_texts):
        by_text.setdefault(text, []).append(j)
    pairs: list[tuple[int, float, int, int]] = []
    for i, text in enumerate(new_texts):
        if not text:
            continue
        before, after = _context(new_texts, i)
        for j in by_text.get(text, []):
            old_before, old_after = _context(old_texts, j)
            in_context = (before == old_before) + (after == old_after)
            distance = abs(i / max(1, len(new)) - j / max(1, len(old)))
            pairs.append((in_context, -distance, i, j))
    pairs.sort(key=lambda p: (-p[0], -p[1], p[2], p[3]))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _ctx, _dist, i, j in pairs:
        if i in matched or j in used:
            continue
        matched[i] = j
        used.add(j)
    return matched


def reviewed_work(doc: Document) -> tuple[int, int]:
    """(reviewed or final segments, reviewers' notes) a store holds: what a forced rerun would discard."""
    segments = list(doc.segments())
    return sum(1 for s in segments if _has_review(s)), sum(len(_comments(s)) for s in segments)


def carry_over(doc: Document, previous: Document) -> Carried:
    """Carry the previous store's reviewed targets and notes into `doc` (see the module docstring)."""
    old = list(previous.segments())
    new = list(doc.segments())
    reviewed, comments = reviewed_work(previous)
    result = Carried(reviewed_before=reviewed, comments_before=comments)
    matched = match_segments(old, new)
    used = set(matched.values())
    for i, j in matched.items():
        seg, before = new[i], old[j]
        notes = _comments(before)
        if _has_review(before):
            assert before.target is not None
            target = renumber_target(before.target, before.source, seg.source)
            if target is None:  # same words, other footnotes or links: the reviewer must place them
                _suggest(result, seg, before, 1.0)
            else:
                seg.target, seg.state, seg.origin = target, before.state, before.origin
                result.kept += 1
        seg.notes = notes + [n for n in seg.notes if n.category == QA_NOTE]
        result.comments_kept += len(notes)

    free = [i for i in range(len(new)) if i not in matched]
    for j, before in enumerate(old):
        if j in used or not (_has_review(before) or _comments(before)):
            continue
        best, score = _closest(before, j, old, new, free, matched)
        if best is None:
            result.retired.append(Retired(before.id, before.text, before.target_text,
                                          before.state, _comments(before)))
            continue
        seg = new[best]
        notes = _comments(before)
        seg.notes.extend(notes)
        result.comments_kept += len(notes)
        if _has_review(before):
            _suggest(result, seg, before, score)
    return result


def _suggest(result: Carried, seg: Segment, before: Segment, score: float) -> None:
    from toolkit.model import Issue, Suggestion

    result.suggested += 1
    result.suggestions.setdefault(seg.id, []).append(
        Suggestion(source=before.text, target=before.target_text, similarity=score, origin="review"))
    what = "French" if score < 1.0 else "footnotes or links"
    result.issues.append(Issue(seg.id, "review-suggestion",
                               f"the {what} changed since it was {before.state} (was {before.id}): "
                               f"the earlier English is offered as a {score:.0%} suggestion"))


def _closest(before: Segment, j: int, old: list[Segment], new: list[Segment], free: list[int],
             matched: dict[int, int]) -> tuple[int | None, float]:
    """The unmatched new sentence most like `before`, nearest the place it had (None below the threshold)."""
    text = _norm(before.text)
    # where `before` sat: between the new sentences matched to its nearest matched neighbours; a sentence in
    # that gap is the in-context candidate, one elsewhere must be more alike to win
    by_old = {k: i for i, k in matched.items()}
    lo = max((by_old[k] for k in by_old if k < j), default=-1)
    hi = min((by_old[k] for k in by_old if k > j), default=len(new))
    best: int | None = None
    best_key: tuple[bool, float, int] = (False, 0.0, 0)
    for i in free:
        candidate = _norm(new[i].text)
        matcher = difflib.SequenceMatcher(None, text, candidate, autojunk=False)
        if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
            continue
        ratio = matcher.ratio()
        if ratio < FUZZY_THRESHOLD:
            continue
        key = (lo < i < hi, ratio, -abs(i - (lo + 1)))
        if best is None or key > best_key:
            best, best_key = i, key
    return best, best_key[1]
