"""Build progress wording: rate and time left once a file is done."""

from __future__ import annotations

import pytest

from app.progress_text import duration, rate_and_time_left


def test_nothing_is_estimated_before_the_first_file_is_done():
    assert rate_and_time_left(0, 10, 5.0) == ""


def test_rate_and_time_left_follow_the_files_done():
    # 2 files in 60 s: 2 files/min, 8 left take 4 minutes.
    assert rate_and_time_left(2, 10, 60.0) == "2.0 files/min, about 4 min left"


@pytest.mark.parametrize(("seconds", "text"), [(45, "45 s"), (720, "12 min"), (9000, "2.5 h")])
def test_durations_read_at_a_glance(seconds, text):
    assert duration(seconds) == text
