"""Glossary rows no brief contains, made of invented words: what entries that never occur cost (tests, benchmarks).

Every kind the matcher indexes differently is there: names of one and two words, adjectives and nouns that
inflect, elided and hyphenated names, acronyms with digits, forbidden English variants of one and two words.
With `shared=True` each row begins with a word briefs do contain (Ukraine, russe, Kiev ...) and only its later
words are invented: the index has to look one word further there, and no further.
"""

from __future__ import annotations

from toolkit.terms.glossary import Glossary, glossary_from_tsv, load_default_glossary

_SYLLABLES = ("zaq", "vex", "qor", "jub", "wyx", "zil", "kuq", "yop", "xan", "qeb")
_FRENCH_HEADS = ("Ukraine", "russe", "Conseil", "armée", "Vladimir")
_ENGLISH_HEADS = ("Kiev", "Russia", "Belarus", "White", "Odessa")


def invented(n: int) -> str:
    """A word of no language, different for every n (zaqvex, qorjubwyx, ...)."""
    digits = str(n).rjust(3, "0")
    return "".join(_SYLLABLES[int(d)] for d in digits)


def unused_rows(count: int, shared: bool = False) -> list[str]:
    """`count` TSV rows (French TAB English TAB tags) whose words never occur in a brief."""
    rows: list[str] = []
    for n in range(count):
        w, v = invented(n), invented(n + count)
        cap, vcap = w.capitalize(), v.capitalize()
        kind = n % 6
        if kind == 0:
            row = f"{cap} {vcap}\t{cap}ov {vcap}\ttype=person;forbidden={cap}off {vcap}|{cap}ow"
        elif kind == 1:
            row = f"{w}ien\t{cap}ian\ttype=adj;plural={cap}ians"
        elif kind == 2:
            row = f"{w}al\t{w}al\ttype=noun"
        elif kind == 3:
            row = f"{cap} d'{vcap}\t{vcap} {cap}\ttype=org;forbidden={vcap}-{cap}"
        elif kind == 4:
            row = f"{w.upper()}{n % 97}\t{w.upper()}\ttype=acronym"
        else:
            row = f"{cap}-sur-{vcap}\t{cap}-on-{vcap}\ttype=city;forbidden={cap} on {vcap}|{cap}sk"
        if shared:
            french, english, tags = row.split("\t")
            head, english_head = _FRENCH_HEADS[n % 5], _ENGLISH_HEADS[n % 5]
            if "forbidden=" in tags:
                tags = tags.replace("forbidden=", f"forbidden={english_head} {cap}|")
            else:
                tags += f";forbidden={english_head} {cap}"
            row = f"{head} {french}\t{english}\t{tags}"
        rows.append(row)
    return rows


def shipped_plus_unused(count: int = 10_000, shared: bool = False) -> Glossary:
    """The shipped glossary merged with `count` unused rows (none replaces a shipped entry)."""
    extra = glossary_from_tsv("\n".join(unused_rows(count, shared)), "unused.tsv")
    return load_default_glossary().merge(extra)
