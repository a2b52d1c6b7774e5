"""The fitted models a training question is searched with: those that never saw its fact.

`docqa train` fits the metric words and the paraphrase map on every gold question, and the
reranker on folds of them. A training question's pool and answer candidates must read what an
unseen question's would, so each is collected with models counted or fitted without its fact
group (`held_out_models`), swapped into the one searcher for that search (`searching_with`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.answering.metric_words import MetricWords
from index.paraphrase_map import ParaphraseMap
from index.rerank import Reranker

if TYPE_CHECKING:
    from index.search import Searcher
    from index.training.dataset import TrainingQuestion
    from index.training.metric_words_fit import MetricWordsFit
    from index.training.paraphrase_map_fit import ParaphraseMapFit


@dataclass(frozen=True)
class QuestionModels:
    """The models one training question is searched with in place of the searcher's own (None:
    the searcher's)."""

    reranker: Reranker | None = None
    metric_words: MetricWords | None = None
    paraphrases: ParaphraseMap | None = None


def held_out_models(
    paraphrases: ParaphraseMapFit,
    words: MetricWordsFit | None = None,
    reranker_of: Callable[[TrainingQuestion], Reranker] | None = None,
) -> Callable[[TrainingQuestion], QuestionModels]:
    """For a training question, the paraphrase map (and, when given, the metric words and the
    reranker) that its fact group never shaped."""

    def models(q: TrainingQuestion) -> QuestionModels:
        return QuestionModels(
            reranker_of(q) if reranker_of is not None else None,
            words.without_group(q.group) if words is not None else None,
            paraphrases.without_group(q.group),
        )

    return models


@contextmanager
def searching_with(searcher: Searcher, models: QuestionModels) -> Iterator[Searcher]:
    """The searcher with `models` in place of its own until the block ends, then its own again
    (training only: a searcher shared between threads must never be swapped)."""
    own = (searcher.reranker, searcher.metric_words, searcher.paraphrases)
    searcher.reranker = models.reranker if models.reranker is not None else own[0]
    searcher.metric_words = models.metric_words if models.metric_words is not None else own[1]
    searcher.paraphrases = models.paraphrases if models.paraphrases is not None else own[2]
    try:
        yield searcher
    finally:
        searcher.reranker, searcher.metric_words, searcher.paraphrases = own
