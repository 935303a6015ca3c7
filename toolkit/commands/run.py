"""`toolkit run INPUT... -o OUTDIR`: read, segment, translate, check, and write the bilingual store and reports.

One brief is translated here; several, or a folder of them, make a batch (`toolkit.batch`), run here, in a
process pool (`--jobs`) or on a Dask cluster (`--scheduler`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.commands.options import add_glossary_options, add_tls_options
from toolkit.engines import ENGINES

if TYPE_CHECKING:
    from toolkit.pipeline.run import RunSettings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input",
        nargs="+",
        help="French briefs (.txt, .md, .docx, .odt, .html) or folders of them: several make a batch",
    )
    parser.add_argument("-o", "--outdir", required=True, help="folder for the outputs (created if missing)")
    parser.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        help="default: argos if a fr→en model is installed, else apertium",
    )
    parser.add_argument(
        "--tm",
        action="append",
        default=[],
        metavar="FILE.tmx",
        help="translation memory: exact matches are used before any engine (repeatable)",
    )
    parser.add_argument("--srx", metavar="FILE", help="SRX 2.0 segmentation rules instead of ours")
    add_glossary_options(parser)
    parser.add_argument(
        "--dnt",
        action="append",
        default=[],
        metavar="FILE",
        help="do-not-translate list: one term a line, or a regular expression after `re:` (repeatable)",
    )
    parser.add_argument(
        "--no-guess-names",
        action="store_true",
        help="lock only listed names, not the names the rules guess (capitalised runs, italic titles)",
    )
    parser.add_argument(
        "--style",
        choices=("en-GB", "en-US"),
        default="en-GB",
        help="English house style for dates and times: 4 August 2024, 23:00 (en-GB, default) or August 4, 2024, "
        "11 p.m. (en-US)",
    )
    parser.add_argument(
        "--pivot",
        choices=("es", "ca", "best"),
        help="Apertium pivot language; best: both, per sentence the one with fewer unknown words",
    )
    parser.add_argument("--packages-dir", metavar="DIR", help="where Argos packages are installed")
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="engine option, e.g. beam_size=2, max_batch_size=16, threads=2 (repeatable)",
    )
    parser.add_argument(
        "--formats",
        metavar="LIST",
        help="editions to write: docx,pdf,html,tmx (default: all; 'none' for the XLIFF and QA report only)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="retranslate segments a reviewer has already reviewed in OUTDIR's XLIFF",
    )
    batch = parser.add_argument_group("batches (several briefs or a folder)")
    batch.add_argument(
        "--jobs",
        metavar="N|auto",
        help="translate N briefs at once in local processes ('auto': one per core; default 1)",
    )
    batch.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=os.environ.get("TOOLKIT_SCHEDULER"),
        help="a Dask scheduler (tcp://HOST:8786 or tls://…) whose `toolkit worker`s translate the briefs "
        "(default: $TOOLKIT_SCHEDULER); needs the `cluster` extra",
    )
    add_tls_options(batch)


def engine_options(args: argparse.Namespace) -> dict[str, object]:
    from toolkit.errors import ToolkitError

    raw: dict[str, str] = {}
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ToolkitError(f"engine option {item!r} is not KEY=VALUE")
        raw[key.strip()] = value.strip()
    return {"raw": raw, "pivot": args.pivot, "packages_dir": args.packages_dir}


def run(args: argparse.Namespace) -> int:
    from toolkit.commands.console import warn
    from toolkit.pipeline.publish import parse_formats
    from toolkit.pipeline.run import RunSettings, engine_line, run_pipeline

    batch = len(args.input) > 1 or Path(args.input[0]).is_dir() or bool(args.scheduler)
    settings = RunSettings(
        input=Path(args.input[0]),
        outdir=Path(args.outdir),
        engine=args.engine,
        tm=[Path(p) for p in args.tm],
        srx=args.srx,
        glossaries=[Path(p) for p in args.glossary],
        use_default_glossary=not args.no_glossary,
        dnt=[Path(p) for p in args.dnt],
        guess_names=not args.no_guess_names,
        style=args.style,
        options=engine_options(args),
        force=args.force,
        formats=() if args.formats == "none" else parse_formats(args.formats),
    )
    if batch:
        return run_many(args, settings)
    if args.jobs is not None:
        from toolkit.batch.runner import resolve_jobs

        resolve_jobs(args.jobs, 1)  # a bad value is refused alike for one brief
    result = run_pipeline(settings, warn=warn)
    out = sys.stdout
    sig = result.signature
    out.write(engine_line(sig) + "\n")
    from toolkit.pipeline.qa import unattached_count

    qa = result.qa
    unattached = unattached_count(qa["issues"])
    out.write(
        f"{qa['segments']} segments, {qa['translated']} translated, {len(qa['issues'])} QA issues"
        + (f", {unattached} note{'s' if unattached > 1 else ''} not attached to the text (printed after the body)"
           if unattached else "")
        + "\n"
    )
    if result.carried is not None and result.carried.anything:
        out.write(result.carried.summary() + "\n")
    for path in result.written:
        out.write(f"wrote {path}\n")
    if args.debug if hasattr(args, "debug") else False:
        out.write(json.dumps(sig) + "\n")
    return 0


def run_many(args: argparse.Namespace, settings: RunSettings) -> int:
    """A batch: every brief of the files and folders named, written into OUTDIR with `batch.json`."""
    from toolkit.batch.inputs import collect_briefs
    from toolkit.batch.runner import BatchPlan, resolve_jobs, run_batch
    from toolkit.commands.options import tls_security

    paths = collect_briefs(args.input)
    plan = BatchPlan(
        jobs=resolve_jobs(args.jobs, len(paths)),
        scheduler=args.scheduler or None,
        security=tls_security(args),
    )
    return run_batch(settings, paths, plan)
