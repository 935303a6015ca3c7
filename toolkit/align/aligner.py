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

import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import InputError
from toolkit.model import Content, Document, Segment, footnote_refs, normalize_content, plain_text

if TYPE_CHECKING:
    from toolkit.formats.tmx import TmxUnit
    from toolkit.terms.glossary import Glossary

KINDS: tuple[str, ...] = ("1-1", "1-2", "2-1", "2-2", "1-0", "0-1")

# Gale & Church (1993) bead priors, split evenly between the two directions; omissions and additions are
# twice as likely as in their parliamentary proceedings: a brief's translator is freer
PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.88, (1, 0): 0.01, (0, 1): 0.01, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011,
}  # fmt: skip
DEFAULT_VARIANCE = 6.8  # Gale & Church's variance of the length difference per character
MIN_VARIANCE, MAX_VARIANCE = 4.0, 40.0  # bounds on the variance re-estimated from a document
MIN_PAIRS_FOR_RATIO, MIN_PAIRS_FOR_VARIANCE = 3, 8  # fewer 1-1 pairs say more about chance than the translator

# anchor kinds by key prefix and what sharing one is worth (in log-probability units)
ANCHOR_WEIGHTS: dict[str, float] = {
    "f": 5.0,  # footnote reference, footnotes paired by number
    "F": 1.0,  # footnote reference, footnote counts differ (numbers may have drifted)
    "n": 2.0,  # number >= 13 or with decimals: years, amounts
    "s": 1.0,  # small number, as digits or words
    "m": 1.0,  # month
    "w": 1.5,  # name
    "g": 1.0,  # glossary term
    "q": 0.5,  # quotation
    "c": 0.5,  # cognate: a long word whose first four letters both sides share (ministres, ministers)
}
# anchors every faithful translation keeps: when they disagree, the pair is doubtful
STRICT_ANCHORS = frozenset("fFnsm")
BOUNDARY_BONUS = 1.5  # both sides start a paragraph at the same point
CROSSING_PENALTY = 2.0  # a merged bead takes sentences from two paragraphs of one side
HEADING_PENALTY = 2.0  # a heading paired with body text
UNSUPPORTED_PENALTY = 1.5  # a merged sentence sharing nothing with the other side: likelier an omission
NO_SUPPORT_FACTOR = 0.4
MIN_BAND = 40  # sentences either side of the diagonal the programme explores, at least
# ...and at most (plus the difference in length): the programme's work grows with n × band, which for
# n // 5 unbounded was quadratic (750 sentences a side took 16 s)
MAX_BAND = 60
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


@dataclass
class _Sentence:
    seg: Segment
    text: str
    block: str  # block id (or footnote id in a footnote stream)
    kind: str  # block kind
    footnote: str | None
    block_start: bool = False
    anchors: Counter[str] = field(default_factory=Counter)

    @property
    def length(self) -> int:
        return len(self.text)


@dataclass
class _Params:
    ratio: float = 1.0  # English characters per French character
    variance: float = DEFAULT_VARIANCE


# ------------------------------------------------------------------------------------------------ anchors

