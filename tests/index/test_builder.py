"""Index builds are incremental, atomic and report every file."""

from __future__ import annotations

import shutil

import pytest
from conftest import CORPUS, PDFS, FakeEmbedder

from index.builder import BuildError, build_index, read_manifest
from index.furniture import PROTOTYPES
from index.store import Store


@pytest.fixture()
def small_corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ["000_5e9b75ebd931438e.txt", "004_2853c62026f2b50d.txt"]:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def _units_per_doc(index_dir) -> dict[str, int]:
    store = Store(index_dir / "store.sqlite")
    try:
        return {d.name: d.chunks + d.rows for d in store.documents()}
    finally:
        store.close()


class TestIncremental:
    def test_unchanged_corpus_embeds_nothing(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        first = build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        assert first.count("added") == 2 and first.embedded == sum(_units_per_doc(index_dir).values())
        fake = FakeEmbedder()
        again = build_index([small_corpus], index_dir, embedder=fake)
        assert again.count("unchanged") == 2
        assert fake.encoded == 0

    def test_touching_one_document_re_embeds_only_it(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        changed = small_corpus / "004_2853c62026f2b50d.txt"
        changed.write_text(
            changed.read_text(encoding="utf-8") + "\nA new closing remark.\n", encoding="utf-8"
        )
        fake = FakeEmbedder()
        report = build_index([small_corpus], index_dir, embedder=fake)
        statuses = {f.name: f.status for f in report.files}
        assert statuses == {"000_5e9b75ebd931438e.txt": "unchanged", "004_2853c62026f2b50d.txt": "updated"}
        # Its units, the one new line's own vector and, once per embedder, the page-furniture
        # prototypes; no line already stored is embedded again.
        expected = _units_per_doc(index_dir)["004_2853c62026f2b50d.txt"] + 1 + len(PROTOTYPES)
        assert fake.encoded == expected

    def test_deleting_a_document_removes_its_chunks_and_rows(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        (small_corpus / "004_2853c62026f2b50d.txt").unlink()
        report = build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        assert [f.status for f in report.files if f.name.startswith("004")] == ["removed"]
        assert list(_units_per_doc(index_dir)) == ["000_5e9b75ebd931438e.txt"]
        store = Store(index_dir / "store.sqlite")
        ids, _ = store.vectors()
        assert len(ids) == report.units == _units_per_doc(index_dir)["000_5e9b75ebd931438e.txt"]
        store.close()
        assert list(read_manifest(index_dir)["documents"]) == ["000_5e9b75ebd931438e.txt"]


class TestBadInput:
    def test_bad_files_are_reported_and_the_rest_indexed(self, small_corpus, tmp_path):
        (small_corpus / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
        (small_corpus / "empty.txt").write_text("")
        (small_corpus / "latin1.txt").write_bytes("Umsatz \xe9\xe8".encode("latin-1"))
        report = build_index([small_corpus], tmp_path / "index", embedder=FakeEmbedder())
        reasons = {f.name: f.reason for f in report.files if f.status == "skipped"}
        assert set(reasons) == {"broken.pdf", "empty.txt", "latin1.txt"}
        assert "broken.pdf" in reasons["broken.pdf"]
        assert "empty.txt: is empty" in reasons["empty.txt"]
        assert "not UTF-8" in reasons["latin1.txt"]
        assert report.count("added") == 2

    def test_a_build_that_indexes_nothing_leaves_no_folders_behind(self, tmp_path):
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "empty.txt").write_text("")
        with pytest.raises(BuildError):
            build_index([tmp_path / "docs"], tmp_path / "index", embedder=FakeEmbedder())
        assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]

    def test_a_crash_mid_build_leaves_the_previous_index(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        before = _units_per_doc(index_dir)
        (small_corpus / "004_2853c62026f2b50d.txt").write_text("Changed text\n\nWith a line.\n")

        class Crashing(FakeEmbedder):
            def encode(self, texts, progress=False):
                raise RuntimeError("power cut")

        with pytest.raises(RuntimeError, match="power cut"):
            build_index([small_corpus], index_dir, embedder=Crashing())
        assert _units_per_doc(index_dir) == before
        # The staging folder goes, and so does the resume store: nothing had been embedded.
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".index.")]

    def test_a_corpus_with_nothing_readable_keeps_the_previous_index(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        bad = tmp_path / "bad"
        bad.mkdir()
        (bad / "x.txt").write_text("")
        with pytest.raises(BuildError, match="no document could be indexed"):
            build_index([bad], index_dir, embedder=FakeEmbedder())
        assert len(_units_per_doc(index_dir)) == 2

    def test_a_file_that_turns_bad_keeps_its_previous_version(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        (small_corpus / "004_2853c62026f2b50d.txt").write_bytes(b"\xff\xfe\x00broken")
        report = build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        (entry,) = [f for f in report.files if f.name.startswith("004")]
        assert entry.status == "skipped" and "kept the previously indexed version" in entry.reason
        assert len(_units_per_doc(index_dir)) == 2


def test_real_model_incremental_rebuild_embeds_one_document(corpus_index, embedder, tmp_path):
    """With the real model: copy the corpus index, change one document, count what is embedded."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    shutil.copytree(corpus_index, index_dir)
    target = corpus / "004_2853c62026f2b50d.txt"
    target.write_text(
        target.read_text(encoding="utf-8") + "\nAppendix: no further remarks.\n", encoding="utf-8"
    )
    before = embedder.encoded
    report = build_index([corpus], index_dir, embedder=embedder)
    assert report.count("unchanged") == 4 and report.count("updated") == 1
    # That document's units and its one new line; the other documents embed nothing.
    assert embedder.encoded - before == _units_per_doc(index_dir)["004_2853c62026f2b50d.txt"] + 1


def test_pages_without_a_text_layer_are_named_in_the_build_report(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(PDFS / "MCDONALDS_2023Q1_EARNINGS.pdf").pages:
        writer.add_page(page)
    writer.add_blank_page(width=612, height=792)  # a scanned page looks like this to pypdf: no text
    (tmp_path / "docs").mkdir()
    with (tmp_path / "docs" / "release.pdf").open("wb") as out:
        writer.write(out)
    report = build_index([tmp_path / "docs"], tmp_path / "idx", embedder=FakeEmbedder())
    [added] = report.files
    assert added.status == "added"
    assert added.reason.startswith("1 of 5 pages have no text layer") and added.reason.endswith("page 5")


class _InterruptedEmbedder(FakeEmbedder):
    """Stops the build (as Ctrl-C does) when asked to embed a unit of the given text."""

    def __init__(self, stop_at: str) -> None:
        super().__init__()
        self.stop_at = stop_at

    def encode(self, texts, progress=False):
        if any(self.stop_at in t for t in texts):
            raise KeyboardInterrupt
        return super().encode(texts, progress)


def test_an_interrupted_build_resumes_where_it_stopped(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("000_5e9b75ebd931438e.txt", "001_d240cca1e5437173.txt", "004_2853c62026f2b50d.txt"):
        shutil.copy(CORPUS / name, docs)
    index_dir = tmp_path / "idx"
    with pytest.raises(KeyboardInterrupt):  # stopped while embedding the third document
        build_index([docs], index_dir, embedder=_InterruptedEmbedder("1st Half of FY2007"))
    assert read_manifest(index_dir) is None  # no half-built index is ever live
    fake = FakeEmbedder()
    report = build_index([docs], index_dir, embedder=fake)
    statuses = {f.name: (f.status, f.reason) for f in report.files}
    resumed = ("added", "embedded by the interrupted build before")
    assert statuses["000_5e9b75ebd931438e.txt"] == resumed
    assert statuses["001_d240cca1e5437173.txt"] == resumed
    assert statuses["004_2853c62026f2b50d.txt"] == ("added", "")
    # Only the third document's units (and its new lines, and the prototypes) were embedded.
    assert fake.encoded < 0.5 * report.units
    assert report.documents == 3
    assert not (tmp_path / ".idx.resume").exists()
