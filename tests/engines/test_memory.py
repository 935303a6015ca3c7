"""Translation memory: exact matches with the segment's own codes, fuzzy suggestions, the memory engine."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from toolkit.engines import memory as memory_module
from toolkit.engines.memory import MemoryEngine, TranslationMemory, levenshtein, normalise, similarity, tokens
from toolkit.errors import InputError
from toolkit.formats.tmx import TmxUnit, write_tmx
from toolkit.model import Content, End, Ph, Start, Suggestion


def memory(*pairs: tuple[Content, Content]) -> TranslationMemory:
    return TranslationMemory(TmxUnit(list(s), list(t)) for s, t in pairs)


# ---------------------------------------------------------------------------------------------------- exact


@pytest.mark.parametrize(("stored", "query", "hit"), [
    ("Le Bélarus a voté.", "Le Bélarus a voté.", True),
    ("Le Bélarus a voté.", "  Le  Bélarus\u00a0a\tvoté. ", True),  # spaces of every kind, trimmed
    ("12\u202f000 soldats.", "12 000 soldats.", True),  # narrow no-break space
    ("Le Be\u0301larus.", "Le Bélarus.", True),  # decomposed accent (NFC)
    ("Le Bé\u00adlarus.", "Le Bélarus.", True),  # soft hyphen
    ("Le Bélarus a voté.", "le Bélarus a voté.", False),  # case counts
    ("Le Bélarus a voté.", "Le Bélarus a voté", False),  # punctuation counts
    ("Le Bélarus a voté.", "Le Bélarus a voté hier.", False),
])
def test_exact_match_on_normalised_text(stored: str, query: str, hit: bool) -> None:
    mem = memory(([stored], ["EN"]))
    assert (mem.exact([query]) == ["EN"]) is hit


def test_footnote_references_are_the_segments_own() -> None:
    mem = memory((["Des forces russes", Ph("fn", ref="7"), " sont là", Ph("fn", ref="8"), "."],
                  ["Russian forces", Ph("fn", ref="7"), " are there", Ph("fn", ref="8"), "."]))
    got = mem.exact(["Des forces russes", Ph("fn", ref="2"), " sont là", Ph("fn", ref="3"), "."])
    assert got == ["Russian forces", Ph("fn", ref="2"), " are there", Ph("fn", ref="3"), "."]


def test_reordered_references_follow_their_counterparts() -> None:
    mem = memory((["A", Ph("fn", ref="7"), " et B", Ph("fn", ref="8"), "."],
                  ["B", Ph("fn", ref="8"), " and A", Ph("fn", ref="7"), "."]))
    got = mem.exact(["A", Ph("fn", ref="1"), " et B", Ph("fn", ref="2"), "."])
    assert got == ["B", Ph("fn", ref="2"), " and A", Ph("fn", ref="1"), "."]


def test_pairs_take_the_segments_ids_and_hrefs() -> None:
    old, new = "http://old", "http://new"
    mem = memory((
        ["Voir ", Start("link", "9", old), "ici", End("9"), " et ", Start("em", "3"), "là", End("3"), "."],
        ["See ", Start("em", "3"), "there", End("3"), " and ", Start("link", "9", old), "here", End("9"),
         "."],
    ))
    got = mem.exact(
        ["Voir ", Start("link", "1", new), "ici", End("1"), " et ", Start("em", "2"), "là", End("2"), "."])
    assert got == ["See ", Start("em", "2"), "there", End("2"), " and ", Start("link", "1", "http://new"),
                   "here", End("1"), "."]


def test_segment_reference_missing_from_memory_goes_before_final_punctuation() -> None:
    mem = memory((["Le Bélarus a voté."], ["Belarus voted."]))
    match = mem.lookup(["Le Bélarus a voté", Ph("fn", ref="4"), "."])
    assert match is not None
    assert match.target == ["Belarus voted", Ph("fn", ref="4"), "."]
    assert not match.complete  # QA must hear that a code was put back by rule


def test_memory_only_codes_are_dropped() -> None:
    mem = memory((["Le ", Start("strong", "1"), "Bélarus", End("1"), " a voté", Ph("fn", ref="5"), "."],
                  [Start("strong", "1"), "Belarus", End("1"), " voted", Ph("fn", ref="5"), "."]))
    match = mem.lookup(["Le Bélarus a voté."])
    assert match is not None and match.target == ["Belarus voted."] and match.complete


def test_later_units_win() -> None:
    mem = memory((["Oui."], ["Yes."]), (["Oui."], ["Yes indeed."]))
    assert mem.exact(["Oui."]) == ["Yes indeed."]


# ---------------------------------------------------------------------------------------------------- fuzzy


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("le chat dort", "le chat dort", 1.0),
    ("le chat dort", "le chien dort", 2 / 3),  # one substitution in three tokens
    ("le chat dort .", "le chat dort", 3 / 4),  # one deletion in four
    ("a b c d", "d c b a", 0.0),
    ("", "", 1.0),
])
def test_token_levenshtein_ratio(a: str, b: str, expected: float) -> None:
    assert similarity(a, b) == pytest.approx(expected)


def test_levenshtein_stops_early_past_its_limit() -> None:
    assert levenshtein("abcdef", "uvwxyz") == 6
    assert levenshtein("abcdef", "uvwxyz", limit=2) == 3
    assert levenshtein("kitten", "sitting") == 3


def test_tokens_split_words_and_punctuation() -> None:
    assert tokens("L’armée\u00a0russe, 12 000 hommes.") == [
        "L", "’", "armée", "russe", ",", "12", "000", "hommes", "."]
    assert normalise(" a\u202f\u2009b ") == "a b"


def test_fuzzy_ranks_threshold_and_limit() -> None:
    mem = memory(
        (["Les forces russes sont arrivées au Bélarus en octobre."], ["Arrived in October."]),
        (["Les forces russes sont arrivées au Bélarus en novembre."], ["Arrived in November."]),
        (["Les forces russes sont parties du Bélarus en novembre dernier."], ["Russian forces left."]),
        (["Rien à voir."], ["Nothing to do with it."]),
    )
    got = mem.fuzzy("Les forces russes sont arrivées au Bélarus en décembre.")
    # both one word away; on a tie the unit added last comes first
    assert [s.target for s in got] == ["Arrived in November.", "Arrived in October."]
    assert got[0].similarity == pytest.approx(9 / 10) and got[0].origin == "memory"
    assert isinstance(got[0], Suggestion) and got[0].source.startswith("Les forces")
    assert mem.fuzzy("Les forces russes sont arrivées au Bélarus en décembre.", limit=1) == got[:1]
    assert mem.fuzzy("Les forces russes sont arrivées au Bélarus en décembre.", threshold=0.95) == []
    assert mem.fuzzy("") == []


def _sentence(rng: random.Random, vocabulary: list[str]) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(rng.randint(4, 30))) + "."


def _synthetic(n: int, seed: int = 7) -> tuple[TranslationMemory, list[str], random.Random]:
    rng = random.Random(seed)
    common = ["le", "la", "les", "de", "des", "du", "et", "à", "en", "a", "est", "sont", "un", "une"]
    rare = [f"mot{i}" for i in range(3000)]
    vocabulary = common * 40 + rare
    sources = [_sentence(rng, vocabulary) for _ in range(n)]
    return TranslationMemory(TmxUnit([s], [s.upper()]) for s in sources), sources, rng


def _edit(rng: random.Random, sentence: str) -> str:
    words = sentence[:-1].split()
    for _ in range(rng.randint(0, 3)):
        words[rng.randrange(len(words))] = f"autre{rng.randint(0, 9)}"
    return " ".join(words) + "."


def test_prefix_filter_misses_nothing() -> None:
    mem, sources, rng = _synthetic(400)
    for _ in range(40):
        query = _edit(rng, rng.choice(sources))
        brute = sorted((similarity(query, s) for s in {e.text for e in mem.entries}), reverse=True)
        want = [round(x, 4) for x in brute if x >= 0.6 - 1e-9][:5]
        assert [s.similarity for s in mem.fuzzy(query, threshold=0.6, limit=5)] == want


def test_fuzzy_scores_only_a_small_share_of_ten_thousand_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work bound, not a stopwatch: the prefix filter keeps the edit distances computed per query small."""
    mem, sources, rng = _synthetic(10_000)
    queries = [_edit(rng, rng.choice(sources)) for _ in range(100)]
    computed = 0
    real = memory_module.levenshtein

    def counting(a: Sequence[str], b: Sequence[str], limit: int | None = None) -> int:
        nonlocal computed
        computed += 1
        return real(a, b, limit)

    monkeypatch.setattr(memory_module, "levenshtein", counting)
    found = sum(bool(mem.fuzzy(q)) for q in queries)
    assert found >= 60  # edited copies of stored sentences come back
    assert computed / len(queries) <= 0.01 * len(mem), f"{computed / len(queries):.0f} distances per query"


