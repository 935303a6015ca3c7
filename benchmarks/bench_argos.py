"""Throughput of our batched Argos path against `argostranslate.translate` on one synthetic package and text.

Run from the repository root: `/opt/venv/bin/python benchmarks/bench_argos.py [--copies N] [--steps S]`.

Fairness, since no real model may be downloaded here:
- one size-realistic synthetic package (6 layers, d_model 512, 8 heads, FFN 2048, vocabulary 8000, int8 like
  Argos's own packages, random weights) is built in a temporary directory and used by both paths;
- random weights never stop on their own, so both paths decode exactly `--steps` steps: our engine through its
  `min/max_decoding_length` options, Argos through a `ctranslate2.Translator` subclass that adds the same two
  arguments to the `translate_batch` call Argos makes (everything else is Argos's own: beam 4, length
  penalty 0.2, its batching);
- Argos splits sentences with MiniSBD, whose model it downloads on first use: impossible offline. Our
  segmenter hands the engine single sentences, so Argos is given the same single sentences and its splitter
  is replaced by the identity (`MiniSBDSentencizer.split_sentences = lambda self, text: [text]`);
  `argostranslate.translate` still imports stanza and torch as it always does (see bench_coldstart.py);
- both use the same number of CTranslate2 threads, and both are timed after a warm-up translation.
Two texts: the seed brief's sentences x N as they are (identical sentences repeat, which our engine translates
once), and the same with every copy made distinct (batching alone).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.engines.tinyargos import ModelSize, build_package_dir  # noqa: E402
from toolkit.engines.argos import ArgosEngine  # noqa: E402

REALISTIC = ModelSize(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=8000, quantization="int8")
SEED = ROOT / "samples" / "belarus-brief.fr.txt"

ARGOS_RUNNER = r"""
import json, sys, time, types
import ctranslate2
import argostranslate.sbd as sbd
import argostranslate.translate as argos

job = json.load(sys.stdin)
steps = job["steps"]

class FixedLength(ctranslate2.Translator):
    def translate_batch(self, *args, **kwargs):
        kwargs.update(min_decoding_length=steps, max_decoding_length=steps)
        return super().translate_batch(*args, **kwargs)

argos.ctranslate2 = types.SimpleNamespace(Translator=FixedLength)
sbd.MiniSBDSentencizer.split_sentences = lambda self, text: [text]
translation = argos.get_translation_from_codes("fr", "en")
translation.translate("Bonjour.")  # warm-up: loads the model
results = {}
for name, sentences in job["texts"].items():
    start = time.perf_counter()
    outputs = [translation.translate(sentence) for sentence in sentences]
    results[name] = {"seconds": time.perf_counter() - start, "outputs": outputs}
print(json.dumps(results))
"""


def seed_sentences() -> list[str]:
    """The seed brief cut into sentences (a rough cut is enough for timing)."""
    sentences: list[str] = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^\s*(?:•|\d+\.)\s*", "", line).strip()
        if line:
            sentences.extend(s for s in re.split(r"(?<=[.!?»])\s+(?=[A-ZÀ-ÖØ-Þ«])", line) if s)
    return sentences


def run_argos(
    packages: Path, texts: dict[str, list[str]], steps: int, threads: int
) -> dict[str, dict[str, object]]:
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages), "ARGOS_INTRA_THREADS": str(threads)}
    done = subprocess.run(
        [sys.executable, "-c", ARGOS_RUNNER],
        input=json.dumps({"steps": steps, "texts": texts}),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode:
        sys.exit(f"argostranslate run failed:\n{done.stderr}")
    result: dict[str, dict[str, object]] = json.loads(done.stdout.splitlines()[-1])
    return result


def run_ours(
    packages: Path, texts: dict[str, list[str]], steps: int, threads: int
) -> dict[str, dict[str, object]]:
    engine = ArgosEngine(
        packages_dir=packages, threads=threads, min_decoding_length=steps, max_decoding_length=steps
    )
    engine.translate(["Bonjour."])  # warm-up: loads the model
    results: dict[str, dict[str, object]] = {}
    for name, sentences in texts.items():
        start = time.perf_counter()
        outputs = engine.translate(sentences)
        results[name] = {"seconds": time.perf_counter() - start, "outputs": outputs}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--copies", type=int, default=3, help="the seed brief's sentences repeated N times")
    parser.add_argument("--steps", type=int, default=24, help="decoding steps per sentence, both paths")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    base = seed_sentences()
    texts = {
        "seed x N (as is)": base * args.copies,
        "seed x N (distinct)": [f"{s} ({i})" for i in range(args.copies) for s in base],
    }
    words = sum(len(s.split()) for s in texts["seed x N (as is)"])
    with tempfile.TemporaryDirectory(prefix="bench-argos-") as tmp:
        packages = Path(tmp) / "packages"
        start = time.perf_counter()
        build_package_dir(packages, size=REALISTIC)
        built = time.perf_counter() - start
        print(
            f"model: {REALISTIC.layers} layers, d_model {REALISTIC.d_model}, vocab {REALISTIC.vocab_size}, "
            f"{REALISTIC.quantization} (built in {built:.1f} s); {len(base)} seed sentences x {args.copies}, "
            f"{words} words; {args.steps} decoding steps; {args.threads} threads; beam 4"
        )
        argos = run_argos(packages, texts, args.steps, args.threads)
        ours = run_ours(packages, texts, args.steps, args.threads)

    print()
    text, count, theirs, mine, ratio, same = (
        "text",
        "sentences",
        "argostranslate s",
        "toolkit s",
        "speed-up",
        "same",
    )
    print(f"| {text:<22} | {count:>9} | {theirs:>16} | {mine:>9} | {ratio:>8} | {same} tokens |")
    print(f"|{'-' * 24}|{'-' * 11}|{'-' * 18}|{'-' * 11}|{'-' * 10}|{'-' * 13}|")
    for name, sentences in texts.items():
        a, o = argos[name], ours[name]
        a_s, o_s = float(a["seconds"]), float(o["seconds"])  # type: ignore[arg-type]
        pairs = zip(a["outputs"], o["outputs"], strict=True)  # type: ignore[call-overload]
        # Argos's detokeniser also turns "_" into spaces; compare the decoded tokens, not that quirk
        same = sum(x.replace("_", " ") == y.replace("_", " ") for x, y in pairs)
        print(
            f"| {name:<22} | {len(sentences):>9} | {a_s:>16.2f} | {o_s:>9.2f} | {a_s / o_s:>7.1f}x "
            f"| {same:>4}/{len(sentences):<6} |"
        )


if __name__ == "__main__":
    main()
