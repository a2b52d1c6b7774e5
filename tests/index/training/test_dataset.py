"""Training rows' weights: a figure many rows state counts once for its question."""

from __future__ import annotations

import numpy as np
import pytest

from index.training.dataset import question_weights


def test_the_right_rows_of_one_question_share_one_unit_of_weight():
    labels = np.array([1, 1, 1, 0, 0, 1, 0, 0, 0])
    owners = np.array([7, 7, 7, 7, 7, 9, 9, 9, 9])
    weights = question_weights(labels, owners)
    assert weights == pytest.approx(np.array([1 / 3] * 3 + [1] * 6) * 9 / 7)


def test_interleaved_questions_and_a_question_with_no_right_row():
    labels = np.array([0, 1, 0, 1, 0, 1, 0])
    owners = np.array([5, 2, 8, 5, 2, 2, 5])  # question 8 has no right row
    weights = question_weights(labels, owners)
    assert weights[[1, 5]].sum() == pytest.approx(weights[3])
    assert weights[0] == weights[2] == weights[4] == weights[6]
    assert weights.mean() == pytest.approx(1.0)


def test_no_rows_no_weights():
    assert question_weights(np.zeros(0, dtype=int), np.zeros(0, dtype=int)).shape == (0,)
