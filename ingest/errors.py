"""Typed errors a user can cause by handing ingestion a bad file."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file could not be ingested; the message is one sentence naming the file."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{Path(path).name}: {reason}")


class UnsupportedFileError(IngestError):
    """The file type is not one docqa reads (.txt, .md, .pdf)."""


class UnreadableFileError(IngestError):
    """The file has a supported type but is empty, corrupt, encrypted or too large."""
