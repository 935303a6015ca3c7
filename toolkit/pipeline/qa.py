"""Checks on translated segments, and the QA report (`<stem>.qa.json`).

Besides codes and numbers, QA looks at what the engine did to the words:
- `untranslated-word`: a word left in French or in a pivot language (Catalan, Spanish), known from the engine's
  own unknown-word marks or from word frequencies (toolkit.terms.lexicon);
- `doubled-word`: the same word twice in a row ("the the");
- `name-missing`: a capitalised word of the French (a name) that is nowhere in the English;
- `name-unconverted`: a French spelling of a Slavic or Caucasian name the rules left as it is (Kavelachvili);
- `length-ratio`: an English text far shorter or longer than its French;
- `look-alike`: a word of the English that is not what it looks like (a Cyrillic letter in a Latin word, an
  invisible or bidi control inside it); glossary terms in the French are matched as read and reported too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from toolkit.model import Document, Issue, Segment, footnote_key, footnote_refs, unattached_footnotes
from toolkit.terms.lookalike import lookalikes
from toolkit.terms.numbers import missing_numbers

FRENCH_WORDS = re.compile(
    r"\b(?:le|la|les|des|du|une|est|sont|dans|avec|pour|qui|que|mais|pas|sur|aux)\b", re.I
)


WORD = re.compile(r"[^\W\d_]+(?:['’·-][^\W\d_]+)*")
# legitimate doubles of English
DOUBLES_OK = frozenset({"had", "that", "is"})
DOUBLED = re.compile(r"(?<![^\W\d_])([^\W\d_]+)(?:\s+\1)+(?![^\W\d_])", re.I)
COMMON_FRENCH = 3.5  # Zipf: a capitalised word this common in French is a word, not a name
ENGLISH_WORD = 3.0  # Zipf: an English word this common is English wherever it came from
# shorter than this (letters), a segment's length ratio says nothing
RATIO_MIN_LETTERS = 30
RATIO_RANGE = (0.5, 2.0)
_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|\"[^\"]*\"")
_SENTENCE_END = ".!?:;«“(—–-\n"


def _at_sentence_start(text: str, pos: int) -> bool:
    """Whether text[pos] starts a sentence: nothing but spaces before it, or spaces after a sentence mark.
    Looks back over spaces only, so a check of every word stays linear."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0\u202f":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def _without_cited(target: str, source: str) -> str:
    """The English without quotations that are the French's own, verbatim (cited titles kept as they are)."""

    def drop(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1].strip()
        return " " if inner and inner in source else m.group(0)

    return _QUOTED.sub(drop, target)


