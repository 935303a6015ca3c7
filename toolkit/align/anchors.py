"""Anchors between a French sentence and its translation: footnote references, numbers, months, names, glossary
terms, quotations and cognates, what sharing each is worth, and how far two sides' anchors agree."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from toolkit.model import Segment, footnote_refs

if TYPE_CHECKING:
    from toolkit.terms.glossary import Glossary

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
NO_SUPPORT_FACTOR = 0.4


@dataclass
class Sentence:
    """A sentence of one stream with its visible text and the anchors it carries."""

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


def numbers(text: str, lang: str) -> Iterable[str]:
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


def add_anchors(fr: Sequence[Sentence], en: Sequence[Sentence], glossary: Glossary | None,
                 footnote_key: str) -> None:
    """Fill each sentence's anchor counter; French names are resolved against the English document."""
    for side, lang in ((fr, "fr"), (en, "en")):
        for sent in side:
            sent.anchors.update(numbers(sent.text, lang))
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
        from toolkit.terms.match import expected_pattern, find_terms

        patterns: dict[str, re.Pattern[str] | None] = {}
        for k, sent in enumerate(fr):
            for hit in find_terms(sent.text, glossary):
                key = fold_accents(hit.target)
                if key not in patterns:
                    compiled = expected_pattern(hit.target)
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


def shared(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(min(n, large[k]) * _weight(k) for k, n in small.items() if k in large)


def agreement(fr: Counter[str], en: Counter[str]) -> float:
    """1 when the strict anchors of both sides agree (or there are none), lower as they disagree, and lower
    still when both sides have anchors or cognates but share none of them."""
    strict_fr = Counter({k: n for k, n in fr.items() if k[0] in STRICT_ANCHORS})
    strict_en = Counter({k: n for k, n in en.items() if k[0] in STRICT_ANCHORS})
    kept = sum((strict_fr & strict_en).values())
    unshared = sum((strict_fr - strict_en).values()) + sum((strict_en - strict_fr).values())
    factor = 1.0 if not unshared else (kept + 1) / (kept + 1 + unshared)
    if fr and en and not any(k in en for k in fr):
        factor *= NO_SUPPORT_FACTOR  # two sentences with words to compare and nothing in common
    return factor
