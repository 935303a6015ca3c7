"""The one way tests run a brief through the stages by hand (prepare → protect + translate with Apertium →
post-edit → QA) when they need the document and the issues rather than the files."""

from __future__ import annotations

from pathlib import Path

from toolkit.model import Document, Issue


def through_apertium(path: Path) -> tuple[Document, list[Issue]]:
    """`path` read, translated through Apertium's Catalan pivot with the shipped glossary, post-edited, checked."""
    from toolkit.engines.apertium import ApertiumEngine
    from toolkit.formats.glossaries import load_policy
    from toolkit.pipeline.postedit import finish_document
    from toolkit.pipeline.prepare import prepare
    from toolkit.pipeline.qa import check_document
    from toolkit.pipeline.translate import translate_document

    doc = prepare(path)
    engine = ApertiumEngine("ca")
    policy = load_policy([])
    policy.prepare_for(engine)
    outcome = translate_document(doc, engine, view_hook=policy.protect)
    issues = finish_document(doc, policy)
    issues += check_document(doc, outcome.unknown, policy.placed_terms(), policy.covered_terms())
    return doc, issues
