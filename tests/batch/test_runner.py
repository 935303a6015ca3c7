"""`toolkit run BRIEF|DIR... -o OUT/`: batches through the real CLI, Apertium and the standard process pool.

Oracles: one-by-one runs of the same briefs (the English must be the same), the files on disk, `batch.json`.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.formats.xliff import read_xliff, write_xliff
from toolkit.model import plain_text

SAMPLES = Path(__file__).parents[2] / "samples"
GOOD = ("belarus-brief.fr.txt", "wagner.fr.md")
# bad briefs of several kinds: each must fail alone, naming itself, leaving nothing of its own
BAD = {
    "empty.fr.txt": b"",
    "broken.fr.docx": b"this is not a zip container",
    "binary.fr.md": b"PK\x03\x04\x00\x00binary",
}
FAST = ["--engine", "apertium", "--formats", "none"]


def english(xliff: Path) -> list[tuple[str, str]]:
    doc, _signature = read_xliff(xliff)
    return [(seg.id, plain_text(seg.target or [])) for seg in doc.segments()]


def make_folder(root: Path, bad: dict[str, bytes]) -> Path:
    folder = root / "briefs"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(SAMPLES / name, folder / name)
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    (folder / "notes.xyz").write_text("not a brief: a folder's files of unknown types are not briefs\n")
    return folder


@pytest.fixture(scope="module")
def one_by_one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("single")
    for name in GOOD:
        assert main(["run", str(SAMPLES / name), "-o", str(out), *FAST]) == 0
    return out


@pytest.fixture(scope="module")
def pool_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("pool")
    folder = make_folder(root, BAD)
    out = root / "out"
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "run", str(folder), "-o", str(out), "--jobs", "2", *FAST],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    return folder, out, done


def test_a_bad_brief_fails_alone_and_the_others_are_done(
    pool_batch: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, out, done = pool_batch
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("toolkit: error: ")]
    for name in BAD:
        assert sum(str(folder / name) in line for line in errors[:-1]) == 1, (name, errors)
    assert "Traceback" not in done.stderr
    last = done.stderr.splitlines()[-1]
    assert last.startswith(f"toolkit: error: {len(BAD)} of {len(BAD) + len(GOOD)} briefs failed")
    assert all(str(folder / name) in last for name in BAD)
    stems = {name.split(".")[0] for name in BAD}
    leftovers = [p.name for p in out.iterdir() if p.name.split(".")[0] in stems or p.name.endswith(".part")]
    assert leftovers == []
    for name in GOOD:
        stem = name.split(".")[0]
        assert (out / f"{stem}.xlf").is_file() and (out / f"{stem}.qa.json").is_file()


def test_progress_is_one_line_per_brief_when_not_on_a_terminal(
    pool_batch: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    folder, _out, done = pool_batch
    lines = [line for line in done.stdout.splitlines() if line.startswith("[")]
    total = len(BAD) + len(GOOD)
    assert len(lines) == total
    assert sorted(int(line[1 : line.index("/")]) for line in lines) == list(range(1, total + 1))
    assert all(f"/{total}] " in line for line in lines)
    for name in GOOD:
        assert sum(f"done {folder / name}:" in line for line in lines) == 1
    for name in BAD:
        assert sum(line.endswith(f"failed {folder / name}") for line in lines) == 1
    assert "\x1b[" not in done.stdout + done.stderr  # no bar, no colours


def test_batch_json_lists_every_brief(pool_batch: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    import hashlib

    folder, out, _done = pool_batch
    report = json.loads((out / "batch.json").read_text("utf-8"))
    assert (report["briefs"], report["done"], report["failed"]) == (5, 2, 3)
    assert report["signature"]["engine"] == "apertium" and "source" not in report["signature"]
    by_input = {entry["input"]: entry for entry in report["inputs"]}
    assert set(by_input) == {str(folder / n) for n in (*GOOD, *BAD)}
    for name in GOOD:
        entry = by_input[str(folder / name)]
        stem = name.split(".")[0]
        assert entry["status"] == "done" and entry["error"] is None
        assert entry["sha256"] == hashlib.sha256((folder / name).read_bytes()).hexdigest()[:8]
        assert entry["outputs"] == [f"{stem}.qa.json", f"{stem}.xlf"]
        qa = json.loads((out / f"{stem}.qa.json").read_text("utf-8"))
        assert entry["segments"] == qa["segments"] and entry["qa_issues"] == len(qa["issues"])
        _doc, signature = read_xliff(out / f"{stem}.xlf")
        assert {k: v for k, v in signature.items() if k != "source"} == report["signature"]
    for name in BAD:
        entry = by_input[str(folder / name)]
        assert entry["status"] == "failed" and entry["outputs"] == []
        assert str(folder / name) in entry["error"] and "\n" not in entry["error"]


def test_the_english_of_a_batch_is_that_of_one_by_one_runs(
    pool_batch: tuple[Path, Path, subprocess.CompletedProcess[str]], one_by_one: Path
) -> None:
    _folder, out, _done = pool_batch
    for name in GOOD:
        stem = name.split(".")[0]
        assert english(out / f"{stem}.xlf") == english(one_by_one / f"{stem}.xlf")
        batch_qa = json.loads((out / f"{stem}.qa.json").read_text("utf-8"))
        single_qa = json.loads((one_by_one / f"{stem}.qa.json").read_text("utf-8"))
        assert batch_qa["issues"] == single_qa["issues"]


def test_reviewed_segments_are_kept_across_a_batch_rerun(
    tmp_path: Path, one_by_one: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_folder(tmp_path, {})
    out = tmp_path / "out"
    out.mkdir()
    reviewed: dict[str, dict[str, str]] = {}
    for name in GOOD:
        stem = name.split(".")[0]
        doc, signature = read_xliff(one_by_one / f"{stem}.xlf")
        segments = list(doc.segments())
        for seg in segments[1::3]:  # every third segment, by a reviewer who writes in capitals
            seg.target = [f"REVIEWED {seg.id.upper()}"]
            seg.state = "reviewed"
        reviewed[stem] = {seg.id: f"REVIEWED {seg.id.upper()}" for seg in segments[1::3]}
        write_xliff(doc, out / f"{stem}.xlf", signature=signature)
    assert main(["run", str(folder), "-o", str(out), *FAST]) == 0
    stdout = capsys.readouterr().out
    assert f"{sum(len(v) for v in reviewed.values())} reviewed segments kept" in stdout
    for stem, edits in reviewed.items():
        now = dict(english(out / f"{stem}.xlf"))
        before = dict(english(one_by_one / f"{stem}.xlf"))
        assert {sid: now[sid] for sid in edits} == edits
        assert {sid: text for sid, text in now.items() if sid not in edits} == {
            sid: text for sid, text in before.items() if sid not in edits
        }
    report = json.loads((out / "batch.json").read_text("utf-8"))
    assert sorted(e["reviewed_kept"] for e in report["inputs"]) == sorted(len(v) for v in reviewed.values())


def test_reviewed_work_a_batch_rerun_cannot_keep_is_reported_per_brief(
    tmp_path: Path, one_by_one: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_folder(tmp_path, {})
    out = tmp_path / "out"
    out.mkdir()
    brief = folder / "wagner.fr.md"
    text = brief.read_text(encoding="utf-8")
    doc, signature = read_xliff(one_by_one / "wagner.xlf")
    body = [seg for block in doc.blocks if block.kind == "paragraph" for seg in block.segments]
    # the reviewer's segment whose French the author then deletes: one written in the Markdown as it reads
    gone = next(seg for seg in reversed(body) if len(seg.text.strip()) > 40 and seg.text.strip() in text)
    gone.target, gone.state = ["REVIEWED AND THEN DELETED"], "reviewed"
    write_xliff(doc, out / "wagner.xlf", signature=signature)
    brief.write_text(text.replace(gone.text.strip(), ""), encoding="utf-8")

    assert main(["run", str(folder), "-o", str(out), *FAST]) == 0
    stdout = capsys.readouterr().out
    [line] = [line for line in stdout.splitlines() if line.strip().startswith("reviewed work:")]
    assert "0 reviewed kept" in line and "1 retired" in line and "0 lost" in line
    report = json.loads((out / "batch.json").read_text("utf-8"))
    [entry] = [e for e in report["inputs"] if e["input"].endswith("wagner.fr.md")]
    assert entry["reviewed_work"] == line.strip()
    [backup] = out.glob("wagner.xlf.bak-*")  # the previous XLIFF, reviewed segment included, came back too
    assert "REVIEWED AND THEN DELETED" in backup.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("names", "clash"),
    [
        (["wagner.fr.md", "wagner.fr.docx"], ("wagner.fr.md", "wagner.fr.docx")),
        (["note.txt", "note.FR.html"], ("note.txt", "note.FR.html")),
        (["a/brief.fr.txt", "b/brief.fra.md"], ("a/brief.fr.txt", "b/brief.fra.md")),
    ],
)
def test_stems_that_would_collide_are_refused_before_any_work(
    tmp_path: Path, names: list[str], clash: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    paths = []
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Le Bélarus annonce un groupe militaire conjoint.\n", "utf-8")
        paths.append(str(path))
    out = tmp_path / "out"
    assert main(["run", *paths, "-o", str(out), *FAST]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("toolkit: error: ")
    assert all(str(tmp_path / name) in lines[0] for name in clash)
    assert not out.exists()  # refused before any work: not even the output folder


def test_usage_errors_of_a_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    brief = tmp_path / "one.fr.txt"
    brief.write_text("Bonjour.\n", "utf-8")
    cases = [
        ([str(empty)], "no brief of a known type"),
        ([str(brief), str(tmp_path / "missing.fr.txt")], "no such file or folder"),
        ([str(brief), str(brief), "--jobs", "zero"], "--jobs takes a number or 'auto'"),
        ([str(brief), "--jobs", "0"], "--jobs must be at least 1"),
    ]
    for args, message in cases:
        assert main(["run", *args, "-o", str(tmp_path / "out"), *FAST]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, (args, err)
    assert not (tmp_path / "out").exists()


def test_a_batch_where_nothing_could_be_translated_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, data in BAD.items():
        (folder / name).write_bytes(data)
    assert main(["run", str(folder), "-o", str(tmp_path / "out"), *FAST]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith(f"toolkit: error: {len(BAD)} of {len(BAD)} briefs failed")
    report = json.loads((tmp_path / "out" / "batch.json").read_text("utf-8"))
    assert report["done"] == 0 and [p.name for p in (tmp_path / "out").iterdir()] == ["batch.json"]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_pool_batch_stopped_mid_way_leaves_nothing_half_written(tmp_path: Path, stop: signal.Signals) -> None:
    import os
    import time

    import psutil

    folder = tmp_path / "briefs"
    folder.mkdir()
    for i in range(8):
        shutil.copy(SAMPLES / "belarus-brief.fr.txt", folder / f"brief{i}.fr.txt")
    out = tmp_path / "out"
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    batch = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "run", str(folder), "-o", str(out), "--jobs", "2", *FAST],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(private_tmp)},
    )
    assert batch.stdout is not None
    first = batch.stdout.readline()  # blocks until the first brief is written (bounded by the run itself)
    assert first.startswith("[1/8] done "), first
    workers = psutil.Process(batch.pid).children(recursive=True)
    batch.send_signal(stop)
    rest, stderr = batch.communicate(timeout=120)
    assert batch.returncode == 130, stderr
    assert stderr.splitlines()[-1] == "toolkit: error: interrupted"
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 30
    while any(w.is_running() and w.status() != psutil.STATUS_ZOMBIE for w in workers):
        assert time.monotonic() < deadline, "worker processes outlived the batch"
        time.sleep(0.1)
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.endswith(".part") or n.startswith(".")]
    stems = {n.split(".")[0] for n in names if n != "batch.json"}
    for stem in stems:  # every brief is written whole or not at all
        assert {f"{stem}.xlf", f"{stem}.qa.json"} <= set(names)
        english(out / f"{stem}.xlf")
        json.loads((out / f"{stem}.qa.json").read_text("utf-8"))
    report = json.loads((out / "batch.json").read_text("utf-8"))
    done = {Path(e["input"]).name.split(".")[0] for e in report["inputs"] if e["status"] == "done"}
    assert done <= stems and len(done) >= 1 + rest.count(" done ")
    assert {e["status"] for e in report["inputs"]} <= {"done", "interrupted"}
    assert len(stems) < 8 and list(private_tmp.iterdir()) == []  # stopped early, no worker's folder left


@pytest.mark.parametrize(
    ("value", "briefs", "expected"),
    [(None, 5, 1), ("1", 5, 1), ("2", 5, 2), ("8", 3, 3), ("auto", 100, None), ("auto", 1, 1)],
)
def test_jobs_never_exceed_the_briefs(value: str | None, briefs: int, expected: int | None) -> None:
    import os

    from toolkit.batch.runner import resolve_jobs

    wanted = expected if expected is not None else min(os.cpu_count() or 1, briefs)
    assert resolve_jobs(value, briefs) == wanted


@pytest.mark.parametrize(
    ("engine", "raw", "jobs", "threads"),
    [
        ("argos", {}, 2, "half"),
        ("argos", {}, 1, None),
        ("argos", {"threads": "3"}, 2, "3"),
        ("apertium", {}, 2, None),
    ],
)
def test_argos_threads_are_the_cores_shared_by_the_jobs(
    engine: str, raw: dict[str, str], jobs: int, threads: str | None
) -> None:
    import os

    from toolkit.batch.work import share_cores
    from toolkit.pipeline.run import RunSettings

    settings = RunSettings(input=Path("x.txt"), outdir=Path("out"), engine=engine, options={"raw": raw})
    shared = share_cores(settings, jobs).options.get("raw", {}).get("threads")
    assert shared == (str(max(1, (os.cpu_count() or 1) // jobs)) if threads == "half" else threads)


def test_a_pool_worker_killed_mid_batch_has_its_briefs_run_again(tmp_path: Path) -> None:
    import psutil

    folder = tmp_path / "briefs"
    folder.mkdir()
    for i in range(6):
        shutil.copy(SAMPLES / GOOD[i % 2], folder / f"brief{i}.{GOOD[i % 2].split('.', 1)[1]}")
    out = tmp_path / "out"
    batch = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "run", str(folder), "-o", str(out), "--jobs", "2", *FAST],
        cwd=Path(__file__).parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert batch.stdout is not None
    try:
        first = batch.stdout.readline()
        assert first.startswith("[1/6] done "), first
        workers = [
            p for p in psutil.Process(batch.pid).children() if "spawn_main" in " ".join(p.cmdline())
        ]
        assert len(workers) == 2
        workers[0].kill()
        rest, stderr = batch.communicate(timeout=300)
    finally:  # a batch that hangs is stopped here, not left running into the next test
        if batch.poll() is None:
            for child in psutil.Process(batch.pid).children(recursive=True):
                child.kill()
            batch.kill()
            batch.communicate()
    assert batch.returncode == 0, stderr
    lines = [first.rstrip("\n"), *rest.splitlines()]
    done = [line for line in lines if " done " in line]
    assert len(done) == 6 and len({line.split(" done ")[1].split(":")[0] for line in done}) == 6
    report = json.loads((out / "batch.json").read_text("utf-8"))
    assert report["done"] == 6


def test_a_pool_that_breaks_between_collecting_and_sending_takes_the_brief_to_a_fresh_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The standard library's pool can break (a worker killed) after the runner last collected and before it sends
    the next brief: sending then fails at once. That brief never ran: it goes to the fresh pool with the ones in
    flight, none counted as a second try."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from toolkit.batch import runner, work

    pools: list[FakePool] = []

    class FakePool:
        def __init__(self, *_args: object, **_kwargs: object) -> None:
            self.sent = 0
            self.broken = not pools  # the first pool breaks at its second brief
            pools.append(self)

        def submit(self, fn: object, recipe: object, brief: work.Brief) -> Future[work.BriefResult]:
            self.sent += 1
            future: Future[work.BriefResult] = Future()
            if self.broken and self.sent == 2:
                raise BrokenProcessPool("A child process terminated abruptly")
            if self.broken:
                future.set_exception(BrokenProcessPool("A child process terminated abruptly"))
            else:
                future.set_result(work.BriefResult(brief.name, "", "done"))
            return future

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

    monkeypatch.setattr(runner, "ProcessPoolExecutor", FakePool)
    briefs = [work.Brief(f"b{i}.txt", b"x") for i in range(4)]
    results = list(runner.in_pool(None, briefs, jobs=1))  # type: ignore[arg-type]
    assert sorted((r.name, r.status) for r in results) == [(b.name, "done") for b in briefs]
    assert len(pools) == 2
