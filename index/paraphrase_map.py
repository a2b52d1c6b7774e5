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
The training questions ask about the corpus's companies, so some pairs are that vocabulary
(a company's name asked, its currency written) rather than paraphrases; a new company's filing
gains only from the pairs several companies' lines share (`debt` / `borrowings`).
Fitted by `make train` (`index.training.paraphrase_map_fit`) on the gold questions' evidence
lines, counted once per distinct line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from index.model_file import model_json, read_model

DEFAULT_PARAPHRASE_MAP = Path(__file__).resolve().parent / "models" / "paraphrase_map.json"
# A pair's conditional share is counted as if its question word had been missing from this many
# more lines, none writing the line word: a pair seen on three of three lines gets 0.6, not 1.
# Held-out reranker recall@1 / @5 over the training questions, grouped 5-fold by fact, each
# question's map counted without every line of its fact (2026-12-07; 0.646 / 0.887 without the
# map): 1 pseudo-line 0.653 / 0.902, 2: 0.655 / 0.901, 4: 0.659 / 0.900 (with MIN_LINES 3): flat.
# Two was chosen first, on a map that left out only the question's own line (which let another
# line of its fact through: 0.657 / 0.903, 0.662 / 0.904, 0.657 / 0.901).
PSEUDO_COUNT = 2.0
# Pairs seen on fewer evidence lines carry no strength and are not kept in the file. At two lines
# the held-out recall is 0.661 / 0.904 (fact left out), within noise of three, with more of the
# pairs one company's vocabulary; three keeps the map to pairs several lines agree on.
MIN_LINES = 3
# The file's keys: the line count, and per word the lines missing it, writing it, and per pair.
INPUTS = ("lines", "missing", "written", "pairs")
REFIT = "run 'make train'"


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
    """Strength of each (question word, line word) pair, from `PairCounts`, less the counts of
    `left_out` lines (a training question scored without the lines of its own fact)."""

    counts: PairCounts
    left_out: PairCounts = field(default_factory=PairCounts)
    # Each question word's associates once read (the same for every question that asks it).
    _read: dict[str, list[tuple[float, str]]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def empty(cls) -> ParaphraseMap:
        """No pairs: every strength is 0 (no training questions)."""
        return cls(PairCounts())

    def strength(self, asked: str, written: str) -> float:
        """How much likelier `written` is on the lines of questions that ask `asked` without the
        line writing it than on any evidence line (0 when not or rarely seen)."""
        kept, gone = self.counts, self.left_out
        together = _pair_lines(kept, asked, written) - _pair_lines(gone, asked, written)
        if together < MIN_LINES:
            return 0.0
        missing = kept.missing.get(asked, 0) - gone.missing.get(asked, 0)
        base = (kept.written.get(written, 0) - gone.written.get(written, 0)) / (kept.lines - gone.lines)
        return max(0.0, together / (missing + PSEUDO_COUNT) - base)

    def associates(self, asked: str) -> list[tuple[float, str]]:
        """The line words that stand for `asked`, with their strength, strongest first (read once
        per word, then matched against every unit of a question's pool)."""
        if asked not in self._read:
            found = ((self.strength(asked, b), b) for b in self.counts.pairs.get(asked, {}))
            self._read[asked] = sorted(((s, b) for s, b in found if s > 0), key=lambda x: (-x[0], x[1]))
        return self._read[asked]

    def without(self, lines: Iterable[LineWords]) -> ParaphraseMap:
        """The map as if `lines` (each counted once in it) had not been counted."""
        return ParaphraseMap(self.counts, PairCounts.of_lines(lines))

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
        try:
            pairs = {a: {b: int(n) for b, n in partners.items()} for a, partners in data["pairs"].items()}
            counts = PairCounts(
                int(data["lines"]),
                {a: int(n) for a, n in data["missing"].items()},
                {b: int(n) for b, n in data["written"].items()},
                pairs,
            )
        except (AttributeError, TypeError, ValueError) as exc:
            raise ParaphraseMapError(f"the paraphrase map {path} is damaged ({exc}); {REFIT}") from exc
        if not _consistent(counts):
            raise ParaphraseMapError(f"the paraphrase map {path} holds counts no fit can give; {REFIT}")
        return cls(counts)


def strongest_in(associates: list[tuple[float, str]], words: Collection[str]) -> float:
    """The strength of the strongest of `associates` (`ParaphraseMap.associates`) among `words`."""
    return next((s for s, b in associates if b in words), 0.0)


def _consistent(counts: PairCounts) -> bool:
    """Whether counts could come from a fit: none negative, no pair on more lines than its words,
    no word on more lines than there are (else a strength could divide by zero)."""
    words = [*counts.missing.values(), *counts.written.values()]
    if counts.lines < 0 or any(n < 0 or n > counts.lines for n in words):
        return False
    return all(
        0 <= n <= min(counts.missing.get(a, 0), counts.written.get(b, 0))
        for a, partners in counts.pairs.items()
        for b, n in partners.items()
    )


def _pair_lines(counts: PairCounts, asked: str, written: str) -> int:
    """On how many of the counted lines the pair was seen."""
    return counts.pairs.get(asked, {}).get(written, 0)
