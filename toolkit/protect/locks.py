"""Spans no engine may alter: quoted titles locked as verbatim codes, glossary terms carried as paired codes,
and `unlock`, which turns both back into text (a term's span, whatever the engine made of it, into its English).

What an engine sees of a segment is its *view*: the source with quoted titles of cited works in footnotes
(« … ») locked as verbatim codes, so that no engine and no glossary rule ever alters them.
"""

from __future__ import annotations

import re

from toolkit.model import Content, End, Ph, Start, normalize_content, plain_text

KEEP = "keep"  # a Ph kind that only lives between protection and restoration: locked quotes
TERM = "term"  # a paired code around a glossary term, the English term in its `href`
QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”")
NOTHING_TO_TRANSLATE = re.compile(r"[\W\d_]*|https?://\S+|[\w.+-]+@[\w-]+\.[\w.]+", re.UNICODE)


def lock_quoted(content: Content) -> Content:
    """Lock « … » and “ … ” spans as verbatim codes (quoted titles of cited works)."""
    out: Content = []
    for part in content:
        if not isinstance(part, str):
            out.append(part)
            continue
        pos = 0
        for m in QUOTED.finditer(part):
            out.append(part[pos : m.start()])
            out.append(Ph(KEEP, text=m.group(0)))
            pos = m.end()
        out.append(part[pos:])
    return normalize_content(out)


# A multi-word term travels through a markup engine as this one unknown word inside its code: the grammar
# sees a single name (no "Dmitri's the statement Peskov", no "European Union union"), and whatever the engine
# put around it belongs to the sentence and stays.
PLACEHOLDER = "Zqxv"
# English function words an engine may pull into a term's code from the sentence (`À Minsk` → `In Minsk`,
# `de l’UE` → `of the EU`): they are the sentence's, not the term's, and stay around the term
FUNCTION_WORDS = frozenset(
    "a an the of in at on to from by for with into onto within about against near".split()
)
_PLACEHOLDER_RE = re.compile(rf"(?<![^\W\d_]){PLACEHOLDER}(?![^\W\d_])")


def _term_text(english: str, produced: str) -> str:
    """The English term in place of what the engine made of the term's span.

    A placeholder is replaced and every other word kept: they are the sentence's. A single word sent as it is
    comes back as its rendering (the capitalised words) among words the engine pulled in from the sentence
    (`In the Kremlin`, `the restless NATO`): the rendering goes, every other word stays.
    """
    if _PLACEHOLDER_RE.search(produced):
        return _PLACEHOLDER_RE.sub(lambda _m: english, produced, count=1).replace(PLACEHOLDER, "")
    lead = produced[: len(produced) - len(produced.lstrip())]
    trail = produced[len(produced.rstrip()) :]
    words = produced.split()
    rendering = [
        i for i, w in enumerate(words) if w.lower() not in FUNCTION_WORDS and re.match(r"\W*[A-Z0-9]", w)
    ]
    if not rendering:
        # nothing capitalised: the last word that is not a function word is the rendering
        rendering = [i for i, w in enumerate(words) if w.lower() not in FUNCTION_WORDS][-1:] or [
            len(words) - 1
        ]
    first, last = rendering[0], rendering[-1] + 1
    if not words:
        return english
    core = " ".join(words[first:last])
    possessive = "’s" if re.search(r"['’]s$", core) and not english.endswith("s") else ""
    kept = [
        w for w in words[first:last] if w.lower() not in FUNCTION_WORDS and not re.match(r"\W*[A-Z0-9]", w)
    ]
    return lead + " ".join([*words[:first], *kept, english + possessive, *words[last:]]) + trail


def unlock(content: Content) -> Content:
    """Locked spans back to plain text; a glossary term's span, whatever the engine made of it, to its English."""
    out: Content = []
    term: Start | None = None
    produced: list[str] = []
    for part in content:
        if term is not None:
            if isinstance(part, End) and part.id == term.id:
                out.append(_term_text(term.href, "".join(produced)))
                term, produced = None, []
            elif isinstance(part, str):
                produced.append(part)
            else:
                out.append(part)  # a code the engine moved inside the term's span stays
            continue
        if isinstance(part, Start) and part.kind == TERM:
            term = part
        elif isinstance(part, Ph) and part.kind == KEEP:
            out.append(part.text)
        else:
            out.append(part)
    if term is not None:
        out.append(_term_text(term.href, "".join(produced)))
    return normalize_content(out)


def needs_translation(content: Content) -> bool:
    if any(isinstance(p, Start) and p.kind == TERM for p in content):
        words = plain_text(_without_terms(content))
        if not re.search(r"[^\W\d_]{2}", words):
            return False  # nothing but glossary terms and punctuation: the terms are the translation
    text = plain_text(unlock(content)).strip()
    locked = "".join(p.text for p in content if isinstance(p, Ph) and p.kind == KEEP)
    rest = text
    for span in QUOTED.findall(locked):
        rest = rest.replace(span, "")
    return not NOTHING_TO_TRANSLATE.fullmatch(rest.strip())


def _without_terms(content: Content) -> Content:
    out: Content = []
    inside: str | None = None
    for part in content:
        if inside is not None:
            if isinstance(part, End) and part.id == inside:
                inside = None
            continue
        if isinstance(part, Start) and part.kind == TERM:
            inside = part.id
        else:
            out.append(part)
    return out


