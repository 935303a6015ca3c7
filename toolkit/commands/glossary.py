"""`toolkit glossary`: export, import and check glossaries (OmegaT TSV, TBX-Basic)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from toolkit.errors import InputError
from toolkit.formats.glossaries import load_glossaries, load_glossary, save_glossary
from toolkit.terms.glossary import (
    DEFAULT_GLOSSARY,
    TAG_KEYS,
    Glossary,
    Problem,
    default_glossary_text,
    fold,
    parse_tsv,
    read_glossary_bytes,
)

TSV_SUFFIXES = (".tsv", ".txt", ".tab", ".utf8")
_TAG_LIKE = re.compile(r"^\s*([a-z]+)\s*=")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True

    export = actions.add_parser(
        "export", help="write the glossaries in use as TBX-Basic or OmegaT TSV", description=None
    )
    export.add_argument(
        "--glossary", action="append", default=[], metavar="FILE",
        help="an extra glossary (TSV or TBX), repeatable; later files win",
    )  # fmt: skip
    export.add_argument("--no-glossary", action="store_true", help="leave out the shipped glossary")
    export.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="FILE.tbx (TBX-Basic), FILE.txt/.utf8/.tab (OmegaT's format, no forbidden "
                             "spellings) or FILE.tsv (every tag)")

    imp = actions.add_parser("import", help="convert a TBX (or TSV) glossary to OmegaT TSV")
    imp.add_argument("input", metavar="FILE", help="FILE.tbx (TBX-Basic or TBX v3) or FILE.tsv")
    imp.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.tsv (or FILE.tbx)")

    check = actions.add_parser(
        "check", help="validate TSV glossaries: malformed lines, conflicting duplicates, bad tags"
    )
    check.add_argument("files", nargs="*", metavar="FILE", help="TSV glossaries (default: the shipped one)")


def _output_path(name: str) -> Path:
    path = Path(name)
    if path.suffix.lower() not in (".tbx", *TSV_SUFFIXES):
        raise InputError(
            f"unknown glossary format '{path.suffix or path.name}' (use .tbx or {', '.join(TSV_SUFFIXES)})",
            name,
        )
    if path.is_dir():
        raise InputError("is a directory, not a file", name)
    if not path.parent.exists():
        raise InputError("the output folder does not exist", str(path.parent))
    return path


def _write(glossary: Glossary, output: Path) -> int:
    if not len(glossary):
        raise InputError("no glossary entries to write", str(output))
    save_glossary(glossary, output)
    print(f"{len(glossary)} entries written to {output}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.action == "export":
        output = _output_path(args.output)
        return _write(load_glossaries(args.glossary, use_default=not args.no_glossary), output)
    if args.action == "import":
        output = _output_path(args.output)
        return _write(load_glossary(args.input), output)
    return _check(args.files)


def find_problems(text: str, where: str) -> list[Problem]:
    """Everything wrong with a TSV glossary, by line: what loading refuses and what it silently accepts."""
    entries, problems = parse_tsv(text, where)
    seen: dict[str, tuple[int, str]] = {}
    targets = {fold(e.target): e.target for _, e in entries}
    for line, entry in entries:
        key = fold(entry.source)
        if key in seen and fold(seen[key][1]) != fold(entry.target):
            problems.append(
                Problem(line, f"'{entry.source}' -> '{entry.target}' conflicts with line {seen[key][0]} "
                        f"('{seen[key][1]}'); the later line wins")
            )  # fmt: skip
        seen[key] = (line, entry.target)
        for wrong in entry.forbidden:
            if fold(wrong) in targets:
                problems.append(
                    Problem(
                        line, f"forbidden '{wrong}' is the target of another entry ('{targets[fold(wrong)]}')"
                    )
                )
        for part in entry.comment.split(";"):
            m = _TAG_LIKE.match(part)
            if m and m.group(1) not in TAG_KEYS:
                problems.append(
                    Problem(line, f"unknown tag '{m.group(1)}=' (known: {', '.join(sorted(TAG_KEYS))})")
                )
    return sorted(problems, key=lambda p: p.line)


def _check(files: list[str]) -> int:
    sources = [read_glossary_bytes(f) for f in files] or [(default_glossary_text(), DEFAULT_GLOSSARY)]
    found = 0
    for text, where in sources:
        problems = find_problems(text, where)
        for problem in problems:
            print(f"{where}:{problem.line}: {problem.message}")
        found += len(problems)
        if not problems:
            count = len(parse_tsv(text, where)[0])
            print(f"{where}: ok, {count} entries")
    if found:
        sys.stderr.write(f"toolkit: {found} problem{'s' if found != 1 else ''} found\n")
        return 1
    return 0
