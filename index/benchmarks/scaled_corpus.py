"""Larger corpora for benchmarks, made from real text, and a stand-in encoder for them.

`write_scaled_corpus` copies the default corpus many times with every figure scaled
and every year shifted per copy, so the units differ (no two copies index the same
text) while tables, bullets and prose keep their real shapes. Embedding a corpus a
hundred times the default with MiniLM takes about two hours on two cores, so large
sizes are benchmarked with `HashingEncoder`: the same vector size, unit length and
pipeline, no model. Every row of the benchmark table says which encoder it used.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np

from index.financial_tokenizer import tokenize

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.,])\d+\.\d+(?![\w])")
_YEAR = re.compile(r"(?<!\d)(20[01]\d)(?!\d)")


def write_scaled_corpus(sources: list[Path], folder: Path, copies: int, seed: int = 0) -> list[Path]:
    """Write `copies` perturbed copies of each source text file into `folder` (a file a
    previous run already wrote is kept when it still holds the same text, and written again
    when it does not: a run stopped mid-benchmark can leave a document changed). Returns the
    files written."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written = []
    for copy in range(copies):
        factor = rng.uniform(0.5, 1.5)
        shift = copy % 7
        for source in sources:
            path = folder / f"{copy:04d}_{source.name}"
            text = _perturbed(source.read_text(encoding="utf-8"), factor, shift)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def _perturbed(text: str, factor: float, shift: int) -> str:
    """Figures with a decimal point or thousands separators scaled by `factor` (printed as
    before), years moved by `shift`."""

    def scale(m: re.Match[str]) -> str:
        raw = m.group(0)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        value = float(raw.replace(",", "")) * factor
        return f"{value:,.{decimals}f}" if "," in raw else f"{value:.{decimals}f}"

    text = _NUMBER.sub(scale, text)
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


class HashingEncoder:
    """A stand-in for MiniLM in scale benchmarks: the financial tokens of a text hashed into
    a unit-length vector of MiniLM's size. Deterministic; it finds shared words, not meaning."""

    name = "hashing (stand-in for MiniLM)"
    dimension = 384

    def __init__(self) -> None:
        self.encoded = 0
        self.calls = 0

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Unit vectors, shape (len(texts), 384)."""
        self.calls += 1
        self.encoded += len(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for token in tokenize(text):
                out[i, _bucket(token)] += 1.0
            norm = float(np.linalg.norm(out[i]))
            out[i] = out[i] / norm if norm else out[i]
            if not norm:
                out[i, 0] = 1.0
        return out


def _bucket(token: str) -> int:
    """A stable bucket for a token (Python's `hash` changes between processes)."""
    h = 2166136261
    for byte in token.encode():
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h % HashingEncoder.dimension
