"""The editions: English and bilingual DOCX and PDF, the review page, the memory — from a translated Document.

Every writer is imported only when its format is asked for; all files of one call are committed together
through an OutputSet, so a failure leaves none of them half-written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import ToolkitError
from toolkit.model import Document, Issue

if TYPE_CHECKING:
    from toolkit.support.fileio import OutputSet
    from toolkit.terms.glossary import Glossary

FORMATS: tuple[str, ...] = ("docx", "pdf", "html", "tmx")


@dataclass
class PublishContext:
    """What the editions need besides the document."""

    stem: str
    signature: dict[str, str]
    issues: list[Issue] = field(default_factory=list)
    terms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    reference_docx: Path | None = None
    warn: Callable[[str], None] | None = None  # where a writer's warnings go (one line each)

    @property
    def meta(self) -> dict[str, str]:
        from toolkit.support.signature import signature_string

        return {"title": "", "signature": signature_string(self.signature), "stem": self.stem}


def parse_formats(text: str | None) -> tuple[str, ...]:
    """`docx,pdf` → ("docx", "pdf"); None or "all" → every format."""
    if not text or text == "all":
        return FORMATS
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise ToolkitError(
            f"unknown format {', '.join(unknown) or text!r} (choose from {', '.join(FORMATS)})"
        )
    return wanted


def glossary_terms(doc: Document, glossary: Glossary | None) -> dict[str, list[tuple[str, str]]]:
    """Glossary hits of each segment's French, as (French form, English term) for highlighting."""
    if glossary is None:
        return {}
    from toolkit.terms.match import find_terms

    terms: dict[str, list[tuple[str, str]]] = {}
    for seg in doc.segments():
        hits = [(h.source_text, h.target) for h in find_terms(seg.text, glossary)]
        if hits:
            terms[seg.id] = hits
    return terms


def _title(doc: Document, stem: str) -> str:
    if doc.title:
        for block in doc.blocks:
            if block.kind == "heading" and block.text.strip() == doc.title.strip():
                english = " ".join((s.target_text or s.text).strip() for s in block.segments)
                return english.strip() or doc.title
        return doc.title
    return stem.replace("-", " ").replace("_", " ").strip().capitalize()


Writer = Callable[[Document, Path, PublishContext, dict[str, str]], None]


def _english_docx(doc: Document, path: Path, ctx: PublishContext, meta: dict[str, str]) -> None:
    from toolkit.formats.docx import english_docx

    path.write_bytes(english_docx(doc, meta, reference_docx=ctx.reference_docx, where=str(path)))


def _bilingual_docx(doc: Document, path: Path, ctx: PublishContext, meta: dict[str, str]) -> None:
    from toolkit.formats.docx import bilingual_docx

    path.write_bytes(bilingual_docx(doc, meta, reference_docx=ctx.reference_docx, where=str(path)))


def _english_pdf(doc: Document, path: Path, ctx: PublishContext, meta: dict[str, str]) -> None:
    from toolkit.formats.typst import english_pdf

    path.write_bytes(english_pdf(doc, meta, ctx.warn))


def _bilingual_pdf(doc: Document, path: Path, ctx: PublishContext, meta: dict[str, str]) -> None:
    from toolkit.formats.typst import bilingual_pdf

    path.write_bytes(bilingual_pdf(doc, meta, ctx.warn))


def _review_html(doc: Document, path: Path, ctx: PublishContext, meta: dict[str, str]) -> None:
    from toolkit.formats.review_html import review_html

    path.write_text(review_html(doc, ctx.issues, ctx.terms, meta), encoding="utf-8")


def _memory(doc: Document, path: Path, ctx: PublishContext, meta: dict[str, str]) -> None:
    from toolkit.formats.tmx import doc_to_tmx_units, tmx_bytes

    path.write_bytes(tmx_bytes(doc_to_tmx_units(doc), srclang=doc.source_lang, tgtlang=doc.target_lang))


