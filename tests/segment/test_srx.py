"""SRX 2.0 engine: Java regex translation, rule files from OmegaT and Okapi, the split invariants."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import InputError
from toolkit.segment.srx import (
    SrxRegexError,
    SrxRule,
    SrxSegmenter,
    java_regex_to_python,
    load_segmenter,
    parse_srx,
)

# Shaped like OmegaT's segment.srx: no cascade attribute (OmegaT cascades), upper-case language
# patterns, a rule with only an afterbreak, and \p{...} classes.
OMEGAT_SRX = r"""<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header></header>
  <body>
    <languagerules>
      <languagerule languagerulename="French">
        <rule break="no">
          <beforebreak>\s[Mm]me\.</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
      </languagerule>
      <languagerule languagerulename="Default">
        <rule break="no">
          <beforebreak>\.\.\.</beforebreak>
          <afterbreak>\s+\P{Lu}</afterbreak>
        </rule>
        <rule break="yes">
          <afterbreak>\n</afterbreak>
        </rule>
        <rule break="yes">
          <beforebreak>[\.\?\!]+</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="FR.*" languagerulename="French"/>
      <languagemap languagepattern=".*" languagerulename="Default"/>
    </maprules>
  </body>
</srx>
"""

# Shaped like Okapi's defaultSegmentation.srx: the okpsrx extension namespace, cascade="no",
# \Q...\E quoting, possessive quantifiers and Unicode categories.
OKAPI_SRX = r"""<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" xmlns:okpsrx="http://okapi.sf.net/srx-extensions" version="2.0">
<header segmentsubflows="yes" cascade="no">
<formathandle type="start" include="no"></formathandle>
<formathandle type="end" include="yes"></formathandle>
<formathandle type="isolated" include="no"></formathandle>
<okpsrx:options oneSegmentIncludesAll="no" trimLeadingWhitespaces="no" trimTrailingWhitespaces="no"/>
<okpsrx:sample language="en" useMappedRules="yes">Mr. Holmes is from the U.K. not the U.S.</okpsrx:sample>
<okpsrx:rangeRule></okpsrx:rangeRule>
</header>
<body>
<languagerules>
<languagerule languagerulename="french">
<rule break="no">
<beforebreak>(\b|\p{Z})[\p{Cc}\p{Cf}]*(\QM.\E|\Qcf.\E)</beforebreak>
<afterbreak>[\p{Cc}\p{Cf}]*\p{Z}++</afterbreak>
</rule>
<rule break="yes">
<beforebreak>[\.!?…]</beforebreak>
<afterbreak>\p{Z}+\p{Lu}</afterbreak>
</rule>
</languagerule>
<languagerule languagerulename="default">
<rule break="no">
<beforebreak>([A-Z]\.){2,}</beforebreak>
<afterbreak>\s</afterbreak>
</rule>
<rule break="yes">
<beforebreak>\.</beforebreak>
<afterbreak>\s</afterbreak>
</rule>
</languagerule>
</languagerules>
<maprules>
<languagemap languagepattern="fr.*" languagerulename="french"></languagemap>
<languagemap languagepattern=".*" languagerulename="default"></languagemap>
</maprules>
</body>
</srx>
"""


def srx_with_rules(rules: str, header: str = '<header cascade="yes"/>') -> bytes:
    return (
        '<srx xmlns="http://www.lisa.org/srx20" version="2.0">'
        f"{header}<body><languagerules><languagerule languagerulename='r'>{rules}</languagerule>"
        "</languagerules><maprules><languagemap languagepattern='.*' languagerulename='r'/>"
        "</maprules></body></srx>"
    ).encode()


# --- Java regex translation -----------------------------------------------------------------------


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
    pattern = re.compile(java_regex_to_python(java))
    assert pattern.fullmatch(matching)
    assert not pattern.fullmatch(not_matching)


def test_java_end_of_input_before_final_newline() -> None:
    pattern = re.compile(java_regex_to_python(r"x\Z"))
    assert pattern.search("x\n") and pattern.search("x") and not pattern.search("x\ny")


@pytest.mark.parametrize(
    "java", [r"[a-z&&[^aeiou]]", r"\p{Klingon}", r"\G", r"\X", "a\\", "[abc", r"[a[^b]]"]
)
def test_untranslatable_java_regex(java: str) -> None:
    with pytest.raises(SrxRegexError):
        java_regex_to_python(java)


# --- SRX files ------------------------------------------------------------------------------------


def test_omegat_style_file_cascades_and_maps_case_insensitively() -> None:
    document = parse_srx(OMEGAT_SRX.encode(), "segment.srx")
    assert document.cascade
    assert document.rule_names_for("fr-FR") == ["French", "Default"]
    assert document.rule_names_for("en") == ["Default"]
    text = "Voici Mme. Dupont. Elle attend... puis part.\nFin"
    french = SrxSegmenter.from_bytes(OMEGAT_SRX.encode(), "segment.srx", "fr")
    assert french.split(text) == ["Voici Mme. Dupont. ", "Elle attend... puis part.\n", "Fin"]
    english = SrxSegmenter.from_bytes(OMEGAT_SRX.encode(), "segment.srx", "en")
    assert english.split(text) == ["Voici Mme. ", "Dupont. ", "Elle attend... puis part.\n", "Fin"]


def test_okapi_style_file_without_cascade_uses_first_map_only() -> None:
    document = parse_srx(OKAPI_SRX.encode(), "defaultSegmentation.srx")
    assert not document.cascade
    assert document.rule_names_for("fr") == ["french"]
    assert document.rule_names_for("en-US") == ["default"]
    text = "M. Holmes vient du U.K. non. Il part. fin"
    french = SrxSegmenter.from_bytes(OKAPI_SRX.encode(), "okapi", "fr")
    # Only the french rules: no U.K. exception, no break before a lower-case word.
    assert french.split(text) == ["M. Holmes vient du U.K. non. ", "Il part. fin"]
    english = SrxSegmenter.from_bytes(OKAPI_SRX.encode(), "okapi", "en")
    assert english.split(text) == ["M. ", "Holmes vient du U.K. non. ", "Il part. ", "fin"]


def test_first_matching_rule_decides() -> None:
    no_then_yes = srx_with_rules(
        "<rule break='no'><beforebreak>Dr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
        "<rule break='yes'><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
    )
    yes_then_no = srx_with_rules(
        "<rule break='yes'><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
        "<rule break='no'><beforebreak>Dr\\.</beforebreak><afterbreak>\\s</afterbreak></rule>"
    )
    text = "Le Dr. House. Fin"
    assert SrxSegmenter.from_bytes(no_then_yes, "t", "fr").split(text) == ["Le Dr. House. ", "Fin"]
    assert SrxSegmenter.from_bytes(yes_then_no, "t", "fr").split(text) == ["Le Dr. ", "House. ", "Fin"]


def test_rules_built_in_code() -> None:
    segmenter = SrxSegmenter([SrxRule(True, r"[;]", r"\s")])
    assert segmenter.split("a; b; c") == ["a; ", "b; ", "c"]
    assert segmenter.break_offsets("a; b; c") == [3, 6]


def test_file_without_namespace_and_comments_inside_patterns_load() -> None:
    data = (
        b"<srx version='2.0'><header cascade='no'/><body><languagerules>"
        b"<languagerule languagerulename='x'><rule><beforebreak>!<!-- bang --></beforebreak>"
        b"<afterbreak> </afterbreak></rule></languagerule></languagerules><maprules>"
        b"<languagemap languagepattern='x.*' languagerulename='x'/></maprules></body></srx>"
    )
    assert SrxSegmenter.from_bytes(data, "t", "xx").split("a! b! c") == ["a! ", "b! ", "c"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<srx><body>", "not well-formed XML"),
        (b"<tmx version='1.4'/>", "not an SRX 2.0 file"),
        (b"<srx xmlns='http://www.lisa.org/srx10' version='1.0'/>", "not an SRX 2.0 file"),
        (b"<srx version='2.0'><header/></srx>", "no <body>"),
        (b"<srx version='2.0'><body/></srx>", "no <languagerule>"),
        (srx_with_rules("<rule break='maybe'/>"), "must be yes or no"),
        (srx_with_rules("<rule/>", header="<header cascade='sometimes'/>"), "must be yes or no"),
        (srx_with_rules("<rule><beforebreak>(</beforebreak></rule>"), "bad regular expression in rule 1"),
        (srx_with_rules("<rule><afterbreak>[a&amp;&amp;b]</afterbreak></rule>"), "intersection"),
        (
            srx_with_rules("").replace(b"languagerulename='r'/>", b"languagerulename='nope'/>"),
            "unknown languagerule 'nope'",
        ),
        (srx_with_rules("").replace(b"languagepattern='.*'", b"languagepattern='en'"), "no SRX languagemap"),
    ],
)
def test_malformed_srx_is_one_line_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        SrxSegmenter.from_bytes(data, "rules.srx", "fr")
    assert message in str(caught.value)
    assert "rules.srx" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_from_file_and_load_segmenter(tmp_path: Path) -> None:
    path = tmp_path / "segment.srx"
    path.write_text(OMEGAT_SRX, encoding="utf-8")
    segmenter = load_segmenter(path, lang="fr")
    assert segmenter.split("Voir Mme. X. Y") == ["Voir Mme. X. ", "Y"]
    with pytest.raises(InputError, match="cannot read SRX file"):
        load_segmenter(tmp_path / "missing.srx")


def test_shipped_rules_load_once() -> None:
    assert load_segmenter() is load_segmenter(None, "fr")
    # The shipped file's common rules serve other languages, without the French exceptions.
    assert load_segmenter(lang="en").split("M. Smith. Yes.") == ["M. ", "Smith. ", "Yes."]


# --- invariants -----------------------------------------------------------------------------------

_TRICKY = [*'aAéÉ1 .?!…»«"”)(—-\n\t\u00a0\u202fMpJ', "M. ", "etc. ", "p. 12", " J.-C. ", "...", "\n\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY) | st.text(max_size=3), max_size=60).map("".join))
def test_split_keeps_every_character_and_never_returns_empty_pieces(text: str) -> None:
    pieces = load_segmenter().split(text)
    assert "".join(pieces) == text
    assert all(pieces)
    assert (pieces == []) == (text == "")
    # Whitespace after a break stays with the sentence before it.
    assert all(not piece[0].isspace() for piece in pieces[1:])


def test_empty_and_blank_text() -> None:
    assert load_segmenter().split("") == []
    assert load_segmenter().split(" \n ") == [" \n "]
