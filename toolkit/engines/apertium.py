"""Apertium, the offline fallback engine: French→English through a Spanish or Catalan pivot."""

# How texts travel through Apertium (findings on apertium 3.8.3, apertium-fr-es 0.9.4,
# apertium-eng-spa 0.8.1, apertium-fra-cat 1.10.0, apertium-eng-cat 1.0.1):
#
# - We write Apertium's own stream format and run `apertium -z -u -f none <mode>`, instead of
#   `-f html`. In 3.8.3 the html deformatter turns every tag into a plain superblank, which stays
#   put while transfer rules move words around it, so `a dit « <g>non</g> »` came back as
#   `said no « <g></g> »`. In the stream we mark each word inside a paired code with a
#   *word-bound blank* (`[[t:3]]non[[/]]`), which travels with the word through both steps.
#   A paired code spanning several words comes back word by word and is merged again here.
# - Standalone codes (`<x id="1"/>`) and paired codes with no letter or digit inside become
#   superblanks (`[c:4]`): Apertium never drops a superblank and keeps superblanks in order.
#   A paired code whose only word the grammar deletes (`<g>ne</g> … pas`) comes back missing;
#   the pipeline restores it and flags the segment.
# - A batch is one NUL-separated stream (null-flush mode, one process pipeline per call):
#   each chunk starts with a numbered superblank `[seg:N]` so the split is verified, and ends
#   with `.[]` like Apertium's own text deformatter, so the tagger sees a sentence end.
#   Null flush translates chunks independently: a batch gives the same output as single calls.
#   Not quite: cat-eng's anaphora module remembers earlier chunks, so batches are kept as they are; a
#   long document's batches share one first-step process, whose output does not depend on them
#   (`apertium_steps`), and each batch gets a fresh second step.
# - Text is escaped with backslashes for `\ [ ] ^ $ / < > { }`. `* # @ ~` cannot be escaped
#   (Apertium writes `\*` back as `*`, garbles `\*y` and eats `~` in post-generation), so a
#   literal one is carried in a superblank; any such mark left outside a superblank in the
#   output is an unknown-word mark: the word it marks is reported (`warnings`) and the mark removed.
#   Only the second step shows its marks: a French word the first step did not know reaches it
#   unchanged and is marked there too, so one step's marks name every word left untranslated.
# - « », ’ and no-break spaces (U+00A0, U+202F) pass through unchanged. Numbers keep their
#   French form: `1,5 %` stays `1,5 %` (no decimal point), `1 000` stays `1 000`, `23h` stays
#   `23h`. Elided articles leave doubled spaces (`l’Ukraine` → `  Ukraine`) and deleted words a
#   space before `,` or `.`; both are tidied here. French spacing before `:` `;` `!` `?` and
#   guillemets stay as they came (typography is not the engine's business).
# - Text around codes is an XML fragment: `&amp; &lt; &gt;` (and `&quot; &apos;`, numeric
#   references) are decoded before translation and `& < >` encoded after. A text with a raw `&`
#   or `<` that is not a code is taken literally and returned unescaped, as it came.

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from toolkit.engines.apertium_steps import FirstStep, first_step_command
from toolkit.engines.base import UNKNOWN_WORD, Engine, EngineWarning, Progress
from toolkit.errors import ToolkitError


@dataclass(frozen=True)
class Pivot:
    """A French→English route through one pivot language: two Apertium modes and their packages."""

    modes: tuple[str, str]
    packages: tuple[str, str]
    model: str


PIVOTS: dict[str, Pivot] = {
    "es": Pivot(("fr-es", "spa-eng"), ("apertium-fr-es", "apertium-eng-spa"), "fr-es+es-en"),
    "ca": Pivot(("fra-cat", "cat-eng"), ("apertium-fra-cat", "apertium-eng-cat"), "fr-ca+ca-en"),
}
# Chosen by benchmarks/bench_apertium.py on benchmarks/data/apertium-dev.*.txt: chrF 61.2 through
# Catalan against 58.4 through Spanish (Catalan better in 97 % of bootstrap resamples), at
# 0.57 against 0.27 s per 1,000 words: both are fast, quality decides. The price: names missing
# from the glossary come out in Catalan spelling (Lukaixenka, Kíiv, Xoigú: 20 of 27 dev-set names
# kept against 27 of 27 through Spanish); glossary names are locked as codes and never reach us.
DEFAULT_PIVOT = "ca"
BEST = "best"  # both routes, per segment the output with fewer unknown words (ties: Catalan)

