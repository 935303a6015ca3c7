"""SRX 2.0 sentence segmentation: ordered rules applied to text within a time budget, and the shipped rules."""

from __future__ import annotations

import functools
import importlib
import os
import re
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from toolkit.errors import InputError
from toolkit.segment.javaregex import SrxRegexError, java_to_regex
from toolkit.segment.srxfile import MAX_SRX_BYTES, SrxRule, parse_srx

# How far back a beforebreak pattern may look. Unbounded patterns (`[.?!]+`, `.*`) are tried on this
# many characters before the position; Java SRX engines cap lookbehind the same way.
MAX_LOOKBEHIND = 256
# the shipped rules for each language the toolkit segments; any other language gets the French file's common rules
SHIPPED_RULES = {"fr": "rules/fr.srx", "en": "rules/en.srx"}
# Time allowed to split one block: a rule file from elsewhere may hold a regex that backtracks
# exponentially (`(a+)+b`). Generous: the shipped rules split 4 MB in under 3 s.
SPLIT_SECONDS = 5.0
SPLIT_SECONDS_PER_CHAR = 1e-5

# a `regex` property (`\p{Lu}`, `\P{Script=Latin}`) in a translated pattern, after an even run of backslashes
_PROPERTY = regex.compile(r"(?<!\\)((?:\\\\)*)\\[pP]\{[^}]*\}")


def _max_width(pattern: str) -> int:
    """The longest text `pattern` (translated) can match, capped at MAX_LOOKBEHIND."""
    # Every `\p{…}` matches one character, as `x` does: what is left is plain `re` syntax, whose own
    # parser (the one re.compile uses; sre_parse, its public alias, is deprecated) knows the widths.
    parser: Any = importlib.import_module("re._parser")
    low, high = parser.parse(_PROPERTY.sub(r"\1x", pattern)).getwidth()
    return max(int(low), min(int(high), MAX_LOOKBEHIND))


class _Budget:
    """The time one block may take, shared by every regex call that splits it (regex's `timeout=`)."""

    __slots__ = ("end", "seconds", "where")

    def __init__(self, seconds: float, where: str) -> None:
        self.seconds, self.where = seconds, where
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise self.expired()
        return left

    def expired(self) -> InputError:
        return InputError(
            f"the segmentation rules took longer than {self.seconds:.0f} s on one paragraph "
            "(a regular expression that backtracks without end?)",
            self.where,
        )


class _CompiledRule:
    """A rule ready to test at a position: `after` anchored there, `before` ending there."""

    __slots__ = ("after", "before_end", "breaks", "rule", "scan", "window")

    def __init__(self, rule: SrxRule, label: str, where: str) -> None:
        self.rule = rule
        self.breaks = rule.breaks
        try:
            before = java_to_regex(rule.before)
            after = java_to_regex(rule.after)
            self.after = regex.compile(after, regex.V0)
            self.before_end = regex.compile(f"(?:{before})\\Z", regex.V0)
            self.window = _max_width(before)
            # A break rule finds its own candidate positions in one pass: at each start, the end of
            # `before` where `after` follows. The trailing empty group keeps the rule's group numbers.
            self.scan = (
                regex.compile(f"(?=(?:{before})(?=(?:{after}))(?P<srx_break_at>))", regex.V0)
                if rule.breaks
                else None
            )
        except (SrxRegexError, regex.error, re.error, OverflowError, RecursionError) as exc:
            raise InputError(f"bad regular expression in {label}: {exc}", where) from None

    def matches(self, text: str, at: int, budget: _Budget) -> bool:
        if self.after.match(text, at, timeout=budget.left()) is None:
            return False
        return self.before_end.search(text, max(0, at - self.window), at, timeout=budget.left()) is not None


