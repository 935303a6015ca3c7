"""Preloaded by Dask into every `toolkit worker` process: the toolkit imported before the first brief arrives."""

from __future__ import annotations

import logging
import os
from typing import Any


def dask_setup(worker: Any) -> None:
    import toolkit.batch.work  # noqa: F401  (what every task runs: imported once, here)

    if os.environ.get("MALLOC_TRIM_THRESHOLD_"):
        # Dask's default worker environment: CTranslate2 runs two to three times slower under it
        logging.getLogger("toolkit").warning("MALLOC_TRIM_THRESHOLD_ is set: Argos will be slow on this worker")
