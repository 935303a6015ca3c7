"""The Argos engine: an installed Argos package's CTranslate2 and SentencePiece models driven in batches."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.engines.base import Engine, EngineWarning, Progress
from toolkit.errors import ToolkitError

if TYPE_CHECKING:
    from argostranslate.package import Package

PACKAGES_DIR_ENV = "ARGOS_PACKAGES_DIR"
SP_SPACE = "▁"
# a sentence piece that ends a clause: a good place to cut an over-long sentence
_CLAUSE_END = re.compile(r"[,;:)»\]]$")


def argos_version() -> str:
    """The installed Argos build's version, from whichever distribution provides the `argostranslate` import.

    That is `argos-translate-lt` (the torch-free build we depend on) or the full `argostranslate`; both
    install the same import package, so the version is looked up by import name, not by project name.
    """
    for dist in importlib_metadata.packages_distributions().get("argostranslate", []):
        return importlib_metadata.version(dist)
    raise ToolkitError("Argos Translate is not installed (pip install argos-translate-lt)")


def packages_dirs(packages_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Where installed packages live: `packages_dir`, else $ARGOS_PACKAGES_DIR, else Argos's own default.

    The environment is read at call time (argostranslate.settings reads it once, at import), so tests and
    callers may point to another directory at any moment.
    """
    if packages_dir is not None:
        return [Path(packages_dir)]
    if os.environ.get(PACKAGES_DIR_ENV):
        return [Path(os.environ[PACKAGES_DIR_ENV])]
    from argostranslate import settings

    return [Path(p) for p in settings.package_dirs]


def installed_packages(packages_dir: str | os.PathLike[str] | None = None) -> list[Package]:
    """Every installed Argos package; stray directories without metadata.json are ignored."""
    from argostranslate.package import Package

    found: list[Package] = []
    for directory in packages_dirs(packages_dir):
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or not (path / "metadata.json").is_file():
                continue
            try:
                found.append(Package(path))
            except (OSError, ValueError) as exc:
                raise ToolkitError(f"unreadable Argos package metadata: {exc}", str(path)) from exc
    return found


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version or ""))


def find_package(
    from_code: str = "fr", to_code: str = "en", packages_dir: str | os.PathLike[str] | None = None
) -> Package | None:
    """The installed translate package for the pair, the newest version if several."""
    candidates = [
        pkg
        for pkg in installed_packages(packages_dir)
        if pkg.type == "translate" and pkg.from_code == from_code and pkg.to_code == to_code
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda pkg: _version_key(pkg.package_version))


def package_name(pkg: Package) -> str:
    """Argos's own name for a package, e.g. `translate-fr_en`."""
    from argostranslate.package import argospm_package_name

    name: str = argospm_package_name(pkg)
    return name


def missing_model_error(from_code: str = "fr", to_code: str = "en") -> ToolkitError:
    return ToolkitError(
        f"no Argos {from_code}→{to_code} model installed: "
        f"run `toolkit models install {from_code} {to_code}`, or `toolkit models install --file X.argosmodel`"
    )


@dataclass
class _Job:
    """One piece of source text to decode: a whole unique string, or one chunk of an over-long one."""

    unique: int
    tokens: list[str]


