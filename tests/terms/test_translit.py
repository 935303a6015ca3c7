"""Transliteration of French-spelled Slavic names: each rule, the name tables, Western names, running text."""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.terms import translit
from toolkit.terms.translit import (
    NameResult,
    english_name,
    looks_slavic,
    rewrite,
    rules,
    transliterate,
    transliterate_person,
    transliterate_text,
    variety,
)


def table(name: str) -> list[list[str]]:
    text = resources.files("toolkit.terms").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


DEV = [(row[0], row[1]) for row in table("names_dev.tsv")]
HELDOUT = [(row[0], row[1]) for row in table("names_heldout.tsv")]
WESTERN = [row[0] for row in table("names_western.tsv")]
RULES = rules()


# --- each rule -----


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_rule_gives_its_example(rule: translit.Rule) -> None:
    french, english = rule.example.split(">")
    assert transliterate(french) == english
    fired = [rid for part in french.lower().split("-") for rid in rewrite(part)[1]]
    assert rule.id in fired, f"{rule.id} did not fire on its own example {french}"


def test_rule_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("french", "english"),
    [
        # the rules named in the issue, one per line
        ("Poutine", "Putin"),  # ou -> u, final -ine -> -in
        ("Prigojine", "Prigozhin"),  # j -> zh
        ("Narychkine", "Naryshkin"),  # ch -> sh
        ("Tchernihiv", "Chernihiv"),  # tch -> ch
        ("Khrouchtchev", "Khrushchev"),  # chtch -> shch
        ("Sergueï", "Sergei"),  # gue -> ge, final eï -> ei
        ("Guirkine", "Girkin"),  # gui -> gi
        ("Mikhaïl", "Mikhail"),  # ï before a consonant -> i
        ("Krasnoïarsk", "Krasnoyarsk"),  # ï between vowels -> y
        ("Tolstoï", "Tolstoy"),  # -stoï -> -stoy
        ("Djankoï", "Dzhankoi"),  # other final oï -> oi, dj -> dzh
        ("Eltsine", "Yeltsin"),  # initial E -> Ye (Russian)
        ("Enerhodar", "Enerhodar"),  # ... but Ukrainian e stays e
        ("Iejov", "Yezhov"),  # initial Ie -> Ye
        ("Iouri", "Yuri"),  # exception table (the rules would say Yury)
        ("Ioulia", "Yulia"),  # initial Iou -> Yu, final -ia kept
        ("Iakoutsk", "Yakutsk"),  # initial Ia -> Ya
        ("Valeri", "Valery"),  # final -i -> -y
        ("Sotchi", "Sochi"),  # ... but not after ch
        ("Guerassimov", "Gerasimov"),  # doubled s between vowels -> s
        ("Novotcherkassk", "Novocherkassk"),  # ... not before a consonant
        ("Khodorkovski", "Khodorkovsky"),  # -ski -> -sky
        ("Abramovitch", "Abramovich"),  # -vitch -> -vich
        ("Biélgorod", "Belgorod"),  # ié -> e
        ("Piotr", "Pyotr"),  # io after a consonant -> yo (Russian)
        ("Briansk", "Bryansk"),  # exception: -iansk is otherwise Ukrainian
        ("Koupiansk", "Kupiansk"),  # Ukrainian keeps ia
        ("Tcheliabinsk", "Chelyabinsk"),  # Russian ia -> ya
        ("Kropyvnytskyï", "Kropyvnytskyi"),  # yï -> yi
        ("Avdiïvka", "Avdiivka"),
        ("Zaporijjia", "Zaporizhzhia"),
        ("Klitschko", "Klitschko"),  # German tsch stays
    ],
)
def test_issue_rules(french: str, english: str) -> None:
    assert transliterate(french) == english


def test_unknown_context_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown context"):
        translit._holds("Q", "a", "^")


# --- case, hyphens, first names -----


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("POUTINE", "PUTIN"),
        ("Poutine", "Putin"),
        ("poutine", "putin"),
        ("SERGUEÏ CHOÏGOU", "SERGEI SHOIGU"),
        ("Kara-Mourza", "Kara-Murza"),
        ("Ioujno-Sakhalinsk", "Yuzhno-Sakhalinsk"),
        ("Nijni Novgorod", "Nizhny Novgorod"),
    ],
)
def test_case_and_hyphens(french: str, english: str) -> None:
    assert transliterate(french) == english


