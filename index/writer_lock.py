"""One writer per index: an exclusive lock file beside the index folder.

Two builds of one index (two CLI runs, or the CLI and the app's upload) would each
write a complete new index and the last to swap in would silently undo the other.
A build therefore takes `.<index>.lock` with `flock` (released by the kernel when
the process ends, so a killed build never leaves a lock behind) and a second
writer is refused at once with a sentence naming the holder.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class IndexBusyError(Exception):
    """Another process is writing this index."""


def lock_path(index_dir: Path) -> Path:
    """The lock file of an index folder."""
    return index_dir.parent / f".{index_dir.name}.lock"


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's writer lock for the block, or raise `IndexBusyError` when another
    process holds it."""
    path = lock_path(index_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "another process"
            raise IndexBusyError(
                f"another build (process {holder}) is writing the index {index_dir}; "
                "wait for it to finish and try again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
