"""The side-by-side review page: one self-contained HTML file showing every segment, its state, terms and flags."""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.formats.lists import list_marker, list_numbers
from toolkit.model import QA_NOTE, STATES, Block, Content, Document, End, Footnote, Issue, Ph, Segment, Start
from toolkit.support.fileio import write_text
from toolkit.support.links import safe_url

# How loud each QA kind is: "error" needs the reviewer, "warn" was repaired automatically and deserves a look,
# "info" is worth knowing (a name spelt by rules rather than by the glossary). Unknown kinds are "warn".
SEVERITY: dict[str, str] = {
    "untranslated": "error",
    "code-missing": "error",
    "number-mismatch": "error",
    "term-missing": "error",
    "untranslated-word": "error",
    "name-missing": "error",
    "look-alike": "warn",
    "doubled-word": "warn",
    "length-ratio": "warn",
    "name-unconverted": "info",
    "name-locked": "info",
    "code-restored": "warn",
    "forbidden-variant": "warn",
    "long-segment-split": "warn",
    "transliterated": "info",
}

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_.-]")
_TAGS = {"em": "em", "strong": "strong", "sup": "sup", "sub": "sub"}

ReportLine = Mapping[str, Any]  # a QA report line as `<stem>.qa.json` holds it
TermPairs = Sequence[tuple[str, str]]


@cache
def _asset(name: str) -> str:
    return resources.files("toolkit").joinpath("data", "review", name).read_text(encoding="utf-8")


def _csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def _anchor(value: str) -> str:
    """A string safe inside an HTML id and a `#fragment`: unusual characters become `_hex_`."""
    return _UNSAFE_ID.sub(lambda m: f"_{ord(m.group()):x}_", value) or "_"


def _token(value: str) -> str:
    """A CSS class fragment for a QA kind or state."""
    return re.sub(r"[^a-z0-9-]", "-", value.lower()) or "other"


# the one rule of which links may leave the toolkit (a brief's anchors do not exist on this page: not links here)
safe_href = safe_url


# ------------------------------------------------------------------------------------------------ inline content


def _highlight(text: str, needles: Sequence[tuple[str, str]]) -> str:
    """Escaped `text` with every whole-word, case-insensitive occurrence of a needle in <mark class="term">.

    `needles` are (form to find, tooltip). Overlaps go to the leftmost, then the longest match.
    """
    titles: dict[tuple[int, int], list[str]] = {}
    for needle, title in needles:
        if not needle.strip():
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", re.IGNORECASE)
        for m in pattern.finditer(text):
            found = titles.setdefault((m.start(), m.end()), [])
            if title not in found:
                found.append(title)
    out: list[str] = []
    pos = 0
    for (start, end), tips in sorted(titles.items(), key=lambda item: (item[0][0], -item[0][1])):
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="term" title="{escape("; ".join(tips))}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


