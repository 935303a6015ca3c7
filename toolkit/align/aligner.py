"""Aligning a French brief with its existing English translation: sentence pairs with a kind and a confidence.

How it works, in the order it happens:

1. Body with body, footnotes with footnotes. Footnote N is paired with footnote N when both documents have
   the same number of footnotes; otherwise all footnote sentences form one stream aligned like the body,
   footnote boundaries playing the part of paragraph boundaries. When only one side has footnotes (the
   other reader did not recognise its notes list), they join the end of that side's body stream.
2. Within each stream, one Gale–Church style dynamic programme over the sentences, with beads 1-1, 1-2,
   2-1, 2-2, 1-0 and 0-1. A bead's cost is minus the log of its prior, plus the Gale–Church length cost
   (characters, with the English/French length ratio and its variance estimated from the documents
   themselves: a first pass with the ratio of the totals, then a second with both re-estimated from the
   1-1 pairs the first pass found), minus the weight of the anchors both sides share: footnote
   references, numbers (`1,5` = `1.5`, `10 000` = `10,000`, `23h` = `11 pm`), months, names identical on
   both sides or after the glossary or transliteration, glossary terms and their English target,
   quotations and cognates (long words sharing their first four letters). A merged bead pays for each
   sentence that shares nothing with the other side: such a sentence is more likely left untranslated.
3. Paragraph boundaries are soft anchors rather than a separate block alignment: an alignment that passes
   a French and an English paragraph boundary at the same point earns a bonus, and a merged bead that
   straddles a boundary pays a penalty. A translator who merges or splits paragraphs then costs nothing
   special, while one who keeps them (the usual case) pins the sentence alignment to them, which gives
   the block alignment for free instead of making an early block decision the sentence pass cannot undo.
4. Confidence = the bead's posterior probability among all alignments (forward–backward over the same
   costs) × the agreement of the anchors a faithful translation keeps (footnote references, numbers,
   months): a pair whose numbers disagree is doubtful however well its lengths fit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.align.anchors import Sentence, add_anchors, agreement
from toolkit.align.galechurch import Bead, Params, estimate, run_stream
from toolkit.errors import InputError
from toolkit.model import Content, Document, Segment, normalize_content, plain_text

if TYPE_CHECKING:
    from toolkit.formats.tmx import TmxUnit
    from toolkit.terms.glossary import Glossary

KINDS: tuple[str, ...] = ("1-1", "1-2", "2-1", "2-2", "1-0", "0-1")
# Sentences a side beyond which `align` refuses: time and memory stay bounded whatever the input
MAX_SENTENCES = 2_000


@dataclass
class AlignedPair:
    """French sentences and the English sentences that translate them; one side is empty when unmatched."""

    fr: list[Segment]
    en: list[Segment]
    confidence: float
    kind: str  # "1-1", "1-2", "2-1", "2-2", "1-0", "0-1"
    in_footnote: str | None = None  # the footnote id when the pair comes from the footnotes

    @property
    def fr_ids(self) -> list[str]:
        return [s.id for s in self.fr]

    @property
    def en_ids(self) -> list[str]:
        return [s.id for s in self.en]

    @property
    def fr_text(self) -> str:
        return " ".join(s.text.strip() for s in self.fr)

    @property
    def en_text(self) -> str:
        return " ".join(s.text.strip() for s in self.en)

    @property
    def matched(self) -> bool:
        return bool(self.fr) and bool(self.en)


# ------------------------------------------------------------------------------------------------ streams


def _sentences(blocks: Iterable[tuple[str, str, str | None, Sequence[Segment]]]) -> list[Sentence]:
    out: list[Sentence] = []
    for block, kind, footnote, segments in blocks:
        first = True
        for seg in segments:
            text = seg.text.strip()
            if not text:
                continue  # nothing a reader sees (an image, a lone code): not a sentence to align
            out.append(Sentence(seg, text, block, kind, footnote, block_start=first))
            first = False
    return out


def _body(doc: Document) -> list[Sentence]:
    return _sentences((b.id, b.kind, None, b.segments) for b in doc.blocks)


def _notes(doc: Document) -> list[list[Sentence]]:
    return [_sentences((b.id, b.kind, fn.id, b.segments) for b in fn.blocks) for fn in doc.footnotes]


def _pairs(fr: list[Sentence], en: list[Sentence], beads: Iterable[Bead]) -> list[AlignedPair]:
    out: list[AlignedPair] = []
    for bead in beads:
        fs, es = fr[bead.i : bead.i + bead.a], en[bead.j : bead.j + bead.b]
        confidence = bead.posterior
        if fs and es:
            fr_anchors: Counter[str] = sum((s.anchors for s in fs), Counter())
            en_anchors: Counter[str] = sum((s.anchors for s in es), Counter())
            confidence *= agreement(fr_anchors, en_anchors)
        footnote = fs[0].footnote if fs else es[0].footnote
        out.append(AlignedPair([s.seg for s in fs], [s.seg for s in es], round(min(max(confidence, 0.0), 1.0), 4),
                               f"{bead.a}-{bead.b}", footnote))
    return out


def align_documents(fr: Document, en: Document, glossary: Glossary | None = None) -> list[AlignedPair]:
    """Align a segmented French document with its segmented English translation (body, then footnotes).

    Every sentence with visible text appears in exactly one pair, in document order on both sides.
    `glossary` adds term anchors (a French term in one sentence, its English target in the other).
    """
    fr_body, en_body = _body(fr), _body(en)
    fr_notes, en_notes = _notes(fr), _notes(en)
    keyed = len(fr_notes) == len(en_notes)
    if not keyed and (not fr_notes or not en_notes):
        # one reader missed the notes list: what it holds is at the end of that side's body
        fr_body += [s for note in fr_notes for s in note]
        en_body += [s for note in en_notes for s in note]
        fr_notes, en_notes = [], []
    fr_all = fr_body + [s for note in fr_notes for s in note]
    en_all = en_body + [s for note in en_notes for s in note]
    for side, sentences in ((fr, fr_all), (en, en_all)):
        if len(sentences) > MAX_SENTENCES:
            raise InputError(f"too long to align: {len(sentences)} sentences (limit {MAX_SENTENCES})",
                             side.source_path or None)
    add_anchors(fr_all, en_all, glossary, "f" if keyed else "F")

    fr_chars, en_chars = sum(s.length for s in fr_all), sum(s.length for s in en_all)
    first = Params(ratio=en_chars / fr_chars if fr_chars and en_chars else 1.0)
    beads = run_stream(fr_body, en_body, first)
    params = estimate([(fr_body[b.i].length, en_body[b.j].length) for b in beads if (b.a, b.b) == (1, 1)],
                       first)
    if params is not first:
        beads = run_stream(fr_body, en_body, params)
    pairs = _pairs(fr_body, en_body, beads)

    if keyed:
        for fr_note, en_note in zip(fr_notes, en_notes, strict=True):
            pairs.extend(_pairs(fr_note, en_note, run_stream(fr_note, en_note, params)))
    else:
        fr_seq = [s for note in fr_notes for s in note]
        en_seq = [s for note in en_notes for s in note]
        for seq in (fr_seq, en_seq):
            for k, sent in enumerate(seq):
                # each footnote starts a "paragraph" of the footnote stream
                sent.block_start = sent.block_start or k == 0 or seq[k - 1].footnote != sent.footnote
        pairs.extend(_pairs(fr_seq, en_seq, run_stream(fr_seq, en_seq, params)))
    return pairs


# ------------------------------------------------------------------------------------------------ memory


def _joined(segments: Sequence[Segment]) -> Content:
    """The sentences' content joined by one space, outer spaces trimmed; codes kept."""
    parts: Content = []
    for k, seg in enumerate(segments):
        if k:
            parts.append(" ")
        parts.extend(seg.source)
    content = normalize_content(parts)
    if content and isinstance(content[0], str):
        content[0] = content[0].lstrip()
    if content and isinstance(content[-1], str):
        content[-1] = content[-1].rstrip()
    return normalize_content(content)


def pairs_to_tmx_units(pairs: Iterable[AlignedPair], fr_doc: Document | None = None,
                       min_confidence: float = 0.0) -> list[TmxUnit]:
    """One TMX unit per pair with both sides non-empty and a confidence of at least `min_confidence`.

    The tuid is the French segment ids joined by `+`; props carry `x-confidence`, `x-alignment` (the kind),
    `x-footnote` for footnote pairs and `x-document` (the French file name) when known.
    """
    from toolkit.formats.tmx import TmxUnit

    document = Path(fr_doc.source_path).name if fr_doc is not None and fr_doc.source_path else ""
    units: list[TmxUnit] = []
    for pair in pairs:
        if not pair.matched or pair.confidence < min_confidence:
            continue
        source, target = _joined(pair.fr), _joined(pair.en)
        if not plain_text(source).strip() or not plain_text(target).strip():
            continue
        props = {"x-confidence": f"{pair.confidence:.2f}", "x-alignment": pair.kind}
        if pair.in_footnote is not None:
            props["x-footnote"] = pair.in_footnote
        if document:
            props["x-document"] = document
        units.append(TmxUnit(source, target, props=props, id="+".join(pair.fr_ids)))
    return units
