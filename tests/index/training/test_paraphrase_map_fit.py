"""Fitting the paraphrase map on gold question files, and leaving a fact's lines out."""

from __future__ import annotations

import json

import pytest

from index.financial_tokenizer import tokenize
from index.training.paraphrase_map_fit import fit_paraphrase_map
from index.training.sources import fact_group


def _gold(path, items):
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


def _item(qid: str, question: str, evidence: str, answer: str) -> dict:
    return {"id": qid, "question": question, "answer": answer, "doc": "v.txt", "evidence": evidence}


DEBT = [
    # One fact quoted on two evidence strings, and two more facts with the same wording.
    _item("a", "How much debt did Vexa raise in 2031?", "Proceeds from borrowings 1,200 900", "1,200"),
    _item("b", "Vexa new debt, FY2031", "Proceeds from borrowings 1,200", "1,200"),
    _item("c", "Vexa debt drawn in 2030", "Borrowings under the facility 900", "900"),
    _item("d", "debt taken on by Vexa, 2029", "Borrowings of the year 640", "640"),
    _item("e", "Vexa short-term debt 2031", "Short-term borrowings 75", "75"),
    *[
        _item(f"s{n}", f"Vexa {label.lower()} 2031", f"{label} 4,{n}20", f"4,{n}20")
        for n, label in enumerate(
            (
                "Net sales",
                "Goodwill",
                "Inventories",
                "Payroll",
                "Cost of sales",
                "Income taxes paid",
                "Dividends paid",
            )
        )
    ],
    {**_item("u", "Vexa debt raised in 2040?", "", ""), "kind": "unanswerable"},
]


def test_each_evidence_line_counts_once_and_figures_are_no_words(tmp_path):
    fitted = fit_paraphrase_map([_gold(tmp_path / "train.jsonl", DEBT)])
    debt, borrowings = tokenize("debt")[0], tokenize("borrowings")[0]
    counts = fitted.model.counts
    assert counts.lines == 12  # two strings of one fact are two lines; the unanswerable names none
    assert counts.missing[debt] == 5 and counts.pairs[debt][borrowings] == 5
    assert not any(ch.isdigit() for word in [*counts.missing, *counts.written] for ch in word)


def test_a_question_is_scored_with_a_map_no_line_of_its_fact_shaped(tmp_path):
    path = _gold(tmp_path / "train.jsonl", DEBT)
    fitted = fit_paraphrase_map([path])
    debt, borrowings = tokenize("debt")[0], tokenize("borrowings")[0]
    group = fact_group(DEBT[0], "train")
    # Without both strings of the fact, only three lines pair the words: a fit that never
    # saw that fact gives the same strength.
    others = [i for i in DEBT if fact_group(i, "train") != group]
    refit = fit_paraphrase_map([_gold(tmp_path / "others.jsonl", others)])
    held_out = fitted.without_group(group)
    assert held_out.strength(debt, borrowings) == pytest.approx(refit.model.strength(debt, borrowings))
    # Leaving out only the question's own string would keep its fact's other one in the counts.
    one_line = fitted.model.without([fitted.by_line[("v.txt", DEBT[0]["evidence"])]])
    assert one_line.strength(debt, borrowings) != pytest.approx(held_out.strength(debt, borrowings))
    assert fitted.without_group(fact_group(DEBT[-1], "train")) is fitted.model
