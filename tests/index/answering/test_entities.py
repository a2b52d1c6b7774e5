"""Names in questions: which words may name a company the corpus must know."""

from __future__ import annotations

import pytest

from index.answering.entities import name_in_text, named_entities


@pytest.mark.parametrize(
    ("question", "names", "company_like"),
    [
        ("What was Globex's revenue in FY2010?", ["Globex"], [True]),
        ("Initech operating income 2Q09", [], []),  # an opening word is capitalised by grammar
        ("revenue of the Umbrella segment in March 2012", ["Umbrella"], [False]),
        ("How many stores did NovaMart open?", ["NovaMart"], [True]),
        ("What was the YoY change in revenue?", ["YoY"], [False]),
        ("What was revenue in FY08?", [], []),
        ("Total revenue for December 2022", [], []),
    ],
)
def test_names_in_questions(question, names, company_like):
    found = named_entities(question)
    assert [e.text for e in found] == names
    assert [e.company_like for e in found] == company_like


def test_a_name_is_found_as_a_word_only():
    assert name_in_text("Acme", "results of acme corp.")
    assert not name_in_text("Acme", "results of acmeville")
