"""Index builds are incremental, atomic and report every file."""

from __future__ import annotations

import shutil

import pytest
from conftest import CORPUS, PDFS, FakeEmbedder

from index.builder import BuildError, build_index, read_manifest
from index.embedder import PASSAGE_PRECISION, load_embedder
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

    def test_an_unchanged_rebuild_reads_the_files_and_copies_no_index_entries(
        self, small_corpus, tmp_path, monkeypatch
    ):
        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())

        def copying(*_args):
            raise AssertionError("an unchanged corpus was copied entry by entry")

        monkeypatch.setattr(Store, "copy_document", copying)
        seen: list[str] = []
        report = build_index(
            [small_corpus], index_dir, embedder=FakeEmbedder(), progress=lambda i, n, name: seen.append(name)
        )
        assert sorted(x for x in seen if x) == sorted(p.name for p in small_corpus.iterdir())
        assert report.count("unchanged") == 2 and not report.changed()
        assert report.units == sum(_units_per_doc(index_dir).values()) and report.documents == 2

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
        (small_corpus / "cyrillic.txt").write_bytes("Выручка выросла".encode("cp1251"))
        report = build_index([small_corpus], tmp_path / "index", embedder=FakeEmbedder())
        reasons = {f.name: f.reason for f in report.files if f.status == "skipped"}
        assert set(reasons) == {"broken.pdf", "empty.txt", "cyrillic.txt"}
        assert "broken.pdf" in reasons["broken.pdf"]
        assert "empty.txt: is empty" in reasons["empty.txt"]
        assert "not UTF-8" in reasons["cyrillic.txt"]
        assert report.count("added") == 2

    def test_a_build_that_indexes_nothing_leaves_no_folders_behind(self, tmp_path):
        (tmp_path / "docs").mkdir()
        (tmp_path / "docs" / "empty.txt").write_text("")
        with pytest.raises(BuildError):
            build_index([tmp_path / "docs"], tmp_path / "index", embedder=FakeEmbedder())
        # Only the (empty) writer lock file stays beside it.
        assert sorted(p.name for p in tmp_path.iterdir()) == [".index.lock", "docs"]

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
        assert not [p for p in tmp_path.iterdir() if p.name.startswith((".index.building", ".index.resume"))]

    def test_a_corpus_with_nothing_readable_keeps_the_previous_index(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        bad = tmp_path / "bad"
        bad.mkdir()
        (bad / "x.txt").write_text("")
        report = build_index([bad], index_dir, embedder=FakeEmbedder())
        assert report.count("skipped") == 1 and report.kept == 2 and not report.changed()
        assert len(_units_per_doc(index_dir)) == 2
        with pytest.raises(BuildError, match="no document could be indexed"):
            build_index([bad], index_dir, embedder=FakeEmbedder(), prune=True)
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
    # Passages go to the encoder at the passage precision, short texts to the exact one.
    encoders = list({id(e): e for e in (embedder, load_embedder(PASSAGE_PRECISION))}.values())
    before = sum(e.encoded for e in encoders)
    report = build_index([corpus], index_dir, embedder=embedder)
    assert report.count("unchanged") == 4 and report.count("updated") == 1
    # That document's units and its one new line; the other documents embed nothing.
    encoded = sum(e.encoded for e in encoders) - before
    assert encoded == _units_per_doc(index_dir)["004_2853c62026f2b50d.txt"] + 1


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


class TestNothingIsLostByAccident:
    def test_building_another_folder_adds_and_keeps_what_was_indexed(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        other = tmp_path / "other"
        other.mkdir()
        (other / "memo.txt").write_text("Quarterly memo\n\nRevenue was JPY12 million in 1Q10.\n")
        report = build_index([other], index_dir, embedder=FakeEmbedder())
        assert report.count("added") == 1 and report.count("removed") == 0 and report.kept == 2
        before = sorted(p.name for p in small_corpus.iterdir())
        assert sorted(_units_per_doc(index_dir)) == [*before, "memo.txt"]

    def test_prune_removes_what_is_not_under_the_paths_given(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        only = tmp_path / "only"
        only.mkdir()
        shutil.copy(small_corpus / "004_2853c62026f2b50d.txt", only)
        report = build_index([only], index_dir, embedder=FakeEmbedder(), prune=True)
        removed = [f for f in report.files if f.status == "removed"]
        assert [f.name for f in removed] == ["000_5e9b75ebd931438e.txt"] and "--prune" in removed[0].reason
        assert list(_units_per_doc(index_dir)) == ["004_2853c62026f2b50d.txt"]

    def test_a_build_that_changes_nothing_writes_nothing(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        live, manifest = index_dir.resolve(), read_manifest(index_dir)
        (small_corpus / "rejected.pdf").write_bytes(b"not a pdf at all")
        report = build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        assert report.count("skipped") == 1 and not report.changed()
        assert index_dir.resolve() == live and read_manifest(index_dir) == manifest
        assert report.documents == 2 and report.units == sum(_units_per_doc(index_dir).values())

    def test_a_second_writer_is_refused_with_a_sentence(self, small_corpus, tmp_path):
        from index.writer_lock import writer_lock

        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        (small_corpus / "memo.txt").write_text("Memo\n\nA new document.\n")
        with writer_lock(index_dir), pytest.raises(BuildError, match="another build .* is writing the index"):
            build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        assert "memo.txt" not in _units_per_doc(index_dir)
        assert build_index([small_corpus], index_dir, embedder=FakeEmbedder()).count("added") == 1

    def test_stale_staging_folders_of_killed_builds_are_removed(self, small_corpus, tmp_path):
        index_dir = tmp_path / "index"
        for pid in (999991, 999992):
            (tmp_path / f".index.building-{pid}").mkdir()
            (tmp_path / f".index.building-{pid}" / "store.sqlite").write_bytes(b"x" * 1000)
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        assert not list(tmp_path.glob(".index.building-*"))


class TestWhatIsNotRead:
    def test_links_out_of_the_corpus_and_pipes_are_reported_not_read(self, small_corpus, tmp_path):
        import os

        secret = tmp_path / "secret.txt"
        secret.write_text("Private\n\nThe password is swordfish.\n")
        (small_corpus / "link.txt").symlink_to(secret)
        (small_corpus / "inside.txt").symlink_to(small_corpus / "000_5e9b75ebd931438e.txt")
        os.mkfifo(small_corpus / "pipe.txt")
        (small_corpus / "loop.txt").symlink_to(small_corpus / "loop.txt")
        report = build_index([small_corpus], tmp_path / "index", embedder=FakeEmbedder())
        reasons = {f.name: f.reason for f in report.files if f.status == "skipped"}
        assert "outside the corpus folder" in reasons["link.txt"]
        assert "not a regular file" in reasons["pipe.txt"]
        assert "loop" in reasons["loop.txt"]
        # A link inside the corpus is the same content as its target: indexed once.
        assert "same content" in reasons["inside.txt"] or "same file name" in reasons["inside.txt"]
        store = Store(tmp_path / "index" / "store.sqlite")
        texts = " ".join(t for (t,) in store.db.execute("SELECT text FROM documents"))
        store.close()
        assert "swordfish" not in texts

    def test_a_file_over_the_size_limit_is_refused_before_it_is_read(self, small_corpus, tmp_path):
        from ingest.loaders import MAX_TEXT_BYTES

        huge = small_corpus / "huge.txt"
        with huge.open("wb") as f:  # sparse: no memory or disk is spent on it
            f.truncate(MAX_TEXT_BYTES + 1)
        report = build_index([small_corpus], tmp_path / "index", embedder=FakeEmbedder())
        (entry,) = [f for f in report.files if f.name == "huge.txt"]
        assert entry.status == "skipped" and "too large" in entry.reason and "limit is 50 MB" in entry.reason
        assert report.count("added") == 2


def _bad_shelf(folder) -> dict[str, str | None]:
    """Write files users drop in by mistake or by accident; each name maps to a phrase its
    report line must hold (None: the file is read and indexed)."""
    from pypdf import PdfWriter

    files: dict[str, tuple[bytes, str | None]] = {
        "zero.txt": (b"", "is empty"),
        "blob.txt": (bytes(range(256)) * 40, "is a binary file"),
        "cut.pdf": ((PDFS / "EBAY_2023Q2_8K.pdf").read_bytes()[:5000], "is not a readable PDF"),
        "text.pdf": (b"Revenue was $5 million.\n", "is not a PDF"),
        "deck.txt": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "is a PDF, not text"),
        "nul.md": (b"Revenue\n\n" + b"x" * 10_000 + b"\x00", "is a binary file"),
        "bad-utf8.txt": ("Выручка выросла".encode("cp1251"), "is not UTF-8 text"),
        "utf16.txt": ("\ufeffQuartz memo\n\nQuartz revenue was $7 million.\n".encode("utf-16-le"), None),
        "bom.txt": ("\ufeffBasalt memo\n\nBasalt revenue was $8 million.\n".encode(), None),
        "sjis.txt": ("決算短信\n\n売上高は1,234百万円となりました。\n".encode("cp932"), "read as Shift_JIS"),
        "cp1252.txt": (
            "Gneiss memo\n\nGneiss revenue – “net” – was €9 million.\n".encode("cp1252"),
            "Windows-1252",
        ),
        "one-line.txt": (b"Revenue grew 5% to $1,234 million in FY2023. " * 20_000, None),
        "tiny-lines.txt": (b"ok\n" * 100_000, None),
        "wide.md": (
            (
                "| Item | "
                + " | ".join(f"C{i}" for i in range(500))
                + " |\n|"
                + "---|" * 501
                + "\n"
                + "| Sales | "
                + " | ".join(str(i) for i in range(500))
                + " |\n"
            ).encode(),
            None,
        ),
        "tall.md": (
            (
                "| Item | 2023 | 2022 |\n|---|---|---|\n"
                + "".join(f"| Line {r} | {r * 3:,} | {r * 2:,} |\n" for r in range(50_000))
            ).encode(),
            None,
        ),
        "ragged.md": (
            (b"| Item | 2023 | 2022 |\n|---|---|---|\n| Sales | 5 |\n| Costs | 1 | 2 | 3 | 4 |\n| Tax |\n"),
            None,
        ),
        "html.md": (
            (
                "| Item | 2023 |\n|---|---|\n| <div><div><b>Slate sales " + "<span>" * 5_000 + " | 12 |\n"
                "| <script>alert(1)</script> | <img src=x onerror=alert(1)> |\n"
            ).encode(),
            None,
        ),
        "name with spaces & $(rm -rf).txt": (b"Memo\n\nMarble revenue was $3 million in 2021.\n", None),
        "ünïcödé 売上.txt": (b"Memo\n\nOnyx revenue was $4 million in 2022.\n", None),
        "new\nline.txt": (b"Memo\n\nJade revenue was $6 million in 2020.\n", None),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.write(folder / "scan.pdf")
    locked = PdfWriter(clone_from=PDFS / "EBAY_2023Q2_8K.pdf")
    locked.encrypt("secret")
    locked.write(folder / "locked.pdf")
    return {
        **{name: said for name, (_, said) in files.items()},
        "scan.pdf": "no text layer",
        "locked.pdf": "is encrypted",
    }


class QuestionSizedFake(FakeEmbedder):
    """Fake vectors of MiniLM's size, so the answer-kind model can read a question's."""

    dimension = 384


class TestAShelfOfBadFiles:
    def test_each_bad_file_gets_one_sentence_and_the_good_ones_are_searchable(self, small_corpus, tmp_path):
        from index.search import Searcher

        expected = _bad_shelf(small_corpus)
        index_dir = tmp_path / "index"
        report = build_index([small_corpus], index_dir, embedder=QuestionSizedFake())
        entries = {f.name: f for f in report.files}
        for name, said in expected.items():
            entry = entries[name]
            if said is None or "read as" in said or "1252" in said:
                assert entry.status == "added", (name, entry.reason)
            else:
                assert entry.status == "skipped" and entry.reason.startswith(f"{name}: "), (
                    name,
                    entry.reason,
                )
                assert "\n" not in entry.reason.replace(name, "")  # one sentence
            if said:
                assert said in entry.reason, (name, entry.reason)
        searcher = Searcher(index_dir, embedder=QuestionSizedFake())
        found = {
            "Quartz": "utf16.txt",
            "Gneiss": "cp1252.txt",
            "Marble": "name with spaces & $(rm -rf).txt",
            "Jade": "new\nline.txt",
        }
        for word, name in found.items():
            assert searcher.search(f"{word} revenue", k=3).evidence()[0].citation.doc == name
        quote = searcher.search("Gneiss revenue", k=1).evidence()[0].citation.quote
        assert "€9 million" in quote and "“net”" in quote


class TestFaults:
    def test_a_full_disk_is_one_sentence_and_the_previous_index_answers(
        self, small_corpus, tmp_path, monkeypatch
    ):
        import errno

        import index.builder as builder

        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        before = _units_per_doc(index_dir)
        (small_corpus / "memo.txt").write_text("Memo\n\nA new document.\n")

        def full(*_args, **_kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(builder, "_write_search_side", full)
        with pytest.raises(
            BuildError, match=r"could not write the index in .* \(No space left on device\); free"
        ):
            build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        assert _units_per_doc(index_dir) == before
        assert not list(tmp_path.glob(".index.building-*"))
        monkeypatch.undo()
        assert build_index([small_corpus], index_dir, embedder=FakeEmbedder()).count("added") == 1

    def test_an_index_folder_that_cannot_be_made_is_one_sentence(self, small_corpus, tmp_path):
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        with pytest.raises(
            BuildError,
            match=r"could not write the index in .*a-file/index \(.*a-file is a file, not a folder\)",
        ):
            build_index([small_corpus], blocker / "index", embedder=FakeEmbedder())

    def test_a_file_that_cannot_be_read_keeps_its_previous_version(self, small_corpus, tmp_path, monkeypatch):
        from pathlib import Path

        index_dir = tmp_path / "index"
        build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        target = small_corpus / "004_2853c62026f2b50d.txt"
        target.write_text("Changed\n\nNew text.\n")
        real = Path.read_bytes

        def denied(path):
            if path.name == target.name:
                raise PermissionError(13, "Permission denied")
            return real(path)

        monkeypatch.setattr(Path, "read_bytes", denied)
        report = build_index([small_corpus], index_dir, embedder=FakeEmbedder())
        (entry,) = [f for f in report.files if f.name == target.name]
        assert entry.status == "skipped" and "cannot be read (Permission denied)" in entry.reason
        assert "kept the previously indexed version" in entry.reason
        assert len(_units_per_doc(index_dir)) == 2

    def test_a_file_removed_while_the_build_runs_is_reported_and_the_rest_indexed(
        self, small_corpus, tmp_path
    ):
        doomed = small_corpus / "zz-memo.txt"
        doomed.write_text("Memo\n\nA document that goes away.\n")

        def remove_it(done, total, name):
            if name == "000_5e9b75ebd931438e.txt":
                doomed.unlink()

        report = build_index([small_corpus], tmp_path / "index", embedder=FakeEmbedder(), progress=remove_it)
        (entry,) = [f for f in report.files if f.name == doomed.name]
        assert entry.status == "skipped" and entry.reason.startswith("zz-memo.txt: ")
        assert report.count("added") == 2


def test_each_new_document_is_one_job_for_the_embedding_stage(tmp_path):
    """The builder embeds through a stage that could run elsewhere (a worker pool, Ray Data's
    `map_batches`): it sends texts, gets vectors back, and sends nothing for what is unchanged."""
    from index.embedding_stage import InProcessEmbedding

    class RecordingStage(InProcessEmbedding):
        name = "recording"

        def __init__(self):
            super().__init__(FakeEmbedder())
            self.jobs = []

        def embed(self, jobs):
            self.jobs.extend(jobs)
            return super().embed(jobs)

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "004_2853c62026f2b50d.txt", corpus)
    (corpus / "memo.txt").write_text("Memo\n\nRevenue\tJPY3 million\nCosts\tJPY2 million\n")
    stage = RecordingStage()
    report = build_index([corpus], tmp_path / "index", stage=stage)
    assert sorted(j.name for j in stage.jobs) == ["004_2853c62026f2b50d.txt", "memo.txt"]
    memo = next(j for j in stage.jobs if j.name == "memo.txt")
    assert len(memo.unit_texts) == next(f.chunks + f.rows for f in report.files if f.name == "memo.txt")
    (corpus / "memo.txt").write_text("Memo\n\nRevenue\tJPY4 million\n")
    stage.jobs.clear()
    build_index([corpus], tmp_path / "index", stage=stage)
    assert [j.name for j in stage.jobs] == ["memo.txt"]
