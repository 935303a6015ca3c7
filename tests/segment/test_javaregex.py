"""Java regex translation (the dialect of SRX files): Unicode properties, quoting, possessive and atomic groups."""

from __future__ import annotations

import pytest

from toolkit.segment.javaregex import SrxRegexError, compile_java


@pytest.mark.parametrize(
    ("java", "matching", "not_matching"),
    [
        (r"\p{Lu}", "É", "é"),
        (r"\p{Ll}", "é", "É"),
        (r"\P{Lu}", "é", "É"),
        (r"\p{L}+", "Мінск", "123"),
        (r"\p{IsL}", "ж", "1"),
        (r"\pL", "a", "1"),
        (r"\p{N}", "٣", "a"),
        (r"\p{Nd}+", "2022", "IV"),
        (r"\p{Z}", "\u202f", "a"),
        (r"\p{Zs}", "\u00a0", "\n"),
        (r"\p{Ps}", "(", ")"),
        (r"\p{Pi}", "«", "a"),
        (r"[\p{Lu}\d]", "7", "a"),
        (r"[^\p{Lu}]", "a", "A"),
        (r"[\P{Ll}]", "A", "a"),
        (r"\p{Upper}", "A", "É"),
        (r"\p{Punct}", "!", "«"),
        (r"\p{javaLowerCase}", "ß", "S"),
        (r"\p{InCyrillic}", "ы", "y"),
        (r"\p{IsLatin}", "é", "ж"),
        (r"\QM.\E", "M.", "Mx"),
        (r"[\Q.?\E]", "?", "a"),
        (r"a++b", "aab", "ab-"),
        (r"(?>ab|a)c", "abc", "ac-"),
        (r"a(?i)b", "aB", "AB"),
        (r"a(?i)b|c", "C", "A"),
        (r"(?i:m)me", "Mme", "MME"),
        (r"(?<n>x)\k<n>", "xx", "xy"),
        (r"\x{e9}", "é", "e"),
        (r"\u00e9", "é", "e"),
        (r"\0101", "A", "B"),
        (r"\h", "\u00a0", "\n"),
        (r"\v", "\n", " "),
        (r"[a-c[x-z]]", "y", "d"),
        (r"[&|~]", "&", "a"),
        (r"x\z", "x", "x\n"),
    ],
)
def test_java_regex_translation(java: str, matching: str, not_matching: str) -> None:
    pattern = compile_java(java)
    assert pattern.fullmatch(matching)
    assert not pattern.fullmatch(not_matching)


def test_java_end_of_input_before_final_newline() -> None:
    pattern = compile_java(r"x\Z")
    assert pattern.search("x\n") and pattern.search("x") and not pattern.search("x\ny")


@pytest.mark.parametrize(
    "java", [r"[a-z&&[^aeiou]]", r"\p{Klingon}", r"\G", r"\X", "a\\", "[abc", r"[a[^b]]"]
)
def test_untranslatable_java_regex(java: str) -> None:
    with pytest.raises(SrxRegexError):
        compile_java(java)
