"""The live index is swapped in one step, and what a killed build leaves is repaired."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import CORPUS, FakeEmbedder

from index.builder import build_index, read_manifest
from index.generations import live_folder, recover
from index.search import IndexMissingError, open_live_folder


@pytest.fixture()
def built(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "004_2853c62026f2b50d.txt", corpus)
    index_dir = tmp_path / "index"
    build_index([corpus], index_dir, embedder=FakeEmbedder())
    return corpus, index_dir


def test_the_live_index_is_a_link_replaced_in_one_step(built):
    corpus, index_dir = built
    first = index_dir.resolve()
    assert index_dir.is_symlink() and live_folder(index_dir) == first
    (corpus / "memo.txt").write_text("Memo\n\nRevenue was JPY3 million.\n")
    build_index([corpus], index_dir, embedder=FakeEmbedder())
    assert index_dir.resolve() != first and not first.exists()  # the previous generation is gone
    assert "memo.txt" in read_manifest(index_dir)["documents"]


def test_an_index_moved_aside_by_a_killed_old_style_swap_is_restored(built, tmp_path):
    _, index_dir = built
    generation = index_dir.resolve()
    index_dir.unlink()
    stranded = tmp_path / f".index.old-{os.getpid()}"
    os.replace(generation, stranded)  # what a kill between the two renames of old builds left
    live = open_live_folder(index_dir)  # what `ask` does first
    assert live == stranded and "004_2853c62026f2b50d.txt" in read_manifest(index_dir)["documents"]


def test_recover_keeps_the_live_generation_and_removes_leftovers(built, tmp_path):
    _, index_dir = built
    live = index_dir.resolve()
    (tmp_path / ".index.building-424242").mkdir()
    (tmp_path / ".index.gen-1-unfinished").mkdir()
    (tmp_path / ".index.link-424242").symlink_to(live.name)
    assert recover(index_dir) is None
    assert index_dir.resolve() == live
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".index."))
    assert left == sorted([".index.lock", live.name])


def test_a_damaged_index_is_named_not_trusted(built):
    _, index_dir = built
    (index_dir / "store.sqlite").unlink()
    with pytest.raises(IndexMissingError, match="damaged .*store.sqlite.* rebuild"):
        open_live_folder(index_dir)
    assert not (index_dir / "store.sqlite").exists()  # opening did not create an empty store


def test_an_index_named_by_a_relative_path_keeps_its_live_generation(built, monkeypatch):
    """`docqa build corpus` run from the project folder names `.docqa/index` relatively: the
    next build finds the live generation unchanged instead of deleting it and re-embedding."""
    corpus, index_dir = built
    monkeypatch.chdir(index_dir.parent)
    relative = type(index_dir)(index_dir.name)
    generation = relative.resolve()
    recover(relative)
    assert generation.exists() and live_folder(relative) == generation
    report = build_index([type(corpus)(corpus.name)], relative, embedder=FakeEmbedder())
    assert [f.status for f in report.files] == ["unchanged"]
    assert live_folder(relative) == generation


def test_deleting_an_index_leaves_nothing_to_resume_from(built):
    from index.generations import delete_index

    corpus, index_dir = built
    build_index([corpus], index_dir, embedder=FakeEmbedder())
    (index_dir.parent / "keep.txt").write_text("not the index's")
    delete_index(index_dir)
    assert sorted(p.name for p in index_dir.parent.iterdir()) == ["corpus", "keep.txt"]
    fake = FakeEmbedder()
    build_index([corpus], index_dir, embedder=fake)
    assert fake.encoded > 0  # everything is embedded again
