"""Invented tables as ranked evidence, for the answerers that read a table's rows."""

from __future__ import annotations

import pytest

from index.answering.candidates import EvidenceContext
from index.units import RetrievalUnit, units_for
from ingest.pipeline import ingest_file


@pytest.fixture(scope="module")
def table_evidence(tmp_path_factory):
    """A builder: markdown text -> (its row units, numbered as an index would, and the
    evidence context that reads them)."""

    def build(text: str) -> tuple[list[RetrievalUnit], EvidenceContext]:
        path = tmp_path_factory.mktemp("tables") / "statement.md"
        path.write_text(text, encoding="utf-8")
        ingested = ingest_file(path)
        units = [u for u in units_for(ingested) if u.kind == "row"]
        for i, unit in enumerate(units):
            unit.unit_id, unit.table_id = i, unit.table_index + 1
        ctx = EvidenceContext(
            idf=lambda t: 1.0,
            document={ingested.document.doc_id: ingested.document}.__getitem__,
            table=lambda i: None,
            table_rows=lambda table_id: [u for u in units if u.table_id == table_id],
        )
        return units, ctx

    return build
