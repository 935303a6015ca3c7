"""Hostile and broken input through the real CLI: one line, exit 2, bounded, nothing disclosed, nothing left behind.

Every case runs `python -m toolkit` as a subprocess under a 1.5 GiB address-space limit and 30 s of CPU time per
process (CPU, not wall time: a loaded machine does not make a case fail); a 600 s wall clock only catches a hang.
Small bad inputs are committed in tests/data/bad/; large ones (zip bombs, megabyte lines) are made once per
session by tests/data/make_bad.py. Set TOOLKIT_HOSTILE_FIGURES=FILE to append each case's time and peak
memory to FILE as JSON lines.
"""

from __future__ import annotations

import json
import os
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.data import make_bad

ROOT = Path(__file__).parents[1]
BAD = ROOT / "tests" / "data" / "bad"
SEED = ROOT / "samples" / "belarus-brief.fr.txt"
OKAPI_XLIFF = ROOT / "tests" / "data" / "xliff" / "okapi-style.xlf"
# Work bounds are CPU seconds, not wall time: a loaded machine stretches the second, not the first.
CPU_S = 30  # each process of a command (the toolkit, pandoc, Typst, Apertium) gets this much CPU time
HANG_S = 600.0  # wall-clock guard against a process that waits forever (uses no CPU)
ADDRESS_SPACE = int(1.5 * 2**30)
PEAK_MB = 800  # "hundreds of MB, not GB"
PASSWD_MARK = "root:x:0:0"


@dataclass
class Outcome:
    code: int | None  # None: killed by the hang guard
    stdout: str
    stderr: str
    seconds: float
    peak_mb: int
    cpu_seconds: float = 0.0

    @property
    def bounded(self) -> str | None:
        """Why the command's work was not bounded, or None."""
        if self.code is None:
            return f"still running after {HANG_S:g} s"
        if self.code == -signal.SIGXCPU or self.code == -signal.SIGKILL:
            return f"over the CPU limit ({CPU_S} s per process)"
        return None


def _limit_memory_and_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_S, CPU_S + 5))


def toolkit(args: list[str], cwd: Path, timeout: float = HANG_S, label: str = "") -> Outcome:
    """Run the CLI in a child process; its exit status, output, wall time, CPU time and peak RSS (children too)."""
    started = time.monotonic()
    with open(cwd / ".stdout", "w+b") as out, open(cwd / ".stderr", "w+b") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "toolkit", *args],
            cwd=cwd,
            stdout=out,
            stderr=err,
            preexec_fn=_limit_memory_and_cpu,
            env={**os.environ, "TOOLKIT_DEBUG": ""},
        )
        code: int | None = None
        usage = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() - started > timeout:
                proc.kill()
                _pid, _status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = -9 if code is None else code  # reaped by wait4: Popen must not wait again
        out.seek(0)
        err.seek(0)
        outcome = Outcome(
            code,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            time.monotonic() - started,
            usage.ru_maxrss // 1024 if usage else 0,
            usage.ru_utime + usage.ru_stime if usage else 0.0,
        )
    (cwd / ".stdout").unlink()
    (cwd / ".stderr").unlink()
    figures = os.environ.get("TOOLKIT_HOSTILE_FIGURES")
    if figures:
        with open(figures, "a", encoding="utf-8") as fh:
            record = {
                "case": label,
                "code": code,
                "seconds": round(outcome.seconds, 2),
                "cpu_seconds": round(outcome.cpu_seconds, 2),
                "peak_mb": outcome.peak_mb,
            }
            fh.write(json.dumps(record) + "\n")
    return outcome


# ---------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Corpus:
    gen: Path  # generated bad inputs
    secret: Path  # a file XXE cases aim at
    marker: str  # its content: must never appear in any output
    xliff: Path  # a good XLIFF of the seed (copied per test)
    other_review: Path  # a review DOCX made from another XLIFF


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    gen = tmp_path_factory.mktemp("bad-generated")
    make_bad.main(str(gen))
    marker = "HOST-SECRET-" + secrets.token_hex(8)
    secret = gen / "secret.txt"
    secret.write_text(marker + "\n", encoding="utf-8")
    work = tmp_path_factory.mktemp("good")
    done = toolkit(["run", str(SEED), "-o", "run", "--engine", "apertium", "--formats", "none"], work)
    assert done.code == 0, done.stderr
    review = toolkit(["review", "export", str(OKAPI_XLIFF), "-o", "other.review.docx"], work)
    assert review.code == 0, review.stderr
    own = toolkit(["review", "export", "run/belarus-brief.xlf", "-o", str(gen / "brief.review.docx")], work)
    assert own.code == 0, own.stderr
    return Corpus(gen, secret, marker, work / "run" / "belarus-brief.xlf", work / "other.review.docx")


