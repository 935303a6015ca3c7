"""Cut a block's inline content into sentences at the offsets the SRX rules give, keeping every code.

The rules see the plain text only. Codes are placed back by offset: a footnote reference or a closing
code at a sentence boundary stays with the sentence it follows, an opening code goes with the next one.
A paired code that spans a boundary is closed at the end of one sentence and reopened at the start of
the next, so that every segment is balanced (as XLIFF `<pc>` requires).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from toolkit.model import (
    Block,
    Content,
    Document,
    End,
    Inline,
    Ph,
    Segment,
    Start,
    normalize_content,
    plain_text,
    segment_id,
)

Splitter = Callable[[str], Sequence[str]]


def _width(part: Inline) -> int:
    if isinstance(part, str):
        return len(part)
    if isinstance(part, Ph):
        return len(part.text) if part.kind == "code" else (1 if part.kind == "br" else 0)
    return 0


def _cut(content: Content, boundaries: list[int]) -> list[Content]:
    """Distribute parts over len(boundaries)+1 pieces; text is split at the boundary offsets."""
    pieces: list[Content] = [[] for _ in range(len(boundaries) + 1)]
    index = 0
    offset = 0
    for part in content:
        if isinstance(part, str):
            begin = 0  # where the rest of `part` starts: slices of it, never copies of the rest (linear)
            while index < len(boundaries) and offset + len(part) - begin > boundaries[index]:
                cut = begin + boundaries[index] - offset
                pieces[index].append(part[begin:cut])
                begin = cut
                offset = boundaries[index]
                index += 1
            pieces[index].append(part[begin:])
            offset += len(part) - begin
            continue
        # a zero-width code exactly at a boundary: references and closings stay behind, openings go ahead
        if index < len(boundaries) and offset == boundaries[index] and isinstance(part, Start):
            while index < len(boundaries) and offset == boundaries[index]:
                index += 1
        pieces[index].append(part)
        offset += _width(part)
        while index < len(boundaries) and offset > boundaries[index]:
            index += 1  # a wide code (br, code span) never straddles: the rules never cut inside it
    return [normalize_content(p) for p in pieces]


def _balance(pieces: list[Content]) -> list[Content]:
    """Close codes still open at a piece's end and reopen them, under fresh ids, at the next piece's start."""
    out: list[Content] = []
    open_codes: list[tuple[str, Start]] = []  # (original id, start as currently emitted)
    clones = 0
    for piece in pieces:
        current: Content = []
        reopened: list[tuple[str, Start]] = []
        for original, start in open_codes:
            clones += 1
            fresh = Start(start.kind, f"{original}.{clones}", start.href)
            current.append(fresh)
            reopened.append((original, fresh))
        open_codes = reopened
        for part in piece:
            if isinstance(part, Start):
                open_codes.append((part.id, part))
                current.append(part)
            elif isinstance(part, End):
                for i in range(len(open_codes) - 1, -1, -1):
                    if open_codes[i][0] == part.id:
                        current.append(End(open_codes[i][1].id))
                        del open_codes[i]
                        break
                else:
                    continue  # a closing code with no opening: drop it rather than emit invalid markup
            else:
                current.append(part)
        for _original, start in reversed(open_codes):
            current.append(End(start.id))
        out.append(current)
    return out


def _trailing_space(content: Content) -> tuple[Content, str]:
    """Take the whitespace at the end of a sentence out of it, moving it past closing codes and references."""
    tail: list[Inline] = []
    content = list(content)
    while content and (
        isinstance(content[-1], End) or (isinstance(content[-1], Ph) and content[-1].kind == "fn")
    ):
        tail.insert(0, content.pop())
    space = ""
    if content and isinstance(content[-1], str):
        text = content[-1]
        stripped = text.rstrip()
        space = text[len(stripped) :]
        content[-1] = stripped
    return normalize_content(content + tail), space


def segment_content(content: Content, split: Splitter) -> list[tuple[Content, str]]:
    """Sentences of `content` as (content, whitespace after it) pairs."""
    text = plain_text(content, code="mask")  # a code span is one opaque word to the rules
    pieces_text = list(split(text)) if text else [text]
    boundaries: list[int] = []
    pos = 0
    for piece in pieces_text[:-1]:
        pos += len(piece)
        boundaries.append(pos)
    pieces = _balance(_cut(content, boundaries))
    result = [_trailing_space(piece) for piece in pieces]
    # a piece left with nothing but codes (a reference after the last space) joins the sentence before it
    merged: list[tuple[Content, str]] = []
    for sentence, space in result:
        if merged and not any(isinstance(p, str) and p.strip() for p in sentence):
            prev, prev_space = merged[-1]
            merged[-1] = (normalize_content([*prev, prev_space, *sentence]), space)
        else:
            merged.append((sentence, space))
    return merged


# Blocks that are one segment whatever their full stops: `Tableau 1. Les trois …` is one caption.
WHOLE_KINDS = ("caption",)


def segment_block(block: Block, split: Splitter) -> Block:
    """Re-cut the block's content into sentences with stable ids `<block>.s<n>` (a caption stays whole)."""
    sentences = segment_content(block.source, (lambda text: [text]) if block.kind in WHOLE_KINDS else split)
    block.segments = [
        Segment(id=segment_id(block.id, i), source=content, space_after=space)
        for i, (content, space) in enumerate(sentences, start=1)
    ]
    return block


def segment_document(doc: Document, split: Splitter) -> Document:
    """Segment every body and footnote block in place; returns the document."""
    for block in doc.all_blocks():
        segment_block(block, split)
    return doc
