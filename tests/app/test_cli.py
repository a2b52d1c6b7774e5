"""The `docqa` command line, run in-process with the real model and index."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import CORPUS, DEV_SET, ROOT

from app.cli import MODEL_ERROR_EXIT, PATH_ERROR_EXIT, main
from index.answering.metric_words import MetricWords
from index.answering.row_names import RowNamesModel
from index.paraphrase_map import ParaphraseMap
from index.rerank import Reranker

FY08 = "what was FY08 operating loss from new subsidiaries"


def test_ingest_json_lists_tables_per_document(capsys):
    assert main(["ingest", str(CORPUS), "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert len(docs) == 5
    assert all(d["tables"] for d in docs)
    assert all(d["parse_seconds"] > 0 and d["pages_without_text"] == [] for d in docs)
    assert sorted(d["fiscal_year_starts_month"] for d in docs) == [4, 4, 4, 4, 4]
    deck = next(d for d in docs if d["path"].endswith("000_5e9b75ebd931438e.txt"))
    atm = next(r for t in deck["tables"] for r in t["rows"] if r["label"] == "Operating Loss")
    assert [c["value"] for c in atm["cells"]] == [-233, -234, -263, -270, -161, -140]
    assert atm["cells"][0] == {"column": "1Q09", "text": "(233)", "value": -233}


def test_ingest_reports_bad_files_and_fails_only_when_nothing_is_read(tmp_path, capsys):
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    assert main(["ingest", str(tmp_path / "bad.pdf")]) == 1
    assert "bad.pdf" in capsys.readouterr().err
    shutil.copy(CORPUS / "004_2853c62026f2b50d.txt", tmp_path)
    assert main(["ingest", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "bad.pdf" in captured.err and "1 skipped" in captured.out


def test_ask_json_has_the_documented_shape(corpus_index, capsys):
    assert main(["ask", FY08, "--json", "--index", str(corpus_index)]) == 0
    out = json.loads(capsys.readouterr().out)
    shape = {"id", "query", "answer", "no_answer_reason", "notes", "passages", "rows", "timings_ms"}
    assert set(out) == shape
    assert out["notes"] == []
    top = out["passages"][0]
    assert set(top) == {"rank", "score", "text", "citation"}
    assert set(top["citation"]) == {"doc", "title", "page", "lines", "start", "end", "quote"}
    assert top["citation"]["doc"] == "001_d240cca1e5437173.txt"
    assert "JPY1,272 million" in top["citation"]["quote"]
    ranks = sorted(p["rank"] for p in out["passages"]) + sorted(r["rank"] for r in out["rows"])
    assert sorted(ranks) == list(range(1, 6))
    for row in out["rows"]:
        assert {"table", "unit", "columns", "label", "cells", "matched_cell", "citation"} <= set(row)


def test_ask_human_output_shows_citations(corpus_index, capsys):
    assert main(["ask", FY08, "--index", str(corpus_index)]) == 0
    out = capsys.readouterr().out
    assert "001_d240cca1e5437173.txt lines" in out and "JPY1,272 million" in out


def test_ask_batch_echoes_ids_and_honours_docs(corpus_index, tmp_path, capsys):
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "question": "total assets"})
        + "\n"
        + json.dumps({"id": "b", "question": "total assets", "docs": ["004_2853c62026f2b50d.txt"]})
        + "\n"
    )
    assert main(["ask", "--batch", str(batch), "--json", "--index", str(corpus_index)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in lines] == ["a", "b"]
    evidence_b = lines[1]["passages"] + lines[1]["rows"]
    assert {e["citation"]["doc"] for e in evidence_b} == {"004_2853c62026f2b50d.txt"}


def test_eval_prints_figures_and_writes_a_report(corpus_index, tmp_path, capsys):
    report = tmp_path / "report.jsonl"
    assert main(["eval", str(DEV_SET), "--index", str(corpus_index), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "recall@1" in out and "recall@5" in out and "MRR" in out and "tsv_table" in out
    assert len(report.read_text().splitlines()) == 30


def test_ask_without_an_index_builds_one_first(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    shutil.copy(CORPUS / "004_2853c62026f2b50d.txt", tmp_path / "corpus")
    monkeypatch.setenv("DOCQA_INDEX", str(tmp_path / "idx"))
    assert main(["ask", "total assets at September 30, 2007", "--json"]) == 0
    captured = capsys.readouterr()
    assert "building it from corpus/" in captured.err
    assert json.loads(captured.out)["passages"]


def test_ask_on_an_index_from_an_older_docqa_rebuilds_it_from_its_files(tmp_path, capsys):
    (tmp_path / "c").mkdir()
    shutil.copy(CORPUS / "004_2853c62026f2b50d.txt", tmp_path / "c")
    index = tmp_path / "idx"
    assert main(["build", str(tmp_path / "c"), "--index", str(index)]) == 0
    manifest = json.loads((index / "manifest.json").read_text())
    manifest["format_version"] -= 1  # as an older release wrote it
    (index / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert main(["ask", "total assets at September 30, 2007", "--index", str(index), "--json"]) == 0
    captured = capsys.readouterr()
    assert "written by an older docqa: rebuilding it from its 1 source files" in captured.err
    assert {p["citation"]["doc"] for p in json.loads(captured.out)["passages"]} == {
        "004_2853c62026f2b50d.txt"
    }
    assert (
        json.loads((index / "manifest.json").read_text())["format_version"] == manifest["format_version"] + 1
    )


def test_build_reports_each_file(tmp_path, capsys):
    (tmp_path / "c").mkdir()
    shutil.copy(CORPUS / "004_2853c62026f2b50d.txt", tmp_path / "c")
    (tmp_path / "c" / "empty.md").write_text("")
    assert main(["build", str(tmp_path / "c"), "--index", str(tmp_path / "idx")]) == 0
    captured = capsys.readouterr()
    out = captured.out
    # Progress names each file; from the second on it says how fast and how long is left.
    assert "[1/2] 004_2853c62026f2b50d.txt" in captured.err and "files/min, about" in captured.err
    assert "added  004_2853c62026f2b50d.txt" in out
    assert "skipped  empty.md: is empty" in out


@pytest.mark.parametrize(
    "model, content, message",
    [
        (
            Reranker,
            '{"features": ["an_old_feature"], "mean": [0], "scale": [1], "weights": [1]}',
            "the reranker",
        ),
        (RowNamesModel, None, "cannot read the row-names model"),
        (MetricWords, None, "cannot read the metric-words model"),
        (MetricWords, '{"features": ["asked", "written"], "prior": 0.4, "asked": {}}', "the metric-words"),
        (ParaphraseMap, None, "cannot read the paraphrase map"),
    ],
    ids=[
        "stale reranker",
        "missing row-names model",
        "missing metric words",
        "metric words without counts",
        "missing paraphrase map",
    ],
)
def test_a_bad_model_file_is_one_clear_error(
    corpus_index, tmp_path, monkeypatch, capsys, model, content, message
):
    """A model file that is stale (fitted on other features) or missing: one sentence naming
    the model and `make train`, and the model-error exit code."""
    path = tmp_path / "model.json"
    if content is not None:
        path.write_text(content)
    original = model.load.__func__
    monkeypatch.setattr(model, "load", classmethod(lambda cls, path=path: original(cls, path)))
    assert main(["ask", "total assets", "--index", str(corpus_index)]) == MODEL_ERROR_EXIT
    err = capsys.readouterr().err
    assert err.startswith(f"error: {message}") and "make train" in err
    assert len(err.strip().splitlines()) == 1


def test_build_keeps_other_documents_unless_pruned_and_names_stay_on_one_line(tmp_path, capsys):
    (tmp_path / "c").mkdir()
    shutil.copy(CORPUS / "004_2853c62026f2b50d.txt", tmp_path / "c")
    index = ["--index", str(tmp_path / "idx")]
    assert main(["build", str(tmp_path / "c"), *index]) == 0
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "memo.txt").write_text("Memo\n\nRevenue was JPY5 million in 2Q10.\n")
    (tmp_path / "d" / "forged\n    added  x.txt").write_text("")  # a newline in a file name
    capsys.readouterr()
    assert main(["build", str(tmp_path / "d"), *index]) == 0
    out = capsys.readouterr().out
    assert "added  memo.txt" in out and "kept  1 indexed documents not under the paths given" in out
    assert "forged\\n    added  x.txt" in out and "\n    added  x.txt" not in out
    assert main(["build", str(tmp_path / "d"), "--prune", *index]) == 0
    out = capsys.readouterr().out
    assert "removed  004_2853c62026f2b50d.txt: not under the paths given (--prune)" in out


def test_a_missing_path_is_named_and_nothing_is_built(tmp_path, capsys):
    index = tmp_path / "idx"
    for command in (
        ["build", str(tmp_path / "nowhere"), "--index", str(index)],
        ["ingest", "/no/such/file.pdf"],
    ):
        assert main(command) == PATH_ERROR_EXIT
        err = capsys.readouterr().err.strip()
        assert err.endswith("no such file or folder; check the path and run again")
        assert command[1] in err and len(err.splitlines()) == 1
    assert not index.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["eval", "/no/such/questions.jsonl"],
        ["tatqa", "/no/such/tatqa_dataset.json"],
        ["cells", "/no/such/cells.jsonl", "--pdfs", "/no/such/pdfs"],
    ],
)
def test_a_missing_question_or_data_file_is_named_in_one_sentence(command, tmp_path, capsys):
    extra = {"eval": ["--index", str(tmp_path / "idx")], "tatqa": ["--work", str(tmp_path / "work")]}
    extra = extra.get(command[0], [])
    assert main([*command, *extra]) == PATH_ERROR_EXIT
    err = capsys.readouterr().err.strip()
    assert err == f"error: {command[1]}: no such file or folder; check the path and run again"
    assert not (tmp_path / "idx").exists() and not (tmp_path / "work").exists()  # checked before any work


def test_a_mistyped_flag_or_command_gets_the_closest_real_one(capsys):
    with pytest.raises(SystemExit) as flag:
        main(["ask", "total assets", "--kk", "3"])
    err = capsys.readouterr().err
    assert flag.value.code == 2
    assert "usage: docqa ask" in err and "did you mean '--k'?" in err
    with pytest.raises(SystemExit) as command:
        main(["biuld", "corpus"])
    assert command.value.code == 2
    assert "unknown command 'biuld'; did you mean 'build'?" in capsys.readouterr().err


def test_every_command_help_shows_two_examples(capsys):
    from app.cli import EXAMPLES, _parser, _subcommands

    commands = _subcommands(_parser())
    assert set(EXAMPLES) == set(commands)
    for name in commands:
        with pytest.raises(SystemExit):
            main([name, "--help"])
        text = capsys.readouterr().out
        examples = text.split("examples:\n", 1)[1].strip().splitlines()
        assert len(examples) == 2 and all(line.strip().startswith(f"docqa {name}") for line in examples)


def test_a_question_longer_than_the_model_reads_is_cut_and_the_output_says_so(corpus_index, capsys):
    long_question = FY08 + " " + "please double-check the figure against the deck " * 64
    assert len(long_question) > 3000
    assert main(["ask", long_question, "--index", str(corpus_index)]) == 0
    out = capsys.readouterr().out
    (note,) = [line for line in out.splitlines() if line.startswith("Note:")]
    assert "cut to its first" in note and f"of {len(long_question.strip()):,} characters" in note
    assert main(["ask", long_question, "--json", "--index", str(corpus_index)]) == 0
    assert json.loads(capsys.readouterr().out)["notes"] == [note.removeprefix("Note:").strip()]


def test_asking_prints_no_model_loading_progress(corpus_index, tmp_path):
    """Loading the model takes a second: no `Loading weights` bar on every command."""
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "ask", FY08, "--index", str(corpus_index)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert "Loading weights" not in done.stderr and "it/s]" not in done.stderr
    assert "JPY1,272 million" in done.stdout


def test_an_answer_printed_in_its_tables_scale_says_the_scale_on_the_answer_line():
    from app.commands import format_result
    from index.citations import Citation
    from index.result import Alternative, Answer, Result

    cite = Citation("deck.txt", "Deck", None, (7, 7), 10, 14, "69.7")
    other = Citation("other.txt", "Other", None, (3, 3), 20, 24, "70.1")
    disagreeing = [Alternative("70.1", 70.1e9, 0.5, other, printed_in="JPY billion")]
    scaled = Answer("69.7", 69.7e9, "JPY", "FY2008", 0.95, cite, disagreeing, printed_in="JPY billion")
    own = Answer("JPY1,272 million", 1.272e9, "JPY", "FY2008", 0.95, cite)
    shown = format_result(Result("q", [], [], answer=scaled))
    assert "Answer: 69.7 [JPY billion] (FY2008" in shown
    assert "sources disagree: 70.1 [JPY billion] in other.txt" in shown
    assert "Answer: JPY1,272 million (FY2008" in format_result(Result("q", [], [], answer=own))


def test_a_target_answer_says_so_beside_its_period():
    from app.commands import format_result
    from index.citations import Citation
    from index.result import Answer, Result

    cite = Citation("plan.txt", "Plan", None, (4, 4), 10, 14, "98.7")
    target = Answer("98.7", 98.7, "JPY", "FY2015", 0.95, cite, stated_as="target")
    shown = format_result(Result("q", [], [], answer=target))
    assert "Answer: 98.7 (FY2015 target, confidence 0.95)" in shown
    assert target.to_dict()["stated_as"] == "target"
    undated = Answer("98.7", 98.7, "JPY", None, 0.95, cite, stated_as="forecast")
    assert "(forecast, period n/a, confidence 0.95)" in format_result(Result("q", [], [], answer=undated))


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`docqa ingest corpus | head -1`: the pipe closes before docqa writes its report."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "ingest", str(CORPUS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=600) == 0, stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("question", ["", "   "])
def test_an_empty_or_blank_question_is_a_usage_error(question, capsys):
    assert main(["ask", question]) == 2
    assert "give a question" in capsys.readouterr().err


def test_training_reads_the_shared_data_where_docqa_shared_says(tmp_path):
    """As the tests do, `docqa train` finds the TAT-QA set, dev set and PDFs under $DOCQA_SHARED."""
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "train", "--help"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "DOCQA_SHARED": "/opt/docqadata"},
    )
    assert done.returncode == 0, done.stderr
    assert "(default: /opt/docqadata/pdfs)" in " ".join(done.stdout.split())
