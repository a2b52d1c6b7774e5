"""The encoder comparison the benchmark prints, on a handful of invented texts."""

from __future__ import annotations

import pytest

from index.benchmarks.embedding_bench import compare_encoders

pytestmark = pytest.mark.model


def test_every_encoder_is_compared_with_torch_on_the_same_texts():
    texts = [f"Segment {i} revenue was USD {100 + i} million in the quarter." for i in range(12)]
    rows = compare_encoders(texts, repeat=1)
    assert [r.name for r in rows] == [
        "sentence-transformers (torch)",
        "onnxruntime fp32",
        "onnxruntime int8",
    ]
    assert 0.95 < rows[2].min_cosine < rows[1].min_cosine  # int8 is close, not equal
