"""`toolkit segment FILE [--json]`: show how a brief is read and cut into sentences."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from toolkit.model import Content, Document, Ph, plain_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a French brief: .txt, .md, .docx, .odt or .html")
    parser.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    parser.add_argument(
        "--srx", metavar="FILE", help="SRX 2.0 segmentation rules (OmegaT, Okapi) instead of ours"
    )


def as_json(doc: Document) -> dict[str, Any]:
    return {
        "blocks": [
            {
                "id": block.id,
                "kind": block.kind,
                **({"cell": {"table": block.cell.table, "row": block.cell.row, "col": block.cell.col,
                             "header": block.cell.header}} if block.cell else {}),
                "segments": [
                    {"id": seg.id, "text": seg.text.strip(), "notes": seg.notes_referenced}
                    for seg in block.segments
                ],
            }
            for block in doc.blocks
        ],
        "footnotes": [{"id": fn.id, "text": fn.text} for fn in doc.footnotes],
    }


def _marked(content: Content) -> str:
    """Plain text with footnote references shown as [n]."""
    out = []
    for part in content:
        if isinstance(part, Ph) and part.kind == "fn":
            out.append(f"[{part.ref}]")
        else:
            out.append(plain_text([part]))
    return "".join(out).strip()


def as_text(doc: Document) -> str:
    lines: list[str] = []
    segments = sum(len(b.segments) for b in doc.blocks)
    lines.append(f"{len(doc.blocks)} blocks, {segments} sentences, {len(doc.footnotes)} footnotes")
    for number, block in enumerate(doc.blocks, start=1):
        detail = {"heading": f" level {block.level}", "list-item": f" depth {block.level}"}.get(
            block.kind, ""
        )
        if block.cell is not None:
            detail = f" {block.cell.label}"
        lines.append("")
        lines.append(f"{number}. {block.kind}{detail} [{block.id}]")
        for seg in block.segments:
            lines.append(f"   {seg.id:<8} {_marked(seg.source)}")
    if doc.footnotes:
        lines.append("")
        lines.append("Footnotes")
        for fn in doc.footnotes:
            for block in fn.blocks:
                for seg in block.segments:
                    lines.append(f"   [{fn.id}] {seg.id:<12} {_marked(seg.source)}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from toolkit.commands.console import warn
    from toolkit.pipeline.prepare import prepare

    doc = prepare(args.file, srx=args.srx, warn=warn)
    if args.json:
        sys.stdout.write(json.dumps(as_json(doc), ensure_ascii=False, indent=1) + "\n")
    else:
        from toolkit.support.encoding import escape_controls

        sys.stdout.write(escape_controls(as_text(doc)))  # a brief's ESC sequences never reach the terminal
    return 0