class _Renderer:
    """Turns Content into HTML; numbers footnote marks so footnotes can link back to them."""

    def __init__(self, doc: Document) -> None:
        self.footnote_ids = {fn.id for fn in doc.footnotes}
        self.backrefs: dict[str, list[tuple[str, str]]] = {}  # footnote id -> [(mark anchor, segment id)]

    def _open(self, start: Start) -> tuple[str, str]:
        if start.kind in _TAGS:
            tag = _TAGS[start.kind]
            return f"<{tag}>", f"</{tag}>"
        if start.kind == "link":
            href = safe_href(start.href)
            if href is not None:
                return f'<a href="{escape(href)}" rel="noopener noreferrer" target="_blank">', "</a>"
            return f'<span class="link-text" title="{escape("link (not followed): " + start.href)}">', "</span>"
        if start.kind == "smallcaps":
            return '<span class="smallcaps">', "</span>"
        return f'<span class="code-{_token(start.kind)}">', "</span>"

    def _ph(self, ph: Ph, side: str, seg_id: str) -> str:
        if ph.kind == "fn":
            label = escape(ph.ref)
            if ph.ref not in self.footnote_ids:
                return f'<sup class="fnref missing" title="no such footnote">{label}</sup>'
            target = "fn-" + _anchor(ph.ref)
            if side == "fr":
                marks = self.backrefs.setdefault(ph.ref, [])
                mark = f"fnref-{_anchor(ph.ref)}-{len(marks) + 1}"
                marks.append((mark, seg_id))
                return f'<sup class="fnref"><a id="{mark}" href="#{target}">{label}</a></sup>'
            return f'<sup class="fnref"><a href="#{target}">{label}</a></sup>'
        if ph.kind == "br":
            return "<br>"
        if ph.kind == "code":
            return f"<code>{escape(ph.text)}</code>"
        return f'<span class="ph" title="{escape(ph.kind)}">{escape(ph.text or "⟨" + ph.kind + "⟩")}</span>'

    def content(self, content: Content, needles: Sequence[tuple[str, str]], side: str, seg_id: str) -> str:
        """HTML for `content`; paired codes are re-nested so the markup stays well formed whatever the order."""
        out: list[str] = []
        stack: list[tuple[str, str, str]] = []  # (code id, opening tag, closing tag) of the open paired codes
        for part in content:
            if isinstance(part, str):
                out.append(_highlight(part, needles))
            elif isinstance(part, Start):
                opening, closing = self._open(part)
                out.append(opening)
                stack.append((part.id, opening, closing))
            elif isinstance(part, End):
                ids = [code_id for code_id, _, _ in stack]
                if part.id not in ids:
                    continue  # an end without its start: nothing to close
                at = len(ids) - 1 - ids[::-1].index(part.id)
                out.extend(closing for _, _, closing in reversed(stack[at:]))
                # codes opened inside the one that ended were closed only to reach it: open them again
                reopened = stack[at + 1:]
                del stack[at:]
                out.extend(opening for _, opening, _ in reopened)
                stack.extend(reopened)
            else:
                out.append(self._ph(part, side, seg_id))
        out.extend(closing for _, _, closing in reversed(stack))
        return "".join(out)


# ------------------------------------------------------------------------------------------------ the page


def _issues_by_segment(doc: Document, issues: Iterable[Issue]) -> tuple[dict[str, list[Issue]], list[Issue]]:
    known = {seg.id for seg in doc.segments()}
    by_seg: dict[str, list[Issue]] = {}
    other: list[Issue] = []
    for issue in issues:
        seg_id = issue.segment
        if seg_id in known:
            by_seg.setdefault(seg_id, []).append(issue)
        else:
            other.append(issue)
    return by_seg, other


def _block_label(block: Block, number: int | None) -> str:
    if block.kind == "heading":
        return f"heading {block.level or 1}"
    if block.kind == "list-item":
        return f"list item {number}." if number is not None else "list item"
    if block.cell is not None:
        return block.cell.label
    return block.kind


def _marker(block: Block, number: int | None) -> str:
    if block.kind != "list-item":
        return ""
    text = list_marker(block, number)
    return f'<span class="marker" aria-hidden="true">{text}</span>'


def _severity(kind: str) -> str:
    return SEVERITY.get(kind, "warn")


def _badge(issue: Issue) -> str:
    kind = issue.kind
    return (f'<span class="badge sev-{_severity(kind)} i-{_token(kind)}" title="{escape(issue.detail)}">'
            f"{escape(kind)}</span>")


def _details(seg: Segment, issues: Sequence[Issue]) -> str:
    """The list under a row: each issue's detail, then the segment's notes (QA notes already listed are skipped:
    the note an issue travels as, or one holding a listed issue's detail)."""
    details = {i.detail for i in issues}
    items = [f'<li class="sev-{_severity(i.kind)}"><b>{escape(i.kind)}</b> {escape(i.detail)}</li>'
             for i in issues]
    for note in seg.notes:
        if note.category == QA_NOTE and (note.text in details or Issue.from_note(seg.id, note) in issues):
            continue
        who = f" · {escape(note.author)}" if note.author else ""
        items.append(f'<li class="note"><b>{escape(note.category)}{who}</b> {escape(note.text)}</li>')
    return f'<ul class="details">{"".join(items)}</ul>' if items else ""


