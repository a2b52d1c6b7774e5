"""The scaled benchmark corpus differs copy by copy but keeps its shapes; the stand-in
encoder is deterministic; one backend is built and served end to end, each in its own process."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import CORPUS

from index.benchmarks.backend_bench import BackendRun, Spread, measure
from index.benchmarks.scaled_corpus import HashingEncoder, write_scaled_corpus
from index.search import QUERY_STAGES

SOURCE = CORPUS / "004_2853c62026f2b50d.txt"


def test_copies_differ_in_their_figures_and_keep_their_lines(tmp_path):
    written = write_scaled_corpus([SOURCE], tmp_path / "scaled", copies=3)
    texts = [p.read_text(encoding="utf-8") for p in written]
    assert len(written) == 3 and len(set(texts)) == 3
    original = SOURCE.read_text(encoding="utf-8")
    assert all(t.count("\n") == original.count("\n") for t in texts)
    # Written again, nothing changes (a second benchmark run reuses the same corpus), and a
    # copy left changed by a stopped run is put back.
    written[0].write_text(texts[0] + "\nA remark left by a stopped run.\n", encoding="utf-8")
    again = write_scaled_corpus([SOURCE], tmp_path / "scaled", copies=3)
    assert [p.read_text(encoding="utf-8") for p in again] == texts


def test_the_stand_in_encoder_gives_the_same_unit_vectors_every_time():
    encoder = HashingEncoder()
    a = encoder.encode(["Operating income JPY1,272 million", "", "revenue 2Q10"])
    b = HashingEncoder().encode(["Operating income JPY1,272 million", "", "revenue 2Q10"])
    assert a.shape == (3, 384) and np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)


def test_a_backend_is_built_and_served_each_in_its_own_process(tmp_path):
    corpus = tmp_path / "corpus"
    write_scaled_corpus([SOURCE], corpus, copies=2)
    before = {p.name: p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")}
    question = ("operating income 1H07",)
    run = BackendRun("local", corpus, tmp_path, "hashing", question, repeat=1, rebuild_repeat=2)
    figures = measure(run)
    build, serve = figures.build, figures.serve
    assert build.units > 100 and build.documents == 2 and build.build_seconds > 0
    assert build.unchanged_rebuild.runs == build.one_changed_rebuild.runs == 2
    assert build.disk_mb > 0
    assert build.disk_mb_per_1000_units == pytest.approx(build.disk_mb / build.units * 1000)
    assert serve.first_answer_seconds > 0 and 0 < serve.query_p50_ms <= serve.query_p95_ms
    assert set(QUERY_STAGES) <= set(serve.stages_ms)
    assert build.peak_rss_mb > 0 and serve.peak_rss_mb > 0
    assert figures.encoder.startswith("hashing")
    # The document changed for the one-document rebuild is put back as it was.
    assert {p.name: p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")} == before


def test_a_spread_reads_as_median_low_and_high():
    assert Spread.of([3.0, 1.0, 2.0]).text() == "2.0 s (1.0-3.0, 3 runs)"
    assert Spread.of([0.25]).text(digits=2) == "0.25 s (1 run)"