def test_french_first_name_changes_only_for_a_slavic_person() -> None:
    assert transliterate("Alexandre Loukachenko") == "Alexander Lukashenko"
    assert transliterate("Alexandre Dumas") == "Alexandre Dumas"
    assert transliterate("Maxime Orechkine") == "Maxim Oreshkin"
    assert english_name("Alexandre").english == "Alexandre"
    assert transliterate_person(["Joseph", "Staline"]) == ["Joseph", "Stalin"]


@pytest.mark.parametrize(
    ("first", "english"),
    [
        ("Sergueï", "Sergei"),
        ("Valeri", "Valery"),
        ("Evgueni", "Yevgeny"),
        ("Dmitri", "Dmitry"),
        ("Mikhaïl", "Mikhail"),
        ("Vladimir", "Vladimir"),
        ("Alexeï", "Alexei"),
        ("Andreï", "Andrei"),
        ("Iouri", "Yuri"),
        ("Guennadi", "Gennady"),
        ("Piotr", "Pyotr"),
        ("Fiodor", "Fyodor"),
        ("Volodymyr", "Volodymyr"),
        ("Oleksandr", "Oleksandr"),
        ("Olena", "Olena"),
        ("Ioulia", "Yulia"),
        ("Viatcheslav", "Vyacheslav"),
        ("Anatoli", "Anatoly"),
        ("Arkadi", "Arkady"),
        ("Nikolaï", "Nikolai"),
        ("Maria", "Maria"),
    ],
)
def test_first_names(first: str, english: str) -> None:
    assert transliterate(f"{first} Loukachenko") == f"{english} Lukashenko"


def test_variety() -> None:
    assert variety("Louhansk") == "uk"
    assert variety("Kharkiv") == "uk"
    assert variety("Jytomyr") == "uk"
    assert variety("Tcheliabinsk") == "ru"
    assert variety("Kadyrov") == "ru"


# --- the name tables -----


def accuracy(pairs: list[tuple[str, str]], spell: object) -> tuple[float, list[str]]:
    assert callable(spell)
    wrong = [f"{fr} -> {spell(fr)} (want {en})" for fr, en in pairs if spell(fr) != en]
    return 1 - len(wrong) / len(pairs), wrong


def test_tables_are_big_enough() -> None:
    assert len(DEV) + len(HELDOUT) >= 150
    assert len(WESTERN) >= 80
    assert not {fr for fr, _ in DEV} & {fr for fr, _ in HELDOUT}


# Floors just under what the rules score today (dev 0.979 / held-out 1.000; with detection 0.930 / 0.972):
# a change that costs more than about one name per table fails here.
@pytest.mark.parametrize(("pairs", "floor"), [(DEV, 0.97), (HELDOUT, 0.98)], ids=["dev", "heldout"])
def test_rules_accuracy(pairs: list[tuple[str, str]], floor: float) -> None:
    score, wrong = accuracy(pairs, transliterate)
    assert score >= floor, wrong


@pytest.mark.parametrize(("pairs", "floor"), [(DEV, 0.92), (HELDOUT, 0.95)], ids=["dev", "heldout"])
def test_detection_and_rules_accuracy(pairs: list[tuple[str, str]], floor: float) -> None:
    # what `toolkit translit --no-glossary` prints: the detector decides first, then the rules
    score, wrong = accuracy(pairs, lambda name: english_name(name).english)
    assert score >= floor, wrong


def test_rules_alone_without_exceptions(monkeypatch: pytest.MonkeyPatch) -> None:
    # the exception table is a small supplement: the rules carry the dev table on their own
    monkeypatch.setattr(translit, "exceptions", lambda: {})
    score, wrong = accuracy(DEV, transliterate)
    assert score >= 0.90, wrong


# --- Western names never change -----


@pytest.mark.parametrize("name", WESTERN)
def test_western_name_unchanged(name: str) -> None:
    assert english_name(name) == NameResult(name, name, "unchanged")
    assert transliterate(name) == name
    sentence = f"Yesterday {name} spoke in Paris."
    assert transliterate_text(sentence) == (sentence, [])


def test_western_names_unchanged_by_the_detector_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # the stop-list is a safety net, not the reason they survive: the detector alone rejects them
    monkeypatch.setattr(translit, "western_names", lambda: frozenset())
    changed = [name for name in WESTERN if english_name(name).english != name]
    assert changed == []


