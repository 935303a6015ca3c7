"""Glossaries: entries, OmegaT TSV reading and writing, merging, the shipped default and its hash."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.errors import InputError

DEFAULT_GLOSSARY = "fr-en.tsv"

# Tags the comment column may carry (`key=value;key=value`); any other part is a free note.
TAG_KEYS = frozenset({"type", "lang", "forbidden", "plural", "forms", "case"})
KINDS = frozenset(
    {
        "country", "adj", "noun", "city", "region", "river", "sea", "site",
        "person", "org", "acronym", "party", "media", "event", "weapon", "term",
    }
)  # fmt: skip
CASE_MODES = frozenset({"exact", "capital", "any"})

_TAG = re.compile(r"^\s*([a-z]+)\s*=\s*(.*?)\s*$")
_ONE_KIND = str.maketrans({"’": "'", "ʼ": "'", "\u2010": "-", "\u2011": "-"})
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 15)
def normalize(text: str) -> str:
    """NFC with one kind of apostrophe, hyphen and space: the form keys and hashes are made from."""
    if not text.isascii():  # ASCII is NFC and has one kind of apostrophe and hyphen already
        text = unicodedata.normalize("NFC", text).translate(_ONE_KIND)
    return _SPACES.sub(" ", text).strip()


@functools.lru_cache(maxsize=1 << 15)
def fold(text: str) -> str:
    """The case-insensitive key of a French or English term."""
    return normalize(text).casefold()


def parse_comment(comment: str) -> dict[str, str]:
    """The `key=value` tags of a comment cell; parts that are not known tags are free notes, ignored here."""
    tags: dict[str, str] = {}
    for part in comment.split(";"):
        m = _TAG.match(part)
        if m and m.group(1) in TAG_KEYS:
            tags[m.group(1)] = m.group(2)
    return tags


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


@dataclass(frozen=True)
class Entry:
    """One French term and its one English rendering; `forbidden` lists English spellings never to publish."""

    source: str
    target: str
    comment: str = ""
    forbidden: tuple[str, ...] = ()
    kind: str = ""
    lang: str = ""  # language of origin of a name: ru, uk, be ... (for the transliteration review)
    plural: str = ""  # English plural when a capitalised plural French form is a noun (Ukrainiens)
    forms: tuple[str, ...] = ()  # French forms general inflection rules cannot produce (turque)
    case: str = ""  # exact | capital | any; empty = decided from the source's spelling

    @classmethod
    def from_columns(cls, source: str, target: str, comment: str = "") -> Entry:
        """Build an entry from the three TSV cells, reading the tags of the comment."""
        tags = parse_comment(comment)
        return cls(
            source=normalize(source),
            target=normalize(target),
            comment=comment.strip(),
            forbidden=_split_list(tags.get("forbidden", "")),
            kind=tags.get("type", ""),
            lang=tags.get("lang", ""),
            plural=tags.get("plural", ""),
            forms=_split_list(tags.get("forms", "")),
            case=tags.get("case", ""),
        )

    @property
    def case_mode(self) -> str:
        """How letter case must match in French text: acronyms exactly, capitalised names need a capital."""
        if self.case:
            return self.case
        letters = [c for c in self.source if c.isalpha()]
        has_digit = any(c.isdigit() for c in self.source)
        if letters and all(c.isupper() for c in letters) and (len(letters) >= 2 or has_digit):
            return "exact"
        if self.source[:1].isupper():
            return "capital"
        return "any"


def check_entry(entry: Entry) -> list[str]:
    """Problems with one entry's cells, as short phrases (empty when the entry is sound)."""
    problems: list[str] = []
    if not entry.source:
        problems.append("empty source term")
    if not entry.target:
        problems.append("empty target term")
    if entry.kind and entry.kind not in KINDS:
        problems.append(f"unknown type '{entry.kind}' (known: {', '.join(sorted(KINDS))})")
    if entry.case and entry.case not in CASE_MODES:
        problems.append(f"unknown case '{entry.case}' (known: {', '.join(sorted(CASE_MODES))})")
    if any(fold(f) == fold(entry.target) for f in entry.forbidden):
        problems.append(f"target '{entry.target}' is also listed as forbidden")
    return problems


