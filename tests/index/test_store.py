"""The store keeps, from the build, what queries read of units and documents."""

from __future__ import annotations

from copy import copy

import numpy as np
import pytest

from index.financial_tokenizer import tokenize
from index.store import Store
from index.units import RetrievalUnit, units_for, with_facts
from ingest.periods import find_periods
from ingest.pipeline import ingest_file

MEMO = """Quarterly memo

Operating income rose to 120 in FY2008 from 95 in FY2007.

Net sales were 800 in 2Q FY2009, and operating income was 40.

Headcount was 1,200 at the end of the year.
"""


@pytest.fixture()
def stored(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text(MEMO, encoding="utf-8")
    ingested = ingest_file(path)
    units = units_for(ingested)
    store = Store(tmp_path / "store.sqlite")
    store.add_document(ingested, units, np.zeros((len(units), 4), dtype=np.float32), "print", "now")
    store.db.commit()
    yield store, ingested
    store.close()


def _passages(store: Store, name: str) -> list:
    return [u for u in store.units_of(name) if u.kind != "row"]


def test_units_come_back_with_their_tokens_and_periods(stored):
    store, ingested = stored
    units = store.units_of("memo.txt")
    assert units
    calendar = ingested.document.calendar
    for unit in units:
        assert list(unit.tokens) == tokenize(unit.embed_text)
        found = [p for p, _, _ in find_periods(unit.embed_text, calendar)]
        assert [(p, p.label) for p in unit.periods] == [(p, p.label) for p in found]
    assert any(p.label == "FY2008" for u in units for p in u.periods)


def test_units_come_back_counting_the_figures_they_state_but_not_years(stored):
    store, ingested = stored
    units = store.units_of("memo.txt")
    calendar = ingested.document.calendar
    assert [u.figures for u in units] == [with_facts(copy(u), calendar).figures for u in units]
    assert sum(u.figures for u in units) > 0
    said = RetrievalUnit("d", "text", 0, 0, [], "", "Sales rose to 120 in 2008 from 95 in 2007.", "")
    assert with_facts(said, calendar).figures == 2
    heading = RetrievalUnit("d", "text", 0, 0, [], "", "Quarterly memo, 2008", "")
    assert with_facts(heading, calendar).figures == 0


def test_a_terms_share_of_passages_is_read_from_the_build(stored):
    store, ingested = stored
    passages = _passages(store, "memo.txt")
    doc_id = ingested.document.doc_id
    for term in tokenize("operating headcount FY2008 sales dividends"):
        holding = sum(term in set(tokenize(u.text)) for u in passages)
        assert store.term_share(doc_id, term) == pytest.approx(holding / len(passages))
    assert store.term_share(doc_id, tokenize("headcount")[0]) > 0
    assert store.term_share(doc_id, "nowhere") == 0.0


def test_a_documents_period_mentions_are_counted_over_its_text(stored):
    store, ingested = stored
    counts = store.document_periods(ingested.document.doc_id)
    assert {p.label: n for p, n in counts.items()} == {"FY2008": 1, "FY2007": 1, "2Q FY2009": 1}


def test_copied_documents_keep_their_facts_and_removed_ones_lose_them(stored, tmp_path):
    store, ingested = stored
    doc_id, term = ingested.document.doc_id, tokenize("headcount")[0]
    copy = Store(tmp_path / "copy.sqlite")
    try:
        copy.copy_document(store, "memo.txt")
        assert copy.term_share(doc_id, term) == store.term_share(doc_id, term) > 0
        assert [(u.tokens, u.periods) for u in copy.units_of("memo.txt")] == [
            (u.tokens, u.periods) for u in store.units_of("memo.txt")
        ]
        assert copy.document_periods(doc_id) == store.document_periods(doc_id) != {}
        copy.remove_document("memo.txt")
        assert copy.term_share(doc_id, term) == 0.0
        assert copy.document_periods(doc_id) == {}
    finally:
        copy.close()
