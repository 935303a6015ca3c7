"""`toolkit run` end to end: load resources once, then prepare → translate → postedit → qa → store → publish."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.engines.base import Engine
from toolkit.errors import ToolkitError
from toolkit.model import Document, Issue
from toolkit.pipeline.rerun import Carried

if TYPE_CHECKING:
    from toolkit.engines.memory import TranslationMemory
    from toolkit.segment.srx import SrxSegmenter
    from toolkit.terms.policy import TermPolicy

Warn = Callable[[str], None]
# A document of more segments than this drops the QA word lists before its editions are written (a batch of
# short briefs keeps them loaded from one brief to the next).
LEXICON_KEPT_UP_TO = 1000


@dataclass
class RunSettings:
    input: Path
    outdir: Path
    engine: str | None = None
    tm: list[Path] = field(default_factory=list)
    srx: str | None = None
    glossaries: list[Path] = field(default_factory=list)
    use_default_glossary: bool = True
    dnt: list[Path] = field(default_factory=list)
    guess_names: bool = True
    style: str = "en-GB"
    options: dict[str, Any] = field(default_factory=dict)
    force: bool = False
    formats: tuple[str, ...] = ("docx", "pdf", "html", "tmx")
    source_name: str | None = None  # the input as its user named it, when `input` is a copy (batch workers)
    progress: bool = True  # a segment progress bar on a terminal (off inside a batch: it has its own)


@dataclass
class RunResult:
    doc: Document
    signature: dict[str, str]
    qa: dict[str, Any]
    written: list[Path]
    kept: int = 0
    carried: Carried | None = None
    backup: Path | None = None


def build_engine(name: str | None, options: dict[str, Any], memory: Any) -> Engine:
    from toolkit.engines import default_engine_name

    chosen = name or default_engine_name()
    raw: dict[str, str] = dict(options.get("raw") or {})
    if chosen == "argos":
        from toolkit.engines.argos import engine_from_options

        return engine_from_options(raw, packages_dir=options.get("packages_dir"))
    if raw:
        raise ToolkitError(f"engine options are for argos; {chosen} takes none (got {', '.join(raw)})")
    if chosen == "apertium":
        from toolkit.engines.apertium import DEFAULT_PIVOT, ApertiumEngine

        return ApertiumEngine(pivot=options.get("pivot") or DEFAULT_PIVOT)
    if chosen == "memory":
        from toolkit.engines.memory import MemoryEngine

        if memory is None:
            raise ToolkitError("--engine memory needs at least one --tm FILE.tmx")
        return MemoryEngine(memory)
    from toolkit.engines import make_engine

    return make_engine(chosen)


def check_same_source(previous: Document, previous_sig: dict[str, str], doc: Document, input_path: Path,
                      xliff_path: Path) -> None:
    """A store with reviewed work belongs to the brief it was made from: another brief that happens to have the
    same stem (`brief.fr.txt` reviewed, then `brief.fr.md`) is refused unless `--force`.

    The same name with new content is a rerun after edits (carried over by French text); the same bytes under
    a new name is a renamed file; both differing is another document.
    """
    from toolkit.pipeline.rerun import reviewed_work

    old_name = Path(previous.source_path).name if previous.source_path else ""
    old_hash = previous_sig.get("source", "")
    same_name = not old_name or old_name == input_path.name
    same_bytes = bool(old_hash) and old_hash == doc.source_hash
    if same_name or same_bytes:
        return
    reviewed, comments = reviewed_work(previous)
    raise ToolkitError(
        f"this XLIFF holds the reviewed translation of {old_name}, not of {input_path.name}: --force would "
        f"discard its {reviewed} reviewed segment(s) and {comments} comment(s) (a backup is kept), "
        f"or choose another output folder",
        str(xliff_path),
    )


@dataclass
class Resources:
    """What a run loads before any brief, and every brief of a batch shares: segmentation rules, glossary,
    memory and engine."""

    segmenter: SrxSegmenter
    policy: TermPolicy
    engine: Engine
    memory: TranslationMemory | None
    segmenter_name: str
    # settings that shape the English besides these: house style, name guessing
    settings_extra: dict[str, str] = field(default_factory=dict)

    def signature(self, source: str | None = None) -> dict[str, str]:
        """Every setting that shapes the English, the same for every brief translated with these resources;
        with `source`, the hash of one input too."""
        from toolkit.support.signature import make_signature

        extra = {"segmenter": self.segmenter_name}
        if source is not None:
            # the input's own hash: `toolkit publish` reuses a DOCX input's styles only if the file is this one
            extra["source"] = source
        if self.memory is not None:
            extra["tm"] = self.memory.describe()
        if self.policy.dnt is not None:
            extra["dnt"] = self.policy.dnt.digest  # each component names its own part: no file is read again
        extra.update(self.settings_extra)
        return make_signature(self.engine.signature(), self.policy.glossary_hash, extra)

    def policy_for_document(self) -> TermPolicy:
        """The loaded glossary with a fresh record of what one document's English must contain."""
        policy = dataclasses.replace(self.policy, expected={}, transliterated=0)
        policy.prepare_for(self.engine)
        return policy


