"""Finding glossary terms in French text, quoted spans, and checking and fixing the English."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.terms.glossary import (
    Entry,
    Glossary,
    adjective_forms,
    french_forms,
    glossary_from_tsv,
    load_default_glossary,
)
from toolkit.terms.match import (
    check_target,
    find_terms,
    fix_forbidden,
    inside,
    quoted_spans,
)

SEED = Path(__file__).parents[2] / "samples" / "belarus-brief.fr.txt"

SMALL = glossary_from_tsv(
    "\n".join(
        [
            "Bélarus\tBelarus\ttype=country",
            "Biélorussie\tBelarus\ttype=country",
            "Ukraine\tUkraine\ttype=country",
            "Russie\tRussia\ttype=country",
            "biélorusse\tBelarusian\ttype=adj",
            "ukrainien\tUkrainian\ttype=adj",
            "russe\tRussian\ttype=adj",
            "polonais\tPolish\ttype=adj;plural=Poles",
            "turc\tTurkish\ttype=adj;forms=turque|turques;plural=Turks",
            "russo-ukrainien\tRusso-Ukrainian\ttype=adj",
            "pro-russe\tpro-Russian\ttype=adj",
            "oblast\toblast\ttype=noun",
            "Poutine\tPutin\ttype=person",
            "Vladimir Poutine\tVladimir Putin\ttype=person",
            "Conseil de sécurité\tSecurity Council\ttype=org",
            "Conseil de sécurité de l'ONU\tUN Security Council\ttype=org",
            "ONU\tUN\ttype=acronym",
            "OTAN\tNATO\ttype=acronym",
            "UE\tEU\ttype=acronym",
            "Union européenne\tEuropean Union\ttype=org",
            "Saint-Pétersbourg\tSt. Petersburg\ttype=city",
            "mer d'Azov\tSea of Azov\ttype=sea",
            "Zaloujny\tZaluzhny\ttype=person",
            "Kiev\tKyiv\ttype=city;forbidden=Kiev",
            "G7\tG7\ttype=acronym",
            "G20\tG20\ttype=acronym",
        ]
    ),
    "small.tsv",
)


def found(text: str, glossary: Glossary = SMALL) -> list[tuple[str, str]]:
    return [(h.source_text, h.target) for h in find_terms(text, glossary)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # elision: the article stays outside the hit, with either apostrophe
        ("l'Ukraine", [("Ukraine", "Ukraine")]),
        ("l’Ukraine", [("Ukraine", "Ukraine")]),
        ("d'Ukraine et de Russie", [("Ukraine", "Ukraine"), ("Russie", "Russia")]),
        ("jusqu’à l’OTAN", [("OTAN", "NATO")]),
        # inflection of adjectives by rule; the English stays the adjective
        ("le président biélorusse", [("biélorusse", "Belarusian")]),
        ("les forces biélorusses", [("biélorusses", "Belarusian")]),
        ("un soldat ukrainien", [("ukrainien", "Ukrainian")]),
        ("l'armée ukrainienne", [("ukrainienne", "Ukrainian")]),
        ("des drones ukrainiens", [("ukrainiens", "Ukrainian")]),
        ("les forces ukrainiennes", [("ukrainiennes", "Ukrainian")]),
        ("les troupes russes", [("russes", "Russian")]),
        ("la frontière polonaise", [("polonaise", "Polish")]),
        ("la presse turque", [("turque", "Turkish")]),
        # a capitalised plural is the people
        ("les Ukrainiens et les Russes", [("Ukrainiens", "Ukrainians"), ("Russes", "Russians")]),
        ("les Polonaises", [("Polonaises", "Poles")]),
        ("LES FORCES RUSSES", [("RUSSES", "Russian")]),
        # plural nouns
        ("deux oblasts", [("oblasts", "oblasts")]),
        # multiword terms and overlaps: the longest wins
        ("Vladimir Poutine a parlé", [("Vladimir Poutine", "Vladimir Putin")]),
        ("Poutine a parlé", [("Poutine", "Putin")]),
        ("le Conseil de sécurité de l'ONU", [("Conseil de sécurité de l'ONU", "UN Security Council")]),
        ("le Conseil de sécurité de l’ONU", [("Conseil de sécurité de l’ONU", "UN Security Council")]),
        ("le Conseil de sécurité a voté", [("Conseil de sécurité", "Security Council")]),
        ("la guerre russo-ukrainienne", [("russo-ukrainienne", "Russo-Ukrainian")]),
        ("les milices pro-russes", [("pro-russes", "pro-Russian")]),
        ("la mer d’Azov", [("mer d’Azov", "Sea of Azov")]),
        ("le Conseil de\u00a0sécurité", [("Conseil de\u00a0sécurité", "Security Council")]),
        # hyphens are word boundaries unless the term itself has one
        ("Saint-Pétersbourg", [("Saint-Pétersbourg", "St. Petersburg")]),
        ("Saint\u2011Pétersbourg", [("Saint\u2011Pétersbourg", "St. Petersburg")]),
        ("la coopération Bélarus-Russie", [("Bélarus", "Belarus"), ("Russie", "Russia")]),
        ("anti-russe", [("russe", "Russian")]),
        # word boundaries: no term inside a longer word
        ("la Biélorussie", [("Biélorussie", "Belarus")]),
        ("russes-ukrainiens", [("russes", "Russian"), ("ukrainiens", "Ukrainian")]),
        ("Ukrainerie Russiens", []),
        # a footnote number glued to the word does not hide it
        ("forces biélorusses2.", [("biélorusses", "Belarusian")]),
        ("le G7 et le G20", [("G7", "G7"), ("G20", "G20")]),
        ("le G 7", []),
        # web and e-mail addresses are never matched
        ("voir https://example.org/Ukraine/Russie et l'Ukraine", [("Ukraine", "Ukraine")]),
        ("www.Russie.ru", []),
        ("écrire à Russie@example.org", []),
        # acronyms are case-sensitive (capitalised as AFP writes them is accepted)
        ("l'ONU et l'UE", [("ONU", "UN"), ("UE", "EU")]),
        ("l'Otan", [("Otan", "NATO")]),
        ("une tue un onu", []),
        # proper nouns need their capital, adjectives do not
        ("une poutine au fromage", []),
        ("Russe", [("Russe", "Russian")]),
        ("l'Union européenne", [("Union européenne", "European Union")]),
        ("BÉLARUS", [("BÉLARUS", "Belarus")]),
    ],
)
def test_matching_table(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_hit_offsets_and_elision() -> None:
    text = "Selon l’Ukraine, d'Ukraine."
    hits = find_terms(text, SMALL)
    assert [(h.start, h.end) for h in hits] == [(8, 15), (19, 26)]
    assert [h.elision for h in hits] == ["l’", "d'"]
    assert [text[h.elision_start : h.end] for h in hits] == ["l’Ukraine", "d'Ukraine"]
    assert all(text[h.start : h.end] == h.source_text for h in hits)


def test_apostrophe_that_is_not_elision_is_not_reported() -> None:
    (hit,) = find_terms("'Ukraine'", SMALL)
    assert hit.elision == "" and hit.source_text == "Ukraine"


def test_decomposed_accents_keep_offsets_in_the_original_text() -> None:
    text = "le Be\u0301larus et la Russie"
    hits = find_terms(text, SMALL)
    assert [text[h.start : h.end] for h in hits] == ["Be\u0301larus", "Russie"]
    assert [h.target for h in hits] == ["Belarus", "Russia"]


def test_skip_drops_candidates_before_overlaps_are_resolved() -> None:
    text = "Vladimir Poutine"
    # refusing the long match leaves room for the shorter one outside the refused span
    hits = find_terms(text, SMALL, skip=lambda start, end: start == 0)
    assert [h.source_text for h in hits] == ["Poutine"]


def test_quoted_titles_are_skipped() -> None:
    text = "Voir « La Russie et l'Ukraine », Le Monde ; la Russie aussi."
    hits = find_terms(text, SMALL, skip=inside(quoted_spans(text)))
    assert [(h.source_text, h.start) for h in hits] == [("Russie", text.rindex("Russie"))]


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ("« a » b « c »", ["« a »", "« c »"]),
        ("« a “b” c » d", ["« a “b” c »"]),
        ("“a « b » c”", ["“a « b » c”"]),
        ('il dit "oui" puis "non"', ['"oui"', '"non"']),
        ("« pas fermé", []),
        ("fermé » seul", []),
        ("« a ‹ b › c »", ["« a ‹ b › c »"]),
    ],
)
def test_quoted_spans(text: str, quotes: list[str]) -> None:
    assert [text[a:b] for a, b in quoted_spans(text)] == quotes


def test_inflection_rules() -> None:
    assert [f for f, _ in adjective_forms("ukrainien")] == [
        "ukrainien",
        "ukrainienne",
        "ukrainiens",
        "ukrainiennes",
    ]
    assert adjective_forms("russe") == [
        ("russe", False),
        ("russe", False),
        ("russes", True),
        ("russes", True),
    ]
    # -ais: the masculine plural looks like the singular and does not count as plural
    assert adjective_forms("polonais") == [
        ("polonais", False), ("polonaise", False), ("polonais", False), ("polonaises", True),
    ]  # fmt: skip
    assert [f for f, _ in adjective_forms("national")] == ["national", "nationale", "nationaux", "nationales"]
    assert [f for f, _ in adjective_forms("letton")] == ["letton", "lettonne", "lettons", "lettonnes"]
    assert [f for f, _ in french_forms(Entry("nord-coréen", "North Korean", kind="adj"))] == [
        "nord-coréen", "nord-coréenne", "nord-coréens", "nord-coréennes",
    ]  # fmt: skip


def test_seed_brief_terms() -> None:
    text = SEED.read_text(encoding="utf-8")
    glossary = load_default_glossary()
    body, _, sources = text.partition("Sources")
    hits = find_terms(body, glossary)
    pairs = {(h.source_text, h.target) for h in hits}
    assert {
        ("biélorusse", "Belarusian"), ("biélorusses", "Belarusian"), ("Bélarus", "Belarus"),
        ("Biélorussie", "Belarus"), ("Valeri Zaloujny", "Valery Zaluzhny"),
        ("Sergueï Choïgou", "Sergei Shoigu"),
        ("Alexandre Loukachenko", "Alexander Lukashenko"), ("Vladimir Makeï", "Vladimir Makei"),
        ("ukrainiennes", "Ukrainian"), ("Astrashytski Haradok", "Astrashytski Haradok"), ("Kyiv", "Kyiv"),
    } <= pairs  # fmt: skip
    # the English titles quoted in the sources are never touched
    in_sources = find_terms(sources, glossary, skip=inside(quoted_spans(sources)))
    for hit in in_sources:
        assert not any(a <= hit.start < b for a, b in quoted_spans(sources))
    assert "Ukraine" not in {h.source_text for h in in_sources}


# -- English side --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "missing"),
    [
        ("Belarus's army", ["Belarus"], []),
        ("Belarus’ army", ["Belarus"], []),
        ("the Belarusian army", ["Belarus"], []),
        ("the belarusian army", ["Belarusian"], []),
        ("Russians and Ukrainians", ["Russian", "Ukrainian"], []),
        ("in Kyiv and Kyiv", ["Kyiv", "Kyiv"], []),
        ("in Kyiv", ["Kyiv", "Kyiv"], ["Kyiv"]),
        ("in Kiev", ["Kyiv"], ["Kyiv"]),
        ("Belarus and its Belarusian allies", ["Belarusian", "Belarus"], []),
        ("the Belarusian forces", ["Belarusian", "Belarus"], ["Belarus"]),
        ("NATO", ["NATO"], []),
        ("nato", ["NATO"], ["NATO"]),
        ("under the deal", ["UN"], ["UN"]),
        ("the UN Security Council", ["UN Security Council"], []),
        ("the UN Security\u00a0Council", ["UN Security Council"], []),
        ("Kyivstar", ["Kyiv"], ["Kyiv"]),
        ("Kyiv3 and NATO4", ["Kyiv", "NATO"], []),
        ("Putinism", ["Putin"], ["Putin"]),
    ],
)
def test_check_target(text: str, expected: list[str], missing: list[str]) -> None:
    assert check_target(text, expected) == missing


@pytest.mark.parametrize(
    ("text", "fixed", "changes"),
    [
        ("Kiev's mayor", "Kyiv's mayor", [("Kiev", "Kyiv")]),
        ("KIEV", "KYIV", [("KIEV", "KYIV")]),
        ("Kievan Rus", "Kievan Rus", []),
        ("kiev", "kiev", []),
        (
            "Byelorussia and White Russia",
            "Belarus and Belarus",
            [("Byelorussia", "Belarus"), ("White Russia", "Belarus")],
        ),
        ("a Belorussian army", "a Belarusian army", [("Belorussian", "Belarusian")]),
        ("Odessa and Kharkov", "Odesa and Kharkiv", [("Odessa", "Odesa"), ("Kharkov", "Kharkiv")]),
        ("see https://example.org/Kiev/news", "see https://example.org/Kiev/news", []),
    ],
)
def test_fix_forbidden(text: str, fixed: str, changes: list[tuple[str, str]]) -> None:
    assert fix_forbidden(text, load_default_glossary()) == (fixed, changes)


def test_fix_forbidden_leaves_quoted_titles_alone() -> None:
    text = "“Kiev under fire”, Reuters. Kiev said"
    fixed, changes = fix_forbidden(text, load_default_glossary(), skip=inside(quoted_spans(text)))
    assert fixed == "“Kiev under fire”, Reuters. Kyiv said"
    assert changes == [("Kiev", "Kyiv")]


def test_empty_inputs() -> None:
    assert find_terms("", SMALL) == []
    assert find_terms("Ukraine", Glossary()) == []
    assert fix_forbidden("Kiev", Glossary()) == ("Kiev", [])
    assert check_target("", []) == []


def test_every_form_of_every_shipped_entry_is_found_in_text() -> None:
    glossary = load_default_glossary()
    for entry in glossary:
        for form, _ in french_forms(entry):
            text = f"Selon {form}, oui."
            hits = find_terms(text, glossary)
            assert [(h.source_text, h.entry.target) for h in hits] == [(form, entry.target)], form
