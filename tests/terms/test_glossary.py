"""Glossary entries, OmegaT TSV loading and its errors, merging, hashing, and the shipped glossary."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.commands.glossary import find_problems
from toolkit.errors import InputError
from toolkit.formats.glossaries import load_glossaries, load_glossary, save_glossary
from toolkit.terms.glossary import (
    Entry,
    Glossary,
    glossary_from_tsv,
    load_default_glossary,
)

ROOT = Path(__file__).parents[2]
SHIPPED = ROOT / "glossaries" / "fr-en.tsv"
PACKAGED = ROOT / "toolkit" / "data" / "fr-en.tsv"


def write(tmp_path: Path, text: str, name: str = "g.tsv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


# -- reading ---------------------------------------------------------------------------------------


def test_reads_omegat_tsv_with_bom_comments_blank_lines_and_tags(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "# my glossary\n\nKiev\tKyiv\ttype=city;lang=uk;forbidden=Kiev|Kiyv;capital city\r\n"
        "biélorusse\tBelarusian\ttype=adj\nOTAN\tNATO\n",
        bom=True,
    )
    g = load_glossary(path)
    assert [e.source for e in g] == ["Kiev", "biélorusse", "OTAN"]
    kiev = g.entries[0]
    assert (kiev.target, kiev.kind, kiev.lang, kiev.forbidden) == ("Kyiv", "city", "uk", ("Kiev", "Kiyv"))
    assert kiev.comment == "type=city;lang=uk;forbidden=Kiev|Kiyv;capital city"
    assert g.entries[2] == Entry("OTAN", "NATO")
    assert g.names == ("g.tsv",)


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("a\tb\nno tab here\n", 2, "no TAB"),
        ("# c\n\nx\t\tnote\n", 3, "empty target"),
        ("\tb\n", 1, "empty source"),
        ("a\tb\tc\td\n", 1, "at most 3"),
        ("a\tb\ttype=town\n", 1, "unknown type 'town'"),
        ("a\tb\tcase=upper\n", 1, "unknown case 'upper'"),
        ("Kiev\tKyiv\tforbidden=Kyiv\n", 1, "also listed as forbidden"),
    ],
)
def test_malformed_line_names_file_and_line(tmp_path: Path, text: str, line: int, what: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_glossary(path)
    assert err.value.where == f"{path}:{line}"
    assert what in err.value.message


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tsv"
    path.write_bytes("a\tb\nBélarus\tBelarus\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8") as err:
        load_glossary(path)
    assert err.value.where == f"{path}:2"


def test_missing_file_and_directory_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such glossary file"):
        load_glossary(tmp_path / "nope.tsv")
    with pytest.raises(InputError, match="directory"):
        load_glossary(tmp_path)


# -- lookups, variants, case policy ------------------------------------------------------------------


def test_lookup_is_case_insensitive_and_knows_inflected_forms() -> None:
    g = glossary_from_tsv("Bélarus\tBelarus\nukrainien\tUkrainian\ttype=adj\nOTAN\tNATO\n", "t.tsv")
    assert g.lookup("bélarus") == "Belarus"
    assert g.lookup("BÉLARUS") == "Belarus"
    assert g.lookup("ukrainiennes") == "Ukrainian"
    assert g.lookup("Otan") == "NATO"
    assert g.lookup("Biélorussie") is None
    assert "bélarus" in g and "Minsk" not in g


def test_lookup_accepts_decomposed_accents_and_typographic_apostrophes() -> None:
    g = glossary_from_tsv("mer d'Azov\tSea of Azov\n", "t.tsv")
    assert g.lookup("mer d’Azov") == "Sea of Azov"
    decomposed = glossary_from_tsv("Bélarus\tBelarus\n", "t.tsv")
    assert decomposed.lookup("Be\u0301larus") == "Belarus"


def test_forbidden_variants_map_wrong_to_right() -> None:
    g = glossary_from_tsv(
        "Kiev\tKyiv\tforbidden=Kiev\nbiélorusse\tBelarusian\ttype=adj;forbidden=Byelorussian|Belorussian\n",
        "t.tsv",
    )
    assert g.forbidden_variants() == {
        "Kiev": "Kyiv",
        "Byelorussian": "Belarusian",
        "Belorussian": "Belarusian",
    }


@pytest.mark.parametrize(
    ("entry", "mode"),
    [
        (Entry("OTAN", "NATO"), "exact"),
        (Entry("G7", "G7"), "exact"),
        (Entry("S-400", "S-400"), "exact"),
        (Entry("A", "A"), "capital"),  # a lone capital is a word, not an acronym
        (Entry("Poutine", "Putin"), "capital"),
        (Entry("mer Noire", "Black Sea"), "any"),
        (Entry("Russie unie", "United Russia", case="exact"), "exact"),
    ],
)
def test_case_mode_follows_the_source_spelling(entry: Entry, mode: str) -> None:
    assert entry.case_mode == mode


# -- identity of content ------------------------------------------------------------------------------


def test_sha256_ignores_order_comment_lines_and_spacing_but_not_content() -> None:
    a = glossary_from_tsv("# one\nA\tB\nC\tD\ttype=city\n", "a.tsv")
    b = glossary_from_tsv("C\tD\ttype=city\n\n# two\n A \tB\n", "b.tsv")
    c = glossary_from_tsv("A\tB\nC\tE\ttype=city\n", "c.tsv")
    assert a.sha256 == b.sha256
    assert a.sha256 != c.sha256
    assert len(a.sha256) == 64
    assert a.signature().startswith("a.tsv (2 entries, sha256 ")


def test_merge_later_wins_and_keeps_positions() -> None:
    first = glossary_from_tsv("Kiev\tKiev\nMinsk\tMinsk\n", "first.tsv")
    second = glossary_from_tsv("kiev\tKyiv\nGomel\tGomel\n", "second.tsv")
    merged = first.merge(second)
    assert [(e.source, e.target) for e in merged] == [
        ("kiev", "Kyiv"),
        ("Minsk", "Minsk"),
        ("Gomel", "Gomel"),
    ]
    assert merged.names == ("first.tsv", "second.tsv")
    assert first.lookup("Kiev") == "Kiev"  # merging leaves its operands alone


def test_duplicate_in_one_file_later_line_wins(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, "Odessa\tOdessa\nOdessa\tOdesa\n"))
    assert len(g) == 1 and g.lookup("Odessa") == "Odesa"


def test_load_glossaries_default_then_files_in_order(tmp_path: Path) -> None:
    one = write(tmp_path, "Kiev\tKiev (one)\nFoo\tBar\n", "one.tsv")
    two = write(tmp_path, "Kiev\tKiev (two)\n", "two.tsv")
    g = load_glossaries([one, two], use_default=True)
    assert g.lookup("Kiev") == "Kiev (two)"
    assert g.lookup("Foo") == "Bar"
    assert g.lookup("Biélorussie") == "Belarus"
    assert g.names == ("fr-en.tsv", "one.tsv", "two.tsv")
    alone = load_glossaries([one], use_default=False)
    assert alone.lookup("Biélorussie") is None and len(alone) == 2
    assert len(load_glossaries([], use_default=False)) == 0


def test_save_then_load_gives_the_same_entries(tmp_path: Path) -> None:
    g = glossary_from_tsv("Kiev\tKyiv\ttype=city;forbidden=Kiev\nOTAN\tNATO\n", "t.tsv")
    out = tmp_path / "out.tsv"
    save_glossary(g, out)
    assert out.read_text(encoding="utf-8").startswith("# ")
    assert load_glossary(out).entries == g.entries


def test_save_refuses_a_tab_inside_a_cell(tmp_path: Path) -> None:
    g = Glossary([Entry("a\tb", "c")])
    with pytest.raises(InputError, match="tab or line break"):
        save_glossary(g, tmp_path / "bad.tsv")
    assert not list(tmp_path.iterdir())


# -- the shipped glossary ---------------------------------------------------------------------------


def test_packaged_copy_is_identical_to_glossaries_fr_en() -> None:
    # the package ships toolkit/data/fr-en.tsv so installs find it; edit glossaries/fr-en.tsv, then
    # cp glossaries/fr-en.tsv toolkit/data/fr-en.tsv
    assert PACKAGED.read_bytes() == SHIPPED.read_bytes()


def test_shipped_glossary_is_clean_and_large() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert find_problems(text, str(SHIPPED)) == []
    g = load_default_glossary()
    assert len(g) >= 400
    assert g.names == ("fr-en.tsv",)


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("Bélarus", "Belarus"), ("Biélorussie", "Belarus"), ("biélorusses", "Belarusian"),
        ("Zaloujny", "Zaluzhny"), ("Valeri Zaloujny", "Valery Zaluzhny"), ("Kyiv", "Kyiv"), ("Kiev", "Kyiv"),
        ("Alexandre Loukachenko", "Alexander Lukashenko"), ("Sergueï Choïgou", "Sergei Shoigu"),
        ("Vladimir Makeï", "Vladimir Makei"), ("Poutine", "Putin"), ("Moscou", "Moscow"),
        ("OTAN", "NATO"), ("AIEA", "IAEA"), ("ONU", "UN"), ("UE", "EU"), ("Donbass", "Donbas"),
        ("Odessa", "Odesa"), ("Zaporijjia", "Zaporizhzhia"), ("Dniepr", "Dnieper"), ("Moldavie", "Moldova"),
        ("Saint-Pétersbourg", "St. Petersburg"), ("Tchernobyl", "Chernobyl"), ("ukrainiennes", "Ukrainian"),
        ("Organisation de coopération de Shanghai", "Shanghai Cooperation Organisation"),
    ],
)  # fmt: skip
def test_shipped_glossary_has_the_domain_pairs(french: str, english: str) -> None:
    assert load_default_glossary().lookup(french) == english


def test_shipped_glossary_forbids_the_old_spellings() -> None:
    variants = load_default_glossary().forbidden_variants()
    expected = [
        ("Kiev", "Kyiv"), ("Byelorussia", "Belarus"), ("Belorussia", "Belarus"), ("White Russia", "Belarus"),
        ("Kharkov", "Kharkiv"), ("Lvov", "Lviv"), ("Odessa", "Odesa"), ("Belorussian", "Belarusian"),
        ("Donbass", "Donbas"),
    ]  # fmt: skip
    for wrong, right in expected:
        assert variants[wrong] == right
    targets = {e.target for e in load_default_glossary()}
    assert not targets & set(variants)
