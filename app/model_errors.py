"""The errors of a fitted model file that is missing or was fitted on other features.

Each says which model and that `make train` refits it; the CLI prints it as one sentence
(exit code 4) and the app shows it in place of the page.
"""

from __future__ import annotations

from index.answering.metric_words import MetricWordsError
from index.answering.row_names import RowNamesModelError
from index.answering.scorer import ScorerModelError
from index.paraphrase_map import ParaphraseMapError
from index.rerank import RerankerModelError

MODEL_ERRORS: tuple[type[Exception], ...] = (
    ScorerModelError,
    RerankerModelError,
    RowNamesModelError,
    MetricWordsError,
    ParaphraseMapError,
)
