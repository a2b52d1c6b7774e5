"""SIGKILL at many moments of a build: the previous index keeps answering, the next build completes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import CORPUS, FakeEmbedder

from index.builder import build_index, read_manifest
from index.search import open_live_folder
from index.store import Store

ROOT = Path(__file__).resolve().parents[2]
# A build in a child process with an embedder slow enough that kills land in every stage.
CHILD = """
import sys, time
sys.path[:0] = [{root!r}, {tests!r}]
from conftest import FakeEmbedder
from index.builder import build_index
class Slow(FakeEmbedder):
    def encode(self, texts, progress=False):
        time.sleep(0.02)
        return super().encode(texts, progress)
build_index([__import__("pathlib").Path({corpus!r})], __import__("pathlib").Path({index!r}), embedder=Slow())
"""
KILL_DELAYS = (0.3, 0.6, 0.9, 1.2, 1.6, 2.0, 2.5, 3.0)
CHILD_DONE_WAIT = 600  # seconds; generous for a loaded machine


def _documents(index_dir: Path) -> list[str]:
    store = Store(open_live_folder(index_dir) / "store.sqlite")
    try:
        return sorted(d.name for d in store.documents())
    finally:
        store.close()


def test_kills_at_any_moment_never_lose_the_previous_index(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(CORPUS / "004_2853c62026f2b50d.txt", corpus)
    build_index([corpus], index_dir, embedder=FakeEmbedder())
    before = _documents(index_dir)
    for name in ("000_5e9b75ebd931438e.txt", "003_f4982778eceb06ff.txt"):
        shutil.copy(CORPUS / name, corpus)
    script = CHILD.format(root=str(ROOT), tests=str(ROOT / "tests"), corpus=str(corpus), index=str(index_dir))
    for delay in KILL_DELAYS:
        child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
        time.sleep(delay)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=CHILD_DONE_WAIT)
        docs = _documents(index_dir)  # a complete index answers after every kill
        assert docs == before or docs == sorted(p.name for p in corpus.iterdir())
        assert read_manifest(index_dir) is not None
    report = build_index([corpus], index_dir, embedder=FakeEmbedder())
    assert _documents(index_dir) == sorted(p.name for p in corpus.iterdir())
    assert report.documents == 3
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".index.building")]
    assert not leftovers
