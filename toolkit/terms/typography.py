"""English typography for translated text: quotes, apostrophes, spaces left over from French conventions.

Rules (idempotent: applying them twice changes nothing more):
- « » become “ ”, ‹ › become ‘ ’, and the spaces French puts inside them go;
- the spaces French puts before ; : ! ? go (also before %, which English sets closed up);
- a no-break or narrow space between digit groups is the French thousands separator and becomes
  a comma (10 000 -> 10,000);
- other no-break and narrow no-break spaces become plain spaces, except after a digit and before a
  letter ("30 km", "10 October"), where a U+00A0 no-break space is kept so the number and its
  unit or month stay on one line;
- straight apostrophes become ’ and straight double quotes become “ or ” by position;
  URLs, e-mail addresses and `code` spans are left exactly as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NBSP = "\u00a0"
_SPACES = " \u00a0\u202f\u2009\u2007"  # space, no-break, narrow no-break, thin, figure
_NBSPS = "\u00a0\u202f\u2009\u2007"
# An address starts where its characters start (the lookbehind): without it a long word is retried from
# every letter, which is quadratic on a hostile line of a few hundred KB.
_PROTECTED = re.compile(
    r"`[^`\n]*`|(?:https?://|ftp://|www\.)[^\s«»“”‹›‘’`<>\"]+|(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
)

Repl = Callable[[re.Match[str]], str]
Rule = tuple[re.Pattern[str], str | Repl]  # what is replaced, and by what


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PROTECTED.finditer(text)]


def _sub(pattern: re.Pattern[str], repl: str | Repl, text: str) -> str:
    """re.sub that leaves matches touching a URL, e-mail address or code span alone."""
    spans = _protected_spans(text)
    if not spans:
        return pattern.sub(repl, text)

    def guarded(m: re.Match[str]) -> str:
        if any(m.start() < b and m.end() > a for a, b in spans):
            return m.group(0)
        return repl(m) if callable(repl) else m.expand(repl)

    return pattern.sub(guarded, text)


# after these, a quote mark opens; elsewhere it closes
_OPENING_CONTEXT = set(" \t\n\r\u00a0([{—–-/“‘")


def _apostrophe(m: re.Match[str]) -> str:
    text, i = m.string, m.start()
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if (not before or before in _OPENING_CONTEXT) and after and not after.isspace() and not after.isdigit():
        return "‘"
    return "’"  # elision, possessive, closing quote and the ’90s all take the same mark


def _double(m: re.Match[str]) -> str:
    text, i = m.string, m.start()
    before = text[i - 1] if i else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if (not before or before in _OPENING_CONTEXT) and after and not after.isspace():
        return "“"
    return "”"


def _inner_spaces(opening: str, closing: str, spaces: str, repeat: str, into: tuple[str, str]) -> list[Rule]:
    """An opening quote mark with the spaces after it, and the spaces before its closing mark, as `into`."""
    return [(re.compile(f"{opening}[{spaces}]{repeat}"), into[0]),
            (re.compile(f"[{spaces}]{repeat}{closing}"), into[1])]


def _other_nbsp(m: re.Match[str]) -> str:
    return NBSP if _keeps_nbsp(m) else " "


# The rules, in the order they apply.
_RULES: list[Rule] = [
    *_inner_spaces("«", "»", _SPACES, "*", into=("“", "”")),
    *_inner_spaces("‹", "›", _SPACES, "*", into=("‘", "’")),
    *_inner_spaces("“", "”", _NBSPS, "+", into=("“", "”")),
    (re.compile(f"(?<=\\S)[{_SPACES}]+(?=[;:!?%])"), ""),  # no space before ; : ! ? %
    (re.compile(f"(?<=\\d)[{_NBSPS}](?=\\d{{3}}(?!\\d))"), ","),  # thousands: 10 000 -> 10,000
    (re.compile(f"(?<=\\d)[{_NBSPS}](?=[^\\W\\d_])"), NBSP),  # a number and its unit or month stay together
    (re.compile(f"[{_NBSPS}]"), _other_nbsp),
    (re.compile(r'"'), _double),
    (re.compile(r"'"), _apostrophe),
]


def english_typography(text: str) -> str:
    """Apply English typographic conventions to translated text (see the module docstring)."""
    for pattern, repl in _RULES:
        if pattern.search(text):  # the protected spans are looked for only where a rule has work
            text = _sub(pattern, repl, text)
    return text


def _keeps_nbsp(m: re.Match[str]) -> bool:
    text, i = m.string, m.start()
    return (
        m.group(0) == NBSP and i > 0 and text[i - 1].isdigit() and i + 1 < len(text) and text[i + 1].isalpha()
    )
