"""The build's embedding step, behind one small interface so it can fan out.

The builder parses a document, hands its texts to an `EmbeddingStage` as an
`EmbeddingJob`, and writes the `EmbeddedDocument` it gets back. Today the stage
runs in this process (`InProcessEmbedding`, the bundled MiniLM on the CPU). A job
holds plain strings and the result plain arrays, so the same contract maps onto a
distributed runner: Ray Data's `map_batches` over a dataset of jobs, each batch
returning the vectors to the single writer, or any worker pool that ships texts
out and vectors back. Nothing in the builder knows which one runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from index.embedder import PASSAGE_PRECISION, Embedder, load_embedder
from index.furniture import furniture_similarity, prototype_vectors


@dataclass(frozen=True)
class EmbeddingJob:
    """One document's texts to embed: its units' embedded forms, and the short texts (row
    labels, column headers, unit lines) that no store holds a vector for yet."""

    name: str
    unit_texts: list[str]
    short_texts: list[str]


@dataclass(frozen=True)
class EmbeddedDocument:
    """The vectors of one job, in the order of its texts (unit-length float32 rows), and the
    unit vectors' closest cosine to the page-furniture prototypes."""

    name: str
    unit_vectors: np.ndarray
    short_vectors: np.ndarray
    furniture_similarity: np.ndarray


class EmbeddingStage(Protocol):
    """Turns jobs into vectors; results come back in the order of the jobs."""

    name: str

    def embed(self, jobs: list[EmbeddingJob]) -> list[EmbeddedDocument]:
        """The vectors of each job."""
        ...


class InProcessEmbedding:
    """Embeds in this process, loading the model on the first job (a build that embeds
    nothing never loads it). Passages go to the encoder at `PASSAGE_PRECISION` (the one the
    index's manifest names), short texts to the exact one; a stand-in `embedder` (a test's
    fake, the benchmark's hashing encoder) embeds both."""

    name = "in-process"

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder
        exact_passages = PASSAGE_PRECISION == "fp32"
        self._passages = embedder if exact_passages or not isinstance(embedder, Embedder) else None

    @property
    def embedder(self) -> Embedder:
        """The exact (fp32) encoder for short texts, loaded once per process."""
        if self._embedder is None:
            self._embedder = load_embedder()
        return self._embedder

    @property
    def passage_embedder(self) -> Embedder:
        """The encoder for passages, loaded once per process."""
        if self._passages is None:
            self._passages = load_embedder(PASSAGE_PRECISION)
        return self._passages

    def embed(self, jobs: list[EmbeddingJob]) -> list[EmbeddedDocument]:
        """Each job's unit and short-text vectors, and the furniture similarity of its units."""
        return [self._one(job) for job in jobs]

    def _one(self, job: EmbeddingJob) -> EmbeddedDocument:
        units = self.passage_embedder.encode(job.unit_texts)
        short = self.embedder.encode(job.short_texts)
        # The prototypes are embedded once per model (`prototype_vectors` remembers them).
        prototypes = prototype_vectors(self.embedder)
        return EmbeddedDocument(job.name, units, short, furniture_similarity(units, prototypes))