@dataclass(frozen=True)
class Case:
    """A command line with {placeholders}, the exit status and what stderr must say."""

    id: str
    argv: str
    code: int
    message: str  # a regex the error (or one warning) must match; "" for none
    names: str = ""  # the file name the error line must contain ("" for the first {bad}/{gen} argument)


def case(id: str, argv: str, code: int = 2, message: str = "", names: str = "") -> Case:
    return Case(id, argv, code, message, names)


# align takes the brief as both sides: a readable input must then align with itself
DOC_READERS = ("segment {in}", "run {in} -o out --engine apertium --formats none", "align {in} {in} -o out.tmx")

# (input, expected code, message) — each is run through every command that reads a brief
BAD_DOCUMENTS = [
    ("{bad}/empty.txt", 2, "empty"),
    ("{bad}/empty.docx", 2, "empty"),
    ("{bad}/whitespace.txt", 2, "no text"),
    ("{bad}/whitespace.md", 2, "empty"),
    ("{bad}/junk.txt", 2, "binary"),
    ("{bad}/junk.docx", 2, "not a DOCX"),
    ("{bad}/text-named.docx", 2, "not a DOCX"),
    ("{gen}/truncated.docx", 2, "damaged zip"),
    ("{gen}/not-word.docx", 2, "no word/document.xml"),
    ("{gen}/bomb.docx", 2, "expand to 400 MB"),
    ("{gen}/lying-size.docx", 2, "damaged"),
    ("{gen}/many-parts.docx", 2, "parts in the archive"),
    ("{gen}/xxe.docx", 2, "cannot read"),
    ("{gen}/laughs.docx", 2, "cannot read"),
    ("{gen}/xxe.odt", 2, "cannot read"),
    ("{bad}/sources-gap.txt", 2, "Sources list is numbered 1, 2, 4"),
    ("{bad}/sources-twice.txt", 2, "appears twice"),
    ("{bad}/sources-short.txt", 2, "stops at 2"),
    ("{bad}/cp1252.txt", 0, "not UTF-8, read as Windows-1252"),
    ("{bad}/latin1.txt", 0, "not UTF-8, read as Windows-1252"),
    ("{bad}/cp1252.md", 0, "not UTF-8, read as Windows-1252"),
    ("{bad}/utf16.txt", 0, ""),
    ("{bad}/footnote-missing.md", 0, "not used"),
    ("{bad}/host-files.html", 0, ""),
    ("{bad}/host-files.md", 0, ""),
    ("{bad}/markup-injection.txt", 0, ""),
    ("{gen}/many-references.txt", 0, ""),
    ("{gen}/fifo.txt", 2, "is a named pipe, not a regular file"),
    ("{gen}/deep-quotes.md", 2, "nests too deeply"),
    ("{gen}/deep-tables.html", 2, "nests too deeply"),
    ("{gen}/mixed-encoding.md", 0, "mixed encodings: line 2 not UTF-8"),
    ("{gen}/utf16-nobom.md", 0, "UTF-16 without a byte-order mark"),
    ("{gen}/control-chars.txt", 0, ""),
    ("{gen}/unsafe-links.md", 0, ""),
    ("{bad}", 2, "is a directory"),
    ("{bad}/missing.txt", 2, "no such file"),
    ("{bad}/bad-lines.tsv", 2, "unsupported input format"),
]

# `run` takes a folder as a batch: the bad folder's briefs collide by stem (junk.txt, junk.docx), refused at once
FOLDER_AS_BATCH = {"run": "briefs whose outputs would share a name"}

