"""Example questions drawn from the shipped corpus, offered only for documents that are indexed."""

from __future__ import annotations

from collections.abc import Iterable

FY08_EXAMPLE = "what was FY08 operating loss from new subsidiaries"

# (question, the corpus file that answers it)
EXAMPLES: tuple[tuple[str, str], ...] = (
    (FY08_EXAMPLE, "001_d240cca1e5437173.txt"),
    ("ATM operation business operating loss 2Q09", "000_5e9b75ebd931438e.txt"),
    ("total assets as of March 31, 2009", "001_d240cca1e5437173.txt"),
    ("number of ATMs operated as of November 15, 2010", "000_5e9b75ebd931438e.txt"),
    ("revised FY10 target total revenues", "000_5e9b75ebd931438e.txt"),
)


def example_questions(indexed_names: Iterable[str]) -> list[str]:
    """The example questions whose source document is in the index."""
    names = set(indexed_names)
    return [question for question, doc in EXAMPLES if doc in names]
