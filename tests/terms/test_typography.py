"""English typography: quotes, apostrophes, French spaces, no-break spaces; idempotent."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from toolkit.terms.typography import english_typography

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("french_style", "english"),
    [
        # guillemets and the spaces inside them
        ("« groupe régional conjoint »", "“groupe régional conjoint”"),
        (f"«{NNBSP}joint group{NNBSP}»", "“joint group”"),
        (f"a «{NBSP}b{NBSP}» c", "a “b” c"),
        ("‹ inner ›", "‘inner’"),
        ("« outer ‹ inner › outer »", "“outer ‘inner’ outer”"),
        (f"“{NBSP}already curly{NBSP}”", "“already curly”"),
        # French spaces before ; : ! ? and %
        ("Note : this ; that ! Why ?", "Note: this; that! Why?"),
        (f"Note{NNBSP}: yes{NBSP}!", "Note: yes!"),
        ("« Why ? »", "“Why?”"),
        (f"50{NBSP}% of them", "50% of them"),
        # no-break spaces
        (f"10{NNBSP}000 soldiers", "10,000 soldiers"),
        (f"1{NBSP}000{NBSP}000 people", "1,000,000 people"),
        (f"30{NNBSP}km from Minsk", f"30{NBSP}km from Minsk"),
        (f"on 19{NBSP}December", f"on 19{NBSP}December"),
        (f"Minsk{NBSP}and{NNBSP}Moscow", "Minsk and Moscow"),
        (f"the war{NBSP}— and after", "the war — and after"),
        # apostrophes and straight quotes
        ("Ukraine's army", "Ukraine’s army"),
        ("the Ukrainians' army", "the Ukrainians’ army"),
        ("in the '90s", "in the ’90s"),
        ("he said 'no' twice", "he said ‘no’ twice"),
        ('he said "no" twice', "he said “no” twice"),
        ('"Quoted" at the start', "“Quoted” at the start"),
        ('(see "A")', "(see “A”)"),
        ('he said "yes." Then', "he said “yes.” Then"),
        # URLs, e-mail addresses and code are left alone
        ("see https://example.org/it's?a=1 now", "see https://example.org/it's?a=1 now"),
        ("see www.example.org/o'k", "see www.example.org/o'k"),
        ("write to o'brien@example.org", "write to o'brien@example.org"),
        ('type `it\'s "raw"` here', 'type `it\'s "raw"` here'),
        # English text that is already right does not move
        ("It’s “fine”: 50% of 10,000.", "It’s “fine”: 50% of 10,000."),
        ("", ""),
    ],
)
def test_typography_table(french_style: str, english: str) -> None:
    assert english_typography(french_style) == english


def test_seed_like_sentence() -> None:
    text = (
        f"The Belarusian leader announced a «{NNBSP}joint regional group{NNBSP}» "
        f"including Russian forces{NNBSP}; "
        'Kyiv\'s answer : "no".'
    )
    assert english_typography(text) == (
        "The Belarusian leader announced a “joint regional group” including Russian forces; "
        "Kyiv’s answer: “no”."
    )


ALPHABET = st.sampled_from(
    [*"ab1 '\"«»‹›“”‘’;:!?%.-(`@", NBSP, NNBSP, "\u2009", "\n", "http://", "www.", "x.org", "000"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
@example("http://‹`«`")  # a curly quote made on the first pass must not let the URL swallow a code span's `
def test_idempotent(text: str) -> None:
    once = english_typography(text)
    assert english_typography(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_idempotent_on_any_text(text: str) -> None:
    once = english_typography(text)
    assert english_typography(once) == once
