"""TAT-QA: the importer renders contexts faithfully, and a fixed subset is a quality gate."""

from __future__ import annotations

import pytest
from conftest import SHARED

from index.benchmarks.tatqa import exact_match, normalize_answer, run_tatqa, select_questions
from ingest.importers.tatqa import markdown_table, render_context

DATASET = SHARED / "external" / "tatqa" / "tatqa_dataset_dev.json"
SUBSET_SIZE = 50
# TAT-QA dev is training data for the answer scorer, so this subset (first 50 table questions)
# is in-sample. The gate sits 0.05 below the held-out (cross-validated) TAT-QA accuracy stored
# in the model file (0.201 for all TAT-QA span questions at the shipped threshold 0.911, folds
# grouped by context, 2026-12-05), as a regression guard, not a quality claim.
SUBSET_ACCURACY_MIN = 0.15


def test_markdown_table_has_a_rule_under_the_first_row():
    text = markdown_table([["", "2019", "2018"], ["Revenue", "$1,496.5", "1,202.9"]])
    assert text.splitlines() == ["|  | 2019 | 2018 |", "|---|---|---|", "| Revenue | $1,496.5 | 1,202.9 |"]


def test_context_puts_paragraphs_before_the_table():
    text = render_context([{"order": 2, "text": "Second."}, {"order": 1, "text": "First."}], [["a", "b"]])
    assert text.index("First.") < text.index("Second.") < text.index("| a | b |")


@pytest.mark.parametrize(
    ("given", "gold", "equal"),
    [
        ("$1,496.5", "1496.5", True),
        ("(1,212)", "-1,212", True),
        ("49%", "49", True),
        ("The Billed", "billed", True),
        ("1,496.5", "1,496", False),
    ],
)
def test_normalize_answer(given, gold, equal):
    assert (normalize_answer(given) == normalize_answer(gold)) is equal


def test_multi_span_needs_every_span():
    assert exact_match(["$182", "$128"], ["$182", "$128"])
    assert not exact_match(["$182"], ["$182", "$128"])


def test_subset_exact_match_gate(tmp_path, embedder):
    contexts, questions = select_questions(DATASET, {"table"}, SUBSET_SIZE)
    assert len(questions) == SUBSET_SIZE
    report = run_tatqa(DATASET, tmp_path, answer_from={"table"}, limit=SUBSET_SIZE, embedder=embedder)
    accuracy = report.accuracy()
    print(
        f"\nTAT-QA subset ({SUBSET_SIZE} table span/multi-span questions, {len(contexts)} documents): "
        f"exact match {accuracy:.3f}"
    )
    assert accuracy >= SUBSET_ACCURACY_MIN