@dataclass
class Glossary:
    """Entries in order, one per French term (case-insensitive); `names` says which files they came from."""

    entries: list[Entry] = field(default_factory=list)
    names: tuple[str, ...] = ()
    _index: dict[str, Entry] = field(init=False, repr=False, compare=False, default_factory=dict)
    # the glossary's TermMatcher, filled by toolkit.terms.matcher.matcher_for on first use (never copied)
    _matcher: Any = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        # one entry per French term: a later duplicate replaces the earlier one in place
        by_key: dict[str, Entry] = {}
        for entry in self.entries:
            by_key[fold(entry.source)] = entry
        seen: set[str] = set()
        unique: list[Entry] = []
        for entry in self.entries:
            key = fold(entry.source)
            if key not in seen:
                seen.add(key)
                unique.append(by_key[key])
        self.entries = unique
        self._index = by_key

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __contains__(self, french: object) -> bool:
        return isinstance(french, str) and self.entry(french) is not None

    def entry(self, french: str) -> Entry | None:
        """The entry for a French term or any of its inflected forms, ignoring case."""
        key = fold(french)
        found = self._index.get(key)
        if found is not None:
            return found
        forms = self.inflection_index.get(key)
        return forms[0][0] if forms else None

    def lookup(self, french: str) -> str | None:
        """The English term for a French term or inflected form (adjectives give the English adjective)."""
        found = self.entry(french)
        return found.target if found else None

    def forbidden_variants(self) -> dict[str, str]:
        """Every forbidden English spelling mapped to the spelling to use instead (later entries win)."""
        out: dict[str, str] = {}
        for entry in self.entries:
            for wrong in entry.forbidden:
                out[wrong] = entry.target
        return out

    @cached_property
    def inflection_index(self) -> dict[str, list[tuple[Entry, bool]]]:
        """Folded French form -> (entry, form is plural), for the matcher and for lookups."""
        index: dict[str, list[tuple[Entry, bool]]] = {}
        for entry in self.entries:
            for form, plural in french_forms(entry):
                bucket = index.setdefault(fold(form), [])
                if all(e is not entry for e, _ in bucket):
                    bucket.append((entry, plural))
        # an entry whose own source is the form outranks one that merely inflects to it
        for key, bucket in index.items():
            bucket.sort(key=lambda pair: fold(pair[0].source) != key)
        return index

    @property
    def sha256(self) -> str:
        """Hash of the normalised content, independent of order, comments lines and blank lines."""
        lines = sorted(f"{normalize(e.source)}\t{normalize(e.target)}\t{normalize(e.comment)}" for e in self)
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    def signature(self) -> str:
        """One line for output metadata: which glossaries, how many entries, which content."""
        names = "+".join(self.names) if self.names else "none"
        return f"{names} ({len(self)} entries, sha256 {self.sha256[:16]})"

    def merge(self, other: Glossary) -> Glossary:
        """A new glossary with both sets of entries; on the same French term `other` wins."""
        return Glossary([*self.entries, *other.entries], names=(*self.names, *other.names))

    def to_tsv(self, header: Sequence[str] = ()) -> str:
        """OmegaT TSV text: `#` header lines, then source TAB target TAB comment per entry."""
        out = [f"# {line}".rstrip() for line in header]
        for entry in self:
            cells = (entry.source, entry.target, entry.comment)
            if any(c in cell for cell in cells for c in "\t\r\n"):
                raise InputError(f"a tab or line break inside the entry '{entry.source}' cannot be written")
            out.append("\t".join(cells).rstrip("\t"))
        return "\n".join(out) + "\n"

    def to_omegat(self, header: Sequence[str] = ()) -> str:
        """OmegaT's own glossary text (`.txt`, `.utf8`, `.tab`): French TAB English TAB comment, with no
        forbidden spelling anywhere — OmegaT shows every word of a line, and a forbidden one must not be offered.
        """
        return Glossary([replace(e, comment=_without_tag(e.comment, "forbidden"), forbidden=()) for e in self],
                        names=self.names).to_tsv(header)


def _without_tag(comment: str, key: str) -> str:
    """The comment cell without its `key=` tag (other tags and free notes kept as written)."""
    parts = [p for p in comment.split(";") if not ((m := _TAG.match(p)) and m.group(1) == key)]
    return ";".join(parts).strip(" ;")


@dataclass(frozen=True)
class Problem:
    """A problem found in a glossary file, with its line number."""

    line: int
    message: str


def parse_tsv(text: str, where: str) -> tuple[list[tuple[int, Entry]], list[Problem]]:
    """Every well-formed entry with its line number, and every problem found; never raises."""
    entries: list[tuple[int, Entry]] = []
    problems: list[Problem] = []
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            problems.append(Problem(number, "expected source TAB target [TAB comment], found no TAB"))
            continue
        if len(cells) > 3:
            problems.append(Problem(number, f"expected at most 3 TAB-separated cells, found {len(cells)}"))
            continue
        source, target = cells[0].strip(), cells[1].strip()
        comment = cells[2].strip() if len(cells) == 3 else ""
        entry = Entry.from_columns(source, target, comment)
        bad = check_entry(entry)
        if bad:
            problems.extend(Problem(number, msg) for msg in bad)
            continue
        entries.append((number, entry))
    return entries, problems


