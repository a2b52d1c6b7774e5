"""Cold start: a new `docqa ask` process, from launch to its printed answer."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

# A cold start on a loaded machine can take many times its idle figure; this only stops a hang.
TIMEOUT_SECONDS = 600


def cold_ask_seconds(index_dir: Path, question: str, repeat: int = 3) -> float:
    """Median wall seconds of `repeat` fresh `docqa ask` processes (model and index loaded each time)."""
    command = [sys.executable, "-m", "app.cli", "ask", question, "--index", str(index_dir)]
    runs = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)
