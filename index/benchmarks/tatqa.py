"""TAT-QA span questions answered by docqa, each restricted to its own document.

Exact match follows the DROP/TAT-QA convention: lower case, articles and
punctuation dropped, numbers compared as numbers (`$1,496.5` equals `1496.5`,
`(1,212)` equals `-1212`). A multi-span question counts only when every gold
span is among the answer's parts.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from index.answering.extractor import AnswerOutcome
from index.builder import build_index
from index.search import Searcher
from ingest.importers.tatqa import TatqaQuestion, load_tatqa, write_documents
from ingest.numbers import parse_number

SPAN_TYPES = ("span", "multi-span")
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = str.maketrans("", "", string.punctuation)


def normalize_answer(text: str) -> str:
    """The comparable form of an answer span."""
    value = parse_number(text.replace("$", " ").replace("%", " "))
    if value is not None and re.search(r"\d", text) and not re.search(r"[A-Za-z]{3,}", text):
        return format(round(value, 6), "f").rstrip("0").rstrip(".")
    text = _ARTICLES.sub(" ", text.lower()).translate(_PUNCTUATION)
    return " ".join(text.split())


_COUNTED = re.compile(r"^([$€£]?\s?[\d,.]+%?)\s+[A-Za-z]+$")


def exact_match(parts: list[str], gold: list[str]) -> bool:
    """Every gold span equals one of the answer parts (and nothing is missing).

    A count with its noun (`375,000 PSUs`) also matches the bare number, since docqa
    quotes the noun it read next to the figure.
    """
    given = {normalize_answer(p) for p in parts}
    given |= {normalize_answer(m.group(1)) for p in parts if (m := _COUNTED.match(p.strip()))}
    return bool(gold) and all(normalize_answer(g) in given for g in gold)


@dataclass
class TatqaOutcome:
    """One question's result."""

    question: TatqaQuestion
    given: list[str]
    correct: bool
    # The best guess of each asked period even when docqa abstains (TAT-QA's own protocol answers every
    # question), and whether it matches.
    best: list[str] = field(default_factory=list)
    best_correct: bool = False


@dataclass
class TatqaReport:
    """Accuracy by where the answer comes from and by answer type."""

    outcomes: list[TatqaOutcome] = field(default_factory=list)

    def accuracy(
        self, answer_from: str | None = None, answer_type: str | None = None, best: bool = False
    ) -> float:
        """Exact-match share over the matching questions (0 when none): of docqa's answers (an
        abstention is a miss), or with `best` of the best candidate of every question."""
        chosen = [
            o
            for o in self.outcomes
            if (answer_from is None or o.question.answer_from == answer_from)
            and (answer_type is None or o.question.answer_type == answer_type)
        ]
        hits = sum(o.best_correct if best else o.correct for o in chosen)
        return hits / len(chosen) if chosen else 0.0

    def table(self) -> list[tuple[str, str, int, float]]:
        """Rows of (answer_from, answer_type, count, accuracy)."""
        groups: dict[tuple[str, str], list[TatqaOutcome]] = defaultdict(list)
        for o in self.outcomes:
            groups[(o.question.answer_from, o.question.answer_type)].append(o)
        return [
            (f, t, len(os), sum(o.correct for o in os) / len(os)) for (f, t), os in sorted(groups.items())
        ]


def select_questions(dataset: Path, answer_from: set[str] | None = None, limit: int | None = None):
    """The dataset's contexts and its span/multi-span questions (first `limit`, in file order)."""
    contexts = load_tatqa(dataset)
    questions = [
        q
        for c in contexts
        for q in c.questions
        if q.answer_type in SPAN_TYPES and (answer_from is None or q.answer_from in answer_from)
    ]
    if limit is not None:
        questions = questions[:limit]
    wanted = {q.doc for q in questions}
    return [c for c in contexts if c.name in wanted], questions


def run_tatqa(
    dataset: Path,
    work_dir: Path,
    answer_from: set[str] | None = None,
    limit: int | None = None,
    searcher: Searcher | None = None,
    embedder=None,
) -> TatqaReport:
    """Import the contexts, index them under `work_dir` and answer each question in its document."""
    contexts, questions = select_questions(dataset, answer_from, limit)
    corpus = work_dir / "corpus"
    write_documents(contexts, corpus)
    index_dir = work_dir / "index"
    if searcher is None:
        build_index([corpus], index_dir, embedder=embedder)
        searcher = Searcher(index_dir, embedder=embedder)
    report = TatqaReport()
    for q in questions:
        result, outcome = searcher.search_with_candidates(q.question, k=5, docs=[q.doc])
        parts = answer_parts(result.answer)
        best = parts or best_candidate_parts(outcome)
        report.outcomes.append(
            TatqaOutcome(q, parts, exact_match(parts, q.answers), best, exact_match(best, q.answers))
        )
    return report


def best_candidate_parts(outcome: AnswerOutcome) -> list[str]:
    """The figures docqa would have answered, had it not abstained (one per asked period),
    else nothing."""
    if outcome.answer is not None:
        return []
    return [c.text for c in outcome.best_guess]


def answer_parts(answer) -> list[str]:
    """The answer's spans: its parts for a multi-value answer, else its text."""
    if answer is None:
        return []
    return [p.text for p in answer.parts] if answer.parts else [answer.text]