# Editions written side by side (pandoc and Typst run as processes of their own): one per core, up to four.
PUBLISH_WORKERS = min(4, os.cpu_count() or 1)
# The order they are started in, longest first (seconds at 100x the sample brief; the rest after these).
EDITION_COST = {"fr-en.pdf": 7.5, "en.pdf": 2.2, "fr-en.docx": 1.8, "en.docx": 1.0}

# format -> [(file suffix, writer)]
EDITIONS: dict[str, list[tuple[str, Writer]]] = {
    "docx": [("en.docx", _english_docx), ("fr-en.docx", _bilingual_docx)],
    "pdf": [("en.pdf", _english_pdf), ("fr-en.pdf", _bilingual_pdf)],
    "html": [("review.html", _review_html)],
    "tmx": [("tmx", _memory)],
}


def _naming(ctx: PublishContext, name: str) -> PublishContext:
    """The context whose warnings name the edition they are about."""
    warn = ctx.warn
    if warn is None:
        return ctx
    return replace(ctx, warn=lambda message: warn(f"{name}: {message}"))


LANG_TAG = re.compile(r"\.(?:fr|fra|fre|fr[-_][A-Za-z]{2})$", re.IGNORECASE)


def output_stem(path: str | Path) -> str:
    """`wagner.fr.md` → `wagner`: the input name without its extension and a trailing language tag."""
    stem = Path(path).name
    stem = stem[: -len(Path(stem).suffix)] if Path(stem).suffix else stem
    return LANG_TAG.sub("", stem) or stem


def xliff_stem(path: Path) -> str:
    """`wagner.xlf` → `wagner`: the name `toolkit publish` gives the editions it rebuilds from an XLIFF."""
    return path.name[: -len(path.suffix)] if path.suffix.lower() in (".xlf", ".xliff") else path.name


def edition_names(stem: str, formats: Iterable[str] = FORMATS) -> list[str]:
    """The file names `publish` writes for `formats`, to check them all before any work."""
    return [f"{stem}.{suffix}" for fmt in formats for suffix, _writer in EDITIONS[fmt]]


def publish(
    doc: Document, out: OutputSet, ctx: PublishContext, formats: Iterable[str] = FORMATS
) -> list[Path]:
    """Write the editions of `formats` into the output set; returns their final paths. Unsafe links are
    published as text (`links.unsafe_links` reports them), control characters as their pictures."""
    from toolkit.support.encoding import with_visible_controls
    from toolkit.support.links import without_unsafe_links

    doc = with_visible_controls(without_unsafe_links(doc))
    meta = dict(ctx.meta)
    meta["title"] = _title(doc, ctx.stem)
    meta["source_title"] = doc.title or meta["title"]
    jobs = [(suffix, f"{ctx.stem}.{suffix}", writer) for fmt in formats for suffix, writer in EDITIONS[fmt]]
    paths = {name: out.path(name) for _suffix, name, _writer in jobs}  # in this thread: the output set's own
    workers = min(len(jobs), PUBLISH_WORKERS)
    if workers <= 1:
        for _suffix, name, writer in jobs:
            writer(doc, paths[name], _naming(ctx, name), meta)
    else:
        # Most of an edition's time is a pandoc or Typst process: the editions are written side by side, the
        # longest first. The writers only read `doc`; an error stops the editions not begun, waits for the
        # others (nothing is left writing into the output set) and is raised.
        from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

        order = sorted(jobs, key=lambda job: EDITION_COST.get(job[0], 0), reverse=True)
        with ThreadPoolExecutor(workers, thread_name_prefix="edition") as pool:
            futures = [pool.submit(writer, doc, paths[name], _naming(ctx, name), meta)
                       for _suffix, name, writer in order]
            try:
                wait(futures, return_when=FIRST_EXCEPTION)
                for future in futures:
                    if future.done():
                        future.result()  # the first failure, raised
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            for future in futures:
                future.result()
    return [out.outdir / name for _suffix, name, _writer in jobs]

