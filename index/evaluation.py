"""Measure evidence retrieval (and answers) against a gold question file.

A hit is a returned passage or row whose citation is in the gold document (or
one of `also_in`) and whose quote states the gold answer or a variant as a
whole figure (`states_figure`), ignoring white space and case. A gold item with a `page` also scores the
page: a page hit is evidence from the gold document cited on that page,
whatever its quote (how a reviewer checks a PDF answer: open the page).
"""

from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from index.result import Result
from ingest.numbers import PERCENT_WORD, find_amounts

if TYPE_CHECKING:
    from index.answering.candidates import AnswerCandidate


@dataclass
class QuestionOutcome:
    """How one gold question went."""

    id: str
    kind: str
    question: str
    answerable: bool
    hit_rank: int | None
    answer_given: str | None
    answer_correct: bool | None
    quotes: list[str] = field(default_factory=list)
    page_rank: int | None = None  # first evidence on the gold page; None when missed or no page given
    has_page: bool = False
    # Whether the figure docqa would have answered, given or not, is right (None: unanswerable):
    # how far ranking alone goes; the gap to `answer_correct` is the abstention's. An answer
    # read from a table rather than scored (`which year was X highest`) has no best guess, so it
    # counts as a wrong guess here (no gold set asks such questions today).
    best_guess_correct: bool | None = None
    # The best guess's confidence; None when no figure was scored (or, for several periods,
    # when one of them had none).
    best_guess_confidence: float | None = None


# The wrong share among given answers at which `EvalReport.right_at_best_cut` counts: the
# product's target for unseen questions (its own threshold aims at 3 % on the training folds,
# which leaves margin for questions worded unlike them).
BEST_CUT_WRONG_SHARE = 0.05


@dataclass
class EvalReport:
    """Aggregate figures over a gold file."""

    k: int
    outcomes: list[QuestionOutcome]

    def _answerable(self) -> list[QuestionOutcome]:
        return [o for o in self.outcomes if o.answerable]

    def recall_at(self, n: int, kind: str | None = None) -> float:
        """Share of answerable questions with a hit in the first n pieces of evidence."""
        qs = [o for o in self._answerable() if kind is None or o.kind == kind]
        return sum(1 for o in qs if o.hit_rank and o.hit_rank <= n) / len(qs) if qs else 0.0

    def page_recall_at(self, n: int) -> float:
        """Share of answerable questions with a gold page whose page is cited in the first n."""
        qs = [o for o in self._answerable() if o.has_page]
        return sum(1 for o in qs if o.page_rank and o.page_rank <= n) / len(qs) if qs else 0.0

    def _page_figures(self) -> dict[str, float]:
        return {"page_recall@1": self.page_recall_at(1), f"page_recall@{self.k}": self.page_recall_at(self.k)}

    def mrr(self) -> float:
        """Mean reciprocal rank of the first hit (0 when none) over answerable questions."""
        qs = self._answerable()
        return sum(1 / o.hit_rank for o in qs if o.hit_rank) / len(qs) if qs else 0.0

    def median_quote_chars(self) -> float:
        """Median length of returned quotes: how tight the evidence is."""
        lengths = [len(q) for o in self.outcomes for q in o.quotes]
        return statistics.median(lengths) if lengths else 0.0

    def answer_figures(self) -> dict[str, float]:
        """Accuracy, wrong-answer rate and abstentions; precision of given answers."""
        qs = self._answerable()
        given = [o for o in qs if o.answer_given is not None]
        correct = sum(1 for o in given if o.answer_correct)
        unanswerable = [o for o in self.outcomes if not o.answerable]
        return {
            "answer_accuracy": correct / len(qs) if qs else 0.0,
            "best_guess_accuracy": sum(1 for o in qs if o.best_guess_correct) / len(qs) if qs else 0.0,
            "right_wrong_at_best_cut": list(self.right_at_best_cut()),
            "wrong_rate": (len(given) - correct) / len(qs) if qs else 0.0,
            "abstention_rate": 1 - len(given) / len(qs) if qs else 0.0,
            "precision_of_given": correct / len(given) if given else 0.0,
            "unanswerable_abstained": (
                sum(1 for o in unanswerable if o.answer_given is None) / len(unanswerable)
                if unanswerable
                else 1.0
            ),
        }

    def right_at_best_cut(self, max_wrong: float = BEST_CUT_WRONG_SHARE) -> tuple[int, int]:
        """(right, wrong) best guesses given at the confidence cut that gives the most right ones
        with at most `max_wrong` of them wrong; a guess to an unanswerable question is wrong. The
        cut is chosen on these very questions, so this is no figure the product reaches: it
        measures how well the confidence orders answers, apart from where the threshold sits."""
        scored = [o for o in self.outcomes if o.best_guess_confidence is not None]
        scored.sort(key=lambda o: -(o.best_guess_confidence or 0.0))  # all set: filtered above
        best, right, wrong = (0, 0), 0, 0
        for i, o in enumerate(scored):
            right += bool(o.best_guess_correct)
            wrong += not o.best_guess_correct
            tied = i + 1 < len(scored) and scored[i + 1].best_guess_confidence == o.best_guess_confidence
            if not tied and wrong <= max_wrong * (right + wrong) and right > best[0]:
                best = (right, wrong)  # a cut falls only between different confidences
        return best

    def summary(self) -> dict:
        """All headline figures as a dict (also the JSON of `docqa eval --json`)."""
        kinds = sorted({o.kind for o in self._answerable()})
        return {
            "questions": len(self.outcomes),
            "answerable": len(self._answerable()),
            "k": self.k,
            "recall@1": self.recall_at(1),
            f"recall@{self.k}": self.recall_at(self.k),
            "mrr": self.mrr(),
            **(self._page_figures() if any(o.has_page for o in self.outcomes) else {}),
            "median_quote_chars": self.median_quote_chars(),
            **self.answer_figures(),
            "per_kind": {
                kind: {"recall@1": self.recall_at(1, kind), f"recall@{self.k}": self.recall_at(self.k, kind)}
                for kind in kinds
            },
        }


