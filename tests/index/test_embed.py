"""The embedding model: the ONNX export is graph-optimized, checked against torch, and reused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index import Embedder
from index.embed import MIN_BACKEND_COSINE

TEXTS = [
    "How much did the Marlow Bay barrier cost?",
    "The barrier cost 412 million euros, nearly twice the budget approved in 2019.",
    "Ash closed the Catania airport.",
]


def test_the_onnx_export_is_optimized_verified_against_torch_and_reused(shared_embedder: Embedder) -> None:
    if shared_embedder.backend != "onnx":
        pytest.skip("ONNX Runtime is not installed here: the torch backend serves")
    cache = Path(str(shared_embedder._cache_dir))
    (export,) = cache.glob("onnx-*")
    record = json.loads((export / "qabot-verified.json").read_text())
    assert record["file_name"] == "onnx/model_O3.onnx" and (export / record["file_name"]).is_file()
    assert record["min_cosine"] >= MIN_BACKEND_COSINE
    assert not (export / "onnx" / "model.onnx").exists()  # the optimized file replaced the plain one

    reused = Embedder(backend="onnx", cache_dir=cache)
    vectors = reused.encode(TEXTS)
    assert sorted(p.name for p in cache.iterdir()) == [export.name]  # loaded from the cache, no new export
    reference = Embedder(backend="torch").encode(TEXTS)
    assert np.min(np.sum(vectors * reference, axis=1)) >= MIN_BACKEND_COSINE
