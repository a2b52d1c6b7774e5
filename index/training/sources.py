"""Where training questions come from: TAT-QA dev and gold question files (JSONL)."""

from __future__ import annotations

from pathlib import Path

from index.benchmarks.tatqa import exact_match, select_questions
from index.evaluation import answer_is_correct, is_hit, load_gold
from index.training.dataset import TrainingQuestion
from ingest.importers.tatqa import TatqaContext


def tatqa_questions(dataset: Path) -> tuple[list[TatqaContext], list[TrainingQuestion]]:
    """TAT-QA single-span questions, each restricted to its own context (one fold group per context)."""
    contexts, questions = select_questions(dataset)
    out = [
        TrainingQuestion(
            qid=q.uid,
            question=q.question,
            source="tatqa",
            group=q.doc,
            is_correct=lambda text, gold=tuple(q.answers): exact_match([text], list(gold)),
            answerable=True,
            docs=(q.doc,),
        )
        for q in questions
        if q.answer_type == "span"
    ]
    return contexts, out


def gold_questions(path: Path, source: str) -> list[TrainingQuestion]:
    """Questions of a gold JSONL file (the format of `shared/eval/dev.jsonl`)."""
    out = []
    for item in load_gold(path):
        answerable = item.get("kind") != "unanswerable" and bool(item.get("answer"))
        out.append(
            TrainingQuestion(
                qid=item["id"],
                question=item["question"],
                source=source,
                group=f"{source}:{item['id']}",
                is_correct=lambda text, gold=item: answer_is_correct(text, gold),
                answerable=answerable,
                is_evidence=lambda doc, text, gold=item: is_hit(doc, text, gold),
            )
        )
    return out
