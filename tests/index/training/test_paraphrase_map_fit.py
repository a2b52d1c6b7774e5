"""Fitting the paraphrase map on gold question files."""

from __future__ import annotations

import json

from index.financial_tokenizer import tokenize
from index.training.paraphrase_map_fit import fit_paraphrase_map


def _gold(path, items):
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def _item(qid: str, question: str, evidence: str, answer: str = "1,200") -> dict:
    return {"id": qid, "question": question, "answer": answer, "doc": "v.txt", "evidence": evidence}


def test_each_evidence_line_counts_once_and_each_question_knows_its_line(tmp_path):
    line = "Proceeds from borrowings 1,200 900"
    items = [
        _item("a", "How much debt did Vexa raise in 2031?", line),
        _item("b", "Vexa new debt, FY2030", line, "900"),  # another fact, the same line
        _item("c", "Vexa net sales 2031", "Net sales 4,120 3,870", "4,120"),
        {**_item("d", "Vexa debt raised in 2040?", ""), "answer": "", "kind": "unanswerable"},
    ]
    fitted = fit_paraphrase_map([_gold(tmp_path / "train.jsonl", items)])
    debt, borrowings = tokenize("debt")[0], tokenize("borrowings")[0]
    counts = fitted.model.counts
    assert counts.lines == 2
    assert counts.missing[debt] == 1 and counts.pairs[debt][borrowings] == 1
    assert fitted.line_of[("train", "a")] == fitted.line_of[("train", "b")] == ("v.txt", line)
    assert ("train", "d") not in fitted.line_of
    # Without its own line, a question is scored by a map that never counted the pair.
    alone = fitted.without_question("train", "b")
    assert alone.left_out is not None and (debt, borrowings) in alone.left_out.pairs
    assert fitted.without_question("train", "d") is fitted.model
