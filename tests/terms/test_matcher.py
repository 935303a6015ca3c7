"""The glossary's one matcher finds what a search of every entry, one by one, finds; and its work per sentence does
not grow with entries that never occur.

The oracle below knows nothing of the matcher's index: for every entry and every form it runs its own plain `re`
pattern (whole words, any spacing, either apostrophe or hyphen) over the text, checks case by the entry's rule,
then keeps the longest hits left to right; for forbidden variants it tries every variant at every position,
longest first. The look-alike reading (`reading_map`) and the inflection rules (`french_forms`) are tested in
their own files and used here as given.
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.terms.synthetic import shipped_plus_unused
from toolkit.formats.xliff import parse_xliff
from toolkit.model import plain_text
from toolkit.pipeline.postedit import finish_document
from toolkit.terms.glossary import (
    Entry,
    Glossary,
    fold,
    french_forms,
    glossary_from_tsv,
    load_default_glossary,
)
from toolkit.terms.lookalike import reading_map
from toolkit.terms.match import check_target, find_terms, fix_forbidden, inside, quoted_spans
from toolkit.terms.matcher import TermMatcher, matcher_for
from toolkit.terms.policy import TermPolicy

SEED = Path(__file__).parents[2] / "samples" / "belarus-brief.fr.txt"

SMALL = glossary_from_tsv(
    "\n".join(
        [
            "Ukraine\tUkraine\ttype=country",
            "ukrainien\tUkrainian\ttype=adj",
            "russe\tRussian\ttype=adj",
            "pro-russe\tpro-Russian\ttype=adj",
            "russo-ukrainien\tRusso-Ukrainian\ttype=adj",
            "national\tnational\ttype=adj",
            "polonais\tPolish\ttype=adj;plural=Poles",
            "turc\tTurkish\ttype=adj;forms=turque|turques;plural=Turks",
            "oblast\toblast\ttype=noun",
            "journal\tnewspaper\ttype=noun",
            "réseau\tnetwork\ttype=noun",
            "armée\tarmy\ttype=noun",
            "armée russe\tRussian army\ttype=term",
            "cessez-le-feu\tceasefire\ttype=noun",
            "aujourd'hui\ttoday\ttype=term",
            "Poutine\tPutin\ttype=person",
            "Vladimir Poutine\tVladimir Putin\ttype=person",
            "Conseil de sécurité\tSecurity Council\ttype=org",
            "Conseil de sécurité de l'ONU\tUN Security Council\ttype=org",
            "ONU\tUN\ttype=acronym",
            "OTAN\tNATO\ttype=acronym",
            "UE\tEU\ttype=acronym",
            "SBU\tSBU\ttype=org",
            "G7\tG7\ttype=acronym",
            "S-400\tS-400\ttype=weapon",
            "mer d'Azov\tSea of Azov\ttype=sea",
            "mer Noire\tBlack Sea\ttype=sea",
            "Saint-Pétersbourg\tSt. Petersburg\ttype=city",
            "États-Unis\tUnited States\ttype=country;forms=Etats-Unis",
            "Côte d’Ivoire\tCôte d'Ivoire\ttype=country;forbidden=Ivory Coast",
            "Wagner\tWagner\ttype=org;case=any",
            "Biélorussie\tBelarus\ttype=country;forbidden=Byelorussia|White Russia|Belorussia",
            "biélorusse\tBelarusian\ttype=adj;forbidden=Belorussian|Byelorussian",
            "Kiev\tKyiv\ttype=city;forbidden=Kiev",
            "Kharkov\tKharkiv\ttype=city;forbidden=Kharkov|Char'kov",
            "Dniepr\tDnieper\ttype=river;forbidden=Dnepr|Dnipro River|Dnepr-Bug",
            "Donbass\tDonbas\ttype=region;forbidden=Donbass|the Donbass",
            "Zelensky\tZelensky\ttype=person;forbidden=Zelenskiy|Zelenskyy",
            "Volodymyr Zelensky\tVolodymyr Zelensky\ttype=person;forbidden=Vladimir Zelensky|Zelenskiy",
            "Odessa\tOdesa\ttype=city;forbidden=Odessa|Odessa's",
            "Naftogaz\tNaftogaz\ttype=org;forbidden=Naftohaz|NAK Naftogaz",
            "Tchernobyl\tChernobyl\ttype=city;forbidden=Chornobyl-2",
        ]
    ),
    "small.tsv",
)

# -- the oracle: every entry searched on its own ----------------------------------------------------

_WORDS = re.compile(r"[^\W\d_]+|\d+")  # words: letters or digits, as a reader splits G7 and biélorusses2
_URLS = re.compile(r"(?:https?://|www\.)\S+|[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_ELIDED = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu")


def _boundary(word: str, after: bool) -> str:
    cls = r"\d" if word[0].isdecimal() else r"[^\W\d_]"
    return f"(?!{cls})" if after else f"(?<!{cls})"


@functools.cache
def _form_pattern(form: str) -> re.Pattern[str] | None:
    """A French form anywhere a reader would see it: whole words, any run of spaces, either apostrophe (ʼ is a
    letter and joins words), any hyphen, any case (checked again below)."""
    key = fold(form)
    words = list(_WORDS.finditer(key))
    if not words or words[0].start() != 0 or words[-1].end() != len(key):
        return None  # a form that begins or ends with punctuation is never a run of words
    parts = [_boundary(words[0].group(), after=False)]
    for k, word in enumerate(words):
        if k:
            for ch in key[words[k - 1].end() : word.start()]:
                parts.append({"'": "['’]", "-": "[-‐‑]", " ": r"\s+"}.get(ch, re.escape(ch)))
        parts.append(re.escape(word.group()))
    parts.append(_boundary(words[-1].group(), after=True))
    # a lookahead finds every start, overlapping ones too
    return re.compile("(?=(" + "".join(parts) + "))", re.IGNORECASE)


def _case_fits(entry: Entry, found: str, form: str) -> bool:
    def plain(s: str) -> str:
        return re.sub(r"\s+", " ", re.sub("[‐‑]", "-", re.sub("[’ʼ]", "'", s)))

    if entry.case_mode == "any":
        return True
    if entry.case_mode == "capital":
        return found[0].isupper()
    want = plain(unicodedata.normalize("NFC", form))
    return plain(found) == want or (len(want) >= 3 and plain(found) == want.capitalize())


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    text: str
    source: str
    target: str
    plural: bool
    elision: str


def oracle_terms(text: str, glossary: Glossary, skip: Callable[[int, int], bool] | None = None) -> list[Found]:
    mapped = reading_map(text)
    work = mapped[0] if mapped else text

    def original(a: int, b: int) -> tuple[int, int]:
        return (mapped[1][a], mapped[2][b - 1]) if mapped else (a, b)

    links = [m.span() for m in _URLS.finditer(work)]
    # span -> (rank, entry, plural): an entry spelled so outranks one inflecting to it, then glossary order
    best: dict[tuple[int, int], tuple[tuple[bool, int], Entry, bool]] = {}
    for order, entry in enumerate(glossary):
        taken: set[tuple[int, int]] = set()
        for form, plural in french_forms(entry):
            pattern = _form_pattern(form)
            for m in pattern.finditer(work) if pattern else ():
                span = m.span(1)
                found = work[span[0] : span[1]]
                if span in taken or fold(found) != fold(form):
                    continue
                taken.add(span)
                if not _case_fits(entry, found, form) or any(span[0] < b and span[1] > a for a, b in links):
                    continue
                rank = (fold(entry.source) != fold(form), order)
                if span not in best or rank < best[span][0]:
                    best[span] = (rank, entry, plural)
    chosen: list[tuple[int, int]] = []
    for span in sorted(best, key=lambda s: (s[0] - s[1], s[0])):
        if skip is not None and skip(*original(*span)):
            continue
        if all(span[1] <= a or span[0] >= b for a, b in chosen):
            chosen.append(span)
    out: list[Found] = []
    for a, b in sorted(chosen):
        _rank, entry, plural = best[(a, b)]
        o_start, o_end = original(a, b)
        elided = re.search(r"(?<![^\W\d_])([^\W\d_]+)['’]$", work[:a])
        elision = ""
        if elided and elided.group(1).lower() in _ELIDED:
            elision = text[original(elided.start(), a)[0] : o_start]
        out.append(Found(o_start, o_end, text[o_start:o_end], entry.source, entry.target, plural, elision))
    return out


@functools.cache
def _variant_pattern(variant: str) -> re.Pattern[str]:
    parts = []
    for ch in variant:
        if ch in "'’ʼ":
            parts.append("['’ʼ]")
        elif ch in "-‐‑":
            parts.append("[-‐‑]")
        elif ch.isspace():
            parts.append(r"[\s\-‐‑]+")
        else:
            parts.append(re.escape(ch))
    return re.compile(r"(?<![^\W\d_])" + "".join(parts) + r"(?![^\W\d_])")


def oracle_fix(
    text: str, glossary: Glossary, skip: Callable[[int, int], bool] | None = None
) -> tuple[str, list[tuple[str, str]]]:
    """Every variant (as listed, in capitals) tried on its own at every position, the longest first."""
    right_for: dict[str, str] = {}
    for wrong, right in glossary.forbidden_variants().items():
        right_for[wrong] = right
        right_for.setdefault(wrong.upper(), right.upper())
    variants = sorted(right_for, key=len, reverse=True)
    patterns = [_variant_pattern(v) for v in variants]

    def key(s: str) -> str:
        return re.sub(r"\s+", " ", re.sub("[-‐‑]", "-", re.sub("['’ʼ]", "'", s)))

    by_key = {key(v): right_for[v] for v in variants}
    mapped = reading_map(text)
    work = mapped[0] if mapped else text
    urls = [m.span() for m in _URLS.finditer(text)]
    out, changes, last, pos = [], [], 0, 0
    while pos < len(work):
        m = next((found for p in patterns if (found := p.match(work, pos))), None)
        if m is None:
            pos += 1
            continue
        pos = m.end()
        start, end = (mapped[1][m.start()], mapped[2][m.end() - 1]) if mapped else m.span()
        if any(start < b and end > a for a, b in urls) or (skip is not None and skip(start, end)):
            continue
        if key(m.group(0)) not in by_key or start < last:
            continue
        out.append(text[last:start])
        out.append(by_key[key(m.group(0))])
        changes.append((text[start:end], by_key[key(m.group(0))]))
        last = end
    out.append(text[last:])
    return "".join(out), changes


def matcher_terms(text: str, glossary: Glossary, skip: Callable[[int, int], bool] | None = None) -> list[Found]:
    return [
        Found(h.start, h.end, h.source_text, h.entry.source, h.entry.target, h.plural, h.elision)
        for h in find_terms(text, glossary, skip=skip)
    ]


# -- (a) the same results as the oracle --------------------------------------------------------------

FRENCH = [
    # inflections, elisions, both apostrophes
    "l'Ukraine et l’armée ukrainienne, les Ukrainiens, des drones ukrainiens",
    "les forces russes et l'armée russe ; LES FORCES RUSSES ; la Russe",
    "jusqu’à l’OTAN, qu'Otan, l'ONU et l'UE, une tue un onu",
    "la presse turque, les Turques, des journaux nationaux et un réseau ; des réseaux",
    "les Polonaises, polonais, les frontières polonaises",
    "aujourd'hui, aujourd’hui, aujourdʼhui, Aujourd'hui",
    # multiword, overlapping, longest first
    "Vladimir Poutine a parlé ; Poutine aussi ; une poutine au fromage",
    "le Conseil de sécurité de l'ONU, le Conseil de sécurité a voté, le Conseil de\u00a0sécurité",
    "le Conseil   de\nsécurité de l’ONU",
    "la mer d’Azov, la mer d'Azov, la mer dʼAzov, la mer Noire, la mer noire",
    "l'armée russe-ukrainienne, la guerre russo-ukrainienne, les milices pro-russes, anti-russe",
    # hyphens and separators
    "Saint-Pétersbourg, Saint\u2011Pétersbourg, Saint\u2010Pétersbourg, Saint Pétersbourg, Saint–Pétersbourg",
    "un cessez-le-feu, des cessez-le-feux, le cessez le feu",
    "les États-Unis, les Etats-Unis, les ETATS-UNIS, les états-unis",
    # digits glued, acronyms with digits
    "forces biélorusses2. le G7 et le G 7, G77, S-400 et S400, S-4000",
    # case rules
    "SBU, Sbu, sbu ; Wagner, wagner, WAGNER ; OTAN, Otan, otan, OTan",
    # accents: decomposed, in capitals
    "le Be\u0301larus, la Biélorussie, BIÉLORUSSIE, Bielorussie, la Côte d'Ivoire, la Côte d’Ivoire",
    # look-alikes: a Cyrillic letter, a word joiner, a soft hyphen inside a word
    "à Кiev, à Ki\u2060ev, Pou\u00adtine, l'Ukr\u200baine",
    # words inside longer words are not terms
    "Ukrainerie Russiens, Kievan, Poutinisme, oblasts, ukrainiennement",
    # web and e-mail addresses
    "voir https://example.org/Ukraine/Russie et l'Ukraine, www.OTAN.int, écrire à Ukraine@example.org",
    # quotations (used with the quoted-span skip)
    "Voir « La Russie et l'Ukraine », Le Monde ; “Vladimir Poutine” et Vladimir Poutine",
    "",
    "   ",
    "Ukraine",
]

ENGLISH = [
    "Kiev's mayor, KIEV, kiev, Kievan Rus, Kiev3, Kiev-based",
    "Byelorussia and White Russia, White\u00a0Russia, White-Russia, White  Russia, WHITE RUSSIA",
    "a Belorussian army, Byelorussian, Belorussians",
    "Odessa and Odessa's port, Odessa’s, Odessaʼs, ODESSA'S",
    "Kharkov, Char'kov, Char’kov, Charʼkov, CHAR'KOV",
    "the Dnepr, the Dnipro River, the Dnipro-River, the Dnepr-Bug canal, the Dnepr Bug",
    "the Donbass and Donbass, THE DONBASS",
    "President Zelenskiy, Vladimir Zelensky, Zelenskyy, Volodymyr Zelenskiy",
    "NAK Naftogaz and Naftohaz, NAK  Naftogaz",
    "Ivory Coast, Ivory-Coast, ivory coast, the Ivory Coaster",
    "Chornobyl-2, Chornobyl‑2, Chornobyl 2, CHORNOBYL-2",
    "see https://example.org/Kiev/news and Kiev",
    "“Kiev under fire”, Reuters. Kiev said",
    "Кiev and Ki\u2060ev",
    "",
]


@pytest.mark.parametrize("text", FRENCH)
def test_terms_equal_one_search_per_entry(text: str) -> None:
    assert matcher_terms(text, SMALL) == oracle_terms(text, SMALL)
    skip = inside(quoted_spans(text))
    assert matcher_terms(text, SMALL, skip) == oracle_terms(text, SMALL, skip)


@pytest.mark.parametrize("text", ENGLISH)
def test_forbidden_fix_equals_one_search_per_variant(text: str) -> None:
    assert fix_forbidden(text, SMALL) == oracle_fix(text, SMALL)
    skip = inside(quoted_spans(text))
    assert fix_forbidden(text, SMALL, skip) == oracle_fix(text, SMALL, skip)


def _variants_of(phrase: str, rng: random.Random) -> str:
    """The phrase as a brief may write it: other case, spacing, apostrophe, hyphen, a glued note number."""
    phrase = rng.choice([str, str.upper, str.lower, str.capitalize, str.title])(phrase)
    phrase = re.sub(r" ", lambda _: rng.choice([" ", " ", "\u00a0", "  ", "\n", "-"]), phrase)
    phrase = re.sub(r"['’]", lambda _: rng.choice(["'", "’", "ʼ", " "]), phrase)
    phrase = re.sub(r"-", lambda _: rng.choice(["-", "\u2010", "\u2011", " ", "–"]), phrase)
    return phrase


def _sentences(phrases: list[str], fillers: list[str], seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 5)):
            phrase = _variants_of(rng.choice(phrases), rng)
            before = rng.choice(["", "", " ", "l'", "d’", "qu'", "anti-", "x", "2", "« ", '"', "www."])
            after = rng.choice(["", "", " ", "s", "2", ",", "-", "x", " »", '"', "'s", "’"])
            parts.append(before + phrase + after)
            parts.append(rng.choice(fillers))
        out.append("".join(parts))
    return out


def _phrases(glossary: Glossary) -> tuple[list[str], list[str]]:
    french = [form for entry in glossary for form, _ in french_forms(entry)]
    english = [v for entry in glossary for v in entry.forbidden] + [entry.target for entry in glossary]
    return french, english


def test_random_sentences_small_glossary() -> None:
    french, english = _phrases(SMALL)
    fillers = [" ", " et ", " de la ", ", ", " le ", "-", "", " 12 ", " l'", "\u2060", " (", ") "]
    for text in _sentences(french, fillers, seed=19, count=400):
        assert matcher_terms(text, SMALL) == oracle_terms(text, SMALL), text
        skip = inside(quoted_spans(text))
        assert matcher_terms(text, SMALL, skip) == oracle_terms(text, SMALL, skip), text
    for text in _sentences(english, [" ", " and ", ", ", " the ", "-", "", " 3 ", "'s "], seed=20, count=400):
        assert fix_forbidden(text, SMALL) == oracle_fix(text, SMALL), text


def test_random_sentences_shipped_glossary() -> None:
    glossary = load_default_glossary()
    french, english = _phrases(glossary)
    for text in _sentences(french, [" ", " et ", ", ", " de ", "-", "", " 7 "], seed=21, count=60):
        assert matcher_terms(text, glossary) == oracle_terms(text, glossary), text
    for text in _sentences(english, [" ", " and ", ", ", "-", "", " 7 "], seed=22, count=150):
        assert fix_forbidden(text, glossary) == oracle_fix(text, glossary), text


def test_seed_brief_with_the_shipped_glossary() -> None:
    glossary = load_default_glossary()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        assert matcher_terms(line, glossary) == oracle_terms(line, glossary), line
        skip = inside(quoted_spans(line))
        assert matcher_terms(line, glossary, skip) == oracle_terms(line, glossary, skip), line


@pytest.mark.parametrize(
    ("rows", "text"),
    [
        # a later entry with the same form: the one spelled so wins, then the first listed
        (["russe\tRussian\ttype=adj", "russes\tthe Russians\ttype=noun"], "les russes et les Russes"),
        (["turc\tTurkish\ttype=adj;forms=turques", "turque\tTurk\ttype=noun"], "les turques, la Turque, TURQUES"),
        # two variants with one spelling but for spacing; a variant inside another
        (["A\tB\tforbidden=Kiev Rus|Kiev", "C\tD\tforbidden=Kiev-Rus"], "Kiev Rus, Kiev-Rus, Kiev"),
        # variants that do not begin with a letter: always tried
        (["A\tB\tforbidden='Kiev|2Kiev|-Kiev"], "'Kiev and 2Kiev and -Kiev and x2Kiev"),
        # a variant with a digit between its words, a modifier apostrophe ʼ (a letter to \w)
        (["A\tB\tforbidden=G7 Kiev|Kievʼs"], "G7 Kiev, G7  Kiev, Kievʼs, Kiev's, Kiev’s"),
        # upper-case spelling of a variant whose capitals differ in length (ß)
        (["A\tB\tforbidden=Großkiev"], "Großkiev, GROSSKIEV, GROßKIEV"),
    ],
)
def test_edge_glossaries(rows: list[str], text: str) -> None:
    glossary = glossary_from_tsv("\n".join(rows), "edge.tsv")
    assert matcher_terms(text, glossary) == oracle_terms(text, glossary)
    assert fix_forbidden(text, glossary) == oracle_fix(text, glossary)


def test_one_matcher_per_glossary(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Glossary] = []
    real = TermMatcher.__init__

    def counting(self: TermMatcher, glossary: Glossary) -> None:
        built.append(glossary)
        real(self, glossary)

    monkeypatch.setattr(TermMatcher, "__init__", counting)
    glossary = glossary_from_tsv("\n".join(["Kiev\tKyiv\ttype=city;forbidden=Kiev", "russe\tRussian\ttype=adj"]), "g")
    for text in FRENCH:
        find_terms(text, glossary)
    for text in ENGLISH:
        fix_forbidden(text, glossary)
    assert built == [glossary]


# -- (b) work does not grow with entries that never occur ---------------------------------------------


def _work(glossaries: list[Glossary], run: Callable[[], object]) -> tuple[int, int, int]:
    """Index probes, entries examined and regex searches the matchers of `glossaries` did during `run()`."""

    def total() -> list[int]:
        names = ("probes", "examined", "searches")
        return [sum(getattr(matcher_for(g).work, name) for g in glossaries) for name in names]

    before = total()
    run()
    probes, examined, searches = (a - b for a, b in zip(total(), before, strict=True))
    return probes, examined, searches


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return load_default_glossary()


@pytest.fixture(scope="module")
def unused() -> Glossary:
    return shipped_plus_unused(10_000)


@pytest.fixture(scope="module")
def unused_shared() -> Glossary:
    return shipped_plus_unused(10_000, shared=True)


def test_synthetic_rows_are_really_there_and_unused(unused: Glossary, unused_shared: Glossary) -> None:
    shipped = load_default_glossary()
    for glossary in (unused, unused_shared):
        assert len(glossary) == len(shipped) + 10_000
        assert len(glossary.forbidden_variants()) > len(shipped.forbidden_variants()) + 5_000
    text = SEED.read_text(encoding="utf-8")
    assert [h.entry for h in find_terms(text, unused)] == [h.entry for h in find_terms(text, shipped)]
    # and they are found where they do occur: the index holds them
    last = unused.entries[-1]
    assert [h.entry for h in find_terms(f"à {last.source}.", unused)] == [last]
    wrong = unused.entries[-1].forbidden[0]
    assert fix_forbidden(f"in {wrong}.", unused)[1] == [(wrong, last.target)]


def test_term_work_per_sentence_does_not_grow_with_unused_rows(
    shipped: Glossary, unused: Glossary, unused_shared: Glossary, seed_xliff: Path
) -> None:
    doc, _sig = parse_xliff(seed_xliff.read_bytes(), str(seed_xliff))
    segments = list(doc.segments())
    assert len(segments) > 10
    for seg in segments:
        for text, search in [(seg.text, find_terms), (plain_text(seg.target or []), fix_forbidden)]:

            def work(glossary: Glossary, text: str = text, search: Callable[..., object] = search) -> tuple[int, ...]:
                return _work([glossary], lambda: search(text, glossary))

            base = work(shipped)
            # invented words only: exactly the same work
            assert work(unused) == base, text
            # rows that begin with a word the sentence has: one more probe per word at most, nothing more examined
            probes, examined, searches = work(unused_shared)
            assert (examined, searches) == base[1:], text
            assert base[0] <= probes <= base[0] + len(re.findall(r"\w+", text)), text


def test_post_edit_and_qa_work_does_not_grow_with_unused_rows(
    shipped: Glossary, unused: Glossary, seed_xliff: Path
) -> None:
    """The whole post-edit of the seed brief (placement recorded, forbidden fix, lost-term check) through real
    components: the same probes, entries examined and searches with 10,000 unused rows as without."""

    def post_edit(glossary: Glossary) -> tuple[tuple[int, int, int], list[str]]:
        doc, _sig = parse_xliff(seed_xliff.read_bytes(), str(seed_xliff))
        policy = TermPolicy(glossary)
        reverse = policy._reverse()
        assert reverse is not None

        def run() -> None:
            for seg in doc.segments():
                policy.protect(seg, list(seg.source), False)
                policy.lost_terms(seg)
            finish_document(doc, policy)

        work = _work([glossary, reverse], run)
        english = [plain_text(seg.target or []) for seg in doc.segments()]
        return work, english

    base_work, base_english = post_edit(shipped)
    more_work, more_english = post_edit(unused)
    assert more_english == base_english
    assert more_work == base_work
    assert base_work[0] > 0 and base_work[1] > 0


def test_check_target_is_untouched_by_glossary_size() -> None:
    # the lost-term check takes the expected English terms only: no glossary, nothing to grow
    assert check_target("Kyiv and the Belarusian army", ["Kyiv", "Belarus", "NATO"]) == ["NATO"]
