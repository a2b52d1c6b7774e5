"""The scaled benchmark corpus differs copy by copy but keeps its shapes; the stand-in
encoder is deterministic; one backend measurement runs end to end in its own process."""

from __future__ import annotations

import numpy as np
from conftest import CORPUS

from index.benchmarks.backend_bench import BackendRun, measure
from index.benchmarks.scaled_corpus import HashingEncoder, write_scaled_corpus

SOURCE = CORPUS / "004_2853c62026f2b50d.txt"


def test_copies_differ_in_their_figures_and_keep_their_lines(tmp_path):
    written = write_scaled_corpus([SOURCE], tmp_path / "scaled", copies=3)
    texts = [p.read_text(encoding="utf-8") for p in written]
    assert len(written) == 3 and len(set(texts)) == 3
    original = SOURCE.read_text(encoding="utf-8")
    assert all(t.count("\n") == original.count("\n") for t in texts)
    # Written again, nothing changes (a second benchmark run reuses the same corpus).
    again = write_scaled_corpus([SOURCE], tmp_path / "scaled", copies=3)
    assert [p.read_text(encoding="utf-8") for p in again] == texts


def test_the_stand_in_encoder_gives_the_same_unit_vectors_every_time():
    encoder = HashingEncoder()
    a = encoder.encode(["Operating income JPY1,272 million", "", "revenue 2Q10"])
    b = HashingEncoder().encode(["Operating income JPY1,272 million", "", "revenue 2Q10"])
    assert a.shape == (3, 384) and np.array_equal(a, b)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)


def test_a_backend_is_measured_in_its_own_process(tmp_path):
    corpus = tmp_path / "corpus"
    write_scaled_corpus([SOURCE], corpus, copies=2)
    figures = measure(BackendRun("local", corpus, tmp_path, "hashing", ("operating income 1H07",), repeat=1))
    assert figures.units > 100 and figures.build_seconds > 0
    assert 0 < figures.query_p50_ms <= figures.query_p95_ms and figures.peak_rss_mb > 0
    assert figures.encoder.startswith("hashing")
