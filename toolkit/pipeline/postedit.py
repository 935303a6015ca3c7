"""After the engine: glossary terms verified and repaired, names transliterated, numbers and typography English.

Runs on machine output only: a reviewer's or a memory's target is never rewritten.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from toolkit.model import Content, Document, Issue, Segment, normalize_content, plain_text
from toolkit.terms.match import term_pattern
from toolkit.terms.numbers import localise_numbers
from toolkit.terms.policy import BARE_KINDS, PLACE_KINDS, Expected, TermPolicy

TextFix = Callable[[str], str]


def map_text(content: Content, fix: TextFix) -> Content:
    """Apply a text rewrite to every run of text, leaving codes in place."""
    return normalize_content([fix(p) if isinstance(p, str) else p for p in content])


CODE_MARK = "\ue000"  # a private-use character standing for a code while a rewrite sees the whole sentence


def map_joined(content: Content, fix: TextFix) -> Content:
    """Apply a rewrite to the sentence as one text (quotes pair across codes); codes keep their places."""
    codes = [p for p in content if not isinstance(p, str)]
    joined = "".join(p if isinstance(p, str) else CODE_MARK for p in content)
    if CODE_MARK in plain_text(content, br="", code="drop"):
        return map_text(content, fix)
    fixed = fix(joined)
    pieces = fixed.split(CODE_MARK)
    if len(pieces) != len(codes) + 1:
        return map_text(content, fix)  # the rewrite lost a mark: fall back to run by run
    out: Content = [pieces[0]]
    for code, piece in zip(codes, pieces[1:], strict=True):
        out.extend([code, piece])
    return normalize_content(out)


def _drop_article(content: Content, expected: list[Expected]) -> Content:
    """`of the Belarus` → `of Belarus`: French `du`/`le` before a country or a person's name is not English."""
    for item in expected:
        if item.kind in BARE_KINDS and item.locked:
            pattern = re.compile(r"\b([Tt])he\s+(?=" + term_pattern(item.target) + ")")
            content = map_text(content, functools.partial(pattern.sub, ""))
    return content


# French prepositions of location: before a place, the engine's `at` is English `in` (`en Transnistrie`, `dans le
# Caucase du Sud`; Apertium says "at" before any name it does not know)
IN_PREPOSITIONS = frozenset({"à", "au", "aux", "en", "dans"})


def _place_prepositions(content: Content, expected: list[Expected]) -> Content:
    """`at Transnistria` → `in Transnistria` where the French said `en`/`à`/`dans` before a place."""
    for item in expected:
        if item.kind in PLACE_KINDS and item.locked and item.preposition in IN_PREPOSITIONS:
            pattern = re.compile(r"\b([Aa])t(\s+(?:the\s+)?)(?=" + term_pattern(item.target) + ")")
            fix = functools.partial(
                pattern.sub, lambda m: ("I" if m.group(1) == "A" else "i") + "n" + m.group(2)
            )
            content = map_text(content, fix)
    return content


def _repair_terms(seg: Segment, policy: TermPolicy, issues: list[Issue]) -> None:
    from toolkit.terms.match import check_target

    expected = policy.expected.get(seg.id, [])
    if not expected or seg.target is None:
        return
    seg.target = _drop_article(seg.target, expected)
    seg.target = _place_prepositions(seg.target, expected)
    missing = check_target(plain_text(seg.target), [e.target for e in expected])
    pending = list(missing)
    for item in expected:
        if item.read_as:
            written = item.source.encode("unicode_escape").decode("ascii")
            issues.append(
                Issue(
                    seg.id,
                    "look-alike",
                    f"“{item.read_as}” is written “{written}” in the French: matched as read",
                )
            )
        if item.target not in pending:
            item.status = "placed"
            if item.kind == "dnt-guess":
                issues.append(
                    Issue(
                        seg.id,
                        "name-locked",
                        f"“{item.source}” kept as written, guessed to be a name: add it to the glossary or the "
                        "do-not-translate list",
                    )
                )
            if item.kind == "translit":
                issues.append(
                    Issue(
                        seg.id,
                        "transliterated",
                        f"“{item.source}” → “{item.target}” by rules, not the glossary: check the spelling",
                    )
                )
            continue
        pending.remove(item.target)
        # the engine left the French form (or a case variant of it): put the English term there
        pattern = re.compile(term_pattern(item.source), re.IGNORECASE)
        text = plain_text(seg.target)
        if pattern.search(text):
            replaced = False

            def swap(t: str, pat: re.Pattern[str] = pattern, item: Expected = item) -> str:
                nonlocal replaced
                if replaced:
                    return t
                new, n = pat.subn(item.target, t, count=1)
                replaced = replaced or n > 0
                return new

            seg.target = map_text(seg.target, swap)
            item.status = "repaired"
            continue
        item.status = "missing"
        kind = "name-missing" if item.kind == "translit" else "term-missing"
        issues.append(Issue(seg.id, kind, f"“{item.source}” should be “{item.target}” in the English"))


