"""Decoding users' text files (one rule for every reader) and keeping control characters harmless."""

from __future__ import annotations

import pytest

from toolkit.errors import InputError
from toolkit.support.encoding import decode_text, escape_controls, utf16_without_bom, visible_controls

FRENCH = "Le président biélorusse a annoncé « une union » — déjà ?\nDeuxième ligne : été, Noël, œuvre.\n"


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_files_are_read_exactly(codec: str) -> None:
    text, warnings = decode_text(FRENCH.encode(codec), "x.txt")
    assert text.lstrip("\ufeff") == FRENCH
    bomless = codec in ("utf-16-le", "utf-16-be")
    assert warnings == ([f"UTF-16 without a byte-order mark, read as {codec.upper()} (x.txt)"] if bomless else [])


@pytest.mark.parametrize(("codec", "expected"), [("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
                                                 ("utf-8", None), ("cp1252", None)])
def test_utf16_without_bom_is_recognized(codec: str, expected: str | None) -> None:
    assert utf16_without_bom(FRENCH.encode(codec)) == expected


def test_a_whole_windows_1252_file_is_one_warning() -> None:
    text, warnings = decode_text(FRENCH.encode("cp1252", errors="replace"), "x.txt")
    assert text == FRENCH.replace("œ", "œ")
    assert warnings == ["not UTF-8, read as Windows-1252 (x.txt)"]


@pytest.mark.parametrize("odd_lines", [[2], [1, 3], [4]])
def test_mixed_encodings_are_decoded_line_by_line_and_the_lines_named(odd_lines: list[int]) -> None:
    lines = [f"Ligne {n} : café, élève, à bientôt." for n in range(1, 6)]
    data = b"\n".join(line.encode("cp1252" if n in odd_lines else "utf-8")
                      for n, line in enumerate(lines, start=1))
    text, warnings = decode_text(data, "m.md")
    assert text.split("\n") == lines  # no mojibake on either kind of line
    named = ", ".join(map(str, odd_lines))
    assert warnings == [f"mixed encodings: line{'s' if len(odd_lines) > 1 else ''} {named} not UTF-8, read as "
                        f"Windows-1252; the rest as UTF-8 (m.md)"]


def test_damaged_utf16_is_refused() -> None:
    with pytest.raises(InputError, match="damaged UTF-16"):
        decode_text(b"\xff\xfe" + "abc".encode("utf-16-le") + b"\x00\xd8", "x.txt")


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\x1b[31mb", "a\\x1b[31mb"), ("bell\x07", "bell\\x07"), ("tab\tand\nnewline", "tab\tand\nnewline"),
    ("del\x7f", "del\\x7f"), ("c1\x9b2J", "c1\\x9b2J"), ("été", "été"),
])
def test_escape_controls(raw: str, shown: str) -> None:
    assert escape_controls(raw) == shown


def test_visible_controls_keeps_what_xml_can_carry() -> None:
    assert visible_controls("a\x07b\x1bc\td\ne") == "a\u2407b\u241bc\td\ne"


# the glossary's policy: UTF-8 with or without a byte-order mark, nothing else, the bad line named
UTF8_ONLY_CASES = [
    ("plain UTF-8", FRENCH.encode("utf-8"), FRENCH),
    ("UTF-8 with BOM", FRENCH.encode("utf-8-sig"), FRENCH),
    ("empty", b"", ""),
    ("Windows-1252 on line 2", "ok\nété\n".encode("cp1252"), "g.tsv:2"),
    ("Windows-1252 on line 1", "été\nok\n".encode("cp1252"), "g.tsv:1"),
    ("UTF-16 with BOM", FRENCH.encode("utf-16"), "g.tsv:1"),
    ("UTF-16 without BOM", FRENCH.encode("utf-16-le"), "g.tsv:1"),  # never guessed as UTF-16
    ("ASCII with NULs", b"ab\x00c", None),  # NULs are valid UTF-8
]


@pytest.mark.parametrize(("name", "data", "expected"), UTF8_ONLY_CASES, ids=[c[0] for c in UTF8_ONLY_CASES])
def test_utf8_only_policy_reads_utf8_and_names_the_first_bad_line(name: str, data: bytes,
                                                                  expected: str | None) -> None:
    if expected is None:
        text, warnings = decode_text(data, "g.tsv", utf8_only=True)
        assert (text, warnings) == (data.decode("utf-8"), [])
    elif expected.startswith("g.tsv:"):
        with pytest.raises(InputError, match=r"^not UTF-8 text") as info:
            decode_text(data, "g.tsv", utf8_only=True)
        assert info.value.where == expected
    else:
        assert decode_text(data, "g.tsv", utf8_only=True) == (expected, [])
