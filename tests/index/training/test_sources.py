"""Where training questions come from: gold files fold by the fact they ask for."""

from __future__ import annotations

import json

from index.training.sources import gold_questions


def test_rewordings_of_a_fact_share_a_fold_group_and_unanswerables_stand_alone(tmp_path):
    items = [
        {"id": "a", "question": "Backlog at year end?", "answer": "$410.2", "doc": "deck.txt"},
        {"id": "b", "question": "how big was the order book", "answer": "$ 410.2", "doc": "deck.txt"},
        {"id": "c", "question": "Backlog at year end?", "answer": "$410.2", "doc": "other.txt"},
        {"id": "d", "question": "Backlog of a rival?", "answer": "", "doc": "", "kind": "unanswerable"},
        {"id": "e", "question": "Backlog of another rival?", "answer": "", "doc": "", "kind": "unanswerable"},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    groups = {q.qid: q.group for q in gold_questions(path, "mine")}
    assert groups["a"] == groups["b"]
    assert len({groups["a"], groups["c"], groups["d"], groups["e"]}) == 4
