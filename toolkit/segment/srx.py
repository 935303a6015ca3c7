"""SRX 2.0 sentence segmentation: parse SRX rule files, translate their Java regexes, split text."""

from __future__ import annotations

import functools
import importlib
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from toolkit.errors import InputError
from toolkit.support.xmlsafe import parse_xml

SRX_NS = "http://www.lisa.org/srx20"
MAX_SRX_BYTES = 16 * 1024 * 1024
# How far back a beforebreak pattern may look. Unbounded patterns (`[.?!]+`, `.*`) are tried on this
# many characters before the position; Java SRX engines cap lookbehind the same way.
MAX_LOOKBEHIND = 256
# the shipped rules for each language the toolkit segments; any other language gets the French file's common rules
SHIPPED_RULES = {"fr": "rules/fr.srx", "en": "rules/en.srx"}
# Time allowed to split one block: a rule file from elsewhere may hold a regex that backtracks
# exponentially (`(a+)+b`). Generous: the shipped rules split 4 MB in under 3 s.
SPLIT_SECONDS = 5.0
SPLIT_SECONDS_PER_CHAR = 1e-5


class SrxRegexError(ValueError):
    """A Java regex construct that has no Python equivalent (or a malformed one)."""


# --- Unicode properties ---------------------------------------------------------------------------
#
# Java's `\p{...}` names that mean the same in the `regex` module (general categories, scripts, blocks,
# Unicode binary properties) are written as `regex`'s own `\p{...}`, which knows the whole Unicode
# database. Only the names whose Java meaning differs (POSIX classes are ASCII-only in Java, Java's
# whitespace is its own list) and `\h`, `\v` are spelled out as code point ranges.

Ranges = tuple[tuple[int, int], ...]

_LONG_CATEGORY_NAMES: dict[str, str] = {
    "Letter": "L",
    "Uppercase_Letter": "Lu",
    "Lowercase_Letter": "Ll",
    "Titlecase_Letter": "Lt",
    "Modifier_Letter": "Lm",
    "Other_Letter": "Lo",
    "Mark": "M",
    "Number": "N",
    "Decimal_Digit_Number": "Nd",
    "Punctuation": "P",
    "Symbol": "S",
    "Separator": "Z",
    "Space_Separator": "Zs",
    "Other": "C",
    "Control": "Cc",
    "Format": "Cf",
    "Private_Use": "Co",
    "Unassigned": "Cn",
}
_CATEGORY = re.compile(r"(?:[LMNPSZC][a-z&]?|LC)")
_WHITESPACE: Ranges = (
    (0x09, 0x0D),
    (0x20, 0x20),
    (0x85, 0x85),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
)
_HORIZONTAL_SPACE: Ranges = (
    (0x09, 0x09),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x180E, 0x180E),
    (0x2000, 0x200A),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
)
_VERTICAL_SPACE: Ranges = ((0x0A, 0x0D), (0x85, 0x85), (0x2028, 0x2029))
# Java's POSIX classes are ASCII-only unless UNICODE_CHARACTER_CLASS is set; SRX files expect that.
_POSIX: dict[str, Ranges] = {
    "Lower": ((0x61, 0x7A),),
    "Upper": ((0x41, 0x5A),),
    "ASCII": ((0x00, 0x7F),),
    "Alpha": ((0x41, 0x5A), (0x61, 0x7A)),
    "Digit": ((0x30, 0x39),),
    "Alnum": ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)),
    "Punct": ((0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)),
    "Graph": ((0x21, 0x7E),),
    "Print": ((0x20, 0x7E),),
    "Blank": ((0x09, 0x09), (0x20, 0x20)),
    "Cntrl": ((0x00, 0x1F), (0x7F, 0x7F)),
    "XDigit": ((0x30, 0x39), (0x41, 0x46), (0x61, 0x66)),
    "Space": ((0x09, 0x0D), (0x20, 0x20)),
}
# java.lang.Character predicates, as the general categories they test
_JAVA_CATEGORIES: dict[str, tuple[str, ...]] = {
    "javaLowerCase": ("Ll",),
    "javaUpperCase": ("Lu",),
    "javaTitleCase": ("Lt",),
    "javaLetter": ("L",),
    "javaDigit": ("Nd",),
    "javaLetterOrDigit": ("L", "Nd"),
    "javaAlphabetic": ("Alphabetic",),
}
# Java's `\p{IsX}` binary properties with their `regex` names
_BINARY = {
    "Alphabetic": "Alphabetic",
    "Letter": "L",
    "Digit": "Nd",
    "Uppercase": "Uppercase",
    "Lowercase": "Lowercase",
    "Punctuation": "P",
    "Control": "Cc",
    "Titlecase": "Lt",
    "Ideographic": "Ideographic",
}


