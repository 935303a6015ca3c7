"""The `toolkit` command: argument parsing, the one-line error contract, lazy subcommands.

Each subcommand lives in `toolkit/commands/<name>.py` with `add_arguments(parser)` and `run(args)`;
it is imported only when chosen, so `toolkit --version` and start-up stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from toolkit import __version__
from toolkit.errors import ToolkitError

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "segment": ("toolkit.commands.segment", "read a brief and show its blocks, sentences and footnotes"),
    "glossary": ("toolkit.commands.glossary", "import and export glossaries (OmegaT TSV, TBX-Basic)"),
    "run": ("toolkit.commands.run", "translate a brief: XLIFF 2.1 bilingual file, QA report and editions"),
    "publish": ("toolkit.commands.publish", "rebuild the English and bilingual editions from an XLIFF"),
    "review": ("toolkit.commands.review", "export a review DOCX from an XLIFF and import a reviewer's corrections"),
    "models": ("toolkit.commands.models", "list, install and remove Argos translation models"),
    "align": (
        "toolkit.commands.align",
        "align a French brief with its existing English translation into a TMX",
    ),
    "worker": (
        "toolkit.commands.worker",
        "start Dask workers for `toolkit run --scheduler` (needs the cluster extra)",
    ),
    "translit": (
        "toolkit.commands.translit",
        "print the English press spelling of French-spelled Slavic names",
    ),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own usage errors follow the same one-line contract
        sys.stderr.write(f"toolkit: error: {message}\n")
        raise SystemExit(2)


def _load(name: str) -> ModuleType:
    return importlib.import_module(COMMANDS[name][0])


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = _Parser(prog="toolkit", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"toolkit {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (_module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
        if only is None or name == only:
            _load(name).add_arguments(p)
    return parser


def _chosen(argv: Sequence[str]) -> str | None:
    for arg in argv:
        if arg in COMMANDS:
            return arg
        if not arg.startswith("-"):
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or bool(os.environ.get("TOOLKIT_DEBUG"))
    try:
        parser = build_parser(only=_chosen(argv))
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help()
            return 2
        result: int = _load(args.command).run(args)
        return result
    except ToolkitError as exc:
        if debug:
            raise
        from toolkit.support.encoding import escape_controls

        sys.stderr.write(f"toolkit: error: {escape_controls(str(exc))}\n")
        return 2
    except KeyboardInterrupt:
        if debug:
            raise
        sys.stderr.write("toolkit: error: interrupted\n")
        return 130
    except BrokenPipeError:
        # the reader of our stdout went away (`| head`): not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except MemoryError:
        if debug:
            raise
        sys.stderr.write("toolkit: error: out of memory while reading the input\n")
        return 2
    except RecursionError:
        if debug:
            raise
        sys.stderr.write("toolkit: error: the input nests too deeply to be read\n")
        return 2
    except OSError as exc:
        if debug:
            raise
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        sys.stderr.write(f"toolkit: error: {exc.strerror or exc}{where}\n")
        return 2
    except Exception as exc:
        if debug:
            raise
        sys.stderr.write(
            f"toolkit: error: internal error: {type(exc).__name__}: {exc} (rerun with --debug)\n"
        )
        return 2