def load_gold(path: Path) -> list[dict]:
    """Read a gold JSONL file (`id, question, answer, answer_variants, doc, also_in, kind`)."""
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path.name} line {n} is not valid JSON: {exc.msg}") from exc
    return items


# A percentage written out is the same figure as with its sign: `32 percent` states `32%`.
_PERCENT_WORD = re.compile(rf"\s*\b{PERCENT_WORD}\b", re.I)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", _PERCENT_WORD.sub("%", text)).lower()


def gold_answers(gold: dict) -> list[str]:
    """The gold answer and its variants, normalised for matching."""
    return [_norm(a) for a in [gold.get("answer", ""), *gold.get("answer_variants", [])] if a]


def states_figure(text: str, answer: str) -> bool:
    """Whether `answer` (normalised by `_norm`) occurs in `text`, spacing and case aside, as a
    whole figure: `8` is not stated by `$394,328`, nor `24.5` by `124.5`, nor `12` by `12.5%`
    (a figure's digits run on through a digit, or a `.` or `,` before a digit)."""
    text = _PERCENT_WORD.sub("%", text)
    if not answer or answer not in _norm(text):
        return False
    chars = [(i, c) for i, c in enumerate(text.lower()) if not c.isspace()]
    flat = "".join(c for _, c in chars)
    start = flat.find(answer)
    while start >= 0:
        first, last = chars[start][0], chars[start + len(answer) - 1][0]
        runs_on = (answer[0].isdigit() and _digits_run_on(text, first, -1)) or (
            answer[-1].isdigit() and _digits_run_on(text, last, 1)
        )
        if not runs_on:
            return True
        start = flat.find(answer, start + 1)
    return False


def _digits_run_on(text: str, at: int, step: int) -> bool:
    """Whether the figure whose digit is at `text[at]` goes on in direction `step` (-1 or 1)."""
    following = [text[i] for i in (at + step, at + 2 * step) if 0 <= i < len(text)]
    if not following:
        return False
    return following[0].isdigit() or (following[0] in ".," and len(following) > 1 and following[1].isdigit())


def is_answerable(gold: dict) -> bool:
    """Whether a gold item has an answer in the documents (not marked unanswerable, answer given)."""
    return gold.get("kind") != "unanswerable" and bool(gold.get("answer"))


