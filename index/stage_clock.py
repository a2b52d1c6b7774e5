"""Where a query's time goes: milliseconds per named stage, for the result and the benchmark."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class StageClock:
    """Laps of one query: each `lap(stage)` adds the time since the previous lap to `stage`."""

    ms: dict[str, float] = field(default_factory=dict)
    started: float = field(default_factory=lambda: time.perf_counter())
    last: float = 0.0

    def lap(self, stage: str) -> None:
        """Charge the time since the previous lap (or the start) to `stage`."""
        now = time.perf_counter()
        self.ms[stage] = self.ms.get(stage, 0.0) + (now - (self.last or self.started)) * 1000
        self.last = now

    def total_ms(self) -> float:
        """Milliseconds from the start to the last lap."""
        return ((self.last or self.started) - self.started) * 1000
