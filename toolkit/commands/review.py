"""`toolkit review`: export a bilingual review DOCX from an XLIFF, import a reviewer's corrections back into it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from toolkit.commands.options import add_glossary_options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True

    export = actions.add_parser(
        "export", help="write the review DOCX: one row per segment (ID, French, English, Status, Comment)"
    )
    export.add_argument("xliff", metavar="FILE.xlf", help="the XLIFF written by `toolkit run`")
    export.add_argument("-o", "--output", metavar="FILE.docx",
                        help="default: <stem>.review.docx beside the XLIFF")
    add_glossary_options(export, ", whose terms are highlighted")

    imp = actions.add_parser(
        "import", help="apply a reviewed DOCX to the XLIFF (all or nothing; the old XLIFF is kept as a backup)"
    )
    imp.add_argument("docx", metavar="FILE.docx", help="the review DOCX as the reviewer saved it")
    imp.add_argument("xliff", metavar="FILE.xlf", help="the XLIFF it was exported from")
    imp.add_argument("--author", help="author of the imported comments (default: the DOCX's last editor)")
    imp.add_argument("--dry-run", action="store_true", help="check the file and show the changes; write nothing")


def default_output(xliff: Path) -> Path:
    """`out/brief.xlf` → `out/brief.review.docx`."""
    return xliff.with_name(f"{xliff.stem}.review.docx")


def run(args: argparse.Namespace) -> int:
    if args.action == "export":
        return _export(args)
    return _import(args)


def _export(args: argparse.Namespace) -> int:
    from toolkit.review import export_review
    from toolkit.terms.glossary import load_glossaries

    xliff = Path(args.xliff)
    output = Path(args.output) if args.output else default_output(xliff)
    glossary = None
    if args.glossary or not args.no_glossary:
        glossary = load_glossaries([Path(p) for p in args.glossary], use_default=not args.no_glossary)
    rows = export_review(xliff, output, glossary=glossary)
    sys.stdout.write(f"wrote {output} ({rows} segments)\n")
    return 0


def _import(args: argparse.Namespace) -> int:
    from toolkit.review import describe, import_review

    result = import_review(args.docx, args.xliff, author=args.author, dry_run=args.dry_run)
    out = sys.stdout
    for line in describe(result):
        out.write(line + "\n")
    if result.written:
        out.write(f"wrote {args.xliff} (previous version kept as {result.backup})\n")
    elif args.dry_run and result.changes:
        out.write("dry run: nothing written\n")
    return 0
