"""`toolkit run --scheduler`: a real Dask scheduler and `toolkit worker`s as separate processes on 127.0.0.1.

A folder is translated by two workers and compared with one-by-one runs; a worker is killed (SIGKILL) while it
translates a brief; a worker of another install (another shipped glossary) is refused in one line. Every
process listens on 127.0.0.1 only, and every wait is bounded.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from distributed import Client

from tests.batch.test_runner import FAST, GOOD, SAMPLES, english
from toolkit.cli import main

ROOT = Path(__file__).parents[2]
STARTUP_SECONDS = 90


class Cluster:
    """A scheduler and its worker processes, started here, stopped by their own pids."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[Any] = []
        self.address = ""

    def start_scheduler(self) -> None:
        spec = self.root / "scheduler.json"
        self._spawn(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
             "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(spec)],
            "scheduler",
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while not spec.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert spec.exists(), (self.root / "scheduler.log").read_text()
        self.address = json.loads(spec.read_text())["address"]
        assert self.address.startswith("tcp://127.0.0.1:")

    def start_workers(self, n: int, pythonpath: Path = ROOT, name: str = "workers") -> None:
        self._spawn(
            [sys.executable, "-m", "toolkit", "worker", self.address, "--nworkers", str(n), "--host", "127.0.0.1"],
            name,
            pythonpath,
        )

    def _spawn(self, argv: list[str], name: str, pythonpath: Path = ROOT) -> None:
        env = {**os.environ, "PYTHONPATH": str(pythonpath), "MALLOC_TRIM_THRESHOLD_": "65536"}
        log = open(self.root / f"{name}.log", "wb")
        self.logs.append(log)
        self.processes.append(
            subprocess.Popen(argv, cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT)
        )

    def client(self) -> Client:
        return Client(self.address, timeout=STARTUP_SECONDS, set_as_default=False)

    def wait_for(self, n: int) -> None:
        with self.client() as client:
            client.wait_for_workers(n, timeout=STARTUP_SECONDS)

    def listening(self) -> set[str]:
        """The addresses every process of the cluster (and its children) listens on."""
        found: set[str] = set()
        for proc in self.processes:
            tree = psutil.Process(proc.pid)
            for p in [tree, *tree.children(recursive=True)]:
                for conn in p.net_connections(kind="inet"):
                    if conn.status == psutil.CONN_LISTEN:
                        found.add(conn.laddr.ip)
        return found

    def stop(self) -> None:
        for proc in reversed(self.processes):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in reversed(self.processes):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        for log in self.logs:
            log.close()


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    running = Cluster(tmp_path)
    try:
        running.start_scheduler()
        yield running
    finally:
        running.stop()


def folder_of(root: Path, copies: int) -> Path:
    """The good samples, each under several names (distinct stems), and one bad brief."""
    folder = root / "briefs"
    folder.mkdir()
    for i in range(copies):
        for name in GOOD:
            stem, rest = name.split(".", 1)
            shutil.copy(SAMPLES / name, folder / f"{stem}-{i}.{rest}")
    return folder


def run_batch(
    address: str, folder: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    code = main(["run", str(folder), "-o", str(out), "--scheduler", address, *FAST, *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_two_workers_translate_a_folder_as_one_by_one_runs_would(
    cluster: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cluster.start_workers(2)
    cluster.wait_for(2)
    assert cluster.listening() == {"127.0.0.1"}
    folder = folder_of(tmp_path, 1)
    (folder / "empty.fr.txt").write_bytes(b"")
    # the team's glossary lives on this machine only: it travels with the briefs
    team = tmp_path / "client-only" / "team.tsv"
    team.parent.mkdir()
    team.write_text("Minsk\tMinsk-on-Svislach\ttype=city\n", "utf-8")
    code, out, err = run_batch(cluster.address, folder, tmp_path / "out", capsys, "--glossary", str(team))
    assert code == 1, err
    assert err.splitlines()[-1] == f"toolkit: error: 1 of 3 briefs failed: {folder / 'empty.fr.txt'}"
    assert f"toolkit: error: the file is empty ({folder / 'empty.fr.txt'})" in err
    assert "/tmp/toolkit-brief-" not in out + err  # a worker's folders are never named
    report = json.loads((tmp_path / "out" / "batch.json").read_text("utf-8"))
    assert report["scheduler"] == cluster.address and report["done"] == 2
    single = tmp_path / "single"
    for name in GOOD:
        assert main(["run", str(SAMPLES / name), "-o", str(single), *FAST, "--glossary", str(team)]) == 0
        stem = name.split(".")[0]
        assert english(tmp_path / "out" / f"{stem}-0.xlf") == english(single / f"{stem}.xlf")
    assert "Minsk-on-Svislach" in " ".join(text for _sid, text in english(single / "belarus-brief.xlf"))
    _doc_sig = json.loads((single / "belarus-brief.qa.json").read_text("utf-8"))["signature"]
    assert report["signature"]["glossary"] == _doc_sig["glossary"]
    capsys.readouterr()
    # the batch's signature is this machine's, and the workers' MALLOC_TRIM_THRESHOLD_ was unset
    with cluster.client() as client:
        environ = client.run(lambda: os.environ.get("MALLOC_TRIM_THRESHOLD_"))
    assert len(environ) == 2 and set(environ.values()) == {None}


def test_a_worker_killed_mid_batch_has_its_brief_run_elsewhere(
    cluster: Cluster, tmp_path: Path
) -> None:
    cluster.start_workers(2)
    cluster.wait_for(2)
    folder = folder_of(tmp_path, 3)
    out = tmp_path / "out"
    batch = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "run", str(folder), "-o", str(out), "--scheduler", cluster.address,
         *FAST],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    killed = None
    with cluster.client() as client:
        deadline = time.monotonic() + STARTUP_SECONDS
        while killed is None and time.monotonic() < deadline and batch.poll() is None:
            # a worker in the middle of a brief (not of the handshake, where it loads the engine)
            busy = [
                address
                for address, keys in client.processing().items()
                if any(str(key).startswith("run_brief-") for key in keys)
            ]
            if busy:
                pids = client.run(os.getpid, workers=busy[:1])
                killed = pids[busy[0]]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.05)
    stdout, stderr = batch.communicate(timeout=600)
    assert killed is not None, "no worker was ever busy"
    assert batch.returncode == 0, stderr
    report = json.loads((out / "batch.json").read_text("utf-8"))
    assert report["done"] == report["briefs"] == 6
    assert sorted(e["input"] for e in report["inputs"]) == sorted(str(p) for p in folder.iterdir())
    done_lines = [line for line in stdout.splitlines() if " done " in line]
    assert len(done_lines) == 6  # every brief written once
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_a_worker_with_another_glossary_is_refused(
    cluster: Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other-install"
    shutil.copytree(ROOT / "toolkit", other / "toolkit", ignore=shutil.ignore_patterns("__pycache__"))
    with open(other / "toolkit" / "data" / "fr-en.tsv", "a", encoding="utf-8") as fh:
        fh.write("Minsk\tMinsk City\ttype=region\n")
    cluster.start_workers(1)
    cluster.wait_for(1)
    cluster.start_workers(1, pythonpath=other, name="other")
    cluster.wait_for(2)
    folder = folder_of(tmp_path, 1)
    code, _out, err = run_batch(cluster.address, folder, tmp_path / "out", capsys)
    assert code == 0, err
    refused = [line for line in err.splitlines() if "refused" in line]
    assert len(refused) == 1 and refused[0].startswith("toolkit: warning: worker tcp://127.0.0.1:")
    assert "another signature: glossary " in refused[0] and " here, " in refused[0]
    report = json.loads((tmp_path / "out" / "batch.json").read_text("utf-8"))
    assert report["done"] == 2
    with cluster.client() as client:
        paths = client.run(lambda: __import__("toolkit").__file__)
    good = [a for a, f in paths.items() if not f.startswith(str(other))]
    assert len(good) == 1
    # nothing of the batch ran on the refused worker: every brief's English is the shipped glossary's
    for entry in report["inputs"]:
        stem = Path(entry["input"]).name.split(".")[0]
        assert "Minsk City" not in (tmp_path / "out" / f"{stem}.xlf").read_text("utf-8")


def test_no_scheduler_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.batch import cluster

    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2.0)
    folder = folder_of(tmp_path, 1)
    code, _out, err = run_batch("tcp://127.0.0.1:9", folder, tmp_path / "out", capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("toolkit: error: cannot reach the Dask scheduler")
    assert not (tmp_path / "out").exists()