_FR_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?(?!\d)")
_EN_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:\.(\d+))?(?!\d)"
    r"(?:\s?([ap])\.?m\b\.?)?",
    re.IGNORECASE,
)
_FR_NUMBER_WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12,
}  # fmt: skip
_EN_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}  # fmt: skip
_FR_MONTHS = {
    m: i for i, m in enumerate(
        ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
         "novembre", "décembre"), start=1)
}
_EN_MONTHS = {
    m: i for i, m in enumerate(
        ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December"), start=1)
}
_WORD = re.compile(r"[^\W\d_]+")


def fold_accents(text: str) -> str:
    """Case- and accent-insensitive key: `Bélarus` and `belarus` meet."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _number_key(integer: str, decimals: str | None) -> str:
    whole = int(re.sub(r"\D", "", integer))
    frac = (decimals or "").rstrip("0")
    if frac:
        return f"n:{whole}.{frac}"
    return f"{'n' if whole >= 13 else 's'}:{whole}"


def _numbers(text: str, lang: str) -> Iterable[str]:
    if lang == "fr":
        for m in _FR_NUMBER.finditer(text):
            yield _number_key(m.group(1), m.group(2))
    else:
        for m in _EN_NUMBER.finditer(text):
            if m.group(3) and not m.group(2):  # "11 pm" is the French "23h"
                hour = int(re.sub(r"\D", "", m.group(1))) % 12 + (12 if m.group(3).lower() == "p" else 0)
                yield _number_key(str(hour), None)
            else:
                yield _number_key(m.group(1), m.group(2))
    words = _FR_NUMBER_WORDS if lang == "fr" else _EN_NUMBER_WORDS
    months = _FR_MONTHS if lang == "fr" else _EN_MONTHS
    for m in _WORD.finditer(text):
        word = m.group(0)
        if word.lower() in words:
            yield f"s:{words[word.lower()]}"
        # English month names are capitalised: "may" is a verb
        month = months.get(word if lang == "en" else word.lower())
        if month:
            yield f"m:{month}"


# long function words whose first four letters would make false cognates (comme/comment, entre/enter)
_FR_STOP = frozenset("""
    ainsi alors apres aupres aussi autant autre autres avaient avait avant avec avoir cependant celle celles celui
    cette ceux chez comme comment contre dans depuis desormais donc dont elles encore enfin ensuite entre etaient
    etait etre fait faire jamais leurs lorsque mais meme moins neanmoins notamment notre nous pendant peut peuvent
    plus plusieurs pour pourrait pourtant puis quand quelque quelques sans selon sera seront sont sous tandis tant
    toujours toute toutes tous tres vers votre
""".split())
_EN_STOP = frozenset("""
    about above after again against also although among another because been before being below between both
    could does doing during each either every from further have having however into itself just more most much
    must neither other over same several should since some such than that their them then there these they this
    those through thus under until very were what when where which while will with within without would your
""".split())


def _cognate_keys(text: str, lang: str) -> list[str]:
    stop = _FR_STOP if lang == "fr" else _EN_STOP
    keys = []
    for m in _WORD.finditer(text):
        word = fold_accents(m.group(0))
        if len(word) >= 5 and word not in stop:
            keys.append(f"c:{word[:4]}")
    return keys


def _quotes(text: str) -> int:
    from toolkit.terms.match import quoted_spans

    return len(quoted_spans(text))


@lru_cache(maxsize=4096)
def _transliterated(word: str) -> str:
    try:
        from toolkit.terms.translit import transliterate
    except ImportError:  # the transliteration rules are optional for alignment
        return word
    return transliterate(word)


def _capitalised(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper()


def _english_term_pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s\-\u2010\u2011]+", term.strip()) if w]
    letters = [c for c in term if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    body = r"[\s\-\u2010\u2011]+".join(words)
    # possessives and nationality suffixes still count: Belarus's, Belarusian
    return re.compile(rf"(?<![^\W_]){body}(?:['’]s|['’]|s|n|ns|an|ans|ian|ians|ese)?(?![^\W_])",
                      0 if acronym else re.IGNORECASE)


def _add_anchors(fr: Sequence[_Sentence], en: Sequence[_Sentence], glossary: Glossary | None,
                 footnote_key: str) -> None:
    """Fill each sentence's anchor counter; French names are resolved against the English document."""
    for side, lang in ((fr, "fr"), (en, "en")):
        for sent in side:
            sent.anchors.update(_numbers(sent.text, lang))
            sent.anchors.update(f"{footnote_key}:{ref}" for ref in footnote_refs(sent.seg.source))
            sent.anchors.update(["q:"] * _quotes(sent.text))
    english_cognates = Counter(k for sent in en for k in _cognate_keys(sent.text, "en"))
    for sent in en:
        sent.anchors.update(_cognate_keys(sent.text, "en"))
    for sent in fr:
        # a French word whose prefix the translation never uses is no evidence either way
        sent.anchors.update(k for k in _cognate_keys(sent.text, "fr") if k in english_cognates)
    english_names: set[str] = set()
    for sent in en:
        names = [fold_accents(w.group(0)) for w in _WORD.finditer(sent.text) if _capitalised(w.group(0))]
        sent.anchors.update(f"w:{n}" for n in names)
        english_names.update(names)
    english_text = "\n".join(s.text for s in en)

    # glossary terms whose English target the translation uses somewhere
    hits_by_sentence: list[list[tuple[int, int, str]]] = [[] for _ in fr]
    if glossary is not None and len(glossary):
        from toolkit.terms.match import find_terms

        patterns: dict[str, re.Pattern[str] | None] = {}
        for k, sent in enumerate(fr):
            for hit in find_terms(sent.text, glossary):
                key = fold_accents(hit.target)
                if key not in patterns:
                    compiled = _english_term_pattern(hit.target)
                    patterns[key] = compiled if compiled.search(english_text) else None
                if patterns[key] is not None:
                    hits_by_sentence[k].append((hit.start, hit.end, key))
        for key, found in patterns.items():
            if found is None:
                continue
            for sent in en:
                count = len(found.findall(sent.text))
                if count:
                    sent.anchors[f"g:{key}"] += count
        for k, sent in enumerate(fr):
            sent.anchors.update(f"g:{key}" for _s, _e, key in hits_by_sentence[k])

    # a sentence-initial capital is a name only when the word is never written in lower case
    lower_words = {w.group(0) for s in fr for w in _WORD.finditer(s.text) if w.group(0).islower()}
    for k, sent in enumerate(fr):
        for index, m in enumerate(_WORD.finditer(sent.text)):
            word = m.group(0)
            if not _capitalised(word) or (index == 0 and word.lower() in lower_words):
                continue
            if any(s <= m.start() < e for s, e, _key in hits_by_sentence[k]):
                continue  # the glossary already anchors it
            candidates = [fold_accents(word), fold_accents(_transliterated(word))]
            if glossary is not None:
                english = glossary.lookup(word)
                if english:
                    candidates.extend(fold_accents(w) for w in _WORD.findall(english))
            name = next((c for c in candidates if c in english_names), None)
            if name:
                sent.anchors[f"w:{name}"] += 1


def _weight(key: str) -> float:
    return ANCHOR_WEIGHTS.get(key.split(":", 1)[0], 1.0)


def _shared(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(min(n, large[k]) * _weight(k) for k, n in small.items() if k in large)


def _unsupported(members: Sequence[_Sentence], other: Counter[str]) -> float:
    """Penalty for each merged sentence that shares no anchor or cognate with the other side."""
    return sum(UNSUPPORTED_PENALTY for sent in members if not any(k in other for k in sent.anchors))


def _agreement(fr: Counter[str], en: Counter[str]) -> float:
    """1 when the strict anchors of both sides agree (or there are none), lower as they disagree, and lower
    still when both sides have anchors or cognates but share none of them."""
    strict_fr = Counter({k: n for k, n in fr.items() if k[0] in STRICT_ANCHORS})
    strict_en = Counter({k: n for k, n in en.items() if k[0] in STRICT_ANCHORS})
    shared = sum((strict_fr & strict_en).values())
    unshared = sum((strict_fr - strict_en).values()) + sum((strict_en - strict_fr).values())
    factor = 1.0 if not unshared else (shared + 1) / (shared + 1 + unshared)
    if fr and en and not any(k in en for k in fr):
        factor *= NO_SUPPORT_FACTOR  # two sentences with words to compare and nothing in common
    return factor


# ------------------------------------------------------------------------------------------------ the programme


def _length_cost(fr_len: int, en_len: int, params: _Params) -> float:
    """-log P(length difference) under Gale & Church's normal model."""
    mean = max((params.ratio * fr_len + en_len) / 2, 1.0)
    z = abs(en_len - params.ratio * fr_len) / math.sqrt(params.variance * mean)
    x = z / math.sqrt(2)
    if x < 6:
        return -math.log(max(math.erfc(x), 1e-300))
    return x * x + math.log(x * math.sqrt(math.pi))  # erfc's asymptote, where it underflows


def _logadd(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    if a < b:
        a, b = b, a
    return a + math.log1p(math.exp(b - a))


@dataclass
class _Bead:
    i: int  # first French sentence
    a: int  # how many French sentences
    j: int
    b: int
    posterior: float = 0.0


class _Programme:
    """The dynamic programme over one stream: Viterbi path and forward–backward posteriors."""

    def __init__(self, fr: Sequence[_Sentence], en: Sequence[_Sentence], params: _Params) -> None:
        self.fr, self.en, self.params = fr, en, params
        self.n, self.m = len(fr), len(en)
        self.prior = {bead: -math.log(p) for bead, p in PRIORS.items()}
        self.band = min(max(MIN_BAND, max(self.n, self.m) // 5), MAX_BAND) + abs(self.n - self.m)
        self._costs: dict[tuple[int, int, int, int], float] = {}

    def inside(self, i: int, j: int) -> bool:
        if self.n == 0 or self.m == 0:
            return True
        return abs(j - i * self.m / self.n) <= self.band

    def cost(self, i: int, a: int, j: int, b: int) -> float:
        key = (i, a, j, b)
        cached = self._costs.get(key)
        if cached is not None:
            return cached
        fr, en = self.fr[i : i + a], self.en[j : j + b]
        total = self.prior[(a, b)]
        if a and b:
            total += _length_cost(sum(s.length for s in fr), sum(s.length for s in en), self.params)
            fr_anchors = fr[0].anchors if a == 1 else fr[0].anchors + fr[1].anchors
            en_anchors = en[0].anchors if b == 1 else en[0].anchors + en[1].anchors
            total -= _shared(fr_anchors, en_anchors)
            if any(s.kind == "heading" for s in fr) != any(s.kind == "heading" for s in en):
                total += HEADING_PENALTY
            if a == 2:
                total += _unsupported(fr, en_anchors)
            if b == 2:
                total += _unsupported(en, fr_anchors)
        if a == 2 and fr[1].block_start:
            total += CROSSING_PENALTY
        if b == 2 and en[1].block_start:
            total += CROSSING_PENALTY
        end_i, end_j = i + a, j + b
        if 0 < end_i < self.n and 0 < end_j < self.m and self.fr[end_i].block_start \
                and self.en[end_j].block_start:
            total -= BOUNDARY_BONUS
        self._costs[key] = total
        return total

    def beads_into(self, i: int, j: int) -> Iterable[tuple[int, int]]:
        for a, b in PRIORS:
            if a <= i and b <= j:
                yield a, b

    def run(self) -> list[_Bead]:
        n, m = self.n, self.m
        inf = math.inf
        best = [[inf] * (m + 1) for _ in range(n + 1)]
        back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
        alpha = [[-inf] * (m + 1) for _ in range(n + 1)]
        best[0][0], alpha[0][0] = 0.0, 0.0
        for i in range(n + 1):
            for j in range(m + 1):
                if (i or j) == 0 or not self.inside(i, j):
                    continue
                for a, b in self.beads_into(i, j):
                    pi, pj = i - a, j - b
                    if best[pi][pj] == inf:
                        continue
                    c = self.cost(pi, a, pj, b)
                    if best[pi][pj] + c < best[i][j]:
                        best[i][j] = best[pi][pj] + c
                        back[i][j] = (a, b)
                    alpha[i][j] = _logadd(alpha[i][j], alpha[pi][pj] - c)
        beta = [[-inf] * (m + 1) for _ in range(n + 1)]
        beta[n][m] = 0.0
        for i in range(n, -1, -1):
            for j in range(m, -1, -1):
                if (i, j) == (n, m) or alpha[i][j] == -inf:
                    continue
                for a, b in PRIORS:
                    ni, nj = i + a, j + b
                    if ni > n or nj > m or beta[ni][nj] == -inf:
                        continue
                    beta[i][j] = _logadd(beta[i][j], beta[ni][nj] - self.cost(i, a, j, b))
        log_z = alpha[n][m]
        path: list[_Bead] = []
        i, j = n, m
        while i or j:
            a, b = back[i][j]
            pi, pj = i - a, j - b
            posterior = math.exp(min(0.0, alpha[pi][pj] - self.cost(pi, a, pj, b) + beta[i][j] - log_z))
            path.append(_Bead(pi, a, pj, b, posterior))
            i, j = pi, pj
        path.reverse()
        return path


# ------------------------------------------------------------------------------------------------ streams


def _sentences(blocks: Iterable[tuple[str, str, str | None, Sequence[Segment]]]) -> list[_Sentence]:
    out: list[_Sentence] = []
    for block, kind, footnote, segments in blocks:
        first = True
        for seg in segments:
            text = seg.text.strip()
            if not text:
                continue  # nothing a reader sees (an image, a lone code): not a sentence to align
            out.append(_Sentence(seg, text, block, kind, footnote, block_start=first))
            first = False
    return out


def _body(doc: Document) -> list[_Sentence]:
    return _sentences((b.id, b.kind, None, b.segments) for b in doc.blocks)


def _notes(doc: Document) -> list[list[_Sentence]]:
    return [_sentences((b.id, b.kind, fn.id, b.segments) for b in fn.blocks) for fn in doc.footnotes]


def _estimate(pairs: Sequence[tuple[int, int]], fallback: _Params) -> _Params:
    """Length ratio and variance re-estimated from 1-1 pairs (lengths in characters).

    The ratio of the totals, used first, is biased by whatever the translator left out or added; the 1-1
    pairs are not. The variance needs more pairs than the ratio to mean anything.
    """
    pairs = [(f, e) for f, e in pairs if f and e]
    if len(pairs) < MIN_PAIRS_FOR_RATIO:
        return fallback
    ratio = sum(e for _f, e in pairs) / sum(f for f, _e in pairs)
    variance = fallback.variance
    if len(pairs) >= MIN_PAIRS_FOR_VARIANCE:
        scaled = [(e - ratio * f) ** 2 / ((ratio * f + e) / 2) for f, e in pairs]
        # the median of a chi-square with one degree of freedom is 0.455: robust to the odd bad pair
        variance = min(max(statistics.median(scaled) / 0.455, MIN_VARIANCE), MAX_VARIANCE)
    return _Params(ratio=ratio, variance=variance)


def _run(fr: list[_Sentence], en: list[_Sentence], params: _Params) -> list[_Bead]:
    if not fr and not en:
        return []
    return _Programme(fr, en, params).run()


def _pairs(fr: list[_Sentence], en: list[_Sentence], beads: Iterable[_Bead]) -> list[AlignedPair]:
    out: list[AlignedPair] = []
    for bead in beads:
        fs, es = fr[bead.i : bead.i + bead.a], en[bead.j : bead.j + bead.b]
        confidence = bead.posterior
        if fs and es:
            fr_anchors: Counter[str] = sum((s.anchors for s in fs), Counter())
            en_anchors: Counter[str] = sum((s.anchors for s in es), Counter())
            confidence *= _agreement(fr_anchors, en_anchors)
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
    _add_anchors(fr_all, en_all, glossary, "f" if keyed else "F")

    fr_chars, en_chars = sum(s.length for s in fr_all), sum(s.length for s in en_all)
    first = _Params(ratio=en_chars / fr_chars if fr_chars and en_chars else 1.0)
    beads = _run(fr_body, en_body, first)
    params = _estimate([(fr_body[b.i].length, en_body[b.j].length) for b in beads if (b.a, b.b) == (1, 1)],
                       first)
    if params is not first:
        beads = _run(fr_body, en_body, params)
    pairs = _pairs(fr_body, en_body, beads)

    if keyed:
        for fr_note, en_note in zip(fr_notes, en_notes, strict=True):
            pairs.extend(_pairs(fr_note, en_note, _run(fr_note, en_note, params)))
    else:
        fr_seq = [s for note in fr_notes for s in note]
        en_seq = [s for note in en_notes for s in note]
        for seq in (fr_seq, en_seq):
            for k, sent in enumerate(seq):
                # each footnote starts a "paragraph" of the footnote stream
                sent.block_start = sent.block_start or k == 0 or seq[k - 1].footnote != sent.footnote
        pairs.extend(_pairs(fr_seq, en_seq, _run(fr_seq, en_seq, params)))
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

