"""`toolkit align FR_FILE EN_FILE -o FILE.tmx`: turn a brief and its existing English translation into a memory."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.commands.options import add_glossary_options, glossary_from_args
from toolkit.errors import ToolkitError

if TYPE_CHECKING:
    from toolkit.align.aligner import AlignedPair


def _confidence(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number between 0 and 1") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("fr_file", metavar="FR_FILE", help="the French brief: .txt, .md, .docx, .odt or .html")
    parser.add_argument("en_file", metavar="EN_FILE", help="its English translation, in any of the same formats")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.tmx", help="the TMX 1.4b memory to write")
    parser.add_argument("--min-confidence", type=_confidence, default=0.5, metavar="X",
                        help="leave pairs below this confidence (0-1) out of the memory and list them (default 0.5)")
    add_glossary_options(parser, ", for anchors")
    parser.add_argument("--report", action="store_true", help="print every pair with its texts")
    parser.add_argument("--srx", metavar="FILE", help="SRX 2.0 segmentation rules instead of ours (both sides)")


def _check_output(output: Path, inputs: Sequence[str]) -> None:
    if output.is_dir():
        raise ToolkitError("the output is a folder, not a file", str(output))
    parent = output.parent
    if not parent.is_dir():
        raise ToolkitError("the output folder does not exist", str(parent))
    for name in inputs:
        if Path(name).exists() and output.exists() and output.resolve() == Path(name).resolve():
            raise ToolkitError("the output would overwrite an input", str(output))


def _ids(ids: Sequence[str]) -> str:
    return "+".join(ids) if ids else "-"


def summary(pairs: Sequence[AlignedPair], fr_name: str, en_name: str, min_confidence: float,
            written: int, output: str) -> str:
    """The table `toolkit align` prints: pairs by kind, mean confidence, unmatched and doubtful pairs."""
    from toolkit.align.aligner import KINDS

    fr_count = sum(len(p.fr) for p in pairs)
    en_count = sum(len(p.en) for p in pairs)
    lines = [f"Aligned {fr_name} ({fr_count} sentences) with {en_name} ({en_count} sentences)", "",
             f"  {'kind':<6}{'pairs':>6}  mean confidence"]
    for kind in KINDS:
        of_kind = [p.confidence for p in pairs if p.kind == kind]
        if of_kind:
            lines.append(f"  {kind:<6}{len(of_kind):>6}  {sum(of_kind) / len(of_kind):.2f}")
    matched = [p for p in pairs if p.matched]
    if matched:
        mean = sum(p.confidence for p in matched) / len(matched)
        lines.append(f"  {'all':<6}{len(matched):>6}  {mean:.2f}  (pairs with both sides)")
    lines.append("")
    lost_fr = [s.id for p in pairs if not p.en for s in p.fr]
    lost_en = [s.id for p in pairs if not p.fr for s in p.en]
    low = [p for p in matched if p.confidence < min_confidence]
    lines.append(f"Wrote {written} translation units to {output}")
    lines.append(f"Unmatched (not written): {len(lost_fr)} French, {len(lost_en)} English sentences")
    if lost_fr:
        lines.append(f"  French:  {' '.join(lost_fr)}")
    if lost_en:
        lines.append(f"  English: {' '.join(lost_en)}")
    lines.append(f"Low confidence (< {min_confidence:.2f}, not written): {len(low)}")
    for pair in low:
        lines.append(f"  {pair.confidence:.2f}  {pair.kind}  {_ids(pair.fr_ids)} -> {_ids(pair.en_ids)}")
    return "\n".join(lines) + "\n"


def report(pairs: Sequence[AlignedPair]) -> str:
    """Every pair: confidence, kind, ids, then both texts."""
    lines: list[str] = []
    for pair in pairs:
        where = f"  [footnote {pair.in_footnote}]" if pair.in_footnote is not None else ""
        lines.append(f"{pair.confidence:.2f}  {pair.kind}  {_ids(pair.fr_ids)} -> {_ids(pair.en_ids)}{where}")
        lines.append(f"    fr: {pair.fr_text or '-'}")
        lines.append(f"    en: {pair.en_text or '-'}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from toolkit.align.aligner import align_documents, pairs_to_tmx_units
    from toolkit.commands.console import warn
    from toolkit.formats.tmx import write_tmx
    from toolkit.pipeline.prepare import prepare

    output = Path(args.output)
    _check_output(output, [args.fr_file, args.en_file])
    glossary = glossary_from_args(args)
    fr = prepare(args.fr_file, srx=args.srx, warn=warn)
    en = prepare(args.en_file, srx=args.srx, warn=warn, lang="en")  # English rules for the English side
    pairs = align_documents(fr, en, glossary)
    units = pairs_to_tmx_units(pairs, fr, min_confidence=args.min_confidence)
    if not units:
        raise ToolkitError(f"no sentence pair reached the minimum confidence {args.min_confidence:.2f}; "
                           "nothing written", str(output))
    write_tmx(units, output)
    if args.report:
        sys.stdout.write(report(pairs) + "\n")
    sys.stdout.write(summary(pairs, Path(args.fr_file).name, Path(args.en_file).name, args.min_confidence,
                             len(units), str(output)))
    return 0
