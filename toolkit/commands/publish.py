"""`toolkit publish OUTDIR/<stem>.xlf -o DIR`: rebuild every edition from the XLIFF alone (edits included)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.commands.options import add_glossary_options, glossary_from_args

if TYPE_CHECKING:
    from toolkit.formats.xliff import XliffStore


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("xliff", help="the bilingual store written by `toolkit run` (edited or not)")
    parser.add_argument("-o", "--outdir", required=True, help="folder for the editions (created if missing)")
    parser.add_argument("--formats", metavar="LIST", help="docx,pdf,html,tmx (default: all)")
    add_glossary_options(parser, ", for highlighting terms on the review page")
    parser.add_argument(
        "--reference-docx", metavar="FILE", help="take the DOCX editions' styles from this file"
    )


def _recorded_source(source_path: str, recorded_hash: str, near: tuple[Path, ...] = ()) -> Path | None:
    """The DOCX the run read, for its styles — only if it is still the very file the signature names.

    An XLIFF comes from anyone: a path in it must not make us copy some other document of this machine (its
    headers, footers, properties) into editions that leave it. XLIFFs record the input's name only (no host
    path), so the file is looked for under that name in the folders `near` (the XLIFF's, its parent, the
    current one); an older XLIFF's full path is tried first.
    """
    from toolkit.support.signature import file_hash

    if not source_path.lower().endswith(".docx") or not recorded_hash:
        return None
    name = Path(source_path).name
    for candidate in [Path(source_path), *(folder / name for folder in near)]:
        try:
            if candidate.is_file() and file_hash(candidate) == recorded_hash:
                return candidate
        except OSError:
            continue
    return None


def run(args: argparse.Namespace) -> int:
    from toolkit.errors import InputError
    from toolkit.formats.xliff import load_xliff
    from toolkit.pipeline.publish import parse_formats
    from toolkit.support.fileio import exclusive

    parse_formats(args.formats)  # a bad list fails before anything else
    path = Path(args.xliff)
    if path.is_dir():
        raise InputError("is a directory, not an XLIFF file", str(path))
    if not path.exists():
        raise InputError("no such file", str(path))
    with exclusive(path, readonly_ok=True):  # the XLIFF and the editions it makes, not mixed with a run's
        return _publish(args, path, load_xliff(path))


def _publish(args: argparse.Namespace, path: Path, store: XliffStore) -> int:
    from toolkit.errors import InputError
    from toolkit.pipeline.publish import (
        PublishContext,
        edition_names,
        glossary_terms,
        parse_formats,
        publish,
        xliff_stem,
    )
    from toolkit.support.fileio import OutputSet
    from toolkit.terms.policy import TermPolicy

    formats = parse_formats(args.formats)
    doc = store.document
    stem = xliff_stem(path)
    reference = Path(args.reference_docx) if args.reference_docx else None
    if reference is None:
        near = tuple(dict.fromkeys((path.parent, path.parent.parent, Path.cwd())))
        reference = _recorded_source(doc.source_path, store.signature.get("source", ""), near)
    if reference is not None and not reference.is_file():
        raise InputError("no such reference DOCX", str(reference))
    policy = TermPolicy(glossary_from_args(args))
    from toolkit.commands.console import warn
    from toolkit.support.links import unsafe_links

    for issue in unsafe_links(doc):
        warn(f"{issue.segment}: {issue.detail}")
    context = PublishContext(
        stem=stem,
        signature=dict(store.signature),
        issues=list(store.issues),
        terms=glossary_terms(doc, policy.glossary),
        reference_docx=reference,
        warn=warn,
    )
    with OutputSet(args.outdir) as out:
        out.expect(edition_names(stem, formats))
        written = publish(doc, out, context, formats)
    for target in written:
        sys.stdout.write(f"wrote {target}\n")
    return 0
