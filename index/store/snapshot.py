"""One published index version, loaded for reading: vectors, catalogue and lexical statistics."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from index.errors import IndexCorrupted
from index.store import versions as store
from index.store.catalog import Catalog
from index.store.lexical import LexicalIndex
from index.store.vectors import LocalVectors, VectorIndex, VectorStore


class Snapshot:
    """Immutable once loaded; shared by the search threads until a reindex swaps it out."""

    def __init__(self, version: Path, vector_store: VectorStore | None = None) -> None:
        """Load `version` after checking every file against its manifest's checksums, and that
        vectors, catalogue and lexical statistics hold the same sentences. Raises IndexCorrupted
        (and StoreUnavailable when its vectors are in a store that cannot be reached)."""
        self.version = version
        self.manifest: dict[str, Any] = store.verify(version)
        self.vectors: VectorIndex = (vector_store or LocalVectors()).load(version)
        self.catalog = Catalog(version / store.META_FILE, readonly=True)
        try:
            self.lexical = LexicalIndex.load(version / store.LEXICAL_DIR)
            _, sentences = self.catalog.counts()
            if not sentences == self.vectors.ntotal == self.lexical.size == self.manifest.get("sentences"):
                raise IndexCorrupted(
                    f"index files in {version} disagree: {sentences} sentences in the catalogue, "
                    f"{self.vectors.ntotal} vectors, {self.lexical.size} in the lexical statistics"
                )
        except (OSError, ValueError, sqlite3.DatabaseError) as exc:
            self.catalog.close()
            raise IndexCorrupted(f"cannot read index files in {version}: {exc}") from None
        except IndexCorrupted:
            self.catalog.close()
            raise

    @property
    def size(self) -> int:
        return int(self.vectors.ntotal)

    def close(self) -> None:
        self.catalog.close()
