"""Inline codes through an engine: protect them before translation, put them back after, repair what was lost.

Engines that keep markup (Apertium) get codes as tags: `<x id="N"/>` for a standalone code, `<g id="N">…</g>`
for a pair. Engines that don't (neural MT) get plain text, and the codes are placed back by anchors: a code
after a word the output still contains (a name, a number) goes after that word; a footnote reference with no
anchor goes to the end of the sentence, before its final punctuation. A footnote reference is never lost and
never duplicated; every repair is reported so the segment can be flagged.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from toolkit.model import Code, Content, End, Inline, Ph, Start, normalize_content, plain_text, span_text

TAG = re.compile(r'<x\s+id="(\d+)"\s*/>|<g\s+id="(\d+)"\s*>|</g\s*>')
FINAL_PUNCT = re.compile(r"[.!?…;:]+[\s\u00a0\u202f]*$")
CLOSING_QUOTES = '»”"'
WORD = re.compile(r"[^\W_][\w’'-]*[^\W_]|[^\W_]")


@dataclass
class Restored:
    """A target rebuilt with the source's codes, and what had to be repaired."""

    content: Content
    repairs: list[str] = field(default_factory=list)


def number_codes(source: Content) -> dict[int, Code]:
    """Codes of `source` by markup number: standalone and opening codes numbered 1, 2, … in order."""
    numbered: dict[int, Code] = {}
    for part in source:
        if isinstance(part, (Ph, Start)):
            numbered[len(numbered) + 1] = part
    return numbered


def to_markup(source: Content) -> str:
    """The segment as text with tags an engine can carry through."""
    out: list[str] = []
    numbers: dict[str, int] = {}
    counter = 0
    for part in source:
        if isinstance(part, str):
            out.append(html.escape(part, quote=False))
        elif isinstance(part, Ph):
            counter += 1
            out.append(f'<x id="{counter}"/>')
        elif isinstance(part, Start):
            counter += 1
            numbers[part.id] = counter
            out.append(f'<g id="{counter}">')
        else:
            out.append("</g>")
    return "".join(out)


def to_plain(source: Content) -> str:
    """The segment's text for an engine without markup: codes out, verbatim code spans kept as text."""
    return re.sub(r"[ ]{2,}", " ", plain_text(source, br=" "))


def _describe(code: Code) -> str:
    if isinstance(code, Ph) and code.kind == "fn":
        return f"footnote reference {code.ref}"
    if isinstance(code, Ph):
        return f"{code.kind} code"
    if isinstance(code, Start):
        return f"{code.kind} formatting"
    return "closing code"


def from_markup(target: str, source: Content) -> Restored:
    """Parse an engine's tagged output back into content with the source's codes; repair what is missing."""
    numbered = number_codes(source)
    parts: Content = []
    repairs: list[str] = []
    used: set[int] = set()
    stack: list[int | None] = []
    pos = 0

    def take(n: int, kind: type[Ph] | type[Start], tag: str) -> bool:
        """Put the source's code `n` here if it is of `kind` and not used yet; else note it dropped."""
        code = numbered.get(n)
        if isinstance(code, kind) and n not in used:
            used.add(n)
            parts.append(code)
            return True
        repairs.append(f"dropped an unexpected code {tag}{n}")
        return False

    for m in TAG.finditer(target):
        parts.append(html.unescape(target[pos : m.start()]))
        pos = m.end()
        x, g = m.group(1), m.group(2)
        if x is not None:
            take(int(x), Ph, "x")
        elif g is not None:
            stack.append(int(g) if take(int(g), Start, "g") else None)
        else:
            if stack:
                opened = stack.pop()
                if opened is not None:
                    start = numbered[opened]
                    assert isinstance(start, Start)
                    parts.append(End(start.id))
            else:
                repairs.append("dropped a stray closing code")
    parts.append(html.unescape(target[pos:]))
    for opened in reversed(stack):  # close what the engine left open, at the end
        if opened is not None:
            start = numbered[opened]
            assert isinstance(start, Start)
            parts.append(End(start.id))
            repairs.append(f"closed {_describe(start)} the engine left open")
    content = tighten_spans(normalize_content(parts), source)
    missing = [code for n, code in numbered.items() if n not in used]
    return _place_missing(content, missing, source, repairs)


# Words an engine pulls into a formatting span from outside it (`de **Rosatom**` → `**of Rosatom**`): a span
# that did not open on such a word in the French does not open on one in the English.
FRENCH_LEADING_WORDS = re.compile(r"^\s*(?:de|du|des|d’|d'|le|la|les|l’|l'|un|une|à|au|aux|en|par|pour|avec|sur)\b",
                                  re.IGNORECASE)
ENGLISH_LEADING_WORDS = re.compile(r"^(?:\s*\b(?:of|the|a|an|to|in|at|on|for|by|with|from|as|its|their)\b)+\s*",
                                   re.IGNORECASE)