CASES: list[Case] = [
    case(
        f"{command.split()[0]}:{Path(path).name or 'dir'}",
        command.replace("{in}", path),
        code,
        FOLDER_AS_BATCH.get(command.split()[0], message) if path == "{bad}" else message,
    )
    for path, code, message in BAD_DOCUMENTS
    for command in DOC_READERS
]
CASES += [
    # huge inputs: read in seconds (the engine's own time grows with the text, so `run` gets the long word)
    case("segment:long-line", "segment {gen}/long-line.txt", 0),
    case("segment:long-word", "segment {gen}/long-word.txt", 0),
    case("run:long-word", "run {gen}/long-word.txt -o out --engine apertium --formats docx,html,tmx", 0),
    case("align:long-line", "align {gen}/long-line.txt {seed} -o out.tmx", 2, "too long to align"),
    # every output written for inputs that name host files or carry markup of each output format
    case("run-all:markup-injection", "run {bad}/markup-injection.txt -o out --engine apertium", 0),
    case("run-all:host-files.html", "run {bad}/host-files.html -o out --engine apertium", 0),
    case("run-all:host-files.md", "run {bad}/host-files.md -o out --engine apertium", 0),
    # XLIFF
    *[
        case(f"{cmd.split()[0]}:{name}", cmd.replace("{x}", "{bad}/" + name), 2, message)
        for name, message in [
            ("empty.xlf", "Document is empty"),
            ("junk.xlf", "not well-formed"),
            ("invalid.xlf", "not well-formed"),
            ("not-xliff.xlf", "not an XLIFF 2"),
            ("xliff12.xlf", "XLIFF 1.x"),
            ("bad-state.xlf", "unknown segment state"),
            ("no-units.xlf", "no translation units"),
            ("xxe.xlf", "internal DTD"),
            ("xxe-param.xlf", "internal DTD"),
            ("laughs.xlf", "internal DTD"),
        ]
        for cmd in ("publish {x} -o out", "review export {x} -o out.docx", "review import {xlf-review} {x}")
    ],
    case("publish:xxe-secret", "publish {gen}/xxe-secret.xliff -o out", 2, "internal DTD"),
    case("publish:xinclude", "publish {bad}/xinclude.xlf -o out --formats docx,html,tmx", 0),
    case("publish:xxe-public", "publish {bad}/xxe-public.xlf -o out --formats docx,html,tmx", 0),
    case("publish:dangling-footnote", "publish {bad}/dangling-footnote.xlf -o out --formats docx,html,tmx", 0),
    case("publish:dir", "publish {bad} -o out", 2, "is a directory"),
    case("publish:missing", "publish {bad}/missing.xlf -o out", 2, "no such file"),
    # TMX as a memory
    *[
        case(f"run-tm:{name}", f"run {{seed}} -o out --engine memory --tm {{bad}}/{name} --formats none", code, m)
        for name, code, m in [
            ("xxe.tmx", 2, "internal DTD"),
            ("xxe-param.tmx", 2, "internal DTD"),
            ("laughs.tmx", 2, "internal DTD"),
            ("xxe-public.tmx", 0, ""),
            ("xinclude.tmx", 0, ""),
            ("junk.xlf", 2, "not well-formed"),
        ]
    ],
    case("run-tm:xxe-secret", "run {seed} -o out --engine memory --tm {gen}/xxe-secret.tmx --formats none", 2,
         "internal DTD"),
    # TBX and TSV glossaries
    *[
        case(f"{cmd.split()[0]}-{i}:{name}", cmd.replace("{g}", "{bad}/" + name), code, m)
        for name, code, m in [
            ("xxe.tbx", 2, "internal DTD"),
            ("xxe-param.tbx", 2, "internal DTD"),
            ("laughs.tbx", 2, "internal DTD"),
            ("xinclude.tbx", 0, ""),
            ("bad-lines.tsv", 2, "malformed glossary line"),
        ]
        for i, cmd in enumerate(
            ("glossary import {g} -o out.tsv", "run {seed} -o out --engine apertium --glossary {g} --formats none")
        )
    ],
    case("glossary-import:xxe-secret", "glossary import {gen}/xxe-secret.tbx -o out.tsv", 2, "internal DTD"),
    case("glossary-check:bad-lines", "glossary check {bad}/bad-lines.tsv", 1, "problems? found"),
    # SRX rules
    *[
        case(f"segment-srx:{name}", f"segment {{seed}} --srx {{bad}}/{name}", 2, m)
        for name, m in [("xxe.srx", "internal DTD"), ("laughs.srx", "internal DTD"), ("xxe-param.srx", "DTD")]
    ],
    case("segment-srx:xxe-secret", "segment {seed} --srx {gen}/xxe-secret.srx", 2, "internal DTD"),
    case("segment-srx:catastrophic", "segment {gen}/backtrack.txt --srx {bad}/catastrophic.srx", 2,
         "took longer than", "catastrophic.srx"),
    # review DOCX
    *[
        case(f"review-import:{Path(docx).name}", f"review import {docx} {{xlf}}", 2, m)
        for docx, m in [
            ("{review}", "does not match the XLIFF"),
            ("{gen}/bomb.docx", "expand to 400 MB"),
            ("{gen}/lying-size.docx", "damaged"),
            ("{gen}/xxe.docx", "internal DTD"),
            ("{gen}/laughs.docx", "internal DTD"),
            ("{gen}/truncated.docx", "damaged zip"),
            ("{gen}/many-parts.docx", "parts in the archive"),
            ("{bad}/text-named.docx", "no zip container"),
            ("{bad}/empty.docx", ""),
            ("{bad}", "is a directory"),
            ("{bad}/missing.docx", "no such file"),
        ]
    ],
    # Argos packages
    *[
        case(f"models-install:{Path(pkg).name}", f"models --packages-dir out install --file {pkg}", 2, m)
        for pkg, m in [
            ("{gen}/bomb.argosmodel", "zip bomb"),
            ("{gen}/escape.argosmodel", "escape the package directory"),
            ("{gen}/bomb.docx", "not a valid Argos package"),
            ("{bad}/junk.txt", "not a zip archive"),
            ("{bad}/missing.argosmodel", "no such package file"),
        ]
    ],
    # outputs that cannot be written (root ignores permissions: a path through a regular file cannot exist)
    *[
        case(f"unwritable:{cmd.split()[0]}-{i}", cmd, 2, m, "blocker")
        for i, (cmd, m) in enumerate(
            [
                ("run {seed} -o blocker/out --engine apertium --formats none", "cannot create the output folder"),
                ("run {seed} -o blocker --engine apertium --formats none", "output folder is a file"),
                ("publish {xlf} -o blocker/out", "cannot create the output folder"),
                ("align {seed} {seed} -o blocker/out.tmx", "output folder does not exist"),
                ("glossary export -o blocker/out.tsv", "cannot write the file"),
                ("glossary import {bad}/xinclude.tbx -o blocker/out.tsv", "cannot write the file"),
                ("review export {xlf} -o blocker/out.docx", "cannot write the file"),
            ]
        )
    ],
    case("unwritable:proc", "run {seed} -o /proc/version/out --engine apertium --formats none", 2,
         "cannot create the output folder", "/proc/version/out"),
    case("unwritable:glossary-proc", "glossary export -o /proc/out.tsv", 2, "cannot write the file", "/proc/out.tsv"),
    case("translit:long-name", "translit {long_name}", 0),
    # inputs that are not regular files; outputs in the way of a regular file
    *[case(f"{cmd.split()[0]}:dev-zero", cmd, 2, "is a device, not a regular", "/dev/zero")
      for cmd in ("segment /dev/zero", "run /dev/zero -o out --engine apertium --formats none",
                  "align /dev/zero {seed} -o out.tmx", "publish /dev/zero -o out",
                  "review import /dev/zero {xlf}", "glossary import /dev/zero -o out.tsv")],
    case("run-all:control-chars", "run {gen}/control-chars.txt -o out --engine apertium", 0),
    case("run-all:unsafe-links", "run {gen}/unsafe-links.md -o out --engine apertium", 0),
    case("in-the-way:run", "run {seed} -o inway --engine apertium --formats docx", 2,
         "would replace a folder, not a regular file", "inway/belarus-brief.en.docx"),
    case("in-the-way:publish", "publish {xlf} -o inway --formats docx", 2,
         "would replace a folder, not a regular file", "inway/brief.en.docx"),
    case("in-the-way:glossary-fifo", "glossary export -o pipe.tsv", 2, "would replace a named pipe", "pipe.tsv"),
]


