"""The translation stage: memory first, then one batched engine call for every segment left, codes restored.

What an engine sees of a segment is its *view*: the source with quoted titles of cited works in footnotes
(« … ») locked as verbatim codes, so that no engine and no glossary rule ever alters them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from toolkit.engines.base import UNKNOWN_WORD, Engine, Progress
from toolkit.model import (
    Content,
    Document,
    Inline,
    Issue,
    Ph,
    Segment,
    normalize_content,
    plain_text,
)
from toolkit.protect.codes import from_markup, restore_codes, to_markup, to_plain
from toolkit.protect.locks import KEEP, lock_quoted, needs_translation, unlock

if TYPE_CHECKING:
    from toolkit.engines.memory import TranslationMemory

@dataclass
class Job:
    """A segment on its way through the engine."""

    segment: Segment
    view: Content
    chunks: list[Content] = field(default_factory=list)  # plain engines: the view cut at locked spans


@dataclass
class Outcome:
    """What the stage did: QA issues so far, memory suggestions by segment id, counts."""

    issues: list[Issue] = field(default_factory=list)
    suggestions: dict[str, list[Any]] = field(default_factory=dict)
    unknown: dict[str, list[str]] = field(default_factory=dict)  # the engine's unknown words by segment id
    from_memory: int = 0
    from_engine: int = 0
    kept: int = 0


def _chunks(view: Content) -> list[Content]:
    """The view cut around locked spans; locked spans are chunks of their own, never sent to the engine."""
    chunks: list[Content] = [[]]
    for part in view:
        if isinstance(part, Ph) and part.kind in (KEEP, "code"):
            chunks.append([part])
            chunks.append([])
        else:
            chunks[-1].append(part)
    return [c for c in chunks if c]


def _is_locked(chunk: Content) -> bool:
    """A chunk the engine never sees: a locked span, or nothing but punctuation and codes."""
    if len(chunk) == 1 and isinstance(chunk[0], Ph) and chunk[0].kind in (KEEP, "code"):
        return True
    return not re.search(r"[^\W\d_]", plain_text(chunk))


def _spaced(source: Content, target: Content) -> Content:
    """Give a translated chunk the leading and trailing spaces its source chunk had."""
    text = plain_text(source)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    out: list[Inline] = list(target)
    if out and isinstance(out[0], str):
        out[0] = lead + out[0].lstrip()
    elif lead:
        out.insert(0, lead)
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip() + trail
    elif trail:
        out.append(trail)
    return normalize_content(out)


def _visible(part: Inline) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Ph) and part.kind in (KEEP, "code"):
        return part.text
    return ""


def _space_locked(content: Content) -> Content:
    """A word glued to a locked span by a separately translated chunk gets its space back (`Putin said`)."""
    out: Content = []
    for part in content:
        if out and (not isinstance(part, str) or not isinstance(out[-1], str)):
            before = next((_visible(p) for p in reversed(out) if _visible(p)), "")
            after = _visible(part)
            if before and after and before[-1].isalnum() and after[0].isalnum():
                out.append(" ")
        out.append(part)
    return normalize_content(out)


def translate_document(
    doc: Document,
    engine: Engine,
    memory: TranslationMemory | None = None,
    progress: Progress | None = None,
    view_hook: Callable[[Segment, Content, bool], Content] | None = None,
    keep_states: tuple[str, ...] = ("reviewed", "final"),
    only: set[str] | None = None,
) -> Outcome:
    """Translate every segment of `doc` in place (or those whose id is in `only`). Segments in `keep_states`
    with a target are left alone."""
    outcome = Outcome()
    jobs: list[Job] = []
    for block, footnote in doc.placed_blocks():
        in_footnote = footnote is not None
        for seg in block.segments:
            if only is not None and seg.id not in only:
                continue
            if seg.target is not None and seg.state in keep_states:
                outcome.kept += 1
                continue
            if memory is not None:
                exact = memory.exact(seg.source)
                if exact is not None:
                    seg.target, seg.state, seg.origin = exact, "final", "memory"
                    outcome.from_memory += 1
                    continue
                fuzzy = memory.fuzzy(seg.text)
                if fuzzy:
                    outcome.suggestions[seg.id] = fuzzy
            view = lock_quoted(seg.source) if in_footnote else list(seg.source)
            if view_hook is not None:
                view = view_hook(seg, view, in_footnote)
            if not needs_translation(view):
                seg.target, seg.state, seg.origin = unlock(view), "translated", "copy"
                continue
            jobs.append(Job(seg, view))

    texts: list[str] = []
    if engine.keeps_markup:
        texts = [to_markup(job.view) for job in jobs]
    else:
        for job in jobs:
            job.chunks = _chunks(job.view)
            texts.extend(to_plain(c) for c in job.chunks if not _is_locked(c))
    results = engine.translate(texts, progress=progress) if texts else []

    cursor = 0
    for index, job in enumerate(jobs):
        repairs: list[str]
        if engine.keeps_markup:
            restored = from_markup(results[index], job.view)
            target, repairs = restored.content, restored.repairs
        else:
            parts: Content = []
            repairs = []
            for chunk in job.chunks:
                if _is_locked(chunk):
                    parts.extend(chunk)
                    continue
                restored = restore_codes(results[cursor].strip(), chunk)
                cursor += 1
                parts.extend(_spaced(chunk, restored.content))
                repairs.extend(restored.repairs)
            target = _space_locked(normalize_content(parts))
        job.segment.target = unlock(target)
        job.segment.state = "translated"
        job.segment.origin = engine.name
        outcome.from_engine += 1
        outcome.issues.extend(Issue(job.segment.id, "code-restored", r) for r in repairs)

    for warning in getattr(engine, "warnings", []) or []:
        # engine warnings point at input strings; for plain engines those are chunks, so map back by text
        detail = getattr(warning, "detail", str(warning))
        kind = getattr(warning, "kind", "engine")
        owner = _owner_of_text(jobs, texts, getattr(warning, "index", -1), engine.keeps_markup)
        if owner and kind == UNKNOWN_WORD:
            # not an issue yet: QA reports those still in the English once terms and names are in place
            outcome.unknown.setdefault(owner, []).extend(detail.split())
        elif owner:
            outcome.issues.append(Issue(owner, kind, detail))
    return outcome


def _owner_of_text(jobs: list[Job], texts: list[str], index: int, markup: bool) -> str:
    if index < 0 or index >= len(texts):
        return ""
    if markup:
        return jobs[index].segment.id
    cursor = 0
    for job in jobs:
        count = sum(1 for c in job.chunks if not _is_locked(c))
        if index < cursor + count:
            return job.segment.id
        cursor += count
    return ""
