"""English house style: dates and times in one English style (`en-GB` or `en-US`), a capital to start a sentence,
and note calls after the punctuation they follow (Chicago and Oxford: "operative.¹", not "operative¹.")."""

from __future__ import annotations

import re

from toolkit.model import Content, Ph, normalize_content

STYLES = ("en-GB", "en-US")
DEFAULT_STYLE = "en-GB"
MONTHS = "January February March April May June July August September October November December".split()
_MONTH = "(" + "|".join(MONTHS) + ")"
_ORD = r"(?:st|nd|rd|th)?"
# Apertium writes `4 of August of 2024`; engines also write `August 4, 2024` and `4 August 2024`
_DAY_OF_MONTH = re.compile(rf"\b([0-3]?\d){_ORD} of {_MONTH}(?: of ([12]\d{{3}}))?\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH} ([0-3]?\d){_ORD}(?:,? ([12]\d{{3}}))?\b(?!,? [0-3]?\d\b)")
_DAY_MONTH = re.compile(rf"\b([0-3]?\d){_ORD}[ \u00a0]{_MONTH}(?:,? ([12]\d{{3}}))?\b")
# French times the engine left: 23h, 10h15, 10 h 15, 9h30 (hours 0–23 only: 48h is a duration)
_TIME = re.compile(r"(?<![\w:,.])([01]?\d|2[0-3]) ?h ?([0-5]\d)?(?![\w])")
_PUNCT = ".,;:!?"


def _date(day: str, month: str, year: str | None, style: str) -> str:
    day = str(int(day))
    if style == "en-US":
        return f"{month} {day}, {year}" if year else f"{month} {day}"
    return f"{day} {month} {year}" if year else f"{day} {month}"


def english_dates(text: str, style: str = DEFAULT_STYLE) -> str:
    """Every day-month(-year) date written in `style`: `4 August 2024` (en-GB) or `August 4, 2024` (en-US)."""
    text = _DAY_OF_MONTH.sub(lambda m: _date(m.group(1), m.group(2), m.group(3), style), text)
    text = _MONTH_DAY.sub(lambda m: _date(m.group(2), m.group(1), m.group(3), style), text)
    return _DAY_MONTH.sub(lambda m: _date(m.group(1), m.group(2), m.group(3), style), text)


def english_times(text: str, style: str = DEFAULT_STYLE) -> str:
    """French clock times (`23h`, `10h15`) the English way: `23:00`, `10:15` (en-GB) or `11 p.m.`, `10:15 a.m.`."""

    def repl(m: re.Match[str]) -> str:
        hour, minutes = int(m.group(1)), m.group(2) or "00"
        if style == "en-GB":
            return f"{hour:02d}:{minutes}"
        suffix = "a.m." if hour < 12 else "p.m."
        twelve = hour % 12 or 12
        return f"{twelve} {suffix}" if minutes == "00" else f"{twelve}:{minutes} {suffix}"

    return _TIME.sub(repl, text)


def sentence_capital(content: Content, source: str) -> Content:
    """A capital on the first letter of the English when the French sentence starts with one."""
    first = next((c for c in source if c.isalpha()), "")
    if not first.isupper():
        return content
    out = list(content)
    for index, part in enumerate(out):
        if not isinstance(part, str):
            continue
        m = re.search(r"[^\W\d_]", part)
        if m is None:
            continue
        if m.group(0).islower():
            out[index] = part[: m.start()] + m.group(0).upper() + part[m.end() :]
        return normalize_content(out)
    return content


def notes_after_punctuation(content: Content) -> Content:
    """Note calls moved after the comma, full stop or other punctuation that directly follows them."""
    out: list = list(content)
    i = 0
    while i < len(out):
        part = out[i]
        if isinstance(part, Ph) and part.kind == "fn":
            j = i
            while j + 1 < len(out) and isinstance(out[j + 1], Ph) and out[j + 1].kind == "fn":
                j += 1
            after = out[j + 1] if j + 1 < len(out) else None
            if isinstance(after, str) and after[:1] in _PUNCT and not after.startswith("..."):
                k = 0
                while k < len(after) and after[k] in _PUNCT:
                    k += 1
                punct, rest = after[:k], after[k:]
                if i > 0 and isinstance(out[i - 1], str):
                    out[i - 1] = out[i - 1].rstrip() + punct
                else:
                    out.insert(i, punct)
                    i += 1
                    j += 1
                out[j + 1] = rest
            i = j + 1
            continue
        i += 1
    return normalize_content(out)
