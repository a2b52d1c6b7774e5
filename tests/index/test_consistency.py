"""`docqa check` finds an index whole, and names what is wrong when it is not."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from conftest import CORPUS, FakeEmbedder

from app.cli import INDEX_ERROR_EXIT, main
from index.builder import build_index
from index.consistency import check_index
from index.dense_index import DenseIndex
from index.store import Store


@pytest.fixture()
def index_dir(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "004_2853c62026f2b50d.txt", corpus)
    build_index([corpus], tmp_path / "index", embedder=FakeEmbedder())
    return tmp_path / "index"


def test_a_fresh_index_is_consistent(index_dir, capsys):
    report = check_index(index_dir)
    assert report.ok and report.units > 0 and report.cells > 0 and report.documents == 1
    assert main(["check", "--index", str(index_dir)]) == 0
    assert "consistent" in capsys.readouterr().out


def test_a_quote_that_is_not_the_document_is_named(index_dir, capsys):
    store = Store(index_dir / "store.sqlite")
    store.db.execute(
        "UPDATE units SET text = 'tampered' || text WHERE unit_id = (SELECT MIN(unit_id) FROM units)"
    )
    store.db.commit()
    store.close()
    report = check_index(index_dir)
    assert len(report.problems) == 1 and "quotes text that is not the document's" in report.problems[0]
    assert main(["check", "--index", str(index_dir)]) == 1
    assert "problem: 004_2853c62026f2b50d.txt: unit" in capsys.readouterr().out


def test_counts_that_disagree_are_named(index_dir):
    live = index_dir.resolve()
    DenseIndex.build(np.zeros((1, 16), dtype=np.float32), np.array([1]), 200_000).save(live / "dense.faiss")
    assert any("FAISS holds 1 vectors" in p for p in check_index(index_dir).problems)


def test_no_index_is_one_sentence_and_its_own_exit_code(tmp_path, capsys):
    assert main(["check", "--index", str(tmp_path / "none")]) == INDEX_ERROR_EXIT
    assert "no index at" in capsys.readouterr().err
