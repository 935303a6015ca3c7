"""Do-not-translate: names the engine would translate are locked by rules (flagged) or by the user's list (not
flagged); golden tables of names of many origins, and of French words that must still be translated."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.errors import ToolkitError
from toolkit.formats.glossaries import load_policy
from toolkit.model import Segment
from toolkit.terms.dnt import DoNotTranslate, guess_names

GUESSED = [
    ("Selon Thomas de Waal, chercheur invité, rien ne change.", "Thomas de Waal"),
    ("Tweet de Belarusian Hajun project, 19 décembre 2022.", "Belarusian Hajun"),
    ("Ursula von der Leyen a parlé.", "Ursula von der Leyen"),
    ("Selon Kim Jong-un, la guerre continue.", "Kim Jong-un"),
    ("Un rapport de l'International Crisis Group décrit la crise.", "International Crisis Group"),
    ("Il écrit dans le Wall Street Journal chaque semaine.", "Wall Street Journal"),
    ("La lettre de Ursula von der Leyen demande des sanctions.", "Ursula von der Leyen"),
    ("Le prince Mohammed bin Salman a reçu le ministre.", "Mohammed bin Salman"),
    ("Le chercheur Ludwig van Beethoven est cité.", "Ludwig van Beethoven"),
    ("Recep Tayyip Erdogan a rencontré le président.", "Recep Tayyip Erdogan"),
    ("Un article de Carnegie Europe analyse la crise.", "Carnegie Europe"),
    ("La Brookings Institution publie une note.", "Brookings Institution"),
    ("Selon Human Rights Watch, les arrestations continuent.", "Human Rights Watch"),
    ("Le ministre Jean-Yves Le Drian a répondu.", "Jean-Yves Le Drian"),
    ("Le porte-parole Ned Price a démenti.", "Ned Price"),
    ("Selon Bloomberg News, le gaz manque.", "Bloomberg News"),
    ("Le général Mark Milley a parlé.", "Mark Milley"),
    ("La ville de Jourdain est calme.", "Jourdain"),
    ("Le village de Zolotchiv a voté.", "Zolotchiv"),
    ("Les habitants de la commune d’Oradour-sur-Glane se souviennent.", "Oradour-sur-Glane"),
    ("Le port de Berdiansk accueille la flotte.", "Berdiansk"),
    ("La localité de Pokrovsk est encerclée.", "Pokrovsk"),
]
NOT_NAMES = [
    "La Banque Centrale Européenne relève ses taux.",
    "Le Conseil de sécurité se réunit demain.",
    "Les Nations unies condamnent l’attaque.",
    "Selon la Commission, rien ne change.",
    "Le Président et le Premier ministre parlent.",
    "La Cour Suprême a tranché.",
    "La ville de Londres accueille le sommet.",  # a French exonym: translated (London)
    "Le port de Brest est bloqué.",  # common in French: left to the engine
]


@pytest.mark.parametrize(("text", "name"), GUESSED)
def test_names_are_guessed(text: str, name: str) -> None:
    assert name in [s.text for s in guess_names(text)]


@pytest.mark.parametrize("text", NOT_NAMES)
def test_translatable_capitalised_words_are_not_locked(text: str) -> None:
    assert guess_names(text) == []


def test_user_list_literals_and_regexes(tmp_path: Path) -> None:
    path = tmp_path / "dnt.txt"
    path.write_text("# ours\nLe Monde\nre:\\bOp[eé]ration [A-Z]\\w+\n\n", "utf-8")
    listed = DoNotTranslate.load([path])
    text = "Le Monde parle de l’Opération Barkhane et de Le Mondeur."
    assert [s.text for s in listed.spans(text)] == ["Le Monde", "Opération Barkhane"]
    assert not any(s.guessed for s in listed.spans(text))


def test_bad_regex_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "dnt.txt"
    path.write_text("re:(unclosed\n", "utf-8")
    with pytest.raises(ToolkitError, match="bad regular expression"):
        DoNotTranslate.load([path])


def test_policy_locks_listed_and_guessed_names(tmp_path: Path) -> None:
    path = tmp_path / "dnt.txt"
    path.write_text("Le Monde\n", "utf-8")
    policy = load_policy([], use_default=False, dnt=[path])
    seg = Segment("s1", ["Le Monde cite Thomas de Waal."])
    policy.protect(seg, list(seg.source), False)
    kinds = {(e.source, e.kind) for e in policy.expected["s1"]}
    assert kinds == {("Le Monde", "dnt"), ("Thomas de Waal", "dnt-guess")}
    assert all(e.locked and e.target == e.source for e in policy.expected["s1"])


def test_italic_title_is_locked() -> None:
    from toolkit.model import End, Start

    policy = load_policy([], use_default=False)
    seg = Segment("s1", ["Il lit ", Start("em", "1"), "Foreign Affairs", End("1"), " chaque mois."])
    policy.protect(seg, list(seg.source), False)
    assert [(e.source, e.kind) for e in policy.expected["s1"]] == [("Foreign Affairs", "dnt-guess")]