def _expand(argv: str, corpus: Corpus, work: Path) -> list[str]:
    values = {
        "{bad}": str(BAD),
        "{gen}": str(corpus.gen),
        "{seed}": str(SEED),
        "{xlf}": str(work / "brief.xlf"),
        "{review}": str(corpus.other_review),
        "{xlf-review}": str(corpus.gen / "brief.review.docx"),
        "{long_name}": "Ï" * 50_000,
    }
    return [values.get(arg, arg) if arg in values else _substitute(arg, values) for arg in argv.split()]


def _substitute(arg: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        arg = arg.replace(key, value)
    return arg


def _named_input(c: Case, argv: list[str]) -> str:
    """What the error line must name: the case's `names`, else the last bad or generated input's name."""
    if c.names:
        return c.names
    named = ""
    for template, arg in zip(c.argv.split(), argv, strict=True):
        if template.startswith(("{bad}", "{gen}", "{review}")):
            named = Path(arg).name
    return named


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _texts_of(path: Path) -> list[str]:
    """A file's text, what its zip members hold, or what pdftotext reads from it."""
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(path) as archive:
            return [archive.read(info).decode("utf-8", "replace") for info in archive.infolist()]
    if data.startswith(b"%PDF"):
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, timeout=30, check=True)
        return [done.stdout.decode("utf-8", "replace")]
    return [data.decode("utf-8", "replace")]


