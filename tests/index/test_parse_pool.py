"""Parsing in worker processes gives what parsing in-process gives, errors included."""

from __future__ import annotations

import pytest
from conftest import CORPUS

from index.parse_pool import ParsePool
from ingest.chunker import ChunkerSettings
from ingest.errors import IngestError
from ingest.pipeline import ingest_file


def test_workers_parse_like_the_building_process(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCQA_PARSE_WORKERS", "2")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    paths = [*sorted(CORPUS.glob("*.txt"))[:3], bad]
    settings = ChunkerSettings()
    pool = ParsePool(paths, settings)
    try:
        assert pool.executor is not None
        for path in paths[:3]:
            parsed, local = pool.parse(path), ingest_file(path, settings)
            assert parsed.document.text == local.document.text
            assert [c.text for c in parsed.chunks] == [c.text for c in local.chunks]
            assert [[c.text for c in r.cells] for t in parsed.tables for r in t.rows] == [
                [c.text for c in r.cells] for t in local.tables for r in t.rows
            ]
        with pytest.raises(IngestError, match="broken.pdf: is not a readable PDF"):
            pool.parse(bad)
    finally:
        pool.close()


def test_one_worker_parses_in_process(monkeypatch):
    monkeypatch.setenv("DOCQA_PARSE_WORKERS", "1")
    pool = ParsePool(sorted(CORPUS.glob("*.txt")), ChunkerSettings())
    assert pool.executor is None
    pool.close()
