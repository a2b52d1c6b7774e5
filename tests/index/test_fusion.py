"""Fusion of dense and lexical lists."""

from __future__ import annotations

import pytest

from index.fusion import reciprocal_rank_fusion, weighted_fusion
from index.search import SearchSettings


def test_rrf_rewards_agreement():
    scores = reciprocal_rank_fusion([(1, 0.9), (2, 0.8)], [(2, 12.0), (3, 5.0)])
    assert max(scores, key=scores.get) == 2
    assert scores[2] < 1.0 <= reciprocal_rank_fusion([(7, 0.5)], [(7, 1.0)])[7] + 1e-9


def test_weighted_normalises_bm25():
    scores = weighted_fusion([(1, 0.5)], [(1, 20.0), (2, 10.0)], dense_weight=0.5)
    assert scores[1] == pytest.approx(0.75)
    assert scores[2] == pytest.approx(0.25)


def test_settings_reject_unknown_fusion():
    with pytest.raises(ValueError, match="fusion must be one of"):
        SearchSettings(fusion="magic")