@dataclass(frozen=True)
class _CharSet:
    """What one `\\p{...}` (or `\\h`, `\v`) stands for: `regex` properties and code point ranges, united."""

    properties: tuple[str, ...] = ()  # bodies of `regex` `\p{...}`
    ranges: Ranges = ()

    def union_body(self) -> str:
        """The inside of a character class matching the set."""
        return "".join(f"\\p{{{name}}}" for name in self.properties) + _ranges_body(self.ranges)

    def in_class(self, negate: bool) -> str:
        if not negate:
            return self.union_body()
        if len(self.properties) == 1 and not self.ranges:
            return f"\\P{{{self.properties[0]}}}"
        if not self.properties:
            return _ranges_body(_complement(self.ranges))
        raise SrxRegexError("a negated union of Unicode properties inside a character class")

    def alone(self, negate: bool) -> str:
        if len(self.properties) == 1 and not self.ranges:
            return f"\\{'P' if negate else 'p'}{{{self.properties[0]}}}"
        if not self.properties and not self.ranges:
            # An empty class matches nothing, its complement anything.
            return "[\\s\\S]" if negate else "(?!)"
        return f"[{'^' if negate else ''}{self.union_body()}]"


@functools.cache
def _known(name: str) -> bool:
    r"""Whether the `regex` module knows `\p{name}`."""
    try:
        regex.compile(f"\\p{{{name}}}")
    except regex.error:
        return False
    return True


@functools.cache
def _property(name: str) -> _CharSet:
    r"""What a Java `\p{name}` matches: categories, POSIX, java*, blocks (In…), scripts and properties (Is…)."""
    bare = name.replace(" ", "")
    for prefix in ("general_category=", "gc="):
        if bare.startswith(prefix):
            bare = bare[len(prefix) :]
    bare = _LONG_CATEGORY_NAMES.get(bare, bare)
    if _CATEGORY.fullmatch(bare) and _known(bare):
        return _CharSet(("LC",) if bare == "L&" else (bare,))
    if bare in _POSIX:
        return _CharSet(ranges=_POSIX[bare])
    if bare in _JAVA_CATEGORIES:
        return _CharSet(_JAVA_CATEGORIES[bare])
    if bare in ("javaWhitespace", "javaSpaceChar"):
        return _CharSet(ranges=_WHITESPACE)
    if bare.startswith("In"):
        block = "Block=" + bare[2:]
        if _known(block):
            return _CharSet((block,))
    if bare.startswith("Is"):
        rest = bare[2:]
        if rest in _BINARY:
            return _CharSet((_BINARY[rest],))
        if rest in ("White_Space", "WhiteSpace", "Space"):
            return _CharSet(ranges=_WHITESPACE)
        if rest == "Han" or (_known("Script=" + rest) and not _CATEGORY.fullmatch(rest)):
            return _CharSet(("Script=" + rest,))
        return _property(rest)
    raise SrxRegexError(f"unsupported Unicode property \\p{{{name}}}")


def _complement(ranges: Ranges) -> Ranges:
    out: list[tuple[int, int]] = []
    nxt = 0
    for lo, hi in ranges:
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= 0x10FFFF:
        out.append((nxt, 0x10FFFF))
    return tuple(out)


def _ranges_body(ranges: Ranges) -> str:
    """The inside of a character class matching `ranges` (escaped code points)."""
    parts = []
    for lo, hi in ranges:
        parts.append(_char_escape(lo) if lo == hi else f"{_char_escape(lo)}-{_char_escape(hi)}")
    return "".join(parts)


def _char_escape(cp: int) -> str:
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}" if cp < 0x10000 else f"\\U{cp:08x}"


