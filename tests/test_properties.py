"""Properties on hostile input: any bytes to the reader, any brief through the segmenter, any engine output back.

Complements tests/formats/test_readers_shared.py (text pieces), tests/segment/ (the splitter alone),
tests/test_codes.py (markup restoration) and tests/test_review.py (all-or-nothing import): here the input is
raw bytes in any encoding, whole documents are segmented, and protection runs with an engine that misbehaves.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from toolkit.engines.base import Engine, Progress
from toolkit.errors import InputError
from toolkit.formats import read_document
from toolkit.model import Document, Ph, footnote_refs, plain_text
from toolkit.segment import load_segmenter, segment_document

FRENCH_CHARS = "aàâbcçdeéèêëfghiîïjklmnoôpqrstuùûüvwxyzÿœæAÀÉÈÊÇOŒ «»’'.,;:!?()-–—…0123456789\n"
WORDS = st.sampled_from(
    ["Le ", "président ", "biélorusse ", "Loukachenko ", "a ", "dit ", "« non » ", "M. ", "Kyiv ", "Kiev ",
     "l’Ukraine ", "p. 12 ", "G20 ", "2022.", "russes1", ". ", "2 ", "\n\n", "\n• ", "\n", "Sources\n1. a\n"]
)


def _read(data: bytes, suffix: str = ".txt") -> Document | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"brief{suffix}"
        path.write_bytes(data)
        try:
            return read_document(path)
        except InputError:
            return None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_a_document_or_one_input_error(data: bytes) -> None:
    doc = _read(data)
    if doc is not None:
        assert doc.blocks
        assert all(plain_text(b.source).strip() for b in doc.blocks)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=FRENCH_CHARS, min_size=1, max_size=200).filter(lambda t: any(c.isalpha() for c in t)),
       st.sampled_from(["cp1252", "latin-1", "utf-16", "utf-8-sig"]))
def test_french_in_any_common_encoding_reads_as_in_utf8(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # œ, …, – and ’ are not in Latin-1
        data = text.encode("cp1252")
        encoding = "cp1252"
    if encoding != "utf-8-sig":
        # a few cp1252 byte runs are also valid UTF-8 (âŒŒ is ⌌): no reader can tell, so such texts are left out
        assume(not _is_utf8(data))
    as_utf8 = _read(text.encode("utf-8"))
    other = _read(data)
    assert (as_utf8 is None) == (other is None)
    if as_utf8 is not None and other is not None:
        assert [b.text for b in other.blocks] == [b.text for b in as_utf8.blocks]
        recoded = encoding in ("cp1252", "latin-1")
        assert any("Windows-1252" in w for w in other.warnings) == recoded


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=120, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=60).map("".join))
def test_segmenting_a_read_brief_keeps_its_text_and_every_reference(text: str) -> None:
    doc = _read(text.encode("utf-8"))
    if doc is None:
        return
    before = {b.id: (plain_text(b.source), footnote_refs(b.source)) for b in doc.all_blocks()}
    segment_document(doc, load_segmenter().split)
    for block in doc.all_blocks():
        text_before, refs_before = before[block.id]
        assert "".join(plain_text(s.source) + s.space_after for s in block.segments) == text_before
        assert [r for s in block.segments for r in footnote_refs(s.source)] == refs_before
        assert all(plain_text(s.source).strip() or footnote_refs(s.source) for s in block.segments)


class _Mangler(Engine):
    """An engine that keeps markup badly: drops, doubles, shuffles and invents tags, or returns junk."""

    name = "mangler"
    keeps_markup = True

    def __init__(self, moves: Sequence[int]) -> None:
        self.moves = list(moves) or [0]

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        out = []
        for i, text in enumerate(texts):
            move = self.moves[i % len(self.moves)]
            if move == 0:
                out.append(text)
            elif move == 1:
                out.append(text.replace('<x id="', '<x id="9'))  # codes renumbered: unknown ids
            elif move == 2:
                out.append(text + text)  # every code twice
            elif move == 3:
                out.append("".join(ch for ch in text if ch not in "<>/"))  # tags broken into text
            elif move == 4:
                out.append('</g><g id="1"><x id="1"/>')  # junk markup only
            else:
                out.append("")
        return out

    def signature(self) -> dict[str, str]:
        return {"engine": self.name}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, min_size=1, max_size=40).map("".join), st.lists(st.integers(0, 5), max_size=6))
def test_protection_and_restoration_keep_every_reference_whatever_the_engine_returns(
    text: str, moves: list[int]
) -> None:
    from toolkit.formats.glossaries import load_policy
    from toolkit.pipeline.translate import translate_document

    doc = _read(text.encode("utf-8"))
    if doc is None:
        return
    segment_document(doc, load_segmenter().split)
    engine = _Mangler(moves)
    policy = load_policy([], use_default=True)
    policy.prepare_for(engine)
    translate_document(doc, engine, view_hook=policy.protect)
    for seg in doc.segments():
        assert seg.target is not None
        assert sorted(footnote_refs(seg.target)) == sorted(footnote_refs(seg.source))
        # protection's own placeholders never reach a target
        assert not [p for p in seg.target if isinstance(p, Ph) and p.kind not in ("fn", "br", "code")]
