"""How far each word of a question names the metric, learned from training questions.

A question says more than the metric: who stated it and how (`posted by Fabrikam`, `how
much did Contoso spend`, `in its 10-K`). Those words are rarely written on the line that holds
the answer, and counting them in a label's coverage makes a row label naming the metric
exactly look half right. The share of training questions asking with a word whose answer
line writes it (smoothed towards the share over all words) weighs the word in coverage:
`revenues` and `net` count almost fully, `report`, `spend` and the names of the companies
the training questions ask about little. A word no training question used often enough
weighs the prior share. Fitted by `make train` (`index.training.metric_words_fit`) on the
gold questions' evidence lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from index.model_file import DECIMALS, model_json, read_model

DEFAULT_METRIC_WORDS = Path(__file__).resolve().parents[1] / "models" / "metric_words.json"
# A word's share is shrunk towards the prior as if it had been asked this many more times:
# a word asked three times and never written on the answer's line keeps about half the prior
# weight, one asked fifty times gets its own share. Set before measuring, then checked on the
# training questions (2026-12-07): the mean log-likelihood of each fact's words being on its
# answer's line, under shares counted without that fact, is -0.529 at 1, -0.525 at 2, -0.526
# at 4, -0.533 at 8 and -0.545 at 16 pseudo-counts (shares from `MetricWordsFit.without_group`).
PSEUDO_COUNT = 4.0
# Words asked fewer times than this weigh the prior and are not kept in the file: with four
# pseudo-counts, one or two askings would move a share by at most a third of the way, and the
# file stays small (461 words of the 1,500 the training questions use, 2026-12-07).
MIN_ASKED = 3
INPUTS = ("asked", "written")


class MetricWordsError(Exception):
    """The metric-words file is missing or unreadable; run `make train`."""


@dataclass(frozen=True)
class WordCounts:
    """Per word: how many questions asked with it, and how many of those had it on their
    answer's line."""

    asked: dict[str, int] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of_question(cls, words: Iterable[str], line_words: set[str]) -> WordCounts:
        """The counts one question adds: each distinct word asked, and whether its line writes it."""
        distinct = set(words)
        return cls({w: 1 for w in distinct}, {w: int(w in line_words) for w in distinct})

    def plus(self, other: WordCounts, sign: int = 1) -> WordCounts:
        """These counts with `other`'s added (or taken away, `sign=-1`)."""
        asked, written = dict(self.asked), dict(self.written)
        for w, n in other.asked.items():
            asked[w] = asked.get(w, 0) + sign * n
            written[w] = written.get(w, 0) + sign * other.written.get(w, 0)
        return WordCounts(asked, written)


@dataclass(frozen=True)
class MetricWords:
    """Each question word's weight in metric coverage (`share`), from counts over training
    questions."""

    counts: WordCounts
    prior: float

    @classmethod
    def fitted(cls, counts: WordCounts) -> MetricWords:
        """The model of these counts; the prior is the share over every word asked."""
        asked = sum(counts.asked.values())
        return cls(counts, sum(counts.written.values()) / asked if asked else 1.0)

    @classmethod
    def uniform(cls) -> MetricWords:
        """Every word weighs alike (no training questions)."""
        return cls(WordCounts(), 1.0)

    def share(self, word: str) -> float:
        """The smoothed share of questions asking with `word` whose answer line writes it."""
        asked = self.counts.asked.get(word, 0)
        if asked < MIN_ASKED:
            return self.prior
        return (self.counts.written.get(word, 0) + PSEUDO_COUNT * self.prior) / (asked + PSEUDO_COUNT)

    def without(self, counts: WordCounts) -> MetricWords:
        """The model refitted without some questions' counts (keeping the prior): a training
        question is scored with weights its own fact did not shape."""
        return MetricWords(self.counts.plus(counts, -1), self.prior)

    def kept_words(self) -> list[str]:
        """The words asked often enough to weigh their own share, sorted."""
        return sorted(w for w, n in self.counts.asked.items() if n >= MIN_ASKED)

    def to_json(self) -> str:
        """The model file's text (sorted words, so refits compare by bytes)."""
        kept = self.kept_words()
        return model_json(
            {
                "features": list(INPUTS),
                "prior": round(self.prior, DECIMALS),
                "asked": {w: self.counts.asked[w] for w in kept},
                "written": {w: self.counts.written.get(w, 0) for w in kept},
            }
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_METRIC_WORDS) -> MetricWords:
        """Read a model file written by `docqa train`."""
        needs = ("prior", "asked", "written")
        data = read_model(path, INPUTS, "metric-words model", MetricWordsError, needs=needs)
        counts = WordCounts(dict(data["asked"]), dict(data["written"]))
        return cls(counts, float(data["prior"]))
