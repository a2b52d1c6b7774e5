"""Labels and clauses that name another variant of the asked line item."""

from __future__ import annotations

from index.answering.rival_words import item_words, writes_rival


def _rival(question: str, written: str) -> bool:
    return writes_rival(item_words(question), item_words(written))


def test_a_label_naming_only_the_other_variant_is_a_rival():
    assert _rival("diluted earnings per share for 2024", "Basic earnings per share")
    assert _rival("long-term borrowings at year end", "Borrowings (short-term)")
    assert _rival("total current assets", "Total non-current assets")
    assert _rival("shares forfeited during the year", "Granted")
    assert _rival("shares forfeited during the year", "Canceled")


def test_a_label_naming_the_asked_variant_or_none_is_no_rival():
    assert not _rival("diluted earnings per share for 2024", "Basic and diluted earnings per share")
    assert not _rival("diluted earnings per share for 2024", "Earnings per share")
    assert not _rival("total current assets", "Total current assets")
    # `non-current` is one word: it is not the `current` asked for, and the reverse.
    assert not _rival("total non-current assets", "Non-current assets")
    assert _rival("total non-current assets", "Current assets")


def test_words_that_only_look_like_a_variant_are_none():
    # `current year` is a period; `how long` and `long-lived` ask for no long-term figure.
    assert not _rival("current year non-current assets", "Non-current assets")
    assert not _rival("how long is the lease term", "Short-term lease cost")
    assert not _rival("long-lived assets impaired", "Short-term investments")


def test_non_and_term_are_joined_to_their_word():
    assert item_words("non-current asset") == {"noncurrent", "asset"}
    assert item_words("long-term debt") == {"longterm", "debt"}
    assert item_words("asset non") == {"asset", "non"}
