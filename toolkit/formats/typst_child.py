"""The typesetter in a process of its own: `python -m toolkit.formats.typst_child` reads a Typst job as JSON on
stdin and writes the result as JSON on stdout. Typst is native code: a failed allocation aborts the process
that runs it, and only a child can die of that without taking the command (and its cleanup) with it; and
Typst frees none of its layouts before its process ends, so a long document is laid out in parts, one process
each (`typst_job`), and joined here.

A job is one of: `{"source"|"path", "inputs", "timestamp", "tags"?, "report"?}` (typeset; with `report`, the
value of the metadata that label names, read from the same layout) or `{"join": [{"pdf", "pages"}], "folios"}`
(the first `pages` pages of each PDF in turn, each page under the folio page of the same rank).
"""

from __future__ import annotations

import base64
import json
import os
import resource
import sys
from typing import Any

# Address space the typesetter may use: past it an allocation fails inside the child, not the machine
# (TOOLKIT_TYPST_MEMORY_MB overrides it, for machines with less memory and for tests).
MEMORY_LIMIT_BYTES = int(os.environ.get("TOOLKIT_TYPST_MEMORY_MB", "6144")) * 1024**2


def main() -> int:
    job = json.loads(sys.stdin.buffer.read())
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    result = join(job) if "join" in job else typeset(job)
    sys.stdout.write(json.dumps(result))
    return 0


def typeset(job: dict[str, Any]) -> dict[str, Any]:
    import typst

    try:
        if "path" in job:  # a file: Typst's query reads the document from its path
            compiler = typst.Compiler(job["path"], root=job["root"], ignore_system_fonts=True,
                                      sys_inputs=job["inputs"])
        else:
            compiler = typst.Compiler(job["source"].encode("utf-8"), ignore_system_fonts=True,
                                      sys_inputs=job["inputs"])
        pdf, warnings = compiler.compile_with_warnings(format="pdf", timestamp=job["timestamp"],
                                                       pdf_tags=job.get("tags", True))
        report = json.loads(compiler.query(job["report"], field="value", one=True)) if "report" in job else None
    except typst.TypstError as exc:
        return {"error": exc.message, "diagnostic": exc.diagnostic or ""}
    if not isinstance(pdf, bytes):
        return {"error": "no PDF came back", "diagnostic": ""}
    result = {"pdf": base64.b64encode(pdf).decode("ascii"), "warnings": [w.message for w in warnings]}
    if report is not None:
        result["report"] = report
    return result


def join(job: dict[str, Any]) -> dict[str, Any]:
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    first = None
    for piece in job["join"]:
        reader = PdfReader(io.BytesIO(base64.b64decode(piece["pdf"])))
        if first is None:
            first = reader
        writer.append(reader, pages=(0, int(piece["pages"])))
    folios = PdfReader(io.BytesIO(base64.b64decode(job["folios"])))
    if len(folios.pages) != len(writer.pages):
        return {"error": f"{len(folios.pages)} folios for {len(writer.pages)} pages", "diagnostic": ""}
    for page, folio in zip(writer.pages, folios.pages, strict=True):
        page.merge_page(folio)
    if first is not None:
        if first.metadata:
            writer.add_metadata(dict(first.metadata))
        for key in ("/Lang", "/ViewerPreferences"):  # the language and "show the title, not the file name"
            if key in first.root_object:
                writer.root_object[NameObject(key)] = first.root_object[key].clone(writer)
    out = io.BytesIO()
    writer.write(out)
    return {"pdf": base64.b64encode(out.getvalue()).decode("ascii"), "warnings": []}


if __name__ == "__main__":
    sys.exit(main())
