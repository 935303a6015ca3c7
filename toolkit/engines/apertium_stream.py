"""Apertium's stream format, both ways: a text with inline codes encoded as one NUL-separated chunk (escapes,
superblanks, word-bound blanks), and the output chunk decoded back into text, codes and unknown words."""

# How the format is used and why: the notes at the top of toolkit/engines/apertium.py.

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

CODE_RE = re.compile(r"<x\b[^<>]*/>|<g\b[^<>]*>|</g>")
ENTITY_RE = re.compile(r"&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
NAMED_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
STREAM_ESCAPED = frozenset("\\[]^$/<>{}")
STREAM_MARKS = frozenset("*#@~")
# Apertium's analyser is quadratic in the length of a token (a 256 KB run of letters takes 40 s, 2 MB
# hours); no word of any language is this long, so such a run travels in a superblank, untouched.
LONGEST_WORD = 100
WORDY_RE = re.compile(r"\w")


@dataclass
class _Encoded:
    """One text turned into a stream chunk, with what is needed to turn the output back."""

    stream: str
    lead: str
    trail: str
    xml_escaped: bool
    tags: list[str] = field(default_factory=list)  # tag text by index used in the stream
    closers: dict[int, int] = field(default_factory=dict)  # wordbound opening tag -> closing tag
    parents: dict[int, tuple[int, ...]] = field(default_factory=dict)  # standalone code -> open codes


def _is_xml_escaped(text: str) -> bool:
    """Whether the text around codes reads as XML (every `&` an entity, no stray `<`)."""
    bare = CODE_RE.sub("", text)
    return "<" not in bare and "&" not in ENTITY_RE.sub("", bare)


def _unescape_xml(text: str) -> str:
    def decode(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return NAMED_ENTITIES[name]

    return ENTITY_RE.sub(decode, text)


def _escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _stream_text(text: str, bound: Sequence[int]) -> str:
    """Plain text as stream: escaped, marks in superblanks, words tagged with open paired codes."""
    out: list[str] = []
    prefix = "[[" + "; ".join(f"t:{k}" for k in bound) + "]]" if bound else ""
    for piece in re.split(r"(\s+|[*#@~])", text.replace("\0", " ")):
        if not piece:
            continue
        if piece in STREAM_MARKS:
            out.append(f"[{piece}]")
        elif piece.isspace():
            out.append(piece)
        else:
            escaped = "".join("\\" + ch if ch in STREAM_ESCAPED else ch for ch in piece)
            if len(piece) > LONGEST_WORD:
                out.append(f"[{escaped}]")
            else:
                out.append(f"{prefix}{escaped}[[/]]" if prefix else escaped)
    return "".join(out)


def _balanced_pairs(parts: list[str]) -> dict[int, int]:
    """Opening index -> closing index for every well-nested `<g>`…`</g>` in the split text."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            continue
        if part.startswith("<g"):
            stack.append(index)
        elif part == "</g>" and stack:
            pairs[stack.pop()] = index
    return pairs


def encode(text: str, number: int) -> _Encoded:
    """Turn one text with inline codes into the stream chunk numbered `number`."""
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    escaped = _is_xml_escaped(core)
    parts = CODE_RE.split(core)
    codes = CODE_RE.findall(core)
    # Interleave: even indices are text, odd indices are codes.
    split: list[str] = []
    for index, piece in enumerate(parts):
        split.append(_unescape_xml(piece) if escaped else piece)
        if index < len(codes):
            split.append(codes[index])
    pairs = _balanced_pairs(split)
    # Word-bound blanks only carry codes around real words; others stay superblanks in place.
    wordbound = {
        start: end
        for start, end in pairs.items()
        if any(WORDY_RE.search(split[i]) for i in range(start + 1, end, 2))
    }
    closing = {end: start for start, end in wordbound.items()}
    encoded = _Encoded("", lead, trail, escaped)
    stream: list[str] = [f"[seg:{number}]"]
    open_bound: list[int] = []
    tag_at: dict[int, int] = {}
    for index, part in enumerate(split):
        if index % 2 == 0:
            stream.append(_stream_text(part, open_bound))
            continue
        encoded.tags.append(part)
        tag = tag_at[index] = len(encoded.tags) - 1
        if index in wordbound:
            open_bound.append(tag)
        elif index in closing:
            opener = tag_at[closing[index]]
            open_bound.remove(opener)
            encoded.closers[opener] = tag
        else:
            encoded.parents[tag] = tuple(open_bound)
            stream.append(f"[c:{tag}]")
    stream.append(".[]")
    encoded.stream = "".join(stream)
    return encoded


@dataclass
class _Word:
    text: str
    bound: frozenset[int]


_MARKED_WORD = re.compile(r"[*#@~]([^\W\d_][\w'’-]*)")


def _strip_marks(text: str, unknown: list[str] | None) -> str:
    """Text without Apertium's unknown-word (`*`), generation (`#`) and transfer (`@`) marks; marked words are
    added to `unknown`."""
    if unknown is not None:
        unknown.extend(m.group(1) for m in _MARKED_WORD.finditer(text))
    return re.sub(r"[*#@~]", "", text)


def _parse_stream(
    chunk: str, number: int, unknown: list[str] | None = None
) -> list[str | _Word | int] | None:
    """Output chunk -> text, words with their paired codes, and standalone code indices; words Apertium marked
    as unknown go to `unknown`."""
    marker = f"[seg:{number}]"
    if not chunk.startswith(marker):
        return None
    items: list[str | _Word | int] = []
    text: list[str] = []
    pos, size = len(marker), len(chunk)

    def flush() -> None:
        if text:
            items.append("".join(text))
            text.clear()

    while pos < size:
        ch = chunk[pos]
        if ch == "\\" and pos + 1 < size:
            text.append(chunk[pos + 1])
            pos += 2
        elif chunk.startswith("[[", pos):
            close = chunk.find("]]", pos)
            end = chunk.find("[[/]]", close)
            if close < 0 or end < 0:
                return None
            bound = frozenset(int(k) for k in re.findall(r"t:(\d+)", chunk[pos + 2 : close]))
            flush()
            word = _unescape_stream(chunk[close + 2 : end])
            items.append(_Word(_strip_marks(word, unknown), bound))
            pos = end + 5
        elif ch == "[":
            end = pos + 1
            while end < size and chunk[end] != "]":
                end += 2 if chunk[end] == "\\" else 1
            content = _unescape_stream(chunk[pos + 1 : end])
            code = re.fullmatch(r"c:(\d+)", content)
            if code:
                flush()
                items.append(int(code.group(1)))
            elif content == "":
                # The sentence end we added: drop the period put before it.
                if text and text[-1] == ".":
                    text.pop()
            else:
                text.append(content)
            pos = end + 1
        elif ch in STREAM_MARKS:
            marked = _MARKED_WORD.match(chunk, pos)
            if marked and unknown is not None:
                unknown.append(marked.group(1))
            pos += 1  # an unknown-word or generation mark
        else:
            text.append(ch)
            pos += 1
    flush()
    return items


def _unescape_stream(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def _code_spans(items: list[str | _Word | int], encoded: _Encoded) -> list[list[int]]:
    """[first item, last item, tag] for every paired code still on a word, well nested."""
    spans: dict[int, list[int]] = {}
    for index, item in enumerate(items):
        if isinstance(item, _Word):
            for tag in item.bound:
                if tag in encoded.closers:
                    spans.setdefault(tag, [index, index, tag])[1] = index
    for span in spans.values():
        # A standalone code that sat inside the paired code and directly follows its last word
        # stays inside (a footnote reference on an emphasised word).
        while span[1] + 1 < len(items):
            following = items[span[1] + 1]
            if isinstance(following, int) and span[2] in encoded.parents.get(following, ()):
                span[1] += 1
            else:
                break
    ordered = sorted(spans.values(), key=lambda s: (s[0], -s[1], s[2]))
    stack: list[list[int]] = []
    for span in ordered:
        while stack and stack[-1][1] < span[0]:
            stack.pop()
        # Reordering can make two codes overlap; widen the outer one so tags stay nested.
        for outer in stack:
            outer[1] = max(outer[1], span[1])
        stack.append(span)
    return ordered


def decode(chunk: str, number: int, encoded: _Encoded, unknown: list[str] | None = None) -> str | None:
    """Turn an output chunk back into text with inline codes, or None if it is not chunk `number`; the words
    Apertium marked as unknown go to `unknown`."""
    items = _parse_stream(chunk, number, unknown)
    if items is None:
        return None
    spans = _code_spans(items, encoded)
    opens: dict[int, list[list[int]]] = {}
    closes: dict[int, list[list[int]]] = {}
    for span in spans:
        opens.setdefault(span[0], []).append(span)
        closes.setdefault(span[1], []).append(span)
    out: list[str] = []
    emitted: set[int] = set()
    for index, item in enumerate(items):
        for span in sorted(opens.get(index, []), key=lambda s: -s[1]):
            out.append(encoded.tags[span[2]])
        if isinstance(item, int):
            # Only codes we sent as superblanks come back from one, once; anything else is not ours.
            if item in encoded.parents and item not in emitted:
                emitted.add(item)
                out.append(encoded.tags[item])
        else:
            plain = item.text if isinstance(item, _Word) else item
            out.append(_escape_xml(plain) if encoded.xml_escaped else plain)
        for span in sorted(closes.get(index, []), key=lambda s: -s[0]):
            closer = encoded.closers[span[2]]
            out.append(encoded.tags[closer])
    body = re.sub(" {2,}", " ", "".join(out)).strip()
    # A word the grammar deletes leaves its blank behind: `does not come , said`.
    body = re.sub(r" +([,.])(?=\s|$)", r"\1", body)
    return encoded.lead + body + encoded.trail
