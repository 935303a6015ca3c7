"""`toolkit worker SCHEDULER`: Dask workers for `toolkit run --scheduler`, one thread each, the toolkit preloaded."""

from __future__ import annotations

import argparse
import os
import shlex

from toolkit.commands.options import add_tls_options

PRELOAD = "toolkit.batch.preload"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scheduler", help="the Dask scheduler's address, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("--nworkers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    parser.add_argument(
        "--host",
        help="the interface the workers listen on (default: the one that reaches the scheduler)",
    )
    add_tls_options(parser)
    parser.add_argument(
        "--dask-args",
        default="",
        metavar="'OPTIONS'",
        help="further options passed to `dask worker` as they are, e.g. --dask-args '--memory-limit 4GB'",
    )


def dask_worker_arguments(args: argparse.Namespace) -> list[str]:
    """The `dask worker` command line `toolkit worker` stands for."""
    from toolkit.errors import ToolkitError

    if args.nworkers < 1:
        raise ToolkitError(f"--nworkers must be at least 1, not {args.nworkers}")
    argv = [args.scheduler, "--nworkers", str(args.nworkers), "--nthreads", "1", "--preload", PRELOAD]
    argv += ["--no-dashboard"]
    if args.host:
        # the workers' HTTP endpoints (health, metrics) listen on the same interface, never on all of them
        argv += ["--host", args.host, "--dashboard-address", f"{args.host}:0"]
    tls = (("--tls-ca-file", args.tls_ca_file), ("--tls-cert", args.tls_cert), ("--tls-key", args.tls_key))
    for option, value in tls:
        if value:
            argv += [option, value]
    return argv + shlex.split(args.dask_args)


def run(args: argparse.Namespace) -> int:
    from toolkit.batch.cluster import _distributed

    argv = dask_worker_arguments(args)
    _distributed()
    import dask
    from distributed.cli.dask_worker import main as dask_worker

    # Dask's default worker environment sets MALLOC_TRIM_THRESHOLD_=65536, which makes CTranslate2 two to
    # three times slower: unset, here and in what the nannies give the processes they spawn
    os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    from toolkit.batch.work import WORKER_JOBS_ENV

    os.environ[WORKER_JOBS_ENV] = str(args.nworkers)
    dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None})
    dask_worker.main(args=argv, prog_name="toolkit worker", standalone_mode=True)
    return 0
