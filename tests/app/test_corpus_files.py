"""Corpus changes from the app: uploads over the size limit are refused before anything is written."""

from __future__ import annotations

from conftest import FakeEmbedder

from app.ui.corpus_files import Upload, add_files
from ingest.loaders import MAX_TEXT_BYTES


def test_an_upload_over_the_limit_is_refused_and_nothing_is_written(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    big = Upload("notes.txt", b"a" * (MAX_TEXT_BYTES + 1))
    good = Upload("memo.txt", b"Memo\n\nRevenue was JPY5 million in 2Q10.\n")
    change = add_files([big, good], corpus, index, embedder=FakeEmbedder())
    assert change.problems == ["Did not add notes.txt: it is 50 MB; the limit is 50 MB."]
    assert sorted(p.name for p in corpus.iterdir()) == ["memo.txt"]
    assert [f.name for f in change.report.files if f.status == "added"] == ["memo.txt"]


def test_an_upload_named_like_another_document_replaces_it_only_when_asked(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    first = b"Memo\n\nRevenue was JPY5 million in 2Q10.\n"
    add_files([Upload("memo.txt", first)], corpus, index, embedder=FakeEmbedder())
    other = Upload("memo.txt", b"Another memo\n\nCosts were JPY2 million in 2Q10.\n")
    change = add_files([other], corpus, index, embedder=FakeEmbedder())
    assert change.problems == [
        "Did not add memo.txt: the corpus holds another document named memo.txt; "
        "tick 'Replace documents of the same name' to replace it."
    ]
    assert (corpus / "memo.txt").read_bytes() == first
    # the same content again is no conflict, and a replacement asked for is made
    assert not add_files([Upload("memo.txt", first)], corpus, index, embedder=FakeEmbedder()).problems
    change = add_files([other], corpus, index, embedder=FakeEmbedder(), replace=True)
    assert not change.problems and (corpus / "memo.txt").read_bytes() == other.data
    assert [f.status for f in change.report.files if f.name == "memo.txt"] == ["updated"]
