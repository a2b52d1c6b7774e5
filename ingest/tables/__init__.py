"""Tables as data: detect, parse to rows and cells, and attach title and unit."""

from __future__ import annotations

from ingest.models import Block, Document, Table
from ingest.structure import repeated_lines, split_lines


def extract_tables(document: Document, blocks: list[Block]) -> list[Table]:
    """Parse every table in a document: text tables from blocks, PDF tables from layout."""
    if document.kind == "pdf":
        from ingest.tables.layout_table import parse_layout_tables

        return parse_layout_tables(document)
    from ingest.tables.text_table import parse_text_table

    lines = split_lines(document.text)
    boilerplate = repeated_lines(lines)
    tables = []
    for block in blocks:
        if block.kind == "table":
            table = parse_text_table(document, block, lines, boilerplate)
            if table is not None:
                tables.append(table)
    return tables
