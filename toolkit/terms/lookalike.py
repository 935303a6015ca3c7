"""Look-alikes: text as it is read, for matching — invisible and bidi controls gone, compatibility forms folded
(NFKC), letters of another script that look Latin made Latin inside Latin words (Кiev → Kiev)."""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources

# zero-width space/joiners, word joiner, invisible operators, BOM, soft hyphen, bidi embeddings, overrides,
# isolates and marks: nothing a reader sees, everything a matcher trips on
INVISIBLE = frozenset(
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


@functools.cache
def confusables() -> dict[str, str]:
    """Look-alike letter -> Latin letter (toolkit/terms/data/confusables.tsv)."""
    table: dict[str, str] = {}
    text = resources.files("toolkit.terms").joinpath("data/confusables.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            char, latin = line.split("\t")[:2]
            table[char] = latin
    return table


@functools.cache
def _suspects() -> re.Pattern[str]:
    """Any invisible control or look-alike letter."""
    return re.compile("[" + re.escape("".join(sorted(INVISIBLE | set(confusables())))) + "]")


def _is_latin(ch: str) -> bool:
    return (ch.isalpha() and ch.isascii()) or "LATIN" in unicodedata.name(ch, "")


def reading_map(text: str) -> tuple[str, list[int], list[int]] | None:
    """The text as read, with for each of its characters the start and end offset in `text`; None when the text
    is already read as written (NFC, nothing invisible, no mixed-script look-alike)."""
    if text.isascii():
        return None  # nothing invisible, nothing to fold, no other script
    table = confusables()
    suspects = _suspects()
    if not suspects.search(text) and unicodedata.is_normalized("NFKC", text):
        return None
    letters = [i for i, ch in enumerate(text) if ch not in INVISIBLE]

    def latin_neighbour(k: int) -> bool:
        for j in (k - 1, k + 1):
            if 0 <= j < len(letters) and _is_latin(text[letters[j]]) and text[letters[j]] not in table:
                return True
        return False

    needs = any(ch in INVISIBLE for ch in text) or not unicodedata.is_normalized("NFKC", text)
    if not needs:
        needs = any(text[i] in table and latin_neighbour(k) for k, i in enumerate(letters))
    if not needs:
        return None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = {i: k for k, i in enumerate(letters)}
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        if text[i] in INVISIBLE:
            i = j
            continue
        cluster = text[i:j]
        if cluster in table and latin_neighbour(position[i]):
            piece = table[cluster]
        else:
            piece = unicodedata.normalize("NFKC", cluster)
            piece = unicodedata.normalize("NFC", piece)
        for _ in piece:
            starts.append(i)
            ends.append(j)
        out.append(piece)
        i = j
    return "".join(out), starts, ends


def as_read(text: str) -> str:
    """The text as a reader sees it (see reading_map)."""
    mapped = reading_map(text)
    return mapped[0] if mapped else text


def lookalikes(text: str) -> list[tuple[str, str]]:
    """(word as written, word as read) for every word that is not what it looks like."""
    if text.isascii():
        return []
    out: list[tuple[str, str]] = []
    for m in re.finditer(r"[\w" + "".join(INVISIBLE) + r"]+", text):
        word = m.group(0)
        read = as_read(word)
        if read != word and read != unicodedata.normalize("NFC", word) and (word, read) not in out:
            out.append((word, read))
    return out
