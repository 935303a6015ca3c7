"""Term work and glossary size: the seed brief's placement, post-edit and QA with the shipped glossary, and with
10,000 more rows that never occur.

Run from the repository root: `python benchmarks/bench_glossary.py [--copies 1] [--repeats 20] [--rows 10000]`.

The brief is samples/belarus-brief.fr.txt (the seed brief), `--copies` times over. Apertium translates it once;
its English is then replayed from memory, so every timed run does the toolkit's own work only: placement (the
glossary hits protected, the English restored: `translate_document` with `TermPolicy.protect`), the lost-term
check (`TermPolicy.lost_terms`, which runs the forbidden-variant fix first), post-edit (`finish_document`) and QA
(`check_document`). Figures are CPU seconds of this process per brief, the fastest of `--repeats` runs
(the glossaries take turns), with the glossary's matcher already built; its build (and that of the reverse list of
English names placement uses) is timed apart. The unused rows are tests/terms/synthetic.py's: invented words
("unused"), or invented words after a word the brief has ("shared first word": Ukraine zaqvex…, Kiev Zaqvex…).
Issue 19's target: ≤ 1.10× the shipped glossary. The English must come out the same with every glossary; the
script stops if it does not.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.terms.synthetic import shipped_plus_unused
from toolkit.engines.apertium import ApertiumEngine
from toolkit.engines.base import Engine, EngineWarning, Progress
from toolkit.model import plain_text
from toolkit.pipeline.postedit import finish_document
from toolkit.pipeline.prepare import prepare
from toolkit.pipeline.qa import check_document
from toolkit.pipeline.translate import translate_document
from toolkit.terms.glossary import Glossary, load_default_glossary
from toolkit.terms.matcher import matcher_for
from toolkit.terms.policy import TermPolicy

T = TypeVar("T")
SEED = Path(__file__).parents[1] / "samples" / "belarus-brief.fr.txt"
STAGES = ("placement", "lost-term check", "post-edit", "QA")


class Replay(Engine):
    """Apertium once per distinct input, then its English (and its unknown-word warnings) from memory."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.name = inner.name
        self.keeps_markup = inner.keeps_markup
        self.seen: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        self.misses = 0
        self.warnings: list[EngineWarning] = []

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.seen]
        if missing:
            self.misses += len(missing)
            english = self.inner.translate(missing)
            warned = getattr(self.inner, "warnings", [])
            for i, (text, out) in enumerate(zip(missing, english, strict=True)):
                self.seen[text] = (out, [(w.kind, w.detail) for w in warned if w.index == i])
        self.warnings = [EngineWarning(i, k, d) for i, t in enumerate(texts) for k, d in self.seen[t][1]]
        return [self.seen[t][0] for t in texts]

    def signature(self) -> dict[str, str]:
        return self.inner.signature()


def cpu() -> float:
    return time.process_time()


def brief(copies: int, folder: Path) -> Path:
    path = folder / "seed.fr.txt"
    path.write_text("\n\n".join([SEED.read_text(encoding="utf-8")] * copies), encoding="utf-8")
    return path


def one_run(source: Path, glossary: Glossary, reverse: Glossary | None, engine: Replay) -> tuple[dict[str, float],
                                                                                                   list[str]]:
    """The toolkit's term work on one brief; CPU seconds per stage and the English."""
    doc = prepare(source)
    policy = TermPolicy(glossary, _reverse_glossary=reverse)
    policy.prepare_for(engine)
    times: dict[str, float] = {}

    def timed(stage: str, work: Callable[[], T]) -> T:
        started = cpu()
        result = work()
        times[stage] = times.get(stage, 0.0) + cpu() - started
        return result

    outcome = timed("placement", lambda: translate_document(doc, engine, view_hook=policy.protect))
    lost = timed("lost-term check", lambda: {s.id for s in doc.segments() if policy.lost_terms(s)})
    if lost:  # as the run does: a second try around the locked terms
        policy.mode = "split"
        timed("placement", lambda: translate_document(doc, engine, view_hook=policy.protect, only=lost))
        policy.prepare_for(engine)
    timed("post-edit", lambda: finish_document(doc, policy))
    timed("QA", lambda: check_document(doc, outcome.unknown, policy.placed_terms(), policy.covered_terms()))
    return times, [plain_text(seg.target or []) for seg in doc.segments()]


