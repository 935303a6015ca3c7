"""Glued footnote numbers in web copy, chosen over the whole text: a golden table of (text, notes, expected).

The expected column writes each reference as `[n]` where the note is called, by hand: an oracle that does
not share the reader's rules.
"""

from __future__ import annotations

import pytest

from toolkit.formats.txt import parse
from toolkit.model import Document, Ph


def read(body: str, notes: int) -> Document:
    sources = "".join(f"{n}. Source numéro {n}.\n" for n in range(1, notes + 1))
    doc, _warnings = parse(f"{body}\n\nSources\n{sources}", "brief.txt")
    return doc


def marked(doc: Document) -> str:
    """The body with each reference written `[n]`, blocks joined by a blank line."""
    return "\n\n".join(
        "".join(part if isinstance(part, str) else f"[{part.ref}]" for part in block.source
                if isinstance(part, str) or (isinstance(part, Ph) and part.kind == "fn"))
        for block in doc.blocks
    )


CASES: list[tuple[str, int, str]] = [
    # after a word, a closing quote, a parenthesis
    ("Les forces russes1.", 1, "Les forces russes[1]."),
    ("Il a dit « non »1, puis il est parti2.", 2, "Il a dit « non »[1], puis il est parti[2]."),
    ("Le rapport (2023)1 le confirme.", 1, "Le rapport (2023)[1] le confirme."),
    # acronyms
    ("Selon l’UE1.", 1, "Selon l’UE[1]."),
    ("L’OTAN1 et l’UE2 ont parlé. La Russie3.", 3, "L’OTAN[1] et l’UE[2] ont parlé. La Russie[3]."),
    ("Selon l’UE1. Puis la Horki2 et la région3.", 3, "Selon l’UE[1]. Puis la Horki[2] et la région[3]."),
    # percentages
    ("Le taux atteint 45 %1.", 1, "Le taux atteint 45 %[1]."),
    ("Une hausse de 12,5\u00a0%1 puis de 3%2.", 2, "Une hausse de 12,5\u00a0%[1] puis de 3%[2]."),
    # years
    ("En janvier 20231, la guerre.", 1, "En janvier 2023[1], la guerre."),
    ("Le texte1 date de janvier 20252.", 2, "Le texte[1] date de janvier 2025[2]."),
    ("Entre 2022-20231 rien.", 1, "Entre 2022-2023[1] rien."),
    ("It began in 2022.1 Then it grew to 2.5 million.2", 2, "It began in 2022.[1] Then it grew to 2.5 million.[2]"),
    # model numbers: value and reference in one digit run
    ("Les F-161 arrivent.", 1, "Les F-16[1] arrivent."),
    ("Un1. Les F-162 arrivent.", 2, "Un[1]. Les F-16[2] arrivent."),
    ("Le COVID-19 revient1. Les T-72 et les T-802.", 2, "Le COVID-19 revient[1]. Les T-72 et les T-80[2]."),
    ("Le vol MH172 abattu1.", 2, "Le vol MH172 abattu[1]."),
    # digits of names, codes and numbers stay text
    ("Le G7 se réunit1. Le vol MH17 abattu2. Les S-400 livrés3.", 3,
     "Le G7 se réunit[1]. Le vol MH17 abattu[2]. Les S-400 livrés[3]."),
    ("Le G20 se réunit1.", 1, "Le G20 se réunit[1]."),
    ("Ils partent à 23h1.", 1, "Ils partent à 23h[1]."),
    ("Une hausse de 1,5 point1. Rendez-vous à 12:30 ici2.", 2,
     "Une hausse de 1,5 point[1]. Rendez-vous à 12:30 ici[2]."),
    ("Voir p. 12 du rapport1.", 1, "Voir p. 12 du rapport[1]."),
    ("Les chars6. Le G7 se réunit7.", 7, "Les chars[6]. Le G7 se réunit[7]."),  # notes 1–5 stay unattached
    ("Un1. Deux2. Trois3. Quatre4. Cinq5. Les chars6. Le G7 se réunit7.", 7,
     "Un[1]. Deux[2]. Trois[3]. Quatre[4]. Cinq[5]. Les chars[6]. Le G7 se réunit[7]."),
    # the sequence decides between candidates
    ("Le sommet2 puis la réunion1. Ensuite le G7 et la suite2.", 2,
     "Le sommet2 puis la réunion[1]. Ensuite le G7 et la suite[2]."),
    ("Un1 et un autre1 puis deux2.", 2, "Un[1] et un autre1 puis deux[2]."),
    # a number the reader cannot place costs its own note only
    ("Un1. Rien ici. Trois3. Quatre4.", 4, "Un[1]. Rien ici. Trois[3]. Quatre[4]."),
    ("Voir l’article 52. Trois3.", 3, "Voir l’article 52. Trois[3]."),
    # across blocks
    ("Premier paragraphe1.\n\n  • Un point2.\n  • Un autre3.\n\nFin4.", 4,
     "Premier paragraphe[1].\n\nUn point[2].\n\nUn autre[3].\n\nFin[4]."),
]


@pytest.mark.parametrize(("body", "notes", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_glued_references(body: str, notes: int, expected: str) -> None:
    assert marked(read(body, notes)) == expected


# The brief: one missed number used to make every later one literal text.
CASCADE = (
    "Selon l’UE1. Les forces2 avancent. Le F-163 vole. Une hausse de 12 %4. La ville5 et le village6. "
    "Le G20 parle7. Les chars8. En 20229, rien. Les ponts10. Les routes11. Minsk12. Horki13. Les gens14. "
    "La région15. Le MH17 abattu16. Les civils17. En janvier 202518, fin."
)


def test_an_eighteen_note_brief_attaches_every_note_in_sequence() -> None:
    doc = read(CASCADE, 18)
    refs = [p.ref for b in doc.blocks for p in b.source if isinstance(p, Ph)]
    assert refs == [str(n) for n in range(1, 19)]
    text = marked(doc)
    for piece in ("l’UE[1]", "F-16[3]", "12 %[4]", "G20 parle[7]", "2022[9]", "Horki[13]", "région[15]",
                  "MH17 abattu[16]", "janvier 2025[18]"):
        assert piece in text


@pytest.mark.parametrize(("body", "notes", "expected"), [c for c in CASES if "•" not in c[0]])
def test_no_character_is_lost(body: str, notes: int, expected: str) -> None:
    """Put each reference's number back where it was called: the body comes back unchanged."""
    doc = read(body, notes)
    restored = "\n\n".join(
        "".join(p if isinstance(p, str) else p.ref for p in b.source) for b in doc.blocks
    )
    assert restored == body
