"""What kind of figure a question asks for, learned from data, and what kind a candidate is.

A candidate's kind is read from the figure itself and its own context (a `%`, a
date, `per share` after it, a counted noun, a currency or scale). The question's
kind is not read from keywords: a multinomial logistic regression over the
question's MiniLM vector (already computed for retrieval) gives a probability
per kind, fitted by `make train` on the training questions, each labelled with
the kind of its right candidate. So `how much did each share earn`, `EPS` and
`profit per share` all lean to `per_share` without a list naming them. The
scorer reads one number from it: the probability of the candidate's own kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.model_file import rounded
from ingest.currencies import MENTION_PATTERN

ANSWER_KINDS: tuple[str, ...] = ("amount", "percent", "per_share", "count", "date", "number")
_PER_SHARE_AFTER = re.compile(
    r"^\W{0,3}(?:per|a|for each)\s+(?:(?:basic|diluted|common|ordinary)\s+)*(?:share|ADS|unit)\b", re.I
)
_PER_SHARE_LABEL = re.compile(r"\bper\s+(?:\w+\s+)?(?:share|ADS|unit)\b|\bEPS\b|earnings per", re.I)
_COUNT_LABEL = re.compile(r"\bnumber of\b|\bheadcount\b|\bemployees\b", re.I)
# A currency or a scale word: a figure written with one is an amount of money.
MONEY = re.compile(MENTION_PATTERN + r"|thousand|million|billion", re.I)


def candidate_kind(
    *, percent: bool, date: bool, counted: bool, after: str, label: str, money_context: str
) -> str:
    """The kind of a figure: `after` is the text right after it, `label` its row label (for a
    row) and `money_context` the figure with its unit words (column, table unit)."""
    if date:
        return "date"
    if percent:
        return "percent"
    if _PER_SHARE_AFTER.match(after) or _PER_SHARE_LABEL.search(label):
        return "per_share"
    if counted or _COUNT_LABEL.search(label):
        return "count"
    if MONEY.search(money_context):
        return "amount"
    return "number"


@dataclass(frozen=True)
class AnswerKindModel:
    """Multinomial logistic regression from a question vector to a probability per kind."""

    weights: np.ndarray  # (kinds, dimensions)
    intercept: np.ndarray  # (kinds,)

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        """P(kind | question) in `ANSWER_KINDS` order."""
        z = self.weights @ vector + self.intercept
        z = np.exp(z - z.max())
        return z / z.sum()

    def fit_of(self, vector: np.ndarray, kind: str) -> float:
        """The probability that the question asks for a figure of `kind`."""
        return float(self.probabilities(vector)[ANSWER_KINDS.index(kind)])

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {
            "kinds": list(ANSWER_KINDS),
            "intercept": rounded(self.intercept),
            "weights": [rounded(row) for row in self.weights],
        }

    @classmethod
    def from_dict(cls, data: dict) -> AnswerKindModel:
        """Read `to_dict`'s output."""
        return cls(np.asarray(data["weights"], dtype=float), np.asarray(data["intercept"], dtype=float))

    @classmethod
    def uniform(cls, dimensions: int) -> AnswerKindModel:
        """No preference (every kind equally likely): for a question set with no labels."""
        return cls(np.zeros((len(ANSWER_KINDS), dimensions)), np.zeros(len(ANSWER_KINDS)))


def kind_index(kind: str) -> int:
    """The position of `kind` in `ANSWER_KINDS`."""
    return ANSWER_KINDS.index(kind)
