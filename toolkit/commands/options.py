"""Options several subcommands share, declared once."""

from __future__ import annotations

import argparse


def add_glossary_options(parser: argparse.ArgumentParser, purpose: str = "") -> None:
    """`--glossary FILE` (repeatable, later files win) and `--no-glossary`."""
    parser.add_argument(
        "--glossary",
        action="append",
        default=[],
        metavar="FILE",
        help=f"glossary (OmegaT TSV or TBX) on top of the shipped one{purpose}; later files win (repeatable)",
    )
    parser.add_argument("--no-glossary", action="store_true", help="do not use the shipped glossary")