def untranslated_words(
    source: str, target: str, unknown: Iterable[str] = (), terms: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(word, why) for every word of the English left in another language; `unknown` are the engine's own
    unknown-word marks, `terms` the English glossary terms and names placed (never flagged)."""
    from toolkit.terms.lexicon import foreign_language, zipf

    target = _without_cited(target, source)
    term_words = {w.casefold() for t in terms for w in WORD.findall(t)}
    source_words = set(WORD.findall(source))
    marked = {w for w in unknown}
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for m in WORD.finditer(target):
        word = m.group(0)
        if word.casefold() in seen or word.casefold() in term_words:
            continue
        parts = [word, *re.split(r"['’·-]", word)] if re.search(r"['’·-]", word) else [word]
        why = ""
        capital_copy = word[:1].isupper() and word in source_words
        # an English word of the French (a cited title, a name) is unknown to the engine and rightly copied
        english_copy = word in source_words and zipf(word.lower(), "en") >= ENGLISH_WORD
        if any(p in marked for p in parts) and not capital_copy and not english_copy:
            why = "the engine did not know it"
        else:
            initial = _at_sentence_start(target, m.start())
            for part in parts:
                if len(part) < 3 or part.casefold() in term_words:
                    continue
                if part[:1].isupper() and not initial and not capital_copy:
                    lang = foreign_language(part, margin=2.5)  # a name the engine respelled (Khàrkiv)
                elif capital_copy:
                    lang = foreign_language(part, margin=2.5)  # a name copied from the French (Moscou)
                else:
                    lang = foreign_language(part)
                if lang:
                    why = {"fr": "French", "ca": "Catalan", "es": "Spanish"}.get(lang, "not English")
                    break
        if why:
            seen.add(word.casefold())
            out.append((word, why))
    return out


def doubled_words(target: str) -> list[str]:
    """Words written twice in a row ("the the", "Kyiv Kyiv")."""
    return [m.group(0) for m in DOUBLED.finditer(target) if m.group(1).lower() not in DOUBLES_OK]


def missing_names(source: str, target: str, covered: Iterable[str] = ()) -> list[str]:
    """Capitalised words of the French (not sentence-initial, not common French words) absent from the English.

    `covered` are French terms the glossary or the name rules placed (checked by their own QA kind)."""
    from toolkit.terms.glossary import fold
    from toolkit.terms.lexicon import zipf
    from toolkit.terms.translit import transliterate

    covered_words = {fold(w) for c in covered for w in WORD.findall(c)}
    english = {fold(w) for w in WORD.findall(target)} | {
        fold(p) for w in WORD.findall(target) for p in re.split(r"['’-]", w)
    }
    out: list[str] = []
    for m in WORD.finditer(source):
        word = re.sub(r"^[dlDL]['’]", "", m.group(0))
        if not word[:1].isupper() or len(word) < 2:
            continue
        if _at_sentence_start(source, m.start()) or fold(word) in covered_words:
            continue
        parts = [p for p in re.split(r"['’-]", word) if p]
        if all(fold(p) in covered_words for p in parts):
            continue
        def common(part: str) -> bool:
            french, english_zipf = zipf(part.lower(), "fr"), zipf(part.lower(), "en")
            return french >= 4.0 and (english_zipf < 3.0 or french > english_zipf + 1)

        if all(common(p) for p in parts):
            continue  # common French words with a capital (État, Président, Pays-Bas): translated, not a name
        if fold(word) in english:
            continue
        if fold(transliterate(word)) in english:
            continue  # spelt the English way by the name rules (Dmitri → Dmitry)
        if word not in out:
            out.append(word)
    return out


def unconverted_names(source: str, target: str, covered: Iterable[str] = ()) -> list[str]:
    """Words of the French that look like French spellings of Slavic or Caucasian names, in the English as they
    were (the name rules left them alone, the glossary does not know them)."""
    from toolkit.terms.lexicon import zipf
    from toolkit.terms.translit import unconverted_name

    covered_words = {w for c in covered for w in WORD.findall(c)}
    english = set(WORD.findall(target))
    out: list[str] = []
    for word in dict.fromkeys(WORD.findall(source)):
        if word in covered_words or word not in english or zipf(word.lower(), "en") >= ENGLISH_WORD:
            continue
        if unconverted_name(word) and zipf(word.lower(), "fr") < COMMON_FRENCH:
            out.append(word)
    return out


def length_ratio(source: str, target: str) -> float | None:
    """The English/French letter ratio when it is an outlier (None when normal or too short to tell)."""
    letters = _letters(source)
    if letters < RATIO_MIN_LETTERS:
        return None
    ratio = _letters(target) / letters
    return ratio if not RATIO_RANGE[0] <= ratio <= RATIO_RANGE[1] else None


def check_words(
    seg: Segment, unknown: Iterable[str] = (), terms: Iterable[str] = (), covered: Iterable[str] = ()
) -> list[Issue]:
    """The word-level checks of one translated segment (see the module docstring)."""
    if seg.target is None or seg.origin == "copy":
        return []
    source, target = seg.text, seg.target_text
    if not target.strip():
        return []
    issues: list[Issue] = []
    words = untranslated_words(source, target, unknown, terms)
    if words:
        detail = "; ".join(f"“{w}” ({why})" for w, why in words)
        issues.append(Issue(seg.id, "untranslated-word", f"left untranslated: {detail}"))
    for written, read in lookalikes(target):
        shown = written.encode("unicode_escape").decode("ascii")
        issues.append(Issue(seg.id, "look-alike", f"“{read}” is written “{shown}” in the English"))
    for doubled in doubled_words(target):
        issues.append(Issue(seg.id, "doubled-word", f"“{doubled}”"))
    names = missing_names(source, target, covered)
    if names:
        issues.append(
            Issue(seg.id, "name-missing", "not in the English: " + ", ".join(f"“{n}”" for n in names))
        )
    unconverted = unconverted_names(source, target, covered)
    if unconverted:
        issues.append(
            Issue(
                seg.id,
                "name-unconverted",
                "looks like a French spelling of a Slavic or Caucasian name, left as it is: "
                + ", ".join(f"“{n}”" for n in unconverted),
            )
        )
    ratio = length_ratio(source, target)
    if ratio is not None:
        issues.append(Issue(seg.id, "length-ratio", f"the English is {ratio:.2f}× the length of the French"))
    return issues


def check_segment(seg: Segment) -> list[Issue]:
    issues: list[Issue] = []
    if seg.target is None or not seg.target_text.strip():
        if seg.text.strip():
            issues.append(Issue(seg.id, "untranslated", "no English text"))
        return issues
    source, target = seg.text.strip(), seg.target_text.strip()
    if seg.origin != "copy" and target == source and len(FRENCH_WORDS.findall(source)) >= 2:
        issues.append(Issue(seg.id, "untranslated", "the English text is the French text"))
    src_refs, tgt_refs = Counter(footnote_refs(seg.source)), Counter(footnote_refs(seg.target))
    if src_refs != tgt_refs:
        issues.append(
            Issue(seg.id, "code-missing", f"footnote references {sorted(src_refs)} became {sorted(tgt_refs)}")
        )
    if seg.origin != "copy":
        missing = missing_numbers(source, target)
        if missing:
            issues.append(Issue(seg.id, "number-mismatch", f"not in the English: {', '.join(missing)}"))
    return issues


UNATTACHED_DETAIL = "no reference in the text calls note {id}: the editions print it after the body"


def check_document(
    doc: Document,
    unknown: Mapping[str, Iterable[str]] | None = None,
    terms: Mapping[str, Iterable[str]] | None = None,
    covered: Mapping[str, Iterable[str]] | None = None,
) -> list[Issue]:
    """Every check on every segment; `unknown`, `terms` and `covered` by segment id: the engine's unknown words,
    the English terms placed and the French terms they came from. Notes no reference calls are reported too."""
    issues: list[Issue] = []
    for seg in doc.segments():
        issues.extend(check_segment(seg))
        issues.extend(
            check_words(
                seg,
                (unknown or {}).get(seg.id, ()),
                (terms or {}).get(seg.id, ()),
                (covered or {}).get(seg.id, ()),
            )
        )
    for fn in unattached_footnotes(doc):
        owner = next((seg.id for block in fn.blocks for seg in block.segments), footnote_key(fn.id))
        issues.append(Issue(owner, "note-unattached", UNATTACHED_DETAIL.format(id=fn.id)))
    return issues


def unattached_count(issues: list[dict[str, str]]) -> int:
    """How many notes of a QA report could not be attached to the text."""
    return sum(1 for issue in issues if issue.get("kind") == "note-unattached")


def report(
    doc: Document, issues: list[Issue], signature: dict[str, str], glossary: dict[str, int] | None = None
) -> dict[str, Any]:
    """The QA report as written to `<stem>.qa.json`."""
    segments = list(doc.segments())
    translated = sum(
        1 for s in segments if s.target is not None and (s.target_text.strip() or not s.text.strip())
    )
    out: dict[str, Any] = {
        "engine": signature.get("engine", ""),
        "signature": signature,
        "segments": len(segments),
        "translated": translated,
    }
    if glossary is not None:
        out["glossary"] = glossary
    out["issues"] = [i.as_dict() for i in issues]
    return out
