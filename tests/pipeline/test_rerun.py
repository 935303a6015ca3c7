"""Reruns carry reviewed work by French text: insert, delete, move, edit paragraphs and nothing is lost.

Briefs are real text files read and segmented by the real reader; the oracle is the test's own record of which
sentences it kept, edited or deleted — never the positions or ids the code uses.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.model import Document, Note, Ph
from toolkit.pipeline.prepare import prepare
from toolkit.pipeline.rerun import FUZZY_THRESHOLD, carry_over, match_segments, renumber_target

# sentences unlike one another (below the fuzzy threshold pairwise), so each has one right fate
SENTENCES = [
    "Le président biélorusse a annoncé la création d’un groupe régional conjoint.",
    "Des exercices militaires ont été annoncés hier entre les deux armées.",
    "Aucun signe ne corrobore ces prévisions à ce stade.",
    "La rhétorique de l’alliance reste néanmoins bien présente dans les discours.",
    "Minsk dépend largement de Moscou pour son énergie.",
    "Le communiqué officiel ne mentionne pas l’Ukraine.",
    "Une délégation russe a quitté la capitale vers 23 heures.",
    "Les journalistes n’ont pas été admis à la rencontre.",
    "Le commandant en chef prévoit une offensive en février.",
    "Les frontières du nord sont désormais surveillées jour et nuit.",
    "Plusieurs usines d’armement tournent à plein régime depuis l’été.",
    "Kyiv demande davantage de défense antiaérienne à ses partenaires.",
    "La population civile se prépare à un hiver difficile.",
    "Un accord gazier a été signé pour dix ans.",
    "Les sanctions occidentales frappent surtout le secteur bancaire.",
    "Le ministre des affaires étrangères s’est rendu à Pékin mardi.",
]


def sentence(n: int) -> str:
    return SENTENCES[n]


def brief(paragraphs: list[list[str]], path: Path) -> Document:
    path.write_text("\n\n".join(" ".join(p) for p in paragraphs) + "\n", encoding="utf-8")
    return prepare(path)


def review_all(doc: Document) -> None:
    """A reviewer's English names its own French: the oracle for 'carried to the right sentence'."""
    for seg in doc.segments():
        seg.target, seg.state, seg.origin = [f"EN<{seg.text.strip()}>"], "reviewed", "review"
        seg.notes.append(Note(f"checked: {seg.text.strip()[:30]}", author="Ana"))


def check(old_paragraphs: list[list[str]], new_paragraphs: list[list[str]], tmp_path: Path,
          edited: dict[str, str] | None = None) -> None:
    """Rerun `old` → `new` and assert the three fates: kept (same French), suggestion (edited), retired."""
    edited = edited or {}
    previous = brief(old_paragraphs, tmp_path / "old.fr.txt")
    review_all(previous)
    doc = brief(new_paragraphs, tmp_path / "new.fr.txt")
    carried = carry_over(doc, previous)
    new_sentences = [s for p in new_paragraphs for s in p]
    old_sentences = [s for p in old_paragraphs for s in p]
    for seg in doc.segments():
        french = seg.text.strip()
        if french in old_sentences:
            assert seg.state == "reviewed" and seg.target == [f"EN<{french}>"], seg.id
            assert [n.text for n in seg.notes] == [f"checked: {french[:30]}"]
        else:
            assert seg.state == "initial" and seg.target is None
    suggested = {s.target: sid for sid, found in carried.suggestions.items() for s in found}
    for old_text, new_text in edited.items():
        sid = suggested[f"EN<{old_text}>"]
        assert next(s for s in doc.segments() if s.id == sid).text.strip() == new_text
    retired = {r.source.strip() for r in carried.retired}
    gone = {s for s in old_sentences if s not in new_sentences and s not in edited}
    assert retired == gone
    for r in carried.retired:
        assert r.target == f"EN<{r.source.strip()}>" and r.notes and r.notes[0].author == "Ana"
    assert carried.kept == sum(1 for s in old_sentences if s in new_sentences)
    assert carried.suggested == len(edited)
    assert carried.lost == 0
    assert carried.comments_kept + sum(len(r.notes) for r in carried.retired) == carried.comments_before


BASE = [[sentence(0), sentence(1)], [sentence(2)], [sentence(3), sentence(4)], [sentence(5)]]
NEW = [sentence(10)]


def _edit(text: str) -> str:
    return text.rstrip(".") + ", selon nos sources."


