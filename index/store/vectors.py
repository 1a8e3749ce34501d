"""Where a version's vectors live: the small protocol the builder and the searcher use.

    VectorIndex     what a search reads: `ntotal`, `search(queries, k)`, `reconstruct(id)`
                    (a `faiss.Index` is one as it is)
    VectorStore     saves a version's vectors, loads them for reading, hands the builder a
                    working copy, and hears which versions remain after a publish

`LocalVectors` keeps them in the version's folder as a FAISS file (the default); the Milvus
store (`index.store.milvus`) keeps them in one collection per version on a Milvus engine,
embedded (Milvus Lite, a file path) or a server (`http://host:19530`). Either way the version's
folder holds its catalogue, lexical statistics and manifest, and the CURRENT pointer decides
what serves, so a reader never sees half a version.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import faiss
import numpy as np

from index.store import versions as store


@runtime_checkable
class VectorIndex(Protocol):
    """The vectors of one version, read by sentence id."""

    @property
    def ntotal(self) -> int: ...

    def search(self, x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(scores, ids) of shape (len(x), k), best first; ids of -1 pad a short result."""
        ...

    def reconstruct(self, key: int) -> np.ndarray: ...


class VectorStore(Protocol):
    """Keeps the vectors of index versions."""

    kind: str  # recorded in the manifest: an index built for one store is rebuilt for another

    def save(self, vectors: faiss.Index, version: Path) -> None:
        """Store `vectors` as the vectors of the version being built in `version` (its folder)."""
        ...

    def load(self, version: Path) -> VectorIndex:
        """The vectors of a verified version; raises IndexCorrupted when they are not all there."""
        ...

    def working_copy(self, version: Path) -> faiss.Index:
        """The vectors of `version` as an in-memory FAISS index an incremental build changes."""
        ...

    def published(self, kept: Sequence[Path]) -> None:
        """After a publish: `kept` are the versions left, newest (serving) last; drop the rest."""
        ...


class LocalVectors:
    """The vectors in the version's folder, as the FAISS file `vectors.faiss`."""

    kind = "local"

    def save(self, vectors: faiss.Index, version: Path) -> None:
        store.write_vectors(vectors, version / store.VECTORS_FILE)

    def load(self, version: Path) -> VectorIndex:
        index: VectorIndex = store.read_vectors(version / store.VECTORS_FILE)
        return index

    def working_copy(self, version: Path) -> faiss.Index:
        return store.read_vectors(version / store.VECTORS_FILE)

    def published(self, kept: Sequence[Path]) -> None:
        """Nothing to do: the files went with their folders."""