def tighten_spans(content: Content, source: Content) -> Content:
    """Move the function words an engine pulled inside a formatting span back out of it."""
    inner = {start.id: span_text(source, start.id) for start in source if isinstance(start, Start)}
    out: Content = []
    pulled_in: Start | None = None  # a span whose leading words are being checked
    for part in content:
        if pulled_in is not None and isinstance(part, str):
            m = ENGLISH_LEADING_WORDS.match(part)
            french = inner.get(pulled_in.id, "").lstrip().lower()
            if m and part[m.end():].strip() and not french.startswith(m.group(0).strip().lower()):
                out[-1:] = [part[: m.end()], pulled_in]
                part = part[m.end():]
        pulled_in = None
        if isinstance(part, Start) and not FRENCH_LEADING_WORDS.match(inner.get(part.id, "")):
            pulled_in = part
        out.append(part)
    return normalize_content(out)


def restore_codes(target: str, source: Content) -> Restored:
    """Put the source's codes into a plain translation by anchors (for engines that drop markup)."""
    codes = list(number_codes(source).values())
    result = _place_missing(normalize_content([target]), codes, source, [], expected=True)
    return result


def _anchor_before(source: Content, code: Code) -> str:
    """The word (or closing quote) just before `code` in the source."""
    text = ""
    for part in source:
        if part is code:
            break
        if isinstance(part, str):
            text += part
    tail = text.rstrip()
    if tail and tail[-1] in CLOSING_QUOTES:
        return tail[-1]
    words = WORD.findall(tail[-60:])
    return words[-1] if words else ""


def _closing_quotes_before(source: Content, code: Code | None) -> int:
    """How many closing double quotes stand before `code` in the source (all of them when None)."""
    count = 0
    for part in source:
        if part is code:
            break
        if isinstance(part, str):
            count += len(re.findall(r"[»”\"]", part))
    return count


def _at_sentence_end(source: Content, code: Code) -> bool:
    after = ""
    seen = False
    for part in source:
        if part is code:
            seen = True
            continue
        if seen and isinstance(part, str):
            after += part
    return not after.strip() or bool(re.fullmatch(r"[\s.!?…;:»”\"’)\]]*", after))


def _insert_at(content: Content, offset: int, items: list[Inline]) -> Content:
    """Insert items at a plain-text offset, right after the text that ends there."""
    out: Content = []
    pos = 0
    done = False
    for part in content:
        if not done and isinstance(part, str) and offset <= pos + len(part):
            cut = offset - pos
            out.extend([part[:cut], *items, part[cut:]])
            done = True
        else:
            out.append(part)
        if isinstance(part, str):
            pos += len(part)
    if not done:
        out.extend(items)
    return normalize_content(out)


def _plain_len(content: Content) -> str:
    return plain_text(content, br="", code="drop")


def final_punctuation_offset(text: str) -> int:
    """Where a lost footnote reference goes back: before the sentence's final punctuation (its last run of
    . ! ? … ; : and the spaces after it), else at the end of the text before its trailing spaces."""
    m = FINAL_PUNCT.search(text)
    return m.start() if m else len(text.rstrip())


def before_final_punctuation(content: Content, codes: list[Inline]) -> Content:
    """`content` with `codes` put back before the sentence's final punctuation (the one rule for a footnote
    reference an engine, a memory or a reviewer lost)."""
    return _insert_at(content, final_punctuation_offset(_plain_len(content)), codes)


def _place_missing(
    content: Content, missing: list[Code], source: Content, repairs: list[str], expected: bool = False
) -> Restored:
    """Place codes the engine lost. `expected`: the engine never had them, so anchored placements are not repairs."""
    for code in missing:
        text = _plain_len(content)
        if isinstance(code, Ph):
            anchor = _anchor_before(source, code)
            offset = -1
            if anchor in CLOSING_QUOTES and anchor:
                # the k-th closing quote of the source is the k-th of the target, whatever its glyph
                k = _closing_quotes_before(source, code)
                hits = [m.end() for m in re.finditer(r"[»”\"]", text)]
                if len(hits) == _closing_quotes_before(source, None) and 0 < k <= len(hits):
                    offset = hits[k - 1]
            elif len(anchor) > 1:
                hits = [
                    m.end()
                    for m in re.finditer(re.escape(anchor) + (r"\b" if anchor[-1].isalnum() else ""), text)
                ]
                if len(hits) == 1:
                    offset = hits[0]
            if offset < 0:
                offset = final_punctuation_offset(text)
                if not (expected and _at_sentence_end(source, code)):
                    repairs.append(f"restored {_describe(code)} at the end of the sentence")
            elif not expected:
                repairs.append(f"restored {_describe(code)} after “{anchor}”")
            content = _insert_at(content, offset, [code])
        elif isinstance(code, Start):
            inner = span_text(source, code.id)
            m = re.search(re.escape(inner), text) if inner.strip() else None
            if m:
                content = _wrap(content, m.start(), m.end(), code)
                if not expected:
                    repairs.append(f"restored {_describe(code)} around “{inner}”")
            elif code.kind == "link":
                content = _wrap(content, 0, final_punctuation_offset(text), code)
                repairs.append(f"link kept around the whole sentence (its words were not found: “{inner}”)")
            else:
                repairs.append(f"{_describe(code)} on “{inner}” could not be placed")
    return Restored(content, repairs)


def _wrap(content: Content, begin: int, end: int, start: Start) -> Content:
    content = _insert_at(content, end, [End(start.id)])
    return _insert_at(content, begin, [start])
