"""Java regular expressions (the dialect of SRX files) translated to the `regex` module: Unicode properties,
possessive and atomic groups, inline flags, and a shim for Java's `\\Q…\\E` quoting."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import regex


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