# ------------------------------------------------------------------------------------------ files and engine


def test_from_files_reads_tmx_and_names_them_in_the_signature(tmp_path: Path) -> None:
    first, second = tmp_path / "a.tmx", tmp_path / "b.tmx"
    no = TmxUnit(["Non", Ph("fn", ref="1"), "."], ["No", Ph("fn", ref="1"), "."])
    write_tmx([TmxUnit(["Oui."], ["Yes."]), no], first)
    write_tmx([TmxUnit(["Oui."], ["Yes indeed."])], second, tgtlang="en-GB")
    engine = MemoryEngine.from_files([first, second])
    assert engine.translate(["Oui.", "Non.", "Peut-être."]) == ["Yes indeed.", "No.", ""]
    assert engine.translate_one("Peut-être.") is None
    assert engine.memory.exact(["Non", Ph("fn", ref="6"), "."]) == ["No", Ph("fn", ref="6"), "."]
    sig = engine.signature()
    assert sig["engine"] == "memory" and sig["model"].startswith("a.tmx#") and "+b.tmx#" in sig["model"]
    done: list[int] = []
    engine.translate(["Oui."], progress=done.append)
    assert done == [1]


def test_bad_memory_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx version='1.4'><header/><body><tu>")
    with pytest.raises(InputError, match="not well-formed") as err:
        TranslationMemory.from_files([bad])
    assert str(bad) in str(err.value)
    with pytest.raises(InputError, match="no such file"):
        TranslationMemory.from_files([tmp_path / "missing.tmx"])
