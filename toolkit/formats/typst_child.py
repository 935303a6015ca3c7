"""The typesetter in a process of its own: `python -m toolkit.formats.typst_child` reads a Typst job as JSON on
stdin and writes the result as JSON on stdout. Typst is native code: a failed allocation aborts the process
that runs it, and only a child can die of that without taking the command (and its cleanup) with it."""

from __future__ import annotations

import base64
import json
import os
import resource
import sys

# Address space the typesetter may use: past it an allocation fails inside the child, not the machine
# (TOOLKIT_TYPST_MEMORY_MB overrides it, for machines with less memory and for tests).
MEMORY_LIMIT_BYTES = int(os.environ.get("TOOLKIT_TYPST_MEMORY_MB", "6144")) * 1024**2


def main() -> int:
    job = json.loads(sys.stdin.buffer.read())
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = MEMORY_LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(MEMORY_LIMIT_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    import typst

    result: dict[str, object]

    try:
        pdf, warnings = typst.compile_with_warnings(
            job["source"].encode("utf-8"), format="pdf", ignore_system_fonts=True, sys_inputs=job["inputs"],
            timestamp=job["timestamp"],
        )
    except typst.TypstError as exc:
        result = {"error": exc.message, "diagnostic": exc.diagnostic or ""}
    else:
        if not isinstance(pdf, bytes):
            result = {"error": "no PDF came back", "diagnostic": ""}
        else:
            result = {"pdf": base64.b64encode(pdf).decode("ascii"), "warnings": [w.message for w in warnings]}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