def engine_line(sig: dict[str, str]) -> str:
    """The first line of a run's report: which engine and model made the English."""
    return f"engine: {sig.get('engine')} {sig.get('version', '')} — model {sig.get('model', '')}"


def load_resources(settings: RunSettings) -> Resources:
    """Load the rules, glossary, memory and engine `settings` name (each a one-line error when unusable)."""
    from toolkit.formats.glossaries import load_policy
    from toolkit.segment import load_segmenter

    segmenter = load_segmenter(settings.srx)
    # a user's rules are named by the hash of the bytes the segmenter read, not by a second read of the file
    segmenter_name = (segmenter.digest or "") if settings.srx else "fr.srx"
    memory = None
    if settings.tm:
        from toolkit.engines.memory import TranslationMemory

        memory = TranslationMemory.from_files(settings.tm)
    policy = load_policy(
        settings.glossaries, settings.use_default_glossary, dnt=settings.dnt, guess_names=settings.guess_names
    )
    engine = build_engine(settings.engine, settings.options, memory)
    policy.prepare_for(engine)
    extra: dict[str, str] = {}
    extra["style"] = settings.style
    if not settings.guess_names:
        extra["names"] = "listed"
    return Resources(segmenter, policy, engine, memory, segmenter_name, extra)


@contextlib.contextmanager
def _settled_heap() -> Iterator[None]:
    """From post-editing to the last output, the document and everything the run loaded stay: the collector
    leaves them out of its passes (`gc.freeze`), so a stage's garbage costs the same whatever the brief's length
    (without it the XLIFF writer grew 12x from a 10x to a 100x brief); they are handed back when the run ends."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def run_pipeline(settings: RunSettings, warn: Warn, resources: Resources | None = None) -> RunResult:
    """Translate `settings.input` into `settings.outdir`, with `resources` already loaded when given."""
    from toolkit.pipeline.prepare import prepare
    from toolkit.pipeline.publish import output_stem
    from toolkit.support.fileio import exclusive

    if resources is None:
        doc = prepare(settings.input, srx=settings.srx, warn=warn)
        resources = load_resources(settings)
    else:
        doc = prepare(settings.input, warn=warn, segmenter=resources.segmenter)
    if settings.source_name:
        doc.source_path = settings.source_name
    stem = output_stem(settings.input)
    xliff_path = settings.outdir / f"{stem}.xlf"
    # the previous store is read, carried over and replaced under its lock: a review import of the same XLIFF
    # waits for this run (or gives up in one line) instead of being overwritten by it
    with exclusive(xliff_path):
        return _run_locked(settings, doc, stem, xliff_path, resources, warn)


def _run_locked(
    settings: RunSettings, doc: Document, stem: str, xliff_path: Path, resources: Resources, warn: Warn
) -> RunResult:
    from toolkit.formats.xliff import parse_xliff, write_xliff
    from toolkit.pipeline.postedit import finish_document
    from toolkit.pipeline.publish import edition_names
    from toolkit.pipeline.qa import check_document, report
    from toolkit.pipeline.rerun import carry_over, reviewed_work
    from toolkit.pipeline.translate import translate_document
    from toolkit.support.fileio import OutputSet, check_replaceable, read_input
    from toolkit.support.links import unsafe_links
    from toolkit.support.progress import progress_bar

    # every destination is absent or a regular file, checked before any work (and again before any rename)
    for name in [f"{stem}.xlf", f"{stem}.qa.json", *edition_names(stem, settings.formats)]:
        check_replaceable(settings.outdir / name)
    carried: Carried | None = None
    previous_bytes: bytes | None = None
    had_work = False
    if xliff_path.exists():
        previous_bytes = read_input(xliff_path, "XLIFF file")
        previous, previous_sig = parse_xliff(previous_bytes, str(xliff_path))
        had_work = reviewed_work(previous) != (0, 0)
        if had_work and not settings.force:
            check_same_source(previous, previous_sig, doc, settings.input, xliff_path)
        if not settings.force:
            carried = carry_over(doc, previous)

    memory = resources.memory
    policy = resources.policy_for_document()
    engine = resources.engine

    total = sum(1 for _ in doc.segments()) if settings.progress else 0
    with progress_bar(total, f"translating with {engine.name}") as advance:
        outcome = translate_document(
            doc,
            engine,
            memory=memory if engine.name != "memory" else None,
            progress=advance,
            view_hook=policy.protect,
        )
    issues = list(outcome.issues)
    # Names an engine lost (a neural model may drop an injected name; a pair may vanish with its word) get a
    # second try with the names locked as spans the engine never sees: every name placed, fluency second.
    lost = {seg.id for seg in doc.segments() if seg.origin == engine.name and policy.lost_terms(seg)}
    if lost:
        # the second try protects with its own mode; what it expects lands in the run's one record
        split = dataclasses.replace(policy, mode="split", expected=policy.expected)
        retry = translate_document(doc, engine, view_hook=split.protect, only=lost)
        issues = [i for i in issues if i.segment not in lost] + retry.issues
        for sid in lost:
            outcome.unknown[sid] = retry.unknown.get(sid, [])
        issues.extend(
            Issue(
                sid,
                "term-forced",
                "the engine dropped a glossary term or name: translated again "
                "around the locked terms, check the sentence",
            )
            for sid in sorted(lost)
        )
    # from here on the document only grows: the collector leaves it and the resources alone
    with _settled_heap():
        issues.extend(finish_document(doc, policy, settings.style))
        issues.extend(check_document(doc, outcome.unknown, policy.placed_terms(), policy.covered_terms()))
        if sum(1 for _ in doc.segments()) > LEXICON_KEPT_UP_TO:
            # nothing after QA looks words up: a long document's editions get the word lists' memory
            from toolkit.terms.lexicon import release

            release()
        issues.extend(unsafe_links(doc))
        suggestions = dict(outcome.suggestions)
        if carried is not None:
            issues.extend(carried.issues)
            for sid, found in carried.suggestions.items():
                suggestions[sid] = list(found) + list(suggestions.get(sid, []))

        signature = resources.signature(source=doc.source_hash)
        qa = report(doc, issues, signature, glossary=policy.stats())
        if carried is not None and carried.anything:
            qa["carried"] = carried.report()
        attach_qa_notes(doc, issues)

        from toolkit.pipeline.publish import PublishContext, glossary_terms, publish

        context = PublishContext(
            stem=stem,
            signature=signature,
            issues=issues,
            terms=glossary_terms(doc, policy.glossary),
            reference_docx=settings.input if settings.input.suffix.lower() == ".docx" else None,
            warn=warn,
        )
        backup: Path | None = None
        with OutputSet(settings.outdir) as out:
            if previous_bytes is not None and had_work and (carried is None or not carried.everything_kept):
                # reviewed work that is not carried as it was (forced, now a suggestion, retired) stays in a backup
                from toolkit.review.exchange import backup_path

                backup = backup_path(xliff_path)
                out.path(backup.name).write_bytes(previous_bytes)
            write_xliff(doc, out.path(f"{stem}.xlf"), signature=signature, suggestions=suggestions)
            out.path(f"{stem}.qa.json").write_text(json.dumps(qa, ensure_ascii=False, indent=1) + "\n", "utf-8")
            publish(doc, out, context, settings.formats)
            written = list(out.targets)
    return RunResult(doc=doc, signature=signature, qa=qa, written=written,
                     kept=carried.kept if carried else 0, carried=carried, backup=backup)


def attach_qa_notes(doc: Document, issues: list[Issue]) -> None:
    """QA issues travel in the XLIFF as notes of category `qa` (stale ones from an earlier run are dropped)."""
    from toolkit.model import QA_NOTE

    by_id = {seg.id: seg for seg in doc.segments()}
    for seg in by_id.values():
        seg.notes = [n for n in seg.notes if n.category != QA_NOTE]
    for issue in issues:
        owner = by_id.get(issue.segment)
        if owner is not None:
            owner.notes.append(issue.note())