def _decode(data: bytes, where: str) -> str:
    """A glossary is UTF-8, with or without a byte-order mark (`toolkit.support.encoding`, UTF-8 only)."""
    from toolkit.support.encoding import decode_text

    return decode_text(data, where, utf8_only=True)[0]


def glossary_from_tsv(text: str, where: str, name: str = "") -> Glossary:
    """Parse TSV text; the first malformed line raises an InputError naming `where:line`."""
    entries, problems = parse_tsv(text, where)
    if problems:
        first = problems[0]
        raise InputError(f"malformed glossary line: {first.message}", f"{where}:{first.line}")
    return Glossary([e for _, e in entries], names=(name or Path(where).name,))


def read_glossary_bytes(path: str | Path) -> tuple[str, str]:
    """The decoded text of a glossary file and the name it is reported under."""
    from toolkit.support.fileio import read_input

    path = Path(path)
    return _decode(read_input(path, "glossary file"), str(path)), str(path)


def default_glossary_text() -> str:
    """The shipped glossary, read from the package data (a copy of glossaries/fr-en.tsv)."""
    # package data works the same from a checkout, an editable install and a wheel
    return resources.files("toolkit").joinpath("data", DEFAULT_GLOSSARY).read_text(encoding="utf-8")


def load_default_glossary() -> Glossary:
    """The shipped French→English glossary."""
    return glossary_from_tsv(default_glossary_text(), f"toolkit/data/{DEFAULT_GLOSSARY}", DEFAULT_GLOSSARY)


# -- inflection: the French forms an entry covers ------------------------------------------------


def adjective_forms(word: str) -> list[tuple[str, bool]]:
    """The four gender/number forms of a French adjective (masculine singular given), with plural flags."""
    lower = word.lower()
    if lower.endswith(("ien", "éen", "en", "on")):
        fem, mpl, fpl = word + "ne", word + "s", word + "nes"
    elif lower.endswith("al"):
        fem, mpl, fpl = word + "e", word[:-2] + "aux", word + "es"
    elif lower.endswith("eux"):
        fem, mpl, fpl = word[:-1] + "se", word, word[:-1] + "ses"
    elif lower.endswith("if"):
        fem, mpl, fpl = word[:-1] + "ve", word + "s", word[:-1] + "ves"
    elif lower.endswith("er"):
        fem, mpl, fpl = word[:-2] + "ère", word + "s", word[:-2] + "ères"
    elif lower.endswith("e"):
        fem, mpl, fpl = word, word + "s", word + "s"
    elif lower.endswith(("s", "x", "z")):
        fem, mpl, fpl = word + "e", word, word + "es"
    else:
        fem, mpl, fpl = word + "e", word + "s", word + "es"
    forms = [(word, False), (fem, False)]
    # a masculine plural spelled like the singular says nothing about number
    forms.append((mpl, mpl != word))
    forms.append((fpl, True))
    return forms


def noun_plural(word: str) -> str:
    """The regular French plural of a noun."""
    lower = word.lower()
    if lower.endswith(("s", "x", "z")):
        return word
    if lower.endswith("al"):
        return word[:-2] + "aux"
    if lower.endswith(("eau", "au", "eu")):
        return word + "x"
    return word + "s"


def _split_last(source: str) -> tuple[str, str]:
    """Split a term before its last word, which is the one that inflects (nord-coréen, pro-russe)."""
    m = re.search(r"[^\s\-\u2010\u2011'’]+$", source)
    if not m:
        return "", source
    return source[: m.start()], m.group(0)


def french_forms(entry: Entry) -> list[tuple[str, bool]]:
    """Every French form an entry matches, with whether that form is plural."""
    forms: list[tuple[str, bool]] = [(entry.source, False)]
    head, last = _split_last(entry.source)
    if entry.kind == "adj":
        forms = [(head + form, plural) for form, plural in adjective_forms(last)]
    elif entry.kind == "noun":
        noun = noun_plural(last)
        if noun != last:
            forms.append((head + noun, True))
    inflects = entry.kind in ("adj", "noun")
    for extra in entry.forms:
        # an extra form of an inflecting word is plural when it ends like a French plural (turques)
        forms.append((extra, inflects and extra[-1:] in ("s", "x") and not extra.endswith(last)))
    out: list[tuple[str, bool]] = []
    seen: set[str] = set()
    for form, is_plural in forms:
        if fold(form) not in seen:
            seen.add(fold(form))
            out.append((form, is_plural))
    return out
