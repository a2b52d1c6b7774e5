"""Synonym folding: a line item asked for in other words meets the label the filing uses."""

import pytest

from index.financial_synonyms import SYNONYM_GROUPS
from index.financial_tokenizer import tokenize


@pytest.mark.parametrize(
    ("asked", "filed"),
    [
        ("turnover", "Net sales"),
        ("top line", "Total revenues"),
        ("headcount", "Number of employees"),
        ("capex", "Purchases of property, plant and equipment"),
        ("capital expenditures", "Payments for acquisition of property, plant and equipment"),
        ("operating profit", "Operating income"),
        ("SG&A", "Selling, general and administrative"),
        ("stockholders' equity", "Total shareholders' equity"),
    ],
)
def test_a_synonym_shares_the_filed_labels_token(asked, filed):
    assert set(tokenize(asked)) <= set(tokenize(filed))


def test_words_outside_a_phrase_are_kept():
    assert tokenize("Net income attributable to the parent") == ["netincom", "attributabl", "parent"]
    assert tokenize("net interest") == ["net", "interest"]


def test_a_phrase_is_folded_whole_not_word_by_word():
    # `operating` alone is not operating income; `income` alone is not net income.
    assert tokenize("operating expenses") == ["operat", "expens"]
    assert tokenize("other income") == ["other", "incom"]


def test_every_group_phrase_folds_to_its_concept():
    for concept, phrases in SYNONYM_GROUPS.items():
        for phrase in phrases:
            assert tokenize(phrase) == [concept], phrase
