"""Where training questions come from: gold files fold by the fact they ask for."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    groups = {q.qid: q.group for q in gold_questions(path, "mine")}
    assert groups["a"] == groups["b"]
    assert len({groups["a"], groups["c"], groups["d"], groups["e"]}) == 4


def _questions(folder: Path) -> set[str]:
    """Every question text of a folder's JSONL files, without case or punctuation."""
    out = set()
    for path in folder.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            question = json.loads(line).get("question")
            if question:
                out.add(" ".join(re.sub(r"[^\w\s]", " ", question.lower()).split()))
    return out


def test_no_training_question_repeats_a_measuring_question():
    training, measuring = _questions(TRAINING), _questions(MEASURING)
    assert len(training) > 1000 and len(measuring) > 400
    assert not training & measuring
