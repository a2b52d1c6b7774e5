"""Fitting the metric-words model on gold question files."""

from __future__ import annotations

import json

from index.financial_tokenizer import tokenize
from index.training.metric_words_fit import fit_metric_words


def _gold(path, items):
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def test_counts_come_from_answered_questions_with_evidence_and_group_by_fact(tmp_path):
    line = "Net sales  4,120  3,870"
    items = [
        {
            "id": "a",
            "question": "What net sales did Vexa report in 2031?",
            "answer": "4,120",
            "doc": "v.txt",
            "evidence": line,
        },
        {
            "id": "b",
            "question": "Vexa net sales, FY2031?",
            "answer": "4,120",
            "doc": "v.txt",
            "evidence": line,
        },
        {
            "id": "c",
            "question": "What net sales did Vexa report in 2040?",
            "answer": "",
            "doc": "v.txt",
            "kind": "unanswerable",
            "evidence": "",
        },
    ]
    fitted = fit_metric_words([_gold(tmp_path / "train.jsonl", items)])
    sales, report, vexa = (tokenize(w)[0] for w in ("sales", "report", "vexa"))
    counts = fitted.model.counts
    assert counts.asked[sales] == 2 and counts.written[sales] == 2
    assert counts.asked[report] == 1 and counts.written[report] == 0
    assert counts.asked[vexa] == 2 and counts.written[vexa] == 0
    # Both wordings ask one fact: leaving that fact out leaves nothing counted.
    assert len(fitted.by_group) == 1
    group = next(iter(fitted.by_group))
    assert all(n == 0 for n in fitted.without_group(group).counts.asked.values())
    assert fitted.without_group("another fact") == fitted.model