class SrxSegmenter:
    """Splits text into sentences with ordered SRX rules: the first rule matching a position decides."""

    def __init__(self, rules: Sequence[SrxRule], where: str = "SRX") -> None:
        self.rules: tuple[SrxRule, ...] = tuple(rules)
        self.where = where
        # the rule file's content hash, for signatures (set when read from a file's bytes)
        self.digest: str | None = None
        self._compiled = [
            _CompiledRule(rule, f"rule {n} ({'break' if rule.breaks else 'no break'})", where)
            for n, rule in enumerate(self.rules, 1)
        ]
        self._scans = [(k, rule.scan) for k, rule in enumerate(self._compiled) if rule.scan is not None]

    @classmethod
    def from_bytes(cls, data: bytes, where: str, lang: str = "fr") -> SrxSegmenter:
        document = parse_srx(data, where)
        names = document.rule_names_for(lang)
        if not names:
            raise InputError(f"no SRX languagemap matches language {lang!r}", where)
        rules: list[SrxRule] = []
        for name in names:
            rules.extend(document.languagerules[name])
        from toolkit.support.signature import short_hash

        segmenter = cls(rules, where)
        segmenter.digest = short_hash(data)
        return segmenter

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], lang: str = "fr") -> SrxSegmenter:
        from toolkit.support.fileio import read_input

        where = str(path)
        data = read_input(path, "SRX file", limit=MAX_SRX_BYTES)
        return cls.from_bytes(data, where, lang)

    def break_offsets(self, text: str) -> list[int]:
        """Offsets (0 < offset < len(text)) where a new sentence starts, after any whitespace.

        InputError when the rules take longer than the paragraph's budget (SPLIT_SECONDS plus
        SPLIT_SECONDS_PER_CHAR per character): every regex call runs with what is left of it as its
        `timeout`, in any thread or process.
        """
        budget = _Budget(SPLIT_SECONDS + SPLIT_SECONDS_PER_CHAR * len(text), self.where)
        try:
            return self._break_offsets(text, budget)
        except TimeoutError:
            raise budget.expired() from None

    def _break_offsets(self, text: str, budget: _Budget) -> list[int]:
        size = len(text)
        if size == 0:
            return []
        # Candidate positions: where some break rule matches; remember the first such rule.
        first_break_rule: dict[int, int] = {}
        for k, scan in self._scans:
            for match in scan.finditer(text, timeout=budget.left()):
                at = match.start("srx_break_at")
                if 0 < at < size and first_break_rule.get(at, k) >= k:
                    first_break_rule[at] = k
        if not first_break_rule:
            return []
        content_start = size - len(text.lstrip())
        offsets: list[int] = []
        for at in sorted(first_break_rule):
            k = first_break_rule[at]
            # An earlier rule that matches here decides; otherwise the break rule found by the scan does.
            decider = self._first_match(text, at, k, budget)
            if decider is not None and not decider.breaks:
                continue
            # Whitespace after the break belongs to the sentence before it.
            while at < size and text[at].isspace():
                at += 1
            if content_start < at < size and (not offsets or offsets[-1] != at):
                offsets.append(at)
        return offsets

    def _first_match(self, text: str, at: int, limit: int, budget: _Budget) -> _CompiledRule | None:
        """The first of rules[:limit] that matches at `at`."""
        for rule in self._compiled[:limit]:
            if rule.matches(text, at, budget):
                return rule
        return None

    def split(self, text: str) -> list[str]:
        """Sentences of `text`, each with the whitespace after it; "".join(result) == text."""
        if not text:
            return []
        pieces: list[str] = []
        start = 0
        for at in self.break_offsets(text):
            pieces.append(text[start:at])
            start = at
        pieces.append(text[start:])
        return pieces


@functools.cache
def _shipped_segmenter(lang: str) -> SrxSegmenter:
    rules = SHIPPED_RULES.get(lang.split("-")[0].split("_")[0].lower(), SHIPPED_RULES["fr"])
    data = resources.files(__package__ or "toolkit.segment").joinpath(rules).read_bytes()
    return SrxSegmenter.from_bytes(data, f"toolkit/segment/{rules}", lang)


def load_segmenter(srx: str | os.PathLike[str] | None = None, lang: str = "fr") -> SrxSegmenter:
    """The segmenter for `lang` from an SRX file, or from the shipped rules of that language (rules/en.srx for
    English, rules/fr.srx otherwise) when `srx` is None."""
    if srx is None:
        return _shipped_segmenter(lang)
    return SrxSegmenter.from_file(Path(srx), lang)
