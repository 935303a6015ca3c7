"""Which language a word belongs to: word frequencies (wordfreq) for English, French and the Apertium pivots."""

from __future__ import annotations

import functools
import re

FOREIGN = ("fr", "ca", "es")
LONGEST_WORD = 40  # the source language and both Apertium pivots
# letters English spelling does not use: a word carrying one that English does not know is foreign
ENGLISH_COMMON = 3.0  # Zipf: once per million words
NON_ENGLISH_LETTERS = re.compile(r"[àâäçèéêëìíîïñòóôöùúûüÿœæ·]", re.I)


@functools.lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    """The word's frequency on the Zipf scale (0 unknown, 3 once per million words, 7 `the`)."""
    if len(word) > LONGEST_WORD:
        return 0.0  # no language has such a word, and the lookup would tokenise all of it
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang))


def foreign_language(word: str, margin: float = 1.5) -> str | None:
    """The language (fr, ca, es) a word of an English text more likely belongs to, or None if it reads as English.

    A word is foreign when English uses it less than once in 10 million words (`per`, `fonts` are English
    however common in Catalan) and another language at least `margin` Zipf points more, or when it has a letter
    English does not use and English does not know it.
    """
    lower = word.lower()
    english = zipf(lower, "en")
    if lower.endswith("s") and len(lower) > 3 and NON_ENGLISH_LETTERS.search(lower):
        english = max(english, zipf(lower[:-1], "en"))  # communiqués, protégés: the singular is English
    scores = {lang: zipf(lower, lang) for lang in FOREIGN}
    lang = max(scores, key=lambda k: scores[k])
    best = scores[lang]
    # the rarer a word is in English, the smaller the lead another language needs: loanwords English uses
    # (communiqué, détente, régime) stay English, Catalan `molt` and French `après` do not
    needed = max(margin, 2 * (english - 1))
    if english < ENGLISH_COMMON and best >= 1.0 and best >= english + needed:
        return lang
    if english == 0 and best > 0:
        return lang
    if english < 1.0 and NON_ENGLISH_LETTERS.search(word):
        return lang if best > 0 else "?"
    return None


def release() -> None:
    """Drop the word lists wordfreq has loaded (about 85 MB for the four languages); a later lookup loads them
    again."""
    import sys

    zipf.cache_clear()
    wordfreq = sys.modules.get("wordfreq")
    for name in ("get_frequency_dict", "get_frequency_list", "top_n_list"):
        cached = getattr(wordfreq, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()