@pytest.mark.parametrize(
    "word", ["Shoulder", "Journalists", "Choice", "Routine", "Previous", "Moscow", "Geneva", "Johnson"]
)
def test_english_words_do_not_look_slavic(word: str) -> None:
    assert not looks_slavic(word)


@pytest.mark.parametrize(
    "word", ["Poutine", "Loukachenko", "Zaloujny", "Choïgou", "Prigojine", "Tchernihiv", "Koursk", "Avdiïvka"]
)
def test_slavic_surnames_look_slavic(word: str) -> None:
    assert looks_slavic(word)


def test_lowercase_is_not_a_proper_noun() -> None:
    assert not looks_slavic("poutine")


# --- english_name and the glossary -----

GLOSSARY = {"loukachenko": "Lukashenko", "bélarus": "Belarus", "vladimir poutine": "Vladimir Putin"}


def lookup(french: str) -> str | None:
    return GLOSSARY.get(french.casefold())


def test_english_name_glossary_first() -> None:
    assert english_name("Vladimir Poutine", lookup) == NameResult(
        "Vladimir Poutine", "Vladimir Putin", "glossary"
    )
    assert english_name("Bélarus", lookup) == NameResult("Bélarus", "Belarus", "glossary")
    # the surname from the glossary tells that Alexandre is a Slavic person's first name
    assert english_name("Alexandre Loukachenko", lookup) == NameResult(
        "Alexandre Loukachenko", "Alexander Lukashenko", "rules"
    )
    assert english_name("Loukachenko", lookup).by == "glossary"


def test_english_name_rules_and_unchanged() -> None:
    assert english_name("Sergueï Choïgou") == NameResult("Sergueï Choïgou", "Sergei Shoigu", "rules")
    assert english_name("Lavrov") == NameResult("Lavrov", "Lavrov", "unchanged")
    assert english_name("Le Drian", lookup) == NameResult("Le Drian", "Le Drian", "unchanged")


# --- running text -----


def test_text_seed_sentence() -> None:
    text = (
        "While Sergueï Choïgou and Lavrov - for whom this visit made it possible to meet his new Belarusian "
        "counterpart after the mysterious death of his predecessor, Vladimir Makeï - left Minsk, Vladimir "
        "Poutine talked with Loukachenko."
    )
    out, done = transliterate_text(text)
    assert out == (
        "While Sergei Shoigu and Lavrov - for whom this visit made it possible to meet his new Belarusian "
        "counterpart after the mysterious death of his predecessor, Vladimir Makei - left Minsk, Vladimir "
        "Putin talked with Lukashenko."
    )
    assert done == [
        ("Sergueï Choïgou", "Sergei Shoigu"),
        ("Makeï", "Makei"),
        ("Poutine", "Putin"),
        ("Loukachenko", "Lukashenko"),
    ]


def test_text_first_names_titles_and_possessives() -> None:
    out, done = transliterate_text(
        "General Valeri Zaloujny said so. President Alexandre Loukachenko's plan. "
        "Chief Evgueni Prigojine left."
    )
    assert (
        out == "General Valery Zaluzhny said so. President Alexander Lukashenko's plan. "
        "Chief Yevgeny Prigozhin left."
    )
    assert ("Valeri Zaloujny", "Valery Zaluzhny") in done


def test_text_keeps_no_break_spaces() -> None:
    out, _ = transliterate_text("Sergueï\u00a0Choïgou")
    assert out == "Sergei\u00a0Shoigu"


def test_text_english_sentence_starts_untouched() -> None:
    text = (
        "Shoulder to shoulder. Journalists came. Choice matters. Routine checks. Chernihiv and Kharkiv held."
    )
    assert transliterate_text(text) == (text, [])


def test_text_skip_protects_spans() -> None:
    text = "Poutine met Loukachenko."
    protected = (0, 7)

    def skip(start: int, end: int) -> bool:
        return start < protected[1] and end > protected[0]

    assert transliterate_text(text, skip) == ("Poutine met Lukashenko.", [("Loukachenko", "Lukashenko")])


@pytest.mark.parametrize(("french", "english"), DEV)
def test_text_english_forms_are_fixed_points(french: str, english: str) -> None:
    # the engine may already have produced the English spelling: running again must not alter it
    text = f"Yesterday {english} was mentioned."
    assert transliterate_text(text) == (text, [])


@given(st.text(alphabet=st.characters(blacklist_categories=("Lu", "Lt"))))
def test_text_without_capitals_is_unchanged(text: str) -> None:
    assert transliterate_text(text) == (text, [])
