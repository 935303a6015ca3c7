"""The QA word lists: loaded on the first lookup, dropped by `release` before a long document's editions."""

from __future__ import annotations

import wordfreq

from toolkit.terms import lexicon

WORDS = [("house", "en"), ("molt", "ca"), ("après", "fr"), ("régime", "en"), ("per", "ca")]


def test_release_drops_the_lists_and_a_later_lookup_loads_them_again() -> None:
    before = [lexicon.zipf(word, lang) for word, lang in WORDS]
    assert wordfreq.get_frequency_dict.cache_info().currsize > 0
    lexicon.release()
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0
    assert lexicon.zipf.cache_info().currsize == 0
    assert [lexicon.zipf(word, lang) for word, lang in WORDS] == before
    assert [lexicon.foreign_language(w) for w in ("molt", "après", "house")] == ["ca", "fr", None]
