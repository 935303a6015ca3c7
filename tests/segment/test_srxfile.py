"""SRX 2.0 files: OmegaT's and Okapi's shapes, cascading and language maps, malformed files as one-line errors."""

from __future__ import annotations

import pytest

from toolkit.errors import InputError
from toolkit.segment.srx import SrxSegmenter
from toolkit.segment.srxfile import parse_srx

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
