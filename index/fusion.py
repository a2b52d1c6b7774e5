"""Fusion of dense and lexical candidate lists into one score per unit id."""

from __future__ import annotations

from collections.abc import Callable

Ranked = list[tuple[int, float]]


def reciprocal_rank_fusion(dense: Ranked, lexical: Ranked, k: int = 60) -> dict[int, float]:
    """Sum of 1/(k + rank) over both lists, scaled so a unit ranked first in both scores 1."""
    scores: dict[int, float] = {}
    for ranked in (dense, lexical):
        for rank, (unit_id, _) in enumerate(ranked, start=1):
            scores[unit_id] = scores.get(unit_id, 0.0) + 1.0 / (k + rank)
    top = 2.0 / (k + 1)
    return {u: s / top for u, s in scores.items()}


def weighted_fusion(dense: Ranked, lexical: Ranked, dense_weight: float = 0.6) -> dict[int, float]:
    """Weighted sum of the cosine and the max-normalised BM25 score."""
    scores: dict[int, float] = {u: dense_weight * max(s, 0.0) for u, s in dense}
    best = max((s for _, s in lexical), default=0.0) or 1.0
    for unit_id, s in lexical:
        scores[unit_id] = scores.get(unit_id, 0.0) + (1 - dense_weight) * s / best
    return scores


FUSIONS: dict[str, Callable[[Ranked, Ranked], dict[int, float]]] = {
    "rrf": reciprocal_rank_fusion,
    "weighted": weighted_fusion,
}
