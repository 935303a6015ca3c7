"""QA that sees what the engine did: words left in French or a pivot language, doubled words, missing names,
length outliers (golden tables; English references of the dev set as the no-false-alarm oracle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.stages import through_apertium
from toolkit.model import Segment
from toolkit.pipeline.qa import check_words, doubled_words, length_ratio, missing_names, untranslated_words

DEV_EN = Path(__file__).parents[2] / "benchmarks" / "data" / "apertium-dev.en.txt"

# words Apertium leaves in the English, by language (many seen on real briefs, the rest of the same kinds)
FOREIGN = {
    "ca": [
        "estacionades",
        "estacionats",
        "menciona",
        "reforçament",
        "desenganxat",
        "drons",
        "menteix",
        "amb",
        "dels",
        "perquè",
        "també",
        "està",
        "molt",
        "intranquil·la",
        "txetxens",
        "desenvolupament",
        "aquesta",
        "ciutat",
        "mentre",
        "encara",
        "llavors",
        "assenyala",
        "desplegament",
        "reclutament",
    ],
    "fr": [
        "blogueur",
        "achoppement",
        "bloqués",
        "semaine",
        "après",
        "gouvernement",
        "selon",
        "négociations",
        "désormais",
        "toujours",
        "aujourd'hui",
        "pourparlers",
        "ravitaillement",
        "frappes",
        "mobilisés",
        "chercheur",
        "approvisionnement",
        "lendemain",
        "ingérence",
        "soutien",
    ],
    "es": ["según", "también", "combatientes", "desarrollo", "mientras", "todavía", "después", "además"],
}
CARRIERS = ["The {} was seen near the border.", "Officials say the {} continues.", "{} happened again."]
ENGLISH_WORDS = [
    "per",
    "fonts",
    "via",
    "regime",
    "café",
    "naïve",
    "détente",
    "communiqué",
    "protesters",
    "ponderous",
    "Kyiv",
    "Zaporizhzhia",
    "Lukashenko",
    "drones",
    "bloggers",
    "mobilised",
    "negotiations",
    "stalemate", "rapprochement", "régime", "élite", "protégé",
]


@pytest.mark.parametrize(("lang", "word"), [(lang, w) for lang, words in FOREIGN.items() for w in words])
def test_foreign_word_flagged_by_the_lexicon(lang: str, word: str) -> None:
    for carrier in CARRIERS:
        found = untranslated_words("", carrier.format(word))
        assert [w for w, _why in found] == [word], carrier


@pytest.mark.parametrize("word", ENGLISH_WORDS)
def test_english_word_not_flagged(word: str) -> None:
    assert untranslated_words("", f"The {word} was mentioned twice.") == []


def test_human_english_raises_no_untranslated_word() -> None:
    lines = [line for line in DEV_EN.read_text("utf-8").splitlines() if line.strip()]
    assert len(lines) > 50
    assert [(line, untranslated_words("", line)) for line in lines if untranslated_words("", line)] == []


def test_engine_marks_flag_words_the_lexicon_cannot_place() -> None:
    # `calla` is an English word too (the lily): only the engine's mark says it was left in Catalan
    found = untranslated_words("On se tait, dit zorglub.", "Calla, said zorglub.", unknown=["calla", "zorglub"])
    assert found == [("zorglub", "the engine did not know it")]
    found = untranslated_words("On se tait.", "One calla.", unknown=["calla"])
    assert found == [("calla", "the engine did not know it")]


def test_placed_terms_and_copied_names_are_not_flagged() -> None:
    source = "Thomas de Waal a vu Moscou."
    target = "Thomas de Waal saw Moscow and Zqxv."
    assert untranslated_words(source, target, unknown=["Waal"], terms=["Zqxv"]) == []


def test_cited_titles_in_french_are_not_flagged() -> None:
    source = "Voir « Les négociations de paix », Le Monde."
    assert untranslated_words(source, "See “Les négociations de paix”, Le Monde.") == []


@pytest.mark.parametrize(
    ("text", "doubled"),
    [
        ("the the war", ["the the"]),
        ("European Union union has reacted", ["Union union"]),
        ("in Kyiv Kyiv.", ["Kyiv Kyiv"]),
        ("of of of the", ["of of of"]),
        ("He had had enough.", []),
        ("He said that that was wrong.", []),
        ("the theory", []),
        ("Minsk, Minsk.", []),
    ],
)
def test_doubled_words(text: str, doubled: list[str]) -> None:
    assert doubled_words(text) == doubled


@pytest.mark.parametrize(
    ("source", "target", "missing"),
    [
        ("Selon Thomas de Waal, rien.", "According to Thomas of Waal, nothing.", []),
        ("Il cite Kim Jong-un.", "He cites Kim Jong-one.", ["Jong-un"]),
        ("La ville de Jourdain est calme.", "The city of Jordanian is calm.", ["Jourdain"]),
        ("Il lit Carnegie Europe.", "He reads Carnegie Europa.", ["Europe"]),
        ("Il rencontre Dmitri Peskov.", "He meets Dmitry Peskov.", []),
        ("L’État et le Président.", "The State and the President.", []),
        ("Il part pour les Pays-Bas.", "He leaves for the Netherlands.", []),  # common French words
        (
            "Le chef de l’International Crisis Group.",
            "The head of the International Crises Group.",
            ["Crisis"],
        ),
        ("Il parle à Vardanian.", "He talks to Vardanian.", []),
        ("Il parle de Kavelachvili.", "He talks of Kavelachvili.", []),
        ("Selon Kavelachvili, rien.", "According to him, nothing.", ["Kavelachvili"]),
    ],
)
def test_missing_names(source: str, target: str, missing: list[str]) -> None:
    assert missing_names(source, target) == missing


def test_names_placed_as_terms_are_not_checked_twice() -> None:
    assert missing_names("Il cite Loukachenko.", "He cites Lukashenko.", covered=["Loukachenko"]) == []


@pytest.mark.parametrize(
    ("source", "target", "outlier"),
    [
        (
            "La délégation ukrainienne a quitté la salle avant la fin.",
            "The Ukrainian delegation left the room early.",
            False,
        ),
        ("La délégation ukrainienne a quitté la salle avant la fin.", "It left.", True),
        ("Oui.", "Yes, indeed, certainly, absolutely.", False),  # too short to judge
        ("Les négociations reprendront à Genève.", "Talks resume in Geneva " + "and so on " * 10, True),
    ],
)
def test_length_ratio(source: str, target: str, outlier: bool) -> None:
    assert (length_ratio(source, target) is not None) == outlier


def test_check_words_reports_each_kind() -> None:
    seg = Segment(id="s1", source=["Le blogueur de Jourdain parle longtemps de la guerre en Ukraine."])
    seg.target, seg.origin = ["The the blogueur."], "apertium"
    kinds = [i.kind for i in check_words(seg)]
    assert kinds == ["untranslated-word", "doubled-word", "name-missing", "length-ratio"]
    seg.origin = "copy"
    assert check_words(seg) == []


# French sentences whose Apertium English (Catalan pivot) keeps words in Catalan or French
APERTIUM_LEFTOVERS = [
    "Les voitures stationnées près du Kremlin ont brûlé.",
    "Le blogueur mentionne un point d'achoppement dans les négociations.",
    "Le renforcement des drones inquiète les voisins.",
    "Le ministère a désengagé ses troupes.",
    "Kim Jong-un ment, selon le chercheur.",
    "Au Kremlin, on se tait.",
]


def test_apertium_leftovers_are_all_flagged(tmp_path: Path) -> None:
    from toolkit.terms.lexicon import foreign_language

    path = tmp_path / "left.fr.txt"
    path.write_text("\n\n".join(APERTIUM_LEFTOVERS) + "\n", "utf-8")
    doc, issues = through_apertium(path)
    flagged = {i.segment for i in issues if i.kind == "untranslated-word"}
    for seg in doc.segments():
        text = seg.target_text
        assert not any(mark in text for mark in "*#@"), text  # the marks are stripped from the English
        # independent oracle: every word neither English nor a name is flagged (engine marks or not)
        foreign = [w for w in text.replace("·", "").split() if foreign_language(w.strip(".,;:")) and w.islower()]
        assert not foreign or seg.id in flagged, (text, foreign)
        assert seg.id in flagged, text  # every sentence of this table keeps at least one foreign word