def _fix_forbidden(seg: Segment, policy: TermPolicy, skip_quotes: bool, issues: list[Issue]) -> None:
    glossary = policy.glossary
    if glossary is None or seg.target is None:
        return
    from toolkit.terms.match import fix_forbidden, inside, quoted_spans

    def fix(text: str) -> str:
        skip = inside(quoted_spans(text)) if skip_quotes else None
        new, changes = fix_forbidden(text, glossary, skip=skip)
        for wrong, right in changes:
            issues.append(Issue(seg.id, "forbidden-variant", f"“{wrong}” replaced by “{right}”"))
        return new

    seg.target = map_text(seg.target, fix)


def _transliterate(seg: Segment, policy: TermPolicy, skip_quotes: bool, issues: list[Issue]) -> None:
    if seg.target is None:
        return
    from toolkit.terms.match import inside, quoted_spans
    from toolkit.terms.translit import transliterate_text

    placed = [e.target for e in policy.expected.get(seg.id, [])]

    def fix(text: str) -> str:
        spans = quoted_spans(text) if skip_quotes else []
        for term in placed:
            spans += [m.span() for m in re.finditer(term_pattern(term), text)]
        new, changes = transliterate_text(text, skip=inside(spans) if spans else None)
        for french, english in changes:
            policy.transliterated += 1
            issues.append(
                Issue(
                    seg.id,
                    "transliterated",
                    f"“{french}” → “{english}” by rules, not the glossary: check the spelling",
                )
            )
        return new

    seg.target = map_text(seg.target, fix)


def _typography(seg: Segment) -> None:
    from toolkit.terms.typography import english_typography

    if seg.target is not None:
        seg.target = map_joined(seg.target, english_typography)


def _house_style(seg: Segment, style: str) -> None:
    from toolkit.terms.house_style import (
        english_dates,
        english_times,
        notes_after_punctuation,
        sentence_capital,
    )

    if seg.target is None:
        return
    seg.target = map_joined(seg.target, lambda text: english_dates(english_times(text, style), style))
    seg.target = notes_after_punctuation(sentence_capital(seg.target, seg.text))


def finish_document(doc: Document, policy: TermPolicy, style: str = "en-GB") -> list[Issue]:
    """Post-edit every machine-translated segment in place; return the QA issues it raised.

    Exact memory matches get the typography and house style (`style`: en-GB or en-US) too, nothing else."""
    issues: list[Issue] = []
    for seg, in_footnote in ((s, fn is not None) for block, fn in doc.placed_blocks() for s in block.segments):
        if seg.target is not None and seg.origin == "memory" and seg.state != "reviewed":
            _typography(seg)
            _house_style(seg, style)
            continue
        if seg.target is None or seg.state in ("reviewed", "final") or seg.origin in ("memory", "review"):
            continue
        source_text = seg.text
        seg.target = map_joined(seg.target, functools.partial(localise_numbers, source_text))
        _fix_forbidden(seg, policy, in_footnote, issues)
        _repair_terms(seg, policy, issues)
        _transliterate(seg, policy, in_footnote, issues)
        _typography(seg)
        _house_style(seg, style)
    return issues
