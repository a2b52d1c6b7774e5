"""How a build's progress is worded, the same in the command line and the app."""

from __future__ import annotations


def rate_and_time_left(done: int, total: int, elapsed: float) -> str:
    """`5.6 files/min, about 43 s left` once a file is done, else ""."""
    if not done or elapsed <= 0:
        return ""
    rate = done / elapsed
    return f"{rate * 60:.1f} files/min, about {duration((total - done) / rate)} left"


def duration(seconds: float) -> str:
    """`45 s`, `12 min`, `2.5 h`."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
