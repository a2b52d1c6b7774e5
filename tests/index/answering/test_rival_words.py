"""Labels and clauses that name another variant of the asked line item."""

from __future__ import annotations

from index.answering.rival_words import joined_negations, writes_rival
from index.financial_tokenizer import tokenize


def _rival(question: str, written: str) -> bool:
    return writes_rival(joined_negations(tokenize(question)), joined_negations(tokenize(written)))


def test_a_label_naming_only_the_other_variant_is_a_rival():
    assert _rival("diluted earnings per share for 2024", "Basic earnings per share")
    assert _rival("long-term borrowings at year end", "Borrowings (short-term)")
    assert _rival("total current assets", "Total non-current assets")
    assert _rival("shares forfeited during the year", "Granted")


def test_a_label_naming_the_asked_variant_or_none_is_no_rival():
    assert not _rival("diluted earnings per share for 2024", "Basic and diluted earnings per share")
    assert not _rival("diluted earnings per share for 2024", "Earnings per share")
    assert not _rival("total current assets", "Total current assets")
    # `non-current` is one word: it is not the `current` asked for, and the reverse.
    assert not _rival("total non-current assets", "Non-current assets")
    assert _rival("total non-current assets", "Current assets")


def test_non_is_joined_to_the_word_after_it():
    assert joined_negations(["non", "current", "asset"]) == {"noncurrent", "asset"}
    assert joined_negations(["asset", "non"]) == {"asset", "non"}
