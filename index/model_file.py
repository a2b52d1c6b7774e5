"""The shared shape of the fitted models' files (`index/models/*.json`).

A model file holds the feature names it was fitted on and the model: for a linear one
their standardisation (mean, scale), the weights and the intercept, for trees their node
arrays (`index.boosted_trees`), rounded so refits compare by bytes, plus whatever the model
adds (calibration, threshold, a training report). One top-level key per line.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

# Six decimals: far below any effect on a ranking, and stable across refits.
DECIMALS = 6


def rounded(values: np.ndarray) -> list[float]:
    """Values as a JSON list, rounded to `DECIMALS`."""
    return [round(float(v), DECIMALS) for v in values]


def linear_score(features: np.ndarray, mean: np.ndarray, scale: np.ndarray, weights, intercept: float):
    """The linear score of standardised feature rows."""
    return ((features - mean) / scale) @ weights + intercept


def linear_json(names: tuple[str, ...], mean, scale, weights, intercept: float, extra: dict) -> str:
    """A model file's text: features, standardisation, weights, intercept, then `extra`."""
    data = {
        "features": list(names),
        "mean": rounded(mean),
        "scale": rounded(scale),
        "weights": rounded(weights),
        "intercept": round(float(intercept), DECIMALS),
        **extra,
    }
    return model_json(data)


def model_json(data: dict) -> str:
    """A model file's text: one top-level key per line, each value written compactly (tree
    arrays run to thousands of numbers; a line each would make the file ten times larger)."""
    lines = [f"{json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}" for key, value in data.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def read_model(
    path: Path, names: tuple[str, ...], what: str, error: type[Exception], needs=(), inputs=None
) -> dict:
    """A model file's data, or `error` (naming `what` and `make train`) when it cannot be read,
    was fitted on other features (or, given `inputs`, other model inputs) or lacks one of the
    keys `needs`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise error(f"cannot read the {what} {path}: {exc}; run 'make train'") from exc
    other_inputs = inputs is not None and tuple(data.get("inputs", ())) != inputs
    if tuple(data.get("features", ())) != names or other_inputs or any(k not in data for k in needs):
        raise error(f"the {what} {path} was fitted on other features; run 'make train' to refit it")
    return data
