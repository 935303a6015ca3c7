"""The official schemas in ../shared/schemas/, loaded once: validators that tests call on what the toolkit writes."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from lxml import etree

SCHEMAS = Path(os.environ.get("TOOLKIT_SCHEMAS", Path(__file__).resolve().parents[3] / "shared" / "schemas"))
if not SCHEMAS.is_dir():  # a worktree two levels deeper than the main checkout
    SCHEMAS = Path("/work/shared/schemas")


def _parser() -> etree.XMLParser:
    # schemas import each other by relative path: allowed; nothing from the network
    return etree.XMLParser(no_network=True, resolve_entities=False)


@functools.cache
def xliff12_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-1.2" / "xliff-core-1.2-strict.xsd"), _parser()))


def errors(schema: etree.XMLSchema | etree.DTD | etree.RelaxNG, data: bytes) -> list[str]:
    """Validation errors of `data` against `schema`, one line each ([] when valid)."""
    doc = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    if schema.validate(doc):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]
