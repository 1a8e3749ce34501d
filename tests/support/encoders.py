"""Encoder doubles: they implement `index.Encoder`, the seam build and search depend on."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from index import Encoder


class CountingEncoder:
    """Another encoder (the real model, usually), recording every text it embeds."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.embedded: list[str] = []

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return self.inner.encode(texts)


class HashEncoder:
    """A deterministic pseudo-random unit vector per text: no model, instant.

    For tests where the store's behaviour, not the meaning of vectors, is under test.
    """

    name = "hash-encoder"
    dimension = 32

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows: list[np.ndarray] = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            vector = np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
            rows.append(vector / np.linalg.norm(vector))
        return np.vstack(rows) if rows else np.zeros((0, self.dimension), dtype=np.float32)