def assert_nothing_disclosed(outcome: Outcome, work: Path, marker: str) -> None:
    texts = [outcome.stdout, outcome.stderr]
    for path in work.rglob("*"):
        if path.is_file():
            texts.extend(_texts_of(path))
    for text in texts:
        assert PASSWD_MARK not in text
        assert marker not in text


@pytest.fixture
def work(tmp_path: Path, corpus: Corpus) -> Path:
    shutil.copy(corpus.xliff, tmp_path / "brief.xlf")
    (tmp_path / "blocker").write_text("a regular file where a folder is expected\n", encoding="utf-8")
    for name in ("belarus-brief.en.docx", "brief.en.docx"):  # a folder where an edition goes
        (tmp_path / "inway" / name).mkdir(parents=True)
        (tmp_path / "inway" / name / "keep.txt").write_text("mine\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.tsv")
    (corpus.gen / "backtrack.txt").write_text("Le texte " + "a" * 40 + " fin. Autre phrase.\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_bad_input_gets_one_line_and_leaves_nothing(c: Case, corpus: Corpus, work: Path) -> None:
    argv = _expand(c.argv, corpus, work)
    before = _listing(work)
    xliff_before = (work / "brief.xlf").read_bytes()
    outcome = toolkit(argv, work, label=c.id)

    assert outcome.bounded is None, outcome.bounded
    assert outcome.peak_mb < PEAK_MB
    assert "Traceback" not in outcome.stderr
    assert "internal error" not in outcome.stderr + outcome.stdout
    assert "\x1b" not in outcome.stderr + outcome.stdout  # a brief's escape sequences never reach a terminal
    lines = outcome.stderr.splitlines()
    assert outcome.code == c.code, outcome.stderr
    if c.code == 2:
        assert len(lines) == 1, outcome.stderr
        assert lines[0].startswith("toolkit: error: ")
        assert re.search(c.message, lines[0]), lines[0]
        assert _named_input(c, argv) in lines[0]
        assert _listing(work) == before, "a failed command left files behind"
        assert (work / "brief.xlf").read_bytes() == xliff_before
    elif c.code == 0:
        assert all(line.startswith("toolkit: warning: ") for line in lines), outcome.stderr
        if c.message:
            assert any(re.search(c.message, line) for line in lines), outcome.stderr
    assert not [p for p in work.rglob("*.part")], "temporary files left behind"
    assert_nothing_disclosed(outcome, work, corpus.marker)


def test_review_is_registered() -> None:
    """The review cases above run `toolkit review`: it must be a command, not a skipped case."""
    from toolkit.cli import COMMANDS

    assert "review" in COMMANDS


def test_debug_shows_the_traceback(work: Path) -> None:
    outcome = toolkit(["--debug", "segment", str(BAD / "junk.txt")], work)
    assert outcome.code == 1
    assert "Traceback" in outcome.stderr
    assert "InputError: binary content in a text file" in outcome.stderr


def test_cp1252_brief_is_read_as_french(work: Path) -> None:
    outcome = toolkit(["segment", "--json", str(BAD / "cp1252.txt")], work)
    assert outcome.code == 0
    blocks = json.loads(outcome.stdout)["blocks"]
    assert blocks[1]["segments"][0]["text"].startswith("À Minsk, le président biélorusse a reçu le ministre russe")
    assert blocks[1]["segments"][0]["notes"] == ["1"]


def test_utf16_brief_is_read_as_french(work: Path) -> None:
    outcome = toolkit(["segment", "--json", str(BAD / "utf16.txt")], work)
    assert (outcome.code, outcome.stderr) == (0, "")
    assert json.loads(outcome.stdout)["blocks"][0]["segments"][0]["text"] == "Éléments de contexte"


def test_markup_in_the_brief_stays_text_in_every_edition(corpus: Corpus, work: Path) -> None:
    """Typst, HTML and Word markup typed in a brief is printed, never obeyed."""
    outcome = toolkit(["run", str(BAD / "markup-injection.txt"), "-o", "out", "--engine", "apertium"], work)
    assert outcome.code == 0, outcome.stderr
    page = (work / "out" / "markup-injection.review.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    pdf = _texts_of(work / "out" / "markup-injection.fr-en.pdf")[0]
    assert '#read("/etc/passwd")' in pdf.replace("\n", " ") or "#read(" in pdf
    assert_nothing_disclosed(outcome, work, corpus.marker)


def test_long_word_reaches_the_pdf_in_bounded_time(corpus: Corpus, work: Path) -> None:
    """A 128 KB run of letters: pandoc's Typst writer is quadratic in the length of one Str (typst.py)."""
    (work / "word.txt").write_text("Mot " + "a" * (128 << 10) + " fin.\n", encoding="utf-8")
    outcome = toolkit(["run", "word.txt", "-o", "out", "--engine", "apertium", "--formats", "pdf"], work,
                      label="run-pdf:long-word")
    assert outcome.bounded is None, outcome.bounded
    assert outcome.code == 0, f"{outcome.cpu_seconds:.0f} s of CPU: {outcome.stderr}"


# ---------------------------------------------------------------- regressions, in process


def _cpu_seconds(work: Callable[[], object], repeat: int = 3) -> float:
    """The least CPU time of a few runs: the figure least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def test_email_patterns_are_linear_on_a_long_word() -> None:
    """Four times the word costs about four times the CPU (a backtracking pattern would cost sixteen)."""
    from toolkit.terms.glossary import load_default_glossary
    from toolkit.terms.match import fix_forbidden
    from toolkit.terms.typography import english_typography

    glossary = load_default_glossary()

    def check(length: int) -> Callable[[], object]:
        word = "a" * length

        def run() -> None:
            assert english_typography(word + " «x»") == word + " “x”"
            assert fix_forbidden(word, glossary)[0] == word

        return run

    small, large = _cpu_seconds(check(100_000)), _cpu_seconds(check(400_000))
    assert large < 8 * max(small, 0.005), (small, large)


def test_apertium_passes_a_very_long_word_untouched() -> None:
    from toolkit.engines.apertium import ApertiumEngine
    from toolkit.engines.apertium_stream import LONGEST_WORD, encode

    word = "b" * 300_000
    # the word travels as one superblank, which Apertium's analyser never scans
    assert f"[{word}]" in encode(f"Le chat {word} mange.", 0).stream
    assert "[" + "b" * LONGEST_WORD + "]" not in encode("Le chat " + "b" * LONGEST_WORD + " mange.", 0).stream
    [english] = ApertiumEngine().translate([f"Le chat {word} mange."])
    assert word in english and english.startswith("The cat")


def test_a_tmx_with_an_external_dtd_and_brackets_is_read() -> None:
    from toolkit.formats.tmx import parse_tmx
    from toolkit.model import plain_text

    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4"><header srclang="fr"/>'
        b'<body><tu><tuv xml:lang="fr"><seg>[1] Bonjour</seg></tuv><tuv xml:lang="en"><seg>[1] Hello</seg></tuv>'
        b"</tu></body></tmx>"
    )
    [unit] = parse_tmx(data, "memory.tmx")
    assert plain_text(unit.target) == "[1] Hello"


def test_stale_temporary_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    from toolkit.support.fileio import OutputSet, write_text

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    stale = tmp_path / f".brief.xlf.{dead.stdout.strip()}.abcd1234.part"
    stale.write_text("<xliff", encoding="utf-8")
    alive = tmp_path / f".brief.xlf.{os.getpid()}.efgh5678.part"
    alive.write_text("<xliff", encoding="utf-8")
    other = tmp_path / ".other.xlf.1.abcd1234.part"
    other.write_text("", encoding="utf-8")
    with OutputSet(tmp_path) as out:
        out.path("brief.xlf").write_text("<xliff/>", encoding="utf-8")
    assert not stale.exists()
    assert alive.exists() and other.exists()  # writers still alive (this process, pid 1): not orphans
    write_text(tmp_path / "brief.xlf", "<xliff/>\n")
    assert (tmp_path / "brief.xlf").read_text(encoding="utf-8") == "<xliff/>\n"


def test_a_regular_file_in_the_way_is_named_not_the_temporary_file(tmp_path: Path) -> None:
    from toolkit.errors import ToolkitError
    from toolkit.support.fileio import write_text

    (tmp_path / "blocker").write_text("x", encoding="utf-8")
    with pytest.raises(ToolkitError, match=r"cannot write the file: Not a directory \(.*blocker/out\.tsv\)$"):
        write_text(tmp_path / "blocker" / "out.tsv", "x")