# --- Java regex to the `regex` module's syntax ----------------------------------------------------------------------

_SIMPLE_ESCAPES: dict[str, str] = {
    "z": "\\Z",
    "Z": "(?=\\n?\\Z)",
    "R": "(?:\\r\\n|[\\n\\x0b\\x0c\\r\\x85\\u2028\\u2029])",
}
_UNSUPPORTED_ESCAPES = {"G": "\\G (end of previous match)", "X": "\\X (grapheme cluster)"}


class _JavaRegex:
    """One pass over a Java pattern producing the equivalent `regex` pattern (Python `re` syntax + `\\p{…}`)."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0
        self.out: list[str] = []
        # Per open group: the scoped-flag groups opened by a mid-pattern `(?i)`, closed with the group.
        self.flag_stack: list[list[str]] = [[]]

    def translate(self) -> str:
        p = self.p
        while self.i < len(p):
            c = p[self.i]
            if c == "\\":
                self.out.append(self._escape(in_class=False))
            elif c == "[":
                self.out.append(self._char_class())
            elif c == "(":
                self._open_group()
            elif c == ")":
                self._close_flags()
                if len(self.flag_stack) > 1:
                    self.flag_stack.pop()
                self.out.append(")")
                self.i += 1
            elif c == "|":
                pending = self.flag_stack[-1]
                self.out.append(")" * len(pending) + "|" + "".join(pending))
                self.i += 1
            else:
                self.out.append(c)
                self.i += 1
        self._close_flags()
        return "".join(self.out)

    def _close_flags(self) -> None:
        self.out.append(")" * len(self.flag_stack[-1]))

    def _open_group(self) -> None:
        p, i = self.p, self.i
        if p.startswith("(?<", i) and i + 3 < len(p) and p[i + 3] not in "=!":
            self.out.append("(?P<")
            self.i += 3
            self.flag_stack.append([])
            return
        flags = re.match(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])", p[i:])
        if flags and (flags.group(1) or flags.group(2) is not None):
            on = "".join(f for f in flags.group(1) if f in "imsx")
            off = "".join(f for f in (flags.group(2) or "") if f in "imsx")
            unknown = set(flags.group(1) + (flags.group(2) or "")) - set("imsxuUd")
            if unknown:
                raise SrxRegexError(f"unsupported regex flag {''.join(sorted(unknown))!r}")
            opener = f"(?{on}{'-' + off if off else ''}:" if on or off else "(?:"
            self.i += flags.end()
            if flags.group(3) == ":":
                self.out.append(opener)
                self.flag_stack.append([])
            else:
                # Java applies `(?i)` to the rest of the enclosing group; Python 3.11 only allows
                # global flags at the very start, so scope them explicitly.
                self.out.append(opener)
                self.flag_stack[-1].append(opener)
            return
        self.out.append("(")
        self.i += 1
        self.flag_stack.append([])

    def _read_braced(self) -> str:
        """Read `{...}` at the current index and return its content."""
        end = self.p.find("}", self.i)
        if not self.p.startswith("{", self.i) or end < 0:
            raise SrxRegexError("malformed escape, expected {...}")
        body = self.p[self.i + 1 : end]
        self.i = end + 1
        return body

    def _escape_set(self) -> tuple[_CharSet, bool] | None:
        """For escapes that denote a set of characters: (the set, negated). Advances past them."""
        p = self.p
        kind = p[self.i + 1]
        if kind in "pP":
            self.i += 2
            if self.i >= len(p):
                raise SrxRegexError("\\p at end of pattern")
            if p[self.i] == "{":
                name = self._read_braced()
            else:
                name = p[self.i]
                self.i += 1
            return _property(name), kind == "P"
        sets = {"h": _HORIZONTAL_SPACE, "v": _VERTICAL_SPACE}
        if kind.lower() in sets:
            self.i += 2
            return _CharSet(ranges=sets[kind.lower()]), kind.isupper()
        return None

    def _code_point_escape(self) -> int | None:
        """Escapes naming one character whose Java and Python spellings differ."""
        p = self.p
        kind = p[self.i + 1]
        if kind == "x" and p.startswith("{", self.i + 2):
            self.i += 2
            try:
                return int(self._read_braced(), 16)
            except ValueError:
                raise SrxRegexError("malformed \\x{...} escape") from None
        if kind == "0":
            digits = re.match(r"[0-7]{1,3}", p[self.i + 2 :])
            if not digits:
                raise SrxRegexError("malformed octal escape \\0")
            self.i += 2 + digits.end()
            return int(digits.group(), 8)
        if kind == "c" and self.i + 2 < len(p):
            self.i += 3
            return ord(p[self.i - 1]) ^ 64
        if kind == "e":
            self.i += 2
            return 0x1B
        return None

    def _quoted(self) -> str:
        """The literal text of `\\Q...\\E` (to the end of the pattern if \\E is missing)."""
        start = self.i + 2
        end = self.p.find("\\E", start)
        if end < 0:
            end = len(self.p)
            self.i = end
        else:
            self.i = end + 2
        return self.p[start:end]

    def _escape(self, in_class: bool) -> str:
        p = self.p
        if self.i + 1 >= len(p):
            raise SrxRegexError("pattern ends with a backslash")
        kind = p[self.i + 1]
        if kind == "Q":
            literal = self._quoted()
            return "".join(_char_escape(ord(ch)) for ch in literal) if in_class else re.escape(literal)
        charset = self._escape_set()
        if charset is not None:
            chars, negate = charset
            return chars.in_class(negate) if in_class else chars.alone(negate)
        cp = self._code_point_escape()
        if cp is not None:
            return _char_escape(cp)
        if kind in _UNSUPPORTED_ESCAPES:
            raise SrxRegexError(f"unsupported regex construct {_UNSUPPORTED_ESCAPES[kind]}")
        if kind == "k" and p.startswith("<", self.i + 2):
            end = p.find(">", self.i + 3)
            if end < 0:
                raise SrxRegexError("malformed \\k<name> back-reference")
            name = p[self.i + 3 : end]
            self.i = end + 1
            return f"(?P={name})"
        self.i += 2
        if not in_class and kind in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[kind]
        if in_class and kind == "b":
            raise SrxRegexError("\\b inside a character class")
        return "\\" + kind

    def _char_class(self) -> str:
        """Translate the class starting at `[`, flattening Java's nested unions `[a-z[0-9]]`."""
        negate, body = self._class_body()
        return f"[{'^' if negate else ''}{body}]"

    def _class_body(self) -> tuple[bool, str]:
        p = self.p
        self.i += 1
        negate = p.startswith("^", self.i)
        if negate:
            self.i += 1
        parts: list[str] = []
        first = True
        while True:
            if self.i >= len(p):
                raise SrxRegexError("unterminated character class")
            c = p[self.i]
            if c == "]" and not first:
                self.i += 1
                return negate, "".join(parts)
            if c == "]":
                parts.append("\\]")
                self.i += 1
            elif c == "\\":
                parts.append(self._escape(in_class=True))
            elif c == "[":
                inner_negate, inner = self._class_body()
                if inner_negate:
                    raise SrxRegexError("negated class nested in a character class")
                parts.append(inner)
            elif c == "&" and p.startswith("&&", self.i):
                raise SrxRegexError("character class intersection (&&) is not supported")
            elif c in "&~|" or (c == "-" and p.startswith("--", self.i)):
                # Python warns about these doubled inside a set (reserved for future set operations).
                parts.append("\\" + c)
                self.i += 1
            else:
                parts.append(c)
                self.i += 1
            first = False