CODE_RE = re.compile(r"<x\b[^<>]*/>|<g\b[^<>]*>|</g>")
ENTITY_RE = re.compile(r"&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
NAMED_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
STREAM_ESCAPED = frozenset("\\[]^$/<>{}")
STREAM_MARKS = frozenset("*#@~")
# Apertium's analyser is quadratic in the length of a token (a 256 KB run of letters takes 40 s, 2 MB
# hours); no word of any language is this long, so such a run travels in a superblank, untouched.
LONGEST_WORD = 100
WORDY_RE = re.compile(r"\w")
# One pipeline call per this many texts: bounds memory and lets progress move on long documents.
BATCH_SIZE = 500


def install_hint(pivot: str = DEFAULT_PIVOT) -> str:
    """The one-line error telling how to install Apertium for `pivot`."""
    packages = " ".join(("apertium", *PIVOTS[pivot].packages))
    return f"Apertium fr→en is not installed: run `apt-get install {packages}`"


@functools.lru_cache(maxsize=8)
def _installed_modes(binary: str) -> frozenset[str]:
    try:
        listing = subprocess.run([binary, "-l"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(listing.stdout.split())


@functools.lru_cache(maxsize=16)
def _package_version(package: str) -> str:
    try:
        query = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return query.stdout.strip() if query.returncode == 0 else ""


def _apertium_version(binary: str) -> str:
    version = _package_version("apertium")
    if version:
        return version
    try:
        report = subprocess.run([binary, "-V"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return report.stdout.strip().removeprefix("Apertium ").strip() or "unknown"


def _find_binary(pivot: str) -> str:
    """The `apertium` script, if it and both modes of `pivot` are installed, else ToolkitError."""
    binary = shutil.which("apertium")
    if binary is None or not set(PIVOTS[pivot].modes) <= _installed_modes(binary):
        raise ToolkitError(install_hint(pivot))
    return binary


# --- texts with inline codes <-> Apertium stream --------------------------------------------


@dataclass
class _Encoded:
    """One text turned into a stream chunk, with what is needed to turn the output back."""

    stream: str
    lead: str
    trail: str
    xml_escaped: bool
    tags: list[str] = field(default_factory=list)  # tag text by index used in the stream
    closers: dict[int, int] = field(default_factory=dict)  # wordbound opening tag -> closing tag
    parents: dict[int, tuple[int, ...]] = field(default_factory=dict)  # standalone code -> open codes


def _is_xml_escaped(text: str) -> bool:
    """Whether the text around codes reads as XML (every `&` an entity, no stray `<`)."""
    bare = CODE_RE.sub("", text)
    return "<" not in bare and "&" not in ENTITY_RE.sub("", bare)


def _unescape_xml(text: str) -> str:
    def decode(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return NAMED_ENTITIES[name]

    return ENTITY_RE.sub(decode, text)


def _escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _stream_text(text: str, bound: Sequence[int]) -> str:
    """Plain text as stream: escaped, marks in superblanks, words tagged with open paired codes."""
    out: list[str] = []
    prefix = "[[" + "; ".join(f"t:{k}" for k in bound) + "]]" if bound else ""
    for piece in re.split(r"(\s+|[*#@~])", text.replace("\0", " ")):
        if not piece:
            continue
        if piece in STREAM_MARKS:
            out.append(f"[{piece}]")
        elif piece.isspace():
            out.append(piece)
        else:
            escaped = "".join("\\" + ch if ch in STREAM_ESCAPED else ch for ch in piece)
            if len(piece) > LONGEST_WORD:
                out.append(f"[{escaped}]")
            else:
                out.append(f"{prefix}{escaped}[[/]]" if prefix else escaped)
    return "".join(out)


def _balanced_pairs(parts: list[str]) -> dict[int, int]:
    """Opening index -> closing index for every well-nested `<g>`…`</g>` in the split text."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            continue
        if part.startswith("<g"):
            stack.append(index)
        elif part == "</g>" and stack:
            pairs[stack.pop()] = index
    return pairs


def encode(text: str, number: int) -> _Encoded:
    """Turn one text with inline codes into the stream chunk numbered `number`."""
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    escaped = _is_xml_escaped(core)
    parts = CODE_RE.split(core)
    codes = CODE_RE.findall(core)
    # Interleave: even indices are text, odd indices are codes.
    split: list[str] = []
    for index, piece in enumerate(parts):
        split.append(_unescape_xml(piece) if escaped else piece)
        if index < len(codes):
            split.append(codes[index])
    pairs = _balanced_pairs(split)
    # Word-bound blanks only carry codes around real words; others stay superblanks in place.
    wordbound = {
        start: end
        for start, end in pairs.items()
        if any(WORDY_RE.search(split[i]) for i in range(start + 1, end, 2))
    }
    closing = {end: start for start, end in wordbound.items()}
    encoded = _Encoded("", lead, trail, escaped)
    stream: list[str] = [f"[seg:{number}]"]
    open_bound: list[int] = []
    tag_at: dict[int, int] = {}
    for index, part in enumerate(split):
        if index % 2 == 0:
            stream.append(_stream_text(part, open_bound))
            continue
        encoded.tags.append(part)
        tag = tag_at[index] = len(encoded.tags) - 1
        if index in wordbound:
            open_bound.append(tag)
        elif index in closing:
            opener = tag_at[closing[index]]
            open_bound.remove(opener)
            encoded.closers[opener] = tag
        else:
            encoded.parents[tag] = tuple(open_bound)
            stream.append(f"[c:{tag}]")
    stream.append(".[]")
    encoded.stream = "".join(stream)
    return encoded


@dataclass
class _Word:
    text: str
    bound: frozenset[int]


_MARKED_WORD = re.compile(r"[*#@~]([^\W\d_][\w'’-]*)")


def _strip_marks(text: str, unknown: list[str] | None) -> str:
    """Text without Apertium's unknown-word (`*`), generation (`#`) and transfer (`@`) marks; marked words are
    added to `unknown`."""
    if unknown is not None:
        unknown.extend(m.group(1) for m in _MARKED_WORD.finditer(text))
    return re.sub(r"[*#@~]", "", text)


def _parse_stream(
    chunk: str, number: int, unknown: list[str] | None = None
) -> list[str | _Word | int] | None:
    """Output chunk -> text, words with their paired codes, and standalone code indices; words Apertium marked
    as unknown go to `unknown`."""
    marker = f"[seg:{number}]"
    if not chunk.startswith(marker):
        return None
    items: list[str | _Word | int] = []
    text: list[str] = []
    pos, size = len(marker), len(chunk)

    def flush() -> None:
        if text:
            items.append("".join(text))
            text.clear()

    while pos < size:
        ch = chunk[pos]
        if ch == "\\" and pos + 1 < size:
            text.append(chunk[pos + 1])
            pos += 2
        elif chunk.startswith("[[", pos):
            close = chunk.find("]]", pos)
            end = chunk.find("[[/]]", close)
            if close < 0 or end < 0:
                return None
            bound = frozenset(int(k) for k in re.findall(r"t:(\d+)", chunk[pos + 2 : close]))
            flush()
            word = _unescape_stream(chunk[close + 2 : end])
            items.append(_Word(_strip_marks(word, unknown), bound))
            pos = end + 5
        elif ch == "[":
            end = pos + 1
            while end < size and chunk[end] != "]":
                end += 2 if chunk[end] == "\\" else 1
            content = _unescape_stream(chunk[pos + 1 : end])
            code = re.fullmatch(r"c:(\d+)", content)
            if code:
                flush()
                items.append(int(code.group(1)))
            elif content == "":
                # The sentence end we added: drop the period put before it.
                if text and text[-1] == ".":
                    text.pop()
            else:
                text.append(content)
            pos = end + 1
        elif ch in STREAM_MARKS:
            marked = _MARKED_WORD.match(chunk, pos)
            if marked and unknown is not None:
                unknown.append(marked.group(1))
            pos += 1  # an unknown-word or generation mark
        else:
            text.append(ch)
            pos += 1
    flush()
    return items


def _unescape_stream(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


def _code_spans(items: list[str | _Word | int], encoded: _Encoded) -> list[list[int]]:
    """[first item, last item, tag] for every paired code still on a word, well nested."""
    spans: dict[int, list[int]] = {}
    for index, item in enumerate(items):
        if isinstance(item, _Word):
            for tag in item.bound:
                if tag in encoded.closers:
                    spans.setdefault(tag, [index, index, tag])[1] = index
    for span in spans.values():
        # A standalone code that sat inside the paired code and directly follows its last word
        # stays inside (a footnote reference on an emphasised word).
        while span[1] + 1 < len(items):
            following = items[span[1] + 1]
            if isinstance(following, int) and span[2] in encoded.parents.get(following, ()):
                span[1] += 1
            else:
                break
    ordered = sorted(spans.values(), key=lambda s: (s[0], -s[1], s[2]))
    stack: list[list[int]] = []
    for span in ordered:
        while stack and stack[-1][1] < span[0]:
            stack.pop()
        # Reordering can make two codes overlap; widen the outer one so tags stay nested.
        for outer in stack:
            outer[1] = max(outer[1], span[1])
        stack.append(span)
    return ordered


def decode(chunk: str, number: int, encoded: _Encoded, unknown: list[str] | None = None) -> str | None:
    """Turn an output chunk back into text with inline codes, or None if it is not chunk `number`; the words
    Apertium marked as unknown go to `unknown`."""
    items = _parse_stream(chunk, number, unknown)
    if items is None:
        return None
    spans = _code_spans(items, encoded)
    opens: dict[int, list[list[int]]] = {}
    closes: dict[int, list[list[int]]] = {}
    for span in spans:
        opens.setdefault(span[0], []).append(span)
        closes.setdefault(span[1], []).append(span)
    out: list[str] = []
    emitted: set[int] = set()
    for index, item in enumerate(items):
        for span in sorted(opens.get(index, []), key=lambda s: -s[1]):
            out.append(encoded.tags[span[2]])
        if isinstance(item, int):
            # Only codes we sent as superblanks come back from one, once; anything else is not ours.
            if item in encoded.parents and item not in emitted:
                emitted.add(item)
                out.append(encoded.tags[item])
        else:
            plain = item.text if isinstance(item, _Word) else item
            out.append(_escape_xml(plain) if encoded.xml_escaped else plain)
        for span in sorted(closes.get(index, []), key=lambda s: -s[0]):
            closer = encoded.closers[span[2]]
            out.append(encoded.tags[closer])
    body = re.sub(" {2,}", " ", "".join(out)).strip()
    # A word the grammar deletes leaves its blank behind: `does not come , said`.
    body = re.sub(r" +([,.])(?=\s|$)", r"\1", body)
    return encoded.lead + body + encoded.trail


# --- running Apertium -------------------------------------------------------------------------


class ApertiumEngine(Engine):
    """French→English with Apertium's rule-based pairs, through a pivot language."""

    name = "apertium"
    keeps_markup = True

    def __init__(self, pivot: str = DEFAULT_PIVOT, timeout: float | None = None) -> None:
        if pivot not in PIVOTS and pivot != BEST:
            choices = ", ".join([*PIVOTS, BEST])
            raise ToolkitError(f"unknown Apertium pivot {pivot!r}: choose one of {choices}")
        self.pivot = pivot
        # `best`: both routes, Catalan first (it wins ties)
        self.routes = [DEFAULT_PIVOT, *(p for p in PIVOTS if p != DEFAULT_PIVOT)] if pivot == BEST else [pivot]
        for route in self.routes:
            self.binary = _find_binary(route)
        self.timeout = timeout
        self._route = self.routes[0]
        self._first_steps: dict[str, FirstStep] | None = None

    @classmethod
    def available(cls, pivot: str = DEFAULT_PIVOT) -> bool:
        """Whether `apertium` and both modes of the pivot route (of both routes for `best`) are installed."""
        binary = shutil.which("apertium")
        routes = list(PIVOTS) if pivot == BEST else [pivot]
        return binary is not None and all(set(PIVOTS[r].modes) <= _installed_modes(binary) for r in routes)

    def signature(self) -> dict[str, str]:
        """Engine, Apertium version, and the two language pairs of each route with their package versions."""
        models = []
        for name in self.routes:
            route = PIVOTS[name]
            packages = ", ".join(f"{p} {_package_version(p) or 'unknown'}" for p in route.packages)
            models.append(f"{route.model} ({packages})")
        model = " | ".join(models) + (", per segment the fewer unknown words" if self.pivot == BEST else "")
        return {"engine": self.name, "version": _apertium_version(self.binary), "model": model}

    def translate(self, texts: Sequence[str], progress: Progress | None = None) -> list[str]:
        """Translate every text; `progress` receives the number of texts finished by each step.

        The words Apertium could not translate (its unknown-word marks, stripped from the text) are in
        `warnings`, one `untranslated-word` warning per text that has any, the words space-separated.
        """
        self.warnings: list[EngineWarning] = []
        results = list(texts)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        # A long document: each route's first step runs once for every batch (see apertium_steps).
        self._first_steps = {} if len(todo) > BATCH_SIZE else None
        try:
            for start in range(0, len(todo), BATCH_SIZE):
                batch = todo[start : start + BATCH_SIZE]
                translated, unknown = self._best_of_routes([texts[i] for i in batch])
                for index, text, words in zip(batch, translated, unknown, strict=True):
                    results[index] = text
                    if words:
                        self.warnings.append(EngineWarning(index, UNKNOWN_WORD, " ".join(dict.fromkeys(words))))
                if progress is not None:
                    progress(len(batch))
        except BaseException:
            self._stop_first_steps(kill=True)
            raise
        self._stop_first_steps()
        if progress is not None and len(todo) < len(texts):
            progress(len(texts) - len(todo))
        return results

    def _best_of_routes(self, texts: list[str]) -> tuple[list[str], list[list[str]]]:
        """Each text through every route; per text the output with the fewest unknown words (ties: first route)."""
        best: tuple[list[str], list[list[str]]] | None = None
        for route in self.routes:
            self._route = route
            outputs, unknown = self._translate_batch(texts)
            if best is None:
                best = (outputs, unknown)
                continue
            for i, (output, words) in enumerate(zip(outputs, unknown, strict=True)):
                if len(set(words)) < len(set(best[1][i])):
                    best[0][i], best[1][i] = output, words
        assert best is not None
        return best

    def _translate_batch(self, texts: list[str]) -> tuple[list[str], list[list[str]]]:
        encoded = [encode(text, number) for number, text in enumerate(texts)]
        streams = [e.stream for e in encoded]
        chunks = self._run_staged(streams) if self._first_steps is not None else self._run(streams)
        if chunks is not None:
            unknown: list[list[str]] = [[] for _ in texts]
            decoded = [
                decode(c, n, e, unknown[n]) for n, (c, e) in enumerate(zip(chunks, encoded, strict=True))
            ]
            if all(d is not None for d in decoded):
                return [d for d in decoded if d is not None], unknown
        self._stop_first_steps()  # from here on, fresh pipelines as for a short document
        # The batch did not split back cleanly: translate each text alone.
        singles: list[str] = []
        words: list[list[str]] = []
        for text in texts:
            alone = encode(text, 0)
            chunk = self._run([alone.stream])
            words.append([])
            result = decode(chunk[0], 0, alone, words[-1]) if chunk else None
            if result is None:
                raise ToolkitError("Apertium returned output that cannot be matched to its input", text[:60])
            singles.append(result)
        return singles, words

    def _run_staged(self, streams: list[str]) -> list[str] | None:
        """Like `_run`, through the route's long-running first step and a fresh second step."""
        assert self._first_steps is not None
        data = "".join(s + "\0" for s in streams).encode("utf-8")
        timeout = self.timeout if self.timeout is not None else 60 + len(data) / 2000
        first, second = PIVOTS[self._route].modes
        where = f"{first} | {second}"
        step = self._first_steps.get(self._route)
        if step is None:
            known = first_step_command(self.binary, first)
            if known is None:  # the mode cannot be run as the script runs it: a pipeline per batch
                self._stop_first_steps()
                return self._run(streams)
            try:
                step = self._first_steps[self._route] = FirstStep(*known, where)
            except OSError as error:
                raise ToolkitError(install_hint(self._route), str(error)) from None
        step.feed(data)
        middle = step.take(len(streams), timeout)
        try:
            done = subprocess.run([self.binary, "-z", "-f", "none", second], input=middle, capture_output=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ToolkitError(f"Apertium took longer than {timeout:.0f} s", where) from None
        except OSError as error:
            raise ToolkitError(install_hint(self._route), str(error)) from None
        if done.returncode:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            detail = message[-1] if message else f"exit status {done.returncode}"
            raise ToolkitError(f"Apertium failed: {detail}", where)
        parts = done.stdout.decode("utf-8", "replace").split("\0")
        if len(parts) < len(streams) or any(parts[len(streams) :]):
            return None
        return parts[: len(streams)]

    def _stop_first_steps(self, kill: bool = False) -> None:
        steps, self._first_steps = self._first_steps, None
        for step in (steps or {}).values():
            step.close(kill)

    def _run(self, streams: list[str]) -> list[str] | None:
        """Both pivot steps as one process pipe over NUL-separated chunks; None on a count mismatch."""
        data = "".join(s + "\0" for s in streams).encode("utf-8")
        timeout = self.timeout if self.timeout is not None else 60 + len(data) / 2000
        first, second = PIVOTS[self._route].modes
        # the second step keeps its unknown-word marks: a French word the first step did not know reaches it
        # unchanged and is marked there too, so its marks name every word left untranslated
        command = [self.binary, "-z", "-u", "-f", "none"]
        with tempfile.TemporaryFile() as errors:
            try:
                step1 = subprocess.Popen(
                    [*command, first], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors
                )
                step2 = subprocess.Popen(
                    [self.binary, "-z", "-f", "none", second],
                    stdin=step1.stdout,
                    stdout=subprocess.PIPE,
                    stderr=errors,
                )
            except OSError as error:
                raise ToolkitError(install_hint(self._route), str(error)) from None
            assert step1.stdin is not None and step1.stdout is not None
            step1.stdout.close()  # step2 owns it now; step1 gets SIGPIPE if step2 dies
            writer = threading.Thread(target=_feed, args=(step1.stdin, data), daemon=True)
            writer.start()
            try:
                output, _ = step2.communicate(timeout=timeout)
                step1.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                step1.kill()
                step2.kill()
                step1.wait()
                step2.wait()
                where = f"{first} | {second}"
                raise ToolkitError(f"Apertium took longer than {timeout:.0f} s", where) from None
            writer.join()
            if step1.returncode or step2.returncode:
                errors.seek(0)
                message = errors.read().decode("utf-8", "replace").strip().splitlines()
                detail = message[-1] if message else f"exit status {step1.returncode or step2.returncode}"
                raise ToolkitError(f"Apertium failed: {detail}", f"{first} | {second}")
        parts = output.decode("utf-8", "replace").split("\0")
        # Each program in the pipe adds a NUL when it ends: everything past our chunks is empty.
        if len(parts) < len(streams) or any(parts[len(streams) :]):
            return None
        return parts[: len(streams)]


def _feed(pipe: IO[bytes], data: bytes) -> None:
    """Write all input and close, ignoring a reader that stopped early (its error is reported)."""
    try:
        pipe.write(data)
        pipe.close()
    except (BrokenPipeError, ValueError, OSError):
        pass


__all__ = ["BEST", "DEFAULT_PIVOT", "PIVOTS", "ApertiumEngine", "Pivot", "decode", "encode", "install_hint"]