def is_hit(doc: str, quote: str, gold: dict) -> bool:
    """Whether a cited quote is gold evidence for the question."""
    docs = {gold.get("doc"), *gold.get("also_in", [])}
    return doc in docs and any(states_figure(quote, a) for a in gold_answers(gold))


def answer_is_correct(answer_text: str, gold: dict, value: float | None = None) -> bool:
    """An answer is right when it states the gold answer or a variant as a whole figure, or
    when its value in base units is the one a gold answer states with its scale (`$14.8` from
    a table in billions is `$14.8 billion`)."""
    if any(states_figure(answer_text, a) for a in gold_answers(gold)):
        return True
    golds = [gold.get("answer", ""), *gold.get("answer_variants", [])]
    return value_is_stated(value, stated_values(golds))


# Two values in base units are the same figure when they differ by less than this share
# (float noise from scaling; a rounded restatement is a different text, not the same figure).
SAME_VALUE_TOLERANCE = 1e-6


def stated_values(texts: list[str], scale: float = 1.0) -> list[float]:
    """The values in base units of gold answers that state a scale (`$14.8 billion`), or whose
    scale is given apart (`scale`, TAT-QA's `thousand`); a bare figure states none."""
    out = []
    for text in texts:
        amounts = find_amounts(text)
        if len(amounts) != 1 or amounts[0].percent:
            continue
        a = amounts[0]
        if a.scale != 1.0:
            out.append(a.scaled)
        elif scale != 1.0:
            out.append(a.value * scale)
    return out


def value_is_stated(value: float | None, golds: list[float]) -> bool:
    """Whether `value` (base units) is one of `golds`."""
    return value is not None and any(abs(value - g) <= SAME_VALUE_TOLERANCE * max(abs(g), 1.0) for g in golds)


def score_result(
    result: Result, gold: dict, best_guess: Sequence[AnswerCandidate] = (), confidence: float | None = None
) -> QuestionOutcome:
    """Judge one result against its gold item; `best_guess` holds the figure it would have
    answered for each asked period and `confidence` its confidence (`AnswerOutcome`)."""
    answerable = is_answerable(gold)
    hit_rank = page_rank = None
    for item in result.evidence():
        if hit_rank is None and is_hit(item.citation.doc, item.citation.quote, gold):
            hit_rank = item.rank
        if page_rank is None and _on_gold_page(item.citation.doc, item.citation.page, gold):
            page_rank = item.rank
    answer = result.answer.text if result.answer else None
    return QuestionOutcome(
        id=gold.get("id", ""),
        kind=gold.get("kind", ""),
        question=gold["question"],
        answerable=answerable,
        hit_rank=hit_rank,
        answer_given=answer,
        answer_correct=answer_is_correct(answer, gold, result.answer.value if result.answer else None)
        if answer and answerable
        else (None if answerable else False),
        quotes=[p.citation.quote for p in result.passages],
        page_rank=page_rank,
        has_page=gold.get("page") is not None,
        best_guess_correct=_guess_is_correct(best_guess, gold) if answerable else None,
        best_guess_confidence=confidence if best_guess else None,
    )


def _guess_is_correct(guesses: Sequence[AnswerCandidate], gold: dict) -> bool:
    """Whether the best figures, joined as an answer of several periods joins its parts, state
    the gold answer."""
    if not guesses:
        return False
    value = guesses[0].value if len(guesses) == 1 else None
    return answer_is_correct(", ".join(g.text for g in guesses), gold, value)


def _on_gold_page(doc: str, page: int | None, gold: dict) -> bool:
    """Whether evidence cited on `page` of `doc` is on the gold item's page."""
    return gold.get("page") is not None and doc == gold.get("doc") and page == gold["page"]


def per_kind_table(report: EvalReport) -> list[tuple[str, int, float, float]]:
    """Rows of (kind, count, recall@1, recall@k) for printing."""
    counts: dict[str, int] = defaultdict(int)
    for o in report.outcomes:
        if o.answerable:
            counts[o.kind] += 1
    return [
        (kind, n, report.recall_at(1, kind), report.recall_at(report.k, kind))
        for kind, n in sorted(counts.items())
    ]