@functools.lru_cache(maxsize=4096)
def java_to_regex(pattern: str) -> str:
    """Translate a Java (SRX) regular expression to `regex` syntax; SrxRegexError if impossible."""
    return _JavaRegex(pattern).translate()


def compile_java(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """A Java (SRX) regular expression compiled with the `regex` module (its version-0, `re`-like rules)."""
    try:
        return regex.compile(java_to_regex(pattern), flags | regex.V0)
    except regex.error as exc:
        raise SrxRegexError(str(exc)) from None


# --- SRX files ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SrxRule:
    """One SRX rule: break (or not) where `before` ends and `after` starts. Patterns in Java syntax."""

    breaks: bool
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class SrxDocument:
    """An SRX 2.0 file: named rule lists, the language map that picks them, and the cascade flag."""

    languagerules: dict[str, tuple[SrxRule, ...]]
    maprules: tuple[tuple[str, str], ...]  # (languagepattern, languagerulename), in file order
    cascade: bool = True
    where: str = "SRX"

    def rule_names_for(self, lang: str) -> list[str]:
        """Names of the languagerules that apply to `lang`, in order (all matches if cascading)."""
        names: list[str] = []
        for pattern, name in self.maprules:
            if _language_matches(pattern, lang, self.where):
                names.append(name)
                if not self.cascade:
                    break
        return names

    def rules_for(self, lang: str) -> list[SrxRule]:
        return [rule for name in self.rule_names_for(lang) for rule in self.languagerules[name]]


def _language_matches(pattern: str, lang: str, where: str) -> bool:
    try:
        compiled = compile_java(pattern, regex.IGNORECASE)
    except SrxRegexError as exc:
        raise InputError(f"bad languagepattern {pattern!r}: {exc}", where) from None
    # Language codes are matched case-insensitively: OmegaT writes "FR.*", others "fr.*" or "[Ff][Rr].*".
    return any(compiled.fullmatch(code) for code in {lang, lang.replace("_", "-")})


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text_of(element: Any) -> str:
    """The element's text without comments: its own text plus the tails of any children."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def _yes_no(value: str | None, default: bool, what: str, where: str) -> bool:
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in ("yes", "no"):
        return lowered == "yes"
    raise InputError(f"SRX {what} must be yes or no, not {value!r}", where)


def parse_srx(data: bytes, where: str) -> SrxDocument:
    """Read an SRX 2.0 document (OmegaT, Okapi, LanguageTool...) or raise a one-line InputError."""
    if len(data) > MAX_SRX_BYTES:
        raise InputError("SRX file larger than 16 MB", where)
    root = parse_xml(data, where)
    namespace = root.tag[1:].split("}", 1)[0] if isinstance(root.tag, str) and "}" in root.tag else ""
    if _local(root.tag) != "srx" or namespace not in (SRX_NS, ""):
        raise InputError(f"not an SRX 2.0 file (root element {root.tag!r})", where)
    version = root.get("version")
    if version is not None and not version.startswith("2"):
        raise InputError(f"SRX version {version} is not supported (only 2.0)", where)
    ns = f"{{{namespace}}}" if namespace else ""
    header = root.find(f"{ns}header")
    # OmegaT writes `<header/>` without attributes and cascades; the spec's examples cascade too.
    cascade = _yes_no(header.get("cascade") if header is not None else None, True, "cascade", where)
    body = root.find(f"{ns}body")
    if body is None:
        raise InputError("SRX file has no <body>", where)
    languagerules: dict[str, tuple[SrxRule, ...]] = {}
    for element in body.iterfind(f"{ns}languagerules/{ns}languagerule"):
        name = element.get("languagerulename")
        if not name:
            raise InputError("SRX <languagerule> without a languagerulename", where)
        if name in languagerules:
            raise InputError(f"SRX languagerule {name!r} is defined twice", where)
        rules = []
        for rule in element.iterfind(f"{ns}rule"):
            before = rule.find(f"{ns}beforebreak")
            after = rule.find(f"{ns}afterbreak")
            rules.append(
                SrxRule(
                    breaks=_yes_no(rule.get("break"), True, "rule break", where),
                    before=_text_of(before) if before is not None else "",
                    after=_text_of(after) if after is not None else "",
                )
            )
        languagerules[name] = tuple(rules)
    if not languagerules:
        raise InputError("SRX file has no <languagerule>", where)
    maprules: list[tuple[str, str]] = []
    for element in body.iterfind(f"{ns}maprules/{ns}languagemap"):
        pattern, name = element.get("languagepattern"), element.get("languagerulename")
        if pattern is None or name is None:
            raise InputError("SRX <languagemap> needs languagepattern and languagerulename", where)
        if name not in languagerules:
            raise InputError(f"SRX languagemap refers to unknown languagerule {name!r}", where)
        maprules.append((pattern, name))
    if not maprules:
        raise InputError("SRX file has no <languagemap>", where)
    return SrxDocument(languagerules, tuple(maprules), cascade, where)


# --- the segmenter --------------------------------------------------------------------------------


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
