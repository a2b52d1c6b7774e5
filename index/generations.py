"""The live index as a link to one complete generation, swapped in one atomic step.

`.docqa/index` is a symbolic link to a folder `.docqa/.index.gen-<stamp>` holding
one complete index. A build writes a new generation beside it and then replaces the
link with `os.replace` (one rename: a reader sees the old index or the new one,
never none); the old generation is removed afterwards. A process killed at any
moment leaves at worst an unused generation or staging folder, which the next
writer removes, or (for an index written before generations, whose folder is
moved aside once) a stranded folder that `recover` links back.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from index.paths import MANIFEST_FILE


def _prefix(index_dir: Path, kind: str) -> str:
    return f".{index_dir.name}.{kind}-"


def live_folder(index_dir: Path) -> Path | None:
    """The generation folder the index link points to (or the folder itself for an index
    written before generations), None when there is no complete index."""
    try:
        folder = index_dir.resolve(strict=True)
    except (FileNotFoundError, RuntimeError, OSError):
        return None
    return folder if (folder / MANIFEST_FILE).is_file() else None


def swap_in(staging: Path, index_dir: Path) -> None:
    """Make the complete index in `staging` the live one, then remove the previous one."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    generation = index_dir.parent / f"{_prefix(index_dir, 'gen')}{time.time_ns()}-{os.getpid()}"
    os.replace(staging, generation)
    previous = live_folder(index_dir) if index_dir.is_symlink() else None
    if index_dir.exists() and not index_dir.is_symlink():
        # An index from before generations: moved aside once (`recover` links it back if
        # the process dies before the link below exists).
        previous = index_dir.parent / f"{_prefix(index_dir, 'gen')}0-legacy-{os.getpid()}"
        os.replace(index_dir, previous)
    _point_to(index_dir, generation)
    if previous is not None and previous != generation:
        shutil.rmtree(previous, ignore_errors=True)


def recover(index_dir: Path) -> str | None:
    """Repair what a killed writer left (call it holding the writer lock): link a stranded
    complete index back when there is no live one, and remove leftovers of unfinished
    builds. Returns a sentence when it restored an index."""
    restored = None
    if live_folder(index_dir) is None:
        stranded = _newest_complete(index_dir)
        if stranded is not None:
            _point_to(index_dir, stranded)
            restored = f"restored the index {index_dir} from {stranded.name}, left by an interrupted build"
    live = live_folder(index_dir)
    for leftover in _leftovers(index_dir):
        # `live` is resolved (absolute); a leftover is named under `index_dir`'s own parent,
        # which may be a relative path: compare where each really is.
        if leftover.parent.resolve() / leftover.name != live:
            if leftover.is_symlink() or leftover.is_file():
                leftover.unlink(missing_ok=True)
            else:
                shutil.rmtree(leftover, ignore_errors=True)
    return restored


def _point_to(index_dir: Path, folder: Path) -> None:
    """Make the index link point to `folder` (beside it) with one `os.replace`, the one step
    that changes what readers open; a dangling link is replaced the same way."""
    link = index_dir.parent / f"{_prefix(index_dir, 'link')}{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(folder.name, link)
    os.replace(link, index_dir)
    _sync(index_dir.parent)


def _newest_complete(index_dir: Path) -> Path | None:
    """The most recent generation (or pre-generation `.old-` folder) with a manifest."""
    parent = index_dir.parent
    if not parent.is_dir():
        return None
    found = [
        p
        for p in parent.iterdir()
        if p.name.startswith((_prefix(index_dir, "gen"), _prefix(index_dir, "old")))
        and (p / MANIFEST_FILE).is_file()
    ]
    return max(found, key=lambda p: (p / MANIFEST_FILE).stat().st_mtime, default=None)


def _leftovers(index_dir: Path) -> list[Path]:
    """Staging folders, half-made links, unused generations and old folders of this index."""
    parent = index_dir.parent
    if not parent.is_dir():
        return []
    kinds = tuple(_prefix(index_dir, k) for k in ("building", "link", "gen", "old"))
    return [p for p in parent.iterdir() if p.name.startswith(kinds)]


def _sync(folder: Path) -> None:
    """Flush a folder's entries to disk (so the new link survives a power cut)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def delete_index(index_dir: Path) -> None:
    """Remove an index entirely (for benchmarks that build from nothing): its link or folder and
    every generation, staging, resume and lock file beside it."""
    parent = index_dir.parent
    if not parent.is_dir():
        return
    for path in parent.iterdir():
        if path != index_dir and not path.name.startswith(f".{index_dir.name}."):
            continue
        if path.is_symlink() or path.is_file():
            path.unlink()
        else:
            shutil.rmtree(path)
