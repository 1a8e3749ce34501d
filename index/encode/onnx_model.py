"""A sentence-transformers model exported to ONNX, run without torch.

Importing torch, transformers and sentence-transformers takes about 8 s on the project's
machine: most of a cold `qabot ask`, and a ninth of a full index of newsqa-dev. Once the export
exists and is verified (`index/encode/embed.py` does both, with sentence-transformers, once), embedding
needs only what this module uses: the Rust tokenizer, ONNX Runtime and mean pooling. It does
what sentence-transformers does for a Transformer -> mean Pooling -> Normalize model (the same
token ids, truncation at the model's maximum length, mean over the attention mask, unit length),
and `tests/index/test_embed.py` checks the vectors against torch's.

Texts are tokenized once, sorted by token count and batched, so a batch pads to a length its
texts nearly share.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

TRANSFORMER = "Transformer"
POOLING = "Pooling"
NORMALIZE = "Normalize"


class UnsupportedModel(ValueError):
    """The exported folder is not a Transformer -> mean Pooling (-> Normalize) model."""


class OnnxSentenceModel:
    """Embeds texts with an exported sentence-transformers folder: tokenizer, graph, mean pooling."""

    def __init__(self, session: Any, tokenizer: Any, dimension: int) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self.dimension = dimension
        self._inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls, folder: Path, file_name: str, session_options: Any = None) -> OnnxSentenceModel:
        """The model in `folder` (a sentence-transformers save with `file_name` its ONNX graph).

        Raises `UnsupportedModel` for any other module layout, so the caller can fall back to
        sentence-transformers itself.
        """
        import onnxruntime
        from tokenizers import Tokenizer

        max_length, dimension = read_layout(folder)
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        # The saved tokenizer.json pads every text to a fixed length; transformers overrides that
        # per call, and so do we: truncate at the model's maximum, pad to a batch's longest.
        tokenizer.enable_truncation(max_length, strategy="longest_first")
        tokenizer.no_padding()
        session = onnxruntime.InferenceSession(
            str(folder / file_name), session_options, providers=["CPUExecutionProvider"]
        )
        return cls(session, tokenizer, dimension)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One L2-normalized float32 row per text, in the order given."""
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        for start in range(0, len(order), max(batch_size, 1)):
            rows = order[start : start + batch_size]
            out[rows] = self._embed([encodings[i] for i in rows])
        return out

    def _embed(self, encodings: list[Any]) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        types = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            n = len(encoding.ids)
            ids[row, :n] = encoding.ids
            mask[row, :n] = 1
            types[row, :n] = encoding.type_ids
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        (tokens,) = self._session.run(None, {name: value for name, value in feeds.items() if name in self._inputs})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        embedded: np.ndarray = (pooled / norms).astype(np.float32)
        return embedded


def read_layout(folder: Path) -> tuple[int, int]:
    """(maximum tokens, dimension) of a Transformer -> mean Pooling -> Normalize folder."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        kinds = [str(m["type"]).rsplit(".", 1)[-1] for m in modules]
        if kinds != [TRANSFORMER, POOLING, NORMALIZE] or modules[0].get("path", "") != "":
            raise UnsupportedModel(f"modules {kinds}: only {TRANSFORMER}, {POOLING}, {NORMALIZE} run without torch")
        pooling = json.loads((folder / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
        mode = pooling.get("pooling_mode") or ("mean" if pooling.get("pooling_mode_mean_tokens") else "other")
        if mode != "mean":
            raise UnsupportedModel(f"pooling {mode!r}: only mean pooling runs without torch")
        dimension = int(pooling.get("embedding_dimension") or pooling["word_embedding_dimension"])
        sbert = folder / "sentence_bert_config.json"
        limit = json.loads(sbert.read_text(encoding="utf-8")).get("max_seq_length") if sbert.is_file() else None
        if limit is None:
            limit = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))["model_max_length"]
        return int(limit), dimension
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        if isinstance(exc, UnsupportedModel):
            raise
        raise UnsupportedModel(f"cannot read the model layout in {folder}: {exc}") from None
