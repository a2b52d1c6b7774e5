"""Cold start: a new process, from launch to its first answer (the CLI's `docqa ask`, or the
Streamlit app's script run by Streamlit's AppTest with the question in its address)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

# A cold start on a loaded machine can take many times its idle figure; this only stops a hang.
TIMEOUT_SECONDS = 600
APP = Path(__file__).resolve().parents[2] / "app" / "streamlit_app.py"
# Run in the new process: the app's first run with `?q=` set, which answers on load.
_APP_RUN = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=600)
at.query_params["q"] = sys.argv[2]
at.run()
assert not at.exception, at.exception
assert any('class="ref"' in str(e.value) for e in at.html), "no cited evidence on the page"
"""


def cold_ask_runs(index_dir: Path, question: str, repeat: int = 3) -> list[float]:
    """Wall seconds of `repeat` fresh `docqa ask` processes (model and index loaded each time)."""
    command = [sys.executable, "-m", "app.cli", "ask", question, "--index", str(index_dir)]
    return _timed_runs(command, dict(os.environ), repeat)


def cold_app_runs(index_dir: Path, question: str, repeat: int = 3) -> list[float]:
    """Wall seconds of `repeat` fresh processes that each run the app's script once with the
    question in its address, to its first answer (Streamlit's own server start not included)."""
    command = [sys.executable, "-c", _APP_RUN, str(APP), question]
    return _timed_runs(command, {**os.environ, "DOCQA_INDEX": str(index_dir)}, repeat)


def _timed_runs(command: list[str], env: dict[str, str], repeat: int) -> list[float]:
    """Wall seconds of `repeat` runs of a command, each to its exit."""
    runs = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_SECONDS, env=env)
        runs.append(time.perf_counter() - started)
    return runs