CASES = {
    "insert at the top": ([NEW, *BASE], {}),
    "insert in the middle": ([*BASE[:2], NEW, *BASE[2:]], {}),
    "insert a sentence inside a paragraph": ([[sentence(0), sentence(10), sentence(1)], *BASE[1:]], {}),
    "delete a paragraph": (BASE[:1] + BASE[2:], {}),
    "delete the first sentence": ([[sentence(1)], *BASE[1:]], {}),
    "move the last paragraph first": ([BASE[3], *BASE[:3]], {}),
    "swap two paragraphs": ([BASE[2], BASE[1], BASE[0], BASE[3]], {}),
    "split a paragraph": ([[sentence(0)], [sentence(1)], *BASE[1:]], {}),
    "merge two paragraphs": ([BASE[0] + BASE[1], *BASE[2:]], {}),
    "edit one sentence": ([BASE[0], [_edit(sentence(2))], *BASE[2:]], {sentence(2): _edit(sentence(2))}),
    "edit and insert": ([NEW, BASE[0], [_edit(sentence(2))], *BASE[2:]], {sentence(2): _edit(sentence(2))}),
    "reverse everything": ([list(reversed(p)) for p in reversed(BASE)], {}),
    "nothing changed": (BASE, {}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_reviewed_work_follows_the_french(name: str, tmp_path: Path) -> None:
    new, edited = CASES[name]
    check(BASE, new, tmp_path, edited)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6))
def test_random_insertions_deletions_moves_keep_every_reviewed_segment(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    sentences = list(SENTENCES[:12])
    old = [sentences[i:i + 2] for i in range(0, 8, 2)]
    new = [list(p) for p in old]
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(["insert", "delete", "move"])
        if op == "insert":
            new.insert(rng.randint(0, len(new)), [sentences[rng.randint(8, 11)]])
        elif op == "delete" and len(new) > 1:
            new.pop(rng.randrange(len(new)))
        elif op == "move" and len(new) > 1:
            new.insert(rng.randint(0, len(new) - 1), new.pop(rng.randrange(len(new))))
    # a sentence inserted twice is one French sentence said twice: both copies may carry the review
    flat = [s for p in new for s in p]
    if len(flat) != len(set(flat)):
        return
    check(old, new, tmp_path)


def test_repeated_sentences_go_to_the_one_with_the_same_neighbours(tmp_path: Path) -> None:
    """'Sources.' twice: the reviewed copy is the one between the same sentences as before."""
    a, b, c, d = (sentence(n) for n in range(4))
    previous = brief([[a, "Voir la note."], [b], [c, "Voir la note."], [d]], tmp_path / "old.fr.txt")
    segs = list(previous.segments())
    segs[4].target, segs[4].state = ["See the note (after c)."], "reviewed"
    doc = brief([[sentence(9)], [a, "Voir la note."], [b], [c, "Voir la note."], [d]], tmp_path / "new.fr.txt")
    carry_over(doc, previous)
    got = {seg.id: seg.target for seg in doc.segments() if seg.state == "reviewed"}
    assert got == {"b4.s2": ["See the note (after c)."]}


def test_an_edit_below_the_threshold_is_retired_not_forced_on_another_sentence(tmp_path: Path) -> None:
    previous = brief([[sentence(0)], [sentence(1)]], tmp_path / "old.fr.txt")
    review_all(previous)
    unrelated = "Tout autre chose."
    doc = brief([[sentence(0)], [unrelated]], tmp_path / "new.fr.txt")
    carried = carry_over(doc, previous)
    assert [r.source.strip() for r in carried.retired] == [sentence(1)]
    assert not carried.suggestions and carried.lost == 0
    assert FUZZY_THRESHOLD > 0.3


def test_footnote_references_are_renumbered_with_the_french() -> None:
    old_source = ["Voir ", Ph("fn", ref="3"), " ici."]
    new_source = ["Voir ", Ph("fn", ref="4"), " ici."]
    assert renumber_target(["See ", Ph("fn", ref="3"), " here."], old_source, new_source) == [
        "See ", Ph("fn", ref="4"), " here."]
    assert renumber_target(["See ", Ph("fn", ref="3")], old_source, ["Voir ici."]) is None


def test_matching_is_one_to_one(tmp_path: Path) -> None:
    old = list(brief([[sentence(0)], [sentence(0)]], tmp_path / "a.fr.txt").segments())
    new = list(brief([[sentence(0)], [sentence(0)], [sentence(0)]], tmp_path / "b.fr.txt").segments())
    matched = match_segments(old, new)
    assert sorted(matched.values()) == [0, 1] and len(matched) == 2
