"""`toolkit translit [--no-glossary] NAME…`: the English press spelling of French-spelled Slavic names."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from toolkit.terms.translit import english_name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "names", nargs="+", metavar="NAME", help='a name as French writes it, e.g. "Sergueï Choïgou"'
    )
    parser.add_argument(
        "--no-glossary", action="store_true", help="rules only: do not consult the shipped glossary"
    )
    parser.add_argument(
        "--why", action="store_true", help="add what decided each spelling: glossary, rules, unchanged"
    )


def _glossary_lookup() -> Callable[[str], str | None] | None:
    """The shipped glossary's lookup, or None when this installation has no glossary module."""
    try:
        from toolkit.terms.glossary import load_default_glossary
    except ImportError:
        return None
    return load_default_glossary().lookup


def run(args: argparse.Namespace) -> int:
    lookup = None if args.no_glossary else _glossary_lookup()
    for name in args.names:
        result = english_name(name, lookup)
        sys.stdout.write(f"{result.english}\t{result.by}\n" if args.why else f"{result.english}\n")
    return 0
