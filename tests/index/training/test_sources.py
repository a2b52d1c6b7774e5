"""Where training questions come from: gold files fold by the fact they ask for."""

from __future__ import annotations

import json
import re
from pathlib import Path

from index.evaluation import load_gold
from index.training.sources import gold_questions

TRAINING = Path(__file__).resolve().parents[3] / "index" / "training" / "data"
MEASURING = Path(__file__).resolve().parents[2] / "data"


def test_rewordings_of_a_fact_share_a_fold_group_and_unanswerables_stand_alone(tmp_path):
    items = [
        {"id": "a", "question": "Backlog at year end?", "answer": "$410.2", "doc": "deck.txt"},
        {"id": "b", "question": "how big was the order book", "answer": "410.2", "doc": "deck.txt"},
        {"id": "c", "question": "Backlog at year end?", "answer": "$410.2", "doc": "other.txt"},
        {"id": "d", "question": "Backlog of a rival?", "answer": "", "doc": "", "kind": "unanswerable"},
        {"id": "e", "question": "Backlog of another rival?", "answer": "", "doc": "", "kind": "unanswerable"},
        # One figure written with its scale, its noun or its sign is still one fact.
        {"id": "f", "question": "Order book in USD?", "answer": "USD 410.2 million", "doc": "deck.txt"},
        {"id": "g", "question": "Staff at year end?", "answer": "2,086 personnel", "doc": "deck.txt"},
        {"id": "h", "question": "How many employees?", "answer": "2,086", "doc": "deck.txt"},
        {"id": "i", "question": "Net loss?", "answer": "(85,971)", "doc": "deck.txt"},
        {"id": "j", "question": "How much was lost?", "answer": "$85,971 million", "doc": "deck.txt"},
        {"id": "k", "question": "Who audits it?", "answer": "Ernst & Young", "doc": "deck.txt"},
        {"id": "l", "question": "Its auditor?", "answer": "ERNST & YOUNG", "doc": "deck.txt"},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    groups = {q.qid: q.group for q in gold_questions(path, "mine")}
    assert groups["a"] == groups["b"] == groups["f"]
    assert groups["g"] == groups["h"] and groups["i"] == groups["j"]
    assert len({groups["a"], groups["c"], groups["d"], groups["e"], groups["g"], groups["i"]}) == 6
    # An answer writing no digit is keyed by its text, whatever its case.
    assert groups["k"] == groups["l"] != groups["a"]


def _items(folder: Path, pattern: str = "*.jsonl") -> list[dict]:
    """Every gold item of a folder's JSONL files named by `pattern`."""
    return [item for path in sorted(folder.glob(pattern)) for item in load_gold(path)]


def _words(question: str) -> tuple[str, ...]:
    """A question's words, without case or punctuation."""
    return tuple(re.sub(r"[^\w\s]", " ", question.lower()).split())


def _questions(folder: Path) -> set[str]:
    """Every question text of a folder's JSONL files, without case or punctuation."""
    return {" ".join(_words(i["question"])) for i in _items(folder) if i.get("question")}


def test_no_training_question_repeats_a_measuring_question():
    training, measuring = _questions(TRAINING), _questions(MEASURING)
    assert len(training) > 1000 and len(measuring) > 400
    assert not training & measuring


def _facts(item: dict) -> set[tuple[str, str]]:
    """(document, answer digits) of every document a gold item names: looser than
    `sources.fact_group` (`JPY715 million` and `715` are one fact here), so it catches more."""
    digits = re.sub(r"[^0-9]", "", item.get("answer") or "")
    return {(doc, digits) for doc in [item.get("doc"), *item.get("also_in", [])] if doc and digits}


def _shared(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b)


def test_no_training_question_rewords_a_measuring_question_of_the_same_fact():
    """A question asking a measuring question's fact in most of its words (word sets sharing
    at least 60 %, in any order) would let the fit see the measured question."""
    items = [m for m in _items(MEASURING) if m.get("question")]
    measuring = [(frozenset(_words(m["question"])), _facts(m)) for m in items]
    leaks = [
        t["id"]
        for t in _items(TRAINING, "train*_questions.jsonl") + _items(TRAINING, "pdf_train_questions.jsonl")
        for words, facts in measuring
        if _facts(t) & facts and _shared(frozenset(_words(t["question"])), words) >= 0.6
    ]
    assert not leaks
