"""`toolkit review`: export a bilingual review DOCX from an XLIFF, import a reviewer's corrections back into it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.commands.options import add_glossary_options, glossary_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True

    from toolkit.formats import REVIEW_FORMATS

    export = actions.add_parser(
        "export", help="write the review file: a DOCX with one row per segment (ID, French, English, Status, "
                       "Comment), or an XLIFF for a CAT tool"
    )
    export.add_argument("xliff", metavar="FILE.xlf", help="the XLIFF written by `toolkit run`")
    export.add_argument("--format", choices=list(REVIEW_FORMATS), default="docx",
                        help="; ".join(f"{name}: {what}" for name, (*_m, what) in REVIEW_FORMATS.items())
                        + " (default: docx)")
    export.add_argument("-o", "--output", metavar="FILE",
                        help="default: <stem>.review.docx, <stem>.review.xlf or the folder <stem>.omegat/ beside "
                             "the XLIFF")
    add_glossary_options(export, ", whose terms are highlighted")

    imp = actions.add_parser(
        "import", help="apply a reviewed DOCX to the XLIFF (all or nothing; the old XLIFF is kept as a backup)"
    )
    imp.add_argument("docx", metavar="FILE",
                     help="the review DOCX as the reviewer saved it, or the XLIFF 1.2 / 2.x a CAT tool wrote")
    imp.add_argument("xliff", metavar="FILE.xlf", help="the XLIFF it was exported from")
    imp.add_argument("--author", help="author of the imported comments (default: the DOCX's last editor)")
    imp.add_argument("--dry-run", action="store_true", help="check the file and show the changes; write nothing")


def default_output(xliff: Path, fmt: str = "docx") -> Path:
    """`out/brief.xlf` → `out/brief.review.docx`, `out/brief.review.xlf` (XLIFF), `out/brief.omegat/` (OmegaT)."""
    if fmt == "omegat":
        return xliff.with_name(f"{xliff.stem}.omegat")
    return xliff.with_name(f"{xliff.stem}.review.{'docx' if fmt == 'docx' else 'xlf'}")


def run(args: argparse.Namespace) -> int:
    if args.action == "export":
        return _export(args)
    return _import(args)


def _export(args: argparse.Namespace) -> int:
    from toolkit.errors import InputError
    from toolkit.review.exchange import export_review

    xliff = Path(args.xliff)
    output = Path(args.output) if args.output else default_output(xliff, args.format)
    if output.resolve() == xliff.resolve():
        raise InputError("the review file would overwrite the XLIFF it is made from", str(output))
    glossary = glossary_from_args(args) if args.format in ("docx", "omegat") else None
    rows = export_review(xliff, output, glossary=glossary, fmt=args.format)
    sys.stdout.write(f"wrote {output} ({rows} segments)\n")
    if args.format == "omegat":
        sys.stdout.write(f"open it in OmegaT; then: toolkit review import {output / 'target' / (xliff.stem + '.xlf')} "
                         f"{xliff}\n")
    return 0


def _import(args: argparse.Namespace) -> int:
    from toolkit.review.exchange import describe, import_review

    result = import_review(args.docx, args.xliff, author=args.author, dry_run=args.dry_run)
    out = sys.stdout
    for line in describe(result):
        out.write(line + "\n")
    if result.written:
        out.write(f"wrote {args.xliff} (previous version kept as {result.backup})\n")
    elif args.dry_run and result.changes:
        out.write("dry run: nothing written\n")
    return 0
