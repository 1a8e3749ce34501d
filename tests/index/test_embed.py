"""The embedding model: the shipped first-stage weights laid over the packaged model; the ONNX
export is graph-optimized, checked against torch, reused, and served without torch."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index import Embedder, Engine, Settings
from index.encode import first_stage
from index.encode.embed import MIN_BACKEND_COSINE, ONNX_FILE, PACKAGED_MODEL_ID
from index.encode.onnx_model import OnnxSentenceModel, UnsupportedModel
from tests.support.encoders import CountingEncoder

TEXTS = [
    "How much did the Marlow Bay barrier cost?",
    "The barrier cost 412 million euros, nearly twice the budget approved in 2019.",
    "Ash closed the Catania airport.",
]


def test_the_onnx_export_is_optimized_verified_against_torch_and_reused(shared_embedder: Embedder) -> None:
    if shared_embedder.backend != "onnx":
        pytest.skip("ONNX Runtime is not installed here: the torch backend serves")
    cache = Path(str(shared_embedder._cache_dir))
    (tuned,) = cache.glob("first-stage-*")  # the packaged model with the shipped weights, made once
    (export,) = cache.glob("onnx-*")
    assert tuned.name in export.name  # exported from the tuned folder, not from the packaged one
    record = json.loads((export / "qabot-verified.json").read_text())
    assert record["file_name"] == ONNX_FILE and (export / record["file_name"]).is_file()
    assert record["min_cosine"] >= MIN_BACKEND_COSINE
    assert not (export / "onnx" / "model.onnx").exists()  # the optimized file replaced the plain one

    reused = Embedder(backend="onnx", cache_dir=cache)
    vectors = reused.encode(TEXTS)
    assert sorted(p.name for p in cache.iterdir()) == sorted([tuned.name, export.name])  # from the cache, no new export
    reference = Embedder(backend="torch").encode(TEXTS)
    assert np.min(np.sum(vectors * reference, axis=1)) >= MIN_BACKEND_COSINE


AWKWARD = [
    "",
    "   leading and trailing spaces   ",
    "Ünïcödé, 東京 and emoji 🚀 in one line.",
    "Rain fell all week. " * 25 + "The match was cancelled. " * 60,  # past 256 tokens: cut at the same one
    "Short.",
]

SERVE_WITHOUT_TORCH = """
import json, sys
from pathlib import Path
import numpy as np
from index import Embedder
embedder = Embedder(backend="onnx", cache_dir=Path(sys.argv[1]))
np.save(sys.argv[2], embedder.encode(json.loads(sys.argv[3])))
print(json.dumps({name: name in sys.modules for name in ("torch", "transformers", "sentence_transformers")}))
"""


def test_an_exported_model_serves_without_torch_and_embeds_like_it(shared_embedder: Embedder, tmp_path: Path) -> None:
    if shared_embedder.backend != "onnx":
        pytest.skip("ONNX Runtime is not installed here: the torch backend serves")
    texts = TEXTS + AWKWARD
    out = tmp_path / "vectors.npy"
    child = subprocess.run(
        [sys.executable, "-c", SERVE_WITHOUT_TORCH, str(shared_embedder._cache_dir), str(out), json.dumps(texts)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert json.loads(child.stdout.splitlines()[-1]) == {
        "torch": False,
        "transformers": False,
        "sentence_transformers": False,
    }
    reference = Embedder(backend="torch").encode(texts)
    vectors = np.load(out)
    assert vectors.shape == reference.shape
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.min(np.sum(vectors * reference, axis=1)) >= MIN_BACKEND_COSINE
    # One implementation behind single and batch calls: a text embeds the same alone.
    alone = np.vstack([shared_embedder.encode([text]) for text in texts])
    assert np.min(np.sum(alone * vectors, axis=1)) >= 0.99999


def test_a_layout_the_runtime_cannot_run_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "modules.json").write_text(
        json.dumps([{"idx": 0, "name": "0", "path": "", "type": "x.Transformer"}, {"path": "1", "type": "x.Dense"}])
    )
    with pytest.raises(UnsupportedModel, match="Dense"):
        OnnxSentenceModel.load(tmp_path, "onnx/model.onnx")


def test_the_shipped_first_stage_is_the_file_its_record_and_model_card_name() -> None:
    digest = hashlib.sha256(first_stage.WEIGHTS.read_bytes()).hexdigest()
    assert digest == first_stage.sha256()
    assert digest in (first_stage.FOLDER / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_the_tuned_first_stage_embeds_otherwise_and_its_index_is_rebuilt_not_mixed(
    shared_embedder: Embedder, seed_corpus: Path, tmp_path: Path
) -> None:
    plain = Embedder(backend="torch", tuned=False)
    assert plain.name == PACKAGED_MODEL_ID and shared_embedder.name == first_stage.model_id(PACKAGED_MODEL_ID)
    question = ["Where were the missile strikes launched from?"]
    assert float(plain.encode(question)[0] @ shared_embedder.encode(question)[0]) < 0.99  # the weights do change it

    settings = Settings(corpus=seed_corpus, index_dir=tmp_path / "index")
    with Engine(settings, encoder=plain) as engine:
        engine.load()
    counting = CountingEncoder(shared_embedder)
    with Engine(settings, encoder=counting) as engine:
        engine.load()
        answer = engine.ask(question[0])
    assert len(counting.embedded) > 10  # every sentence embedded again: vectors of two models never mix
    assert "Ash Shaddadi" in answer.answers[0].quote


def test_weights_that_do_not_fit_the_packaged_model_are_refused_by_name(tmp_path: Path) -> None:
    import torch
    from safetensors.torch import save_file
    from sentence_transformers import SentenceTransformer

    from index.encode.embed import packaged_model_path

    wrong = tmp_path / "wrong.safetensors"
    save_file({"encoder.layer.0.output.dense.weight": torch.zeros(384, 1536)}, str(wrong))
    with pytest.raises(RuntimeError, match=r"wrong\.safetensors does not fit"):
        first_stage.lay_over(SentenceTransformer(packaged_model_path(), device="cpu"), wrong)
