"""Options several subcommands share, declared once."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.terms.glossary import Glossary


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


def glossary_from_args(args: argparse.Namespace) -> Glossary | None:
    """The glossary `add_glossary_options` asked for: the shipped one under each `--glossary` file, or None when
    `--no-glossary` is given alone."""
    if args.no_glossary and not args.glossary:
        return None
    from toolkit.formats.glossaries import load_glossaries

    return load_glossaries([Path(p) for p in args.glossary], use_default=not args.no_glossary)


def add_tls_options(parser: argparse._ActionsContainer) -> None:
    """Dask's TLS files for a `tls://` scheduler, passed through to `distributed.Security`."""
    parser.add_argument("--tls-ca-file", metavar="FILE", help="CA certificate of a tls:// scheduler")
    parser.add_argument("--tls-cert", metavar="FILE", help="this machine's certificate for a tls:// scheduler")
    parser.add_argument("--tls-key", metavar="FILE", help="the key of --tls-cert")


def tls_security(args: argparse.Namespace) -> object | None:
    """A `distributed.Security` from the `--tls-*` options, or None when none is given."""
    files = {
        "tls_ca_file": getattr(args, "tls_ca_file", None),
        "tls_client_cert": getattr(args, "tls_cert", None),
        "tls_client_key": getattr(args, "tls_key", None),
    }
    if not any(files.values()):
        return None
    from toolkit.batch.cluster import security

    return security(files)
