"""The seam between the index and whatever turns text into vectors.

Build and search depend on this protocol only. `Embedder` (sentence-transformers, ONNX or
torch) implements it; so do the test doubles in `tests/support/encoders.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalized float32 vectors of a fixed dimension."""

    @property
    def name(self) -> str:
        """Identifies the model: an index built with another name is rebuilt in full."""
        ...

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """A `(len(texts), dimension)` float32 array, one normalized row per text."""
        ...
