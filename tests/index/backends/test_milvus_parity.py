"""On the real model, Milvus Lite finds the same evidence and gives the same answers as the
local backend: the corpus index moved to Milvus (its vectors copied, not embedded again)
answers the dev questions alike."""

from __future__ import annotations

import shutil

import pytest
from conftest import CORPUS, DEV_SET

from app.commands import evaluate
from index.backends.base import BackendConfig
from index.builder import build_index
from index.consistency import check_index
from index.evaluation import load_gold
from index.search import Searcher

pytestmark = pytest.mark.model

# Allowed gaps (the parity bar): recall@5 within 0.02, answers equal on 95 %.
RECALL_GAP = 0.02
SAME_ANSWERS = 0.95


@pytest.fixture(scope="module")
def milvus_searcher(corpus_index, embedder, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("milvus") / "index"
    shutil.copytree(corpus_index.resolve(), index_dir)
    report = build_index([CORPUS], index_dir, embedder=embedder, backend=BackendConfig("milvus"))
    assert report.moved_to == "milvus" and report.embedded == 0
    searcher = Searcher(index_dir, embedder=embedder)
    yield searcher
    searcher.close()


def test_the_moved_index_is_consistent(milvus_searcher):
    report = check_index(milvus_searcher.index_dir)
    assert report.ok, report.problems
    assert report.units == milvus_searcher.backend.unit_count() > 1000


def test_milvus_recall_and_answers_match_the_local_backend(searcher, milvus_searcher):
    gold = load_gold(DEV_SET)
    local, milvus = evaluate(searcher, gold, k=5), evaluate(milvus_searcher, gold, k=5)
    assert abs(local.summary()["recall@5"] - milvus.summary()["recall@5"]) <= RECALL_GAP
    same = sum(a.answer_given == b.answer_given for a, b in zip(local.outcomes, milvus.outcomes, strict=True))
    assert same / len(gold) >= SAME_ANSWERS


def test_a_second_process_on_the_same_lite_database_gets_one_sentence(milvus_searcher):
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "ask", "income", "--index", str(milvus_searcher.index_dir)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 6, run.stderr
    assert run.stderr.count("\n") == 1 and "one process" in run.stderr


def test_the_app_answers_from_a_milvus_index(milvus_searcher, monkeypatch):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DOCQA_INDEX", str(milvus_searcher.index_dir))
    monkeypatch.setenv("DOCQA_CORPUS", str(CORPUS))
    at = AppTest.from_file(str(ROOT / "app" / "streamlit_app.py"), default_timeout=180)
    at.run()
    assert not at.exception
    at.text_input(key="question").input("operating income by segment").run()
    assert not at.exception
    cited = [e.value for e in at.html if "000_5e9b75ebd931438e.txt" in e.value or ".txt · line" in e.value]
    assert cited, "the app showed no cited evidence from the Milvus index"
