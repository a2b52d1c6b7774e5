"""Which document words a question's words stand for, learned from training questions.

A reader asks about `debt` or a `buyback`; the filing writes `borrowings` and `repurchases`.
Lexical coverage gives such a line nothing for those words, and MiniLM similarity of single
words cannot tell a paraphrase from a neighbour (`long-term` and `short-term` are closer than
`debt` and `borrowings`). The training questions show which words stand for which: each
question word missing from its evidence line is paired with every word the line writes and the
question does not. A pair's strength is how much likelier the line word is on the evidence lines
of questions missing the question word than on evidence lines at large (shrunk towards nothing by
`PSEUDO_COUNT`); a pair seen on fewer than `MIN_LINES` evidence lines has none. The reranker reads
the IDF share of a question's words that a unit lacks but writes a strong associate of.
Fitted by `make train` (`index.training.paraphrase_map_fit`) on the gold questions' evidence
lines, counted once per distinct line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from index.model_file import model_json, read_model

DEFAULT_PARAPHRASE_MAP = Path(__file__).resolve().parent / "models" / "paraphrase_map.json"
# A pair's conditional share is counted as if its question word had been missing from this many
# more lines, none writing the line word: a pair seen on three of three lines gets 0.6, not 1.
# Chosen on held-out reranker recall over the training questions, grouped 5-fold, each
# question's own evidence line left out of the map (2026-12-07; recall@1 / @5 without the map
# 0.646 / 0.887): 1 pseudo-line 0.657 / 0.903, 2: 0.662 / 0.904 (with MIN_LINES 3), 4: 0.657 / 0.901.
PSEUDO_COUNT = 2.0
# Pairs seen on fewer evidence lines carry no strength and are not kept in the file: at two
# lines the held-out recall was 0.655 / 0.900 (against 0.662 / 0.904 at three).
MIN_LINES = 3
INPUTS = ("lines", "missing", "written", "pairs")


class ParaphraseMapError(Exception):
    """The paraphrase-map file is missing or unreadable; run `make train`."""


@dataclass(frozen=True)
class LineWords:
    """What one evidence line adds to the counts: the question words its questions asked and it
    does not write, its own words (no figures), and each missing word paired with each line
    word the same question did not ask."""

    missing: frozenset[str]
    written: frozenset[str]
    pairs: frozenset[tuple[str, str]]

    @classmethod
    def of_questions(cls, asked: list[frozenset[str]], written: frozenset[str]) -> LineWords:
        """The counts of a line written as `written`, asked about with each word set of `asked`."""
        missing = frozenset(a for words in asked for a in words - written)
        pairs = frozenset((a, b) for words in asked for a in words - written for b in written - words)
        return cls(missing, written, pairs)


@dataclass(frozen=True)
class PairCounts:
    """Counts over distinct evidence lines: how many there are, on how many a question word was
    missing, how many write each word, and how many hold each (missing, written) pair."""

    lines: int = 0
    missing: Mapping[str, int] = field(default_factory=dict)
    written: Mapping[str, int] = field(default_factory=dict)
    pairs: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # missing -> written -> lines

    @classmethod
    def of_lines(cls, lines: Iterable[LineWords]) -> PairCounts:
        """The counts over these distinct evidence lines."""
        missing: Counter[str] = Counter()
        written: Counter[str] = Counter()
        pairs: dict[str, Counter[str]] = {}
        n = 0
        for line in lines:
            n += 1
            missing.update(line.missing)
            written.update(line.written)
            for a, b in line.pairs:
                pairs.setdefault(a, Counter())[b] += 1
        return cls(n, dict(missing), dict(written), {a: dict(c) for a, c in pairs.items()})


@dataclass(frozen=True)
class ParaphraseMap:
    """Strength of each (question word, line word) pair, from `PairCounts`; `left_out` is one
    line whose counts are taken away (a training question scored without its own line)."""

    counts: PairCounts
    left_out: LineWords | None = None

    @classmethod
    def empty(cls) -> ParaphraseMap:
        """No pairs: every strength is 0 (no training questions)."""
        return cls(PairCounts())

    def strength(self, asked: str, written: str) -> float:
        """How much likelier `written` is on the lines of questions that ask `asked` without the
        line writing it than on any evidence line (0 when not or rarely seen)."""
        together = self.counts.pairs.get(asked, {}).get(written, 0) - self._own(asked, written)
        if together < MIN_LINES:
            return 0.0
        own = self.left_out
        missing = self.counts.missing.get(asked, 0) - int(own is not None and asked in own.missing)
        lines = self.counts.lines - int(own is not None)
        base = (self.counts.written.get(written, 0) - int(own is not None and written in own.written)) / lines
        return max(0.0, together / (missing + PSEUDO_COUNT) - base)

    def _own(self, asked: str, written: str) -> int:
        return int(self.left_out is not None and (asked, written) in self.left_out.pairs)

    def best_associate(self, asked: str, words: frozenset[str]) -> float:
        """The strongest pair of `asked` with any of `words` (0 when none)."""
        partners = self.counts.pairs.get(asked, {})
        return max((self.strength(asked, b) for b in partners if b in words), default=0.0)

    def without(self, line: LineWords) -> ParaphraseMap:
        """The map as if `line` had not been counted."""
        return ParaphraseMap(self.counts, line)

    def kept_pairs(self) -> dict[str, dict[str, int]]:
        """The pairs seen on at least `MIN_LINES` lines (the only ones with strength), sorted."""
        kept = {
            a: {b: n for b, n in sorted(partners.items()) if n >= MIN_LINES}
            for a, partners in sorted(self.counts.pairs.items())
        }
        return {a: partners for a, partners in kept.items() if partners}

    def to_json(self) -> str:
        """The model file's text: the kept pairs and the counts their strengths read, sorted, so
        refits compare by bytes."""
        pairs = self.kept_pairs()
        written = sorted({b for partners in pairs.values() for b in partners})
        return model_json(
            {
                "features": list(INPUTS),
                "lines": self.counts.lines,
                "missing": {a: self.counts.missing[a] for a in pairs},
                "written": {b: self.counts.written[b] for b in written},
                "pairs": pairs,
            }
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_PARAPHRASE_MAP) -> ParaphraseMap:
        """Read a model file written by `docqa train`."""
        data = read_model(path, INPUTS, "paraphrase map", ParaphraseMapError, needs=INPUTS)
        pairs = {a: dict(partners) for a, partners in data["pairs"].items()}
        return cls(PairCounts(int(data["lines"]), dict(data["missing"]), dict(data["written"]), pairs))