@dataclass
class ArgosEngine(Engine):
    """Translate with an installed Argos package, all strings of a document at once.

    Identical strings are translated once; the rest are sorted by token length and decoded in batches of
    `max_batch_size`. A string longer than `max_input_tokens` is cut at clause ends into chunks that are
    translated separately and joined; each such cut is listed in `warnings` for the QA report.
    """

    from_code: str = "fr"
    to_code: str = "en"
    packages_dir: str | os.PathLike[str] | None = None
    beam_size: int = 4
    max_batch_size: int = 32
    threads: int = 0
    max_decoding_length: int = 256
    min_decoding_length: int = 0
    max_input_tokens: int = 250
    compute_type: str = "auto"
    warnings: list[EngineWarning] = field(default_factory=list, init=False)

    name = "argos"
    keeps_markup = False

    def __post_init__(self) -> None:
        for option in ("beam_size", "max_batch_size", "max_decoding_length", "max_input_tokens"):
            if getattr(self, option) < 1:
                raise ToolkitError(f"Argos option {option} must be at least 1, not {getattr(self, option)}")
        if self.threads < 0:
            raise ToolkitError(f"Argos option threads must be positive, not {self.threads}")
        self.threads = self.threads or os.cpu_count() or 1
        pkg = find_package(self.from_code, self.to_code, self.packages_dir)
        if pkg is None:
            raise missing_model_error(self.from_code, self.to_code)
        self.package: Package = pkg
        self.package_path = Path(pkg.package_path)
        self.target_prefix: str = getattr(pkg, "target_prefix", "") or ""
        self._translator: Any = None
        self._sp: Any = None
        self._lock = threading.Lock()

    @classmethod
    def available(cls) -> bool:
        """Whether a fr→en package is installed where we look by default."""
        try:
            return find_package("fr", "en") is not None
        except (ToolkitError, OSError):
            return False

    def signature(self) -> dict[str, str]:
        return {
            "engine": self.name,
            "version": argos_version(),
            "model": f"{package_name(self.package)} {self.package.package_version}",
            "ctranslate2": importlib_metadata.version("ctranslate2"),
        }

    def load(self) -> None:
        """Load the CTranslate2 and SentencePiece models (done on first use)."""
        with self._lock:
            if self._translator is not None:
                return
            model_dir = self.package_path / "model"
            sp_path = self.package_path / "sentencepiece.model"
            if not sp_path.is_file():
                if (self.package_path / "bpe.model").is_file():
                    raise ToolkitError(
                        "this Argos package tokenises with BPE, which the toolkit does not support; "
                        "install a SentencePiece package",
                        str(self.package_path),
                    )
                raise ToolkitError("Argos package has no sentencepiece.model", str(self.package_path))
            if not (model_dir / "model.bin").is_file():
                raise ToolkitError("Argos package has no CTranslate2 model (model/model.bin)", str(model_dir))
            import ctranslate2
            import sentencepiece

            try:
                self._sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_path))
                self._translator = ctranslate2.Translator(
                    str(model_dir),
                    device="cpu",
                    compute_type=self.compute_type,
                    inter_threads=1,
                    intra_threads=self.threads,
                )
            except (RuntimeError, OSError, ValueError) as exc:
                raise ToolkitError(f"cannot load the Argos model: {exc}", str(self.package_path)) from exc

    # -- tokenisation ------------------------------------------------------------------------------------

    def _encode(self, text: str) -> list[str]:
        pieces: list[str] = self._sp.encode(text, out_type=str)
        return pieces

    def _decode(self, pieces: list[str]) -> str:
        if self.target_prefix and pieces and pieces[0] == self.target_prefix:
            pieces = pieces[1:]
        text: str = self._sp.decode_pieces(pieces)
        # Argos's way for prefixes that SentencePiece splits: strip the decoded prefix text
        if self.target_prefix and text.startswith(self.target_prefix):
            text = text[len(self.target_prefix) :]
        return text.strip()

    def _split_long(self, tokens: list[str]) -> list[list[str]]:
        """Cut a too-long token list into chunks, at a clause end if the window's second half has one."""
        limit = self.max_input_tokens
        chunks: list[list[str]] = []
        while len(tokens) > limit:
            cut = 0
            for i in range(limit, limit // 2, -1):
                if _CLAUSE_END.search(tokens[i - 1]):
                    cut = i
                    break
            if not cut:
                # no clause end: cut before a word start so no word is split in two
                cut = next((i for i in range(limit, limit // 2, -1) if tokens[i].startswith(SP_SPACE)), limit)
            chunks.append(tokens[:cut])
            tokens = tokens[cut:]
        chunks.append(tokens)
        return chunks

    # -- translation -------------------------------------------------------------------------------------

    def _translate_batch(self, batch: list[list[str]]) -> list[list[str]]:
        """Decode one batch; subclasses (tests, benchmarks) may watch or replace this."""
        target_prefix = [[self.target_prefix] for _ in batch] if self.target_prefix else None
        results = self._translator.translate_batch(
            batch,
            target_prefix=target_prefix,
            max_batch_size=self.max_batch_size,
            beam_size=self.beam_size,
            num_hypotheses=1,
            length_penalty=0.2,
            replace_unknowns=True,
            max_decoding_length=self.max_decoding_length,
            min_decoding_length=self.min_decoding_length,
        )
        return [list(result.hypotheses[0]) for result in results]

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Translate every string; `progress(n)` is told each time n more input strings are done."""
        self.warnings = []
        outputs: list[str] = list(texts)  # blank strings pass through as they are
        uniques: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            if text.strip():
                uniques.setdefault(text, []).append(index)
        blanks = len(texts) - sum(len(indices) for indices in uniques.values())
        if blanks and progress:
            progress(blanks)
        if not uniques:
            return outputs
        self.load()

        sources = list(uniques)
        jobs: list[_Job] = []
        for number, text in enumerate(sources):
            tokens = self._encode(text)
            chunks = self._split_long(tokens)
            if len(chunks) > 1:
                for index in uniques[text]:
                    self.warnings.append(
                        EngineWarning(
                            index,
                            "long-segment-split",
                            f"{len(tokens)} tokens, over the model's {self.max_input_tokens}: "
                            f"translated in {len(chunks)} parts",
                        )
                    )
            jobs.extend(_Job(number, chunk) for chunk in chunks)

        # sorting by length keeps padding small inside each batch; results go back by job identity
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j].tokens))
        pieces_left = [0] * len(sources)
        for job in jobs:
            pieces_left[job.unique] += 1
        translated: list[list[str]] = [[] for _ in jobs]
        for start in range(0, len(order), self.max_batch_size):
            batch = order[start : start + self.max_batch_size]
            try:
                hypotheses = self._translate_batch([jobs[j].tokens for j in batch])
            except RuntimeError as exc:
                raise ToolkitError(f"Argos translation failed: {exc}", str(self.package_path)) from exc
            done = 0
            for j, hypothesis in zip(batch, hypotheses, strict=True):
                translated[j] = hypothesis
                pieces_left[jobs[j].unique] -= 1
                if pieces_left[jobs[j].unique] == 0:
                    done += len(uniques[sources[jobs[j].unique]])
            if progress and done:
                progress(done)

        parts: list[list[str]] = [[] for _ in sources]
        for job, hypothesis in zip(jobs, translated, strict=True):
            parts[job.unique].append(self._decode(hypothesis))
        for number, text in enumerate(sources):
            english = " ".join(part for part in parts[number] if part)
            for index in uniques[text]:
                outputs[index] = english
        return outputs


def engine_from_options(options: dict[str, str], packages_dir: str | None = None) -> ArgosEngine:
    """Build the engine from `key=value` options as a command line gives them (all optional)."""
    known: dict[str, Callable[[str], Any]] = {
        "beam_size": int,
        "max_batch_size": int,
        "threads": int,
        "max_decoding_length": int,
        "min_decoding_length": int,
        "max_input_tokens": int,
        "compute_type": str,
    }
    kwargs: dict[str, Any] = {}
    for key, value in options.items():
        if key not in known:
            raise ToolkitError(f"unknown Argos option {key!r} (known: {', '.join(sorted(known))})")
        try:
            kwargs[key] = known[key](value)
        except ValueError as exc:
            raise ToolkitError(f"Argos option {key} wants a number, not {value!r}") from exc
    return ArgosEngine(packages_dir=packages_dir, **kwargs)