class _Page:
    def __init__(self, doc: Document, issues: Iterable[Issue | ReportLine], terms: Mapping[str, TermPairs]
                 ) -> None:
        self.doc = doc
        typed = [i if isinstance(i, Issue) else Issue.from_dict(i) for i in issues]
        self.issues, self.other_issues = _issues_by_segment(doc, typed)
        self.terms = terms
        self.render = _Renderer(doc)

    def _texts(self, seg: Segment) -> tuple[str, str]:
        pairs = [(fr, en) for fr, en in self.terms.get(seg.id, ()) if fr or en]
        french = self.render.content(seg.source, [(fr, f"{fr} → {en}") for fr, en in pairs], "fr", seg.id)
        if not seg.target or not (seg.target_text.strip() or any(not isinstance(p, str) for p in seg.target)):
            return french, '<span class="empty">no English yet</span>'
        english = self.render.content(seg.target, [(en, f"{fr} → {en}") for fr, en in pairs], "en", seg.id)
        return french, english

    def _row(self, seg: Segment, block: Block, first: bool, number: int | None) -> str:
        issues = self.issues.get(seg.id, [])
        french, english = self._texts(seg)
        classes = ["row", f"k-{_token(block.kind)}"]
        if block.kind in ("heading", "list-item"):
            classes.append(f"lv-{min(max(block.level, 1), 6)}")
        if first:
            classes.append("first")  # a block starts here: drawn with a stronger rule
        if issues:
            classes.append("has-issues")
        marker = _marker(block, number) if first else ""
        label = f'<span class="blk">{escape(_block_label(block, number))}</span>' if first else ""
        origin = f'<span class="origin" title="produced by">{escape(seg.origin)}</span>' if seg.origin else ""
        anchor = _anchor(seg.id)
        return (
            f'<div class="{" ".join(classes)}" id="seg-{anchor}" data-segment="{escape(seg.id)}"'
            f' data-state="{escape(seg.state)}" data-issues="{len(issues)}" tabindex="-1" role="row">'
            f'<div class="c-id" role="cell"><a class="sid" href="#seg-{anchor}">{escape(seg.id)}</a>{label}</div>'
            f'<div class="c-state" role="cell"><span class="state s-{_token(seg.state)}">{escape(seg.state)}</span>'
            f'{origin}{"".join(_badge(i) for i in issues)}</div>'
            f'<div class="c-text c-fr" lang="fr" role="cell">{marker}{french}</div>'
            f'<div class="c-text c-en" lang="en" role="cell">{marker}{english}</div>'
            f"{_details(seg, issues)}</div>"
        )

    def _blocks(self, blocks: Sequence[Block]) -> str:
        out = []
        for block, number in zip(blocks, list_numbers(blocks), strict=True):
            for index, seg in enumerate(block.segments):
                out.append(self._row(seg, block, index == 0, number))
        return "\n".join(out)

    def _footnote(self, fn: Footnote) -> str:
        rows = self._blocks(fn.blocks)
        back = "".join(f'<a href="#{mark}" title="back to the reference in {escape(seg_id)}">↩ {escape(seg_id)}</a>'
                       for mark, seg_id in self.render.backrefs.get(fn.id, []))
        back_html = f'<span class="back">{back}</span>' if back else '<span class="back none">not referenced</span>'
        return (f'<section class="footnote" id="fn-{_anchor(fn.id)}" data-footnote="{escape(fn.id)}">'
                f'<h3 class="fn-head">Note {escape(fn.id)} {back_html}</h3>\n{rows}\n</section>')

    def _summary(self, title: str, signature: str) -> str:
        segments = list(self.doc.segments())
        states = Counter(str(seg.state) for seg in segments)
        kinds = Counter(i.kind for group in self.issues.values() for i in group)
        kinds.update(i.kind for i in self.other_issues)
        state_items = "".join(
            f'<li class="s-{_token(s)}"><span class="n">{states.get(s, 0)}</span> {escape(s)}</li>'
            for s in [*STATES, *sorted(set(states) - set(STATES))]
        )
        kind_items = "".join(
            f'<li class="sev-{_severity(k)}"><span class="n">{n}</span> {escape(k)}</li>'
            for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ) or '<li class="none">none</li>'
        flagged = len(self.issues)
        other = ""
        if self.other_issues:
            other = ('<ul class="details other">' + "".join(
                f"<li><b>{escape(i.kind)}</b> {escape(i.detail)}"
                f'{" (" + escape(i.segment) + ")" if i.segment else ""}</li>'
                for i in self.other_issues) + "</ul>")
        sig = f'<p class="signature">Signature <code>{escape(signature)}</code></p>' if signature else ""
        return (
            f'<header class="top"><h1>{escape(title)}</h1>{sig}'
            f'<div class="summary"><div class="group"><h2>{len(segments)} segments</h2>'
            f'<ul class="counts states">{state_items}</ul></div>'
            f'<div class="group"><h2>{sum(kinds.values())} issues in {flagged} segments</h2>'
            f'<ul class="counts kinds">{kind_items}</ul></div></div>{other}</header>'
        )

    def html(self, meta: Mapping[str, str]) -> str:
        doc = self.doc
        title = meta.get("title") or doc.title or (Path(doc.source_path).name if doc.source_path else "Untitled brief")
        signature = meta.get("signature", "")
        body = self._blocks(doc.blocks)  # first, so that footnotes know their references
        notes = "\n".join(self._footnote(fn) for fn in doc.footnotes)
        notes_html = f'<h2 class="section" id="footnotes">Footnotes</h2>\n{notes}' if doc.footnotes else ""
        css, js = _asset("review.css"), _asset("review.js")
        # only our own inline style and script may run: even a markup injection could not execute anything
        csp = (f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
               "img-src data:; base-uri 'none'; form-action 'none'")
        total = sum(1 for _ in doc.segments())
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="toolkit review page">\n'
            f'<meta name="toolkit-signature" content="{escape(signature)}">\n'
            f"<title>Review · {escape(title)}</title>\n<style>{css}</style></head>\n<body>\n"
            f"{self._summary(title, signature)}\n"
            '<div class="toolbar" role="toolbar">'
            '<label class="toggle"><input type="checkbox" id="issues-only"> Issues only</label>'
            f'<span id="shown" class="shown">{total} of {total} segments shown</span>'
            '<span class="keys"><kbd>j</kbd><kbd>k</kbd> move · <kbd>n</kbd><kbd>p</kbd> next/previous issue · '
            "<kbd>i</kbd> issues only</span></div>\n"
            '<main class="review" role="table" aria-label="Segments, French and English side by side">\n'
            '<div class="row head" role="row"><div role="columnheader">ID</div><div role="columnheader">State</div>'
            '<div role="columnheader">French</div><div role="columnheader">English</div></div>\n'
            f"{body}\n{notes_html}\n</main>\n<script>{js}</script>\n</body></html>\n"
        )


def review_html(doc: Document, issues: Iterable[Issue | ReportLine], terms: Mapping[str, TermPairs],
                meta: Mapping[str, str]) -> str:
    """The review page for `doc`: segments side by side with their state, glossary `terms` and QA `issues`.

    `issues` are the QA issues (or the report's lines `{"segment", "kind", "detail"}`); `terms` maps a segment
    id to its glossary hits as (French form, English term); `meta` gives `title` and `signature`.
    """
    return _Page(doc, issues, terms).html(meta)


def write_review_html(doc: Document, issues: Iterable[Issue | ReportLine], terms: Mapping[str, TermPairs],
                      meta: Mapping[str, str], path: Path) -> None:
    """Write the review page to `path` atomically."""
    write_text(path, review_html(doc, issues, terms, meta))