@dataclass
class Config:
    name: str
    glossary: Glossary
    reverse: Glossary | None
    load: float
    build: float
    runs: list[dict[str, float]] = field(default_factory=list)
    english: list[str] = field(default_factory=list)

    def best(self, stages: Sequence[str]) -> float:
        """The fewest CPU seconds these stages took together in one run (the least disturbed by other work)."""
        return min(sum(run[s] for s in stages) for run in self.runs)


def load_config(name: str, load: Callable[[], Glossary], source: Path, engine: Replay) -> Config:
    """Load and build one glossary, timed; then one untimed run (fills the replay, compiles what is lazy)."""
    started = cpu()
    glossary = load()
    loaded = cpu() - started
    started = cpu()
    _ = matcher_for(glossary)
    reverse = TermPolicy(glossary)._reverse()
    _ = matcher_for(reverse) if reverse is not None else None
    built = cpu() - started
    config = Config(name, glossary, reverse, loaded, built)
    _times, config.english = one_run(source, glossary, reverse, engine)
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=1, help="copies of the seed brief in one brief")
    parser.add_argument("--repeats", type=int, default=20, help="timed runs per glossary")
    parser.add_argument("--rows", type=int, default=10_000, help="unused rows added to the shipped glossary")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-glossary-") as tmp:
        source = brief(args.copies, Path(tmp))
        engine = Replay(ApertiumEngine())
        configs: list[tuple[str, Callable[[], Glossary]]] = [
            ("shipped", load_default_glossary),
            (f"shipped + {args.rows:,} unused", lambda: shipped_plus_unused(args.rows)),
            (f"shipped + {args.rows:,} unused, shared first word", lambda: shipped_plus_unused(args.rows, True)),
        ]
        rows = [load_config(name, load, source, engine) for name, load in configs]
        misses = engine.misses
        # the glossaries take turns, so a busy moment of the machine falls on all of them alike
        for _ in range(args.repeats):
            for row in rows:
                times, english = one_run(source, row.glossary, row.reverse, engine)
                row.runs.append(dict.fromkeys(STAGES, 0.0) | times)
                if english != rows[0].english:
                    sys.exit(f"the English differs with '{row.name}': term work changed output")
        if engine.misses != misses:
            sys.exit("a timed run sent Apertium a new sentence; the figures would include the engine")
    post_stages = ("lost-term check", "post-edit", "QA")
    base_post, base_total = rows[0].best(post_stages), rows[0].best(STAGES)
    print(f"seed brief x{args.copies} ({len(rows[0].english)} segments), fastest of {args.repeats} runs, "
          "CPU seconds per brief")
    print("| glossary | entries | " + " | ".join(STAGES) + " | post-edit + QA | ratio | all term work | ratio "
          "| load s | matcher build s |")
    print("|---|---:|" + "---:|" * (len(STAGES) + 6))
    for row in rows:
        post, total = row.best(post_stages), row.best(STAGES)
        cells = " | ".join(f"{row.best([s]):.4f}" for s in STAGES)
        print(f"| {row.name} | {len(row.glossary):,} | {cells} | {post:.4f} | {post / base_post:.2f}x | "
              f"{total:.4f} | {total / base_total:.2f}x | {row.load:.2f} | {row.build:.2f} |")
    print(f"\nApertium translated {misses} distinct inputs, all in the untimed first runs; the English is identical "
          "with every glossary.")

if __name__ == "__main__":
    main()
