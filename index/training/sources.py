"""Where training questions come from: TAT-QA dev and gold question files (JSONL)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from index.benchmarks.tatqa import exact_match, normalize_answer, select_questions
from index.evaluation import (
    answer_is_correct,
    is_answerable,
    is_hit,
    load_gold,
    stated_values,
    value_is_stated,
)
from index.training.dataset import TrainingQuestion
from ingest.importers.tatqa import TatqaContext
from ingest.numbers import scale_of_unit

# What a figure's fold key drops: everything but its digits (currency, scale, sign, noun).
_NOT_DIGIT = re.compile(r"\D")


def tatqa_questions(dataset: Path) -> tuple[list[TatqaContext], list[TrainingQuestion]]:
    """TAT-QA single-span questions, each restricted to its own context (one fold group per context)."""
    contexts, questions = select_questions(dataset)
    out = [
        TrainingQuestion(
            qid=q.uid,
            question=q.question,
            source="tatqa",
            group=q.doc,
            is_correct=_tatqa_check(q.answers, q.scale),
            answerable=True,
            docs=(q.doc,),
        )
        for q in questions
        if q.answer_type == "span"
    ]
    return contexts, out


def _tatqa_check(answers: list[str], scale: str):
    """A candidate is right when its text matches a gold span exactly (TAT-QA's metric) or its
    value in base units is the gold figure under the question's scale (`$14.8` in a table in
    billions for `$14.8 billion`): a training label, so the same figure is never a negative."""
    values = stated_values(answers, scale_of_unit(scale))

    def is_correct(text: str, value: float | None) -> bool:
        return exact_match([text], answers) or value_is_stated(value, values)

    return is_correct


def source_name(path: Path) -> str:
    """The source name of a gold question file: `dev` for the shared dev set, else its stem."""
    return "dev" if path.name == "dev.jsonl" else path.stem


def answered_with_evidence(paths: list[Path]) -> Iterator[tuple[str, dict, str]]:
    """(source name, gold item, evidence line) of every answerable gold question of the files
    that names its evidence line."""
    for path in paths:
        source = source_name(path)
        for item in load_gold(path):
            line = item.get("evidence") or ""
            if line and is_answerable(item):
                yield source, item, line


def fact_group(item: dict, source: str) -> str:
    """The fold group of a gold question: the fact it asks for (its document and answer, in
    any question file), so rewordings of one question never train and test at once; an
    unanswerable question is its own group. A figure is keyed by its digits alone, so a figure
    written with or without its scale, noun or sign (`$88,531 million`, `88,531`, `(88,531)`) is
    one group; an answer writing no digit is keyed by its normalised text. The key errs towards
    merging: two facts of one document with the same digits (`3%`, `3 segments`) share a group,
    which only leaves more out of a fold; one figure written at two precisions or scales
    (`1.2`, `1.20`; `$88.5 billion`) stays split."""
    answer = str(item.get("answer") or "")
    key = _NOT_DIGIT.sub("", answer) or normalize_answer(answer)
    if not key:
        return f"{source}:{item['id']}"
    return f"fact:{item.get('doc', '')}:{key}"


def gold_questions(path: Path, source: str) -> list[TrainingQuestion]:
    """Questions of a gold JSONL file (the format of `shared/eval/dev.jsonl`)."""
    out = []
    for item in load_gold(path):
        answerable = is_answerable(item)
        out.append(
            TrainingQuestion(
                qid=item["id"],
                question=item["question"],
                source=source,
                group=fact_group(item, source),
                is_correct=lambda text, value, gold=item: answer_is_correct(text, gold, value),
                answerable=answerable,
                is_evidence=lambda doc, text, gold=item: is_hit(doc, text, gold),
            )
        )
    return out
