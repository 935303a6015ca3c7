"""The one text decoder: UTF-8 (BOM or not), UTF-16 (BOM or not), else Windows-1252 line by line; or, by policy,
UTF-8 only (glossaries). Also how control characters are shown.

The rule every text reader (plain text, Markdown, HTML) shares. A file that is UTF-8 except for a line pasted
from an old Windows document is decoded line by line, the odd lines as Windows-1252, with a warning naming
them — not read whole as Windows-1252, which would turn every accented letter of the UTF-8 lines into mojibake.
UTF-16 without a byte-order mark (some exports) is recognized by its NUL bytes on one side of each pair.
"""

from __future__ import annotations

import re

from toolkit.errors import InputError
from toolkit.model import Content, Document, Ph

MAX_LINES_NAMED = 10
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" when `data` looks like BOM-less UTF-16 text (mostly Latin script: one byte
    of each pair is NUL, the other almost never), else None."""
    sample = data[:8192]
    if len(sample) < 4 or sample[:2] in _UTF16_BOMS:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.4 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.4 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def has_utf16_signature(data: bytes) -> bool:
    """A BOM or the NUL pattern of UTF-16: NUL bytes in such a file are characters, not binary content."""
    return data[:2] in _UTF16_BOMS or utf16_without_bom(data) is not None


def decode_text(data: bytes, where: str = "", utf8_only: bool = False) -> tuple[str, list[str]]:
    """The text of `data` and warnings naming `where` (see the module docstring); InputError when damaged.

    `utf8_only` is the policy of files the toolkit's own tools write (glossaries): UTF-8 with or without a
    byte-order mark and nothing else, InputError `not UTF-8 text` naming `where:line` of the first bad byte."""
    suffix = f" ({where})" if where else ""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]  # a byte-order mark is not text
    elif utf8_only:
        pass
    elif data[:2] in _UTF16_BOMS:
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise InputError("damaged UTF-16 text", where or None) from None
    else:
        guess = utf16_without_bom(data)
        if guess is not None:
            try:
                return data.decode(guess), [f"UTF-16 without a byte-order mark, read as {guess.upper()}{suffix}"]
            except UnicodeDecodeError:
                raise InputError("looks like UTF-16 without a byte-order mark, but is damaged",
                                 where or None) from None
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        if utf8_only:
            bad_line = data[: exc.start].count(b"\n") + 1
            raise InputError("not UTF-8 text", f"{where}:{bad_line}") from None
    lines = data.split(b"\n")
    out: list[str] = []
    odd: list[int] = []
    non_ascii = 0
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            out.append(line.decode("ascii"))
            continue
        non_ascii += 1
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="strict") if _is_cp1252(line) else line.decode("latin-1"))
            odd.append(number)
    text = "\n".join(out)
    if len(odd) == non_ascii:
        return text, [f"not UTF-8, read as Windows-1252{suffix}"]
    named = ", ".join(str(n) for n in odd[:MAX_LINES_NAMED]) + (", …" if len(odd) > MAX_LINES_NAMED else "")
    return text, [f"mixed encodings: line{'s' if len(odd) > 1 else ''} {named} not UTF-8, read as "
                  f"Windows-1252; the rest as UTF-8{suffix}"]


def _is_cp1252(line: bytes) -> bool:
    try:
        line.decode("cp1252")
    except UnicodeDecodeError:
        return False  # the five bytes Windows-1252 leaves undefined: Latin-1 maps them to C1 controls
    return True


# ------------------------------------------------------------------------------------------ control characters

# C0 controls but tab and newline, DEL, C1 controls: a terminal obeys them (ESC sequences recolour it, move the
# cursor, retitle the window), so text from a brief never reaches one raw
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# the C0 controls XML 1.0 cannot carry at all (DOCX, HTML, TMX, PDF text): shown as their Unicode pictures
_XML_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def escape_controls(text: str) -> str:
    """`text` safe to print: each control character becomes a visible `\\x1b`-style escape."""
    return _TERMINAL_CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def visible_controls(text: str) -> str:
    """`text` with each control character XML cannot carry shown as its control picture (BEL → ␇)."""
    return _XML_CONTROLS.sub(lambda m: chr(0x2400 + ord(m.group())), text)


def has_controls(text: str) -> bool:
    return _XML_CONTROLS.search(text) is not None


def with_visible_controls(doc: Document) -> Document:
    """A copy of `doc` whose texts show control characters as pictures, for the editions (the original is
    left alone); `doc` itself when it holds none."""
    def needs(content: Content | None) -> bool:
        return any((isinstance(p, str) and has_controls(p)) or (isinstance(p, Ph) and has_controls(p.text))
                   for p in content or [])

    if not any(needs(s.source) or needs(s.target) for s in doc.segments()) and not has_controls(doc.title):
        return doc
    import copy

    def show(content: Content) -> Content:
        return [visible_controls(p) if isinstance(p, str) else
                Ph(p.kind, p.ref, visible_controls(p.text)) if isinstance(p, Ph) else p for p in content]

    clean = copy.deepcopy(doc)
    clean.title = visible_controls(clean.title)
    for seg in clean.segments():
        seg.source = show(seg.source)
        if seg.target is not None:
            seg.target = show(seg.target)
    return clean
