"""The onnxruntime encoder against the torch model it was exported from, on invented texts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import index.embedder as embedder_module
from index.embedder import Embedder, SentenceTransformerEmbedder, load_embedder, model_name
from index.search import Searcher

pytestmark = pytest.mark.model

TEXTS = [
    "Operating revenue rose 4% to USD 1,204 million in the second half.",
    "Net loss per share (diluted)",
    "Cash and cash equivalents at end of period 3,310 2,981",
    "The board approved a dividend of 12 yen per share for the fiscal year ending March 2031. " * 30,
    "Headcount",
]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    """The texts embedded by sentence-transformers on torch."""
    return SentenceTransformerEmbedder().encode(TEXTS)


def test_fp32_gives_the_torch_models_vectors_in_input_order(embedder, reference):
    vectors = embedder.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    assert np.all(np.sum(vectors * reference, axis=1) > 0.99999)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_text_alone_embeds_as_it_does_in_a_padded_batch(embedder):
    alone = embedder.encode([TEXTS[1]])[0]
    in_batch = embedder.encode(TEXTS)[1]
    assert float(alone @ in_batch) > 0.99999


def test_many_texts_run_side_by_side_and_come_back_in_input_order(embedder, monkeypatch):
    texts = [f"{text} ({n})" for n in range(4) for text in TEXTS]
    assert len(texts) > embedder.batch_size
    monkeypatch.setattr(embedder_module, "BULK_WORKERS", 2)
    side_by_side = embedder.encode(texts)
    monkeypatch.setattr(embedder_module, "BULK_WORKERS", 1)
    assert np.array_equal(side_by_side, embedder.encode(texts))
    one_by_one = np.vstack([embedder.encode([text]) for text in texts])
    assert np.all(np.sum(side_by_side * one_by_one, axis=1) > 0.99999)


def test_int8_stays_close_and_keeps_the_nearest_text(reference):
    int8 = load_embedder("int8")
    vectors = int8.encode(TEXTS)
    assert np.all(np.sum(vectors * reference, axis=1) > 0.97)
    query = int8.encode(["how much was operating revenue"])[0]
    assert int(np.argmax(vectors @ query)) == 0


def test_no_texts_give_an_empty_matrix(embedder):
    assert embedder.encode([]).shape == (0, 384)


def test_the_first_use_on_a_machine_exports_the_graph_quietly(embedder, tmp_path):
    """With an empty cache the model is exported from the bundled weights, once, without noise,
    and gives the same vectors as the cached graph."""
    code = (
        "import sys; from index.embedder import Embedder; "
        "sys.stdout.write(','.join(f'{x:.6f}' for x in Embedder().encode(['Net sales by segment'])[0])); "
        "Embedder('int8').encode(['Net sales by segment'])"
    )
    env = {**os.environ, "DOCQA_CACHE": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "warning" not in run.stderr.lower()
    assert list((tmp_path / "onnx").glob("*/model-fp32.onnx"))
    assert list((tmp_path / "onnx").glob("*/model-int8.onnx"))
    exported = np.array([float(x) for x in run.stdout.split(",")])
    assert float(exported @ embedder.encode(["Net sales by segment"])[0]) > 0.99999


def test_an_unknown_precision_is_refused_naming_the_setting():
    with pytest.raises(ValueError, match="precision"):
        Embedder("fp16")
    env = {**os.environ, "DOCQA_PASSAGE_PRECISION": "INT8"}
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "--help"], env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode != 0
    assert "DOCQA_PASSAGE_PRECISION must be one of fp32, int8, not 'INT8'" in run.stderr


def test_int8_passages_are_recorded_and_switching_back_embeds_again(tmp_path):
    """`DOCQA_PASSAGE_PRECISION=int8` builds an index that says so; a later fp32 build
    does not reuse its vectors, and questions find the passage either way."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text(
        "Quarterly update\n\nOperating revenue rose to USD 1,204 million on strong shipments.\n\n"
        "The head office moved to a new building in the harbour district.\n",
        encoding="utf-8",
    )
    index_dir = tmp_path / "index"

    def build(precision: str) -> str:
        env = {**os.environ, "DOCQA_PASSAGE_PRECISION": precision}
        command = [sys.executable, "-m", "app.cli", "build", str(docs), "--index", str(index_dir)]
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        return run.stdout

    build("int8")
    assert json.loads((index_dir / "manifest.json").read_text())["model"] == model_name("int8")
    searcher = Searcher(index_dir)
    found = searcher.search("how much was operating revenue", k=1)
    searcher.close()
    assert "1,204" in found.passages[0].text
    assert "embedded 1 units" in build("fp32")
    assert json.loads((index_dir / "manifest.json").read_text())["model"] == model_name("fp32")


def test_answering_a_question_loads_neither_torch_nor_the_training_code(corpus_index):
    """Importing torch or scikit-learn is seconds of a cold start; `ask` needs neither."""
    code = (
        "import sys; from app.cli import main; "
        f"rc = main(['ask', 'operating income', '--index', {str(corpus_index)!r}]); "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'sklearn') if m in sys.modules]; "
        "print('HEAVY', heavy, file=sys.stderr); sys.exit(rc)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "HEAVY []" in run.stderr
