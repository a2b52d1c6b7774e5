"""Laps charged to stages, against a clock the test moves."""

from __future__ import annotations

import pytest

from index import stage_clock
from index.stage_clock import StageClock


def test_each_lap_charges_the_time_since_the_previous_one(monkeypatch):
    now = iter([10.0, 10.5, 10.75, 11.0, 12.0])
    monkeypatch.setattr(stage_clock.time, "perf_counter", lambda: next(now))
    clock = StageClock()  # started at 10.0
    clock.lap("embed")  # 10.5
    clock.lap("dense")  # 10.75
    clock.lap("embed")  # 11.0: a stage met twice adds up
    clock.lap("answer")  # 12.0
    assert clock.ms == pytest.approx({"embed": 750.0, "dense": 250.0, "answer": 1000.0})
    assert clock.total_ms() == pytest.approx(2000.0)
