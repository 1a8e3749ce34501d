"""Child process for the SIGKILL test: reindexes in a loop, printing each stage as it reaches it.

It embeds with a deterministic hash embedder (the store's crash safety does not depend on the
model) so that each run is quick; the parent kills it at random moments.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import numpy as np

from index import Embedder, Engine, Settings


class HashEmbedder(Embedder):
    model_id = "hash-embedder"

    def __init__(self) -> None:
        super().__init__(batch_size=4)
        self.model_id = "hash-embedder"

    @property
    def dim(self) -> int:
        return 32

    def _encode(self, texts: list[str]) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            vector = np.random.default_rng(seed).standard_normal(32).astype(np.float32)
            rows.append(vector / np.linalg.norm(vector))
        return np.vstack(rows)


def main(corpus: Path, index_dir: Path) -> None:
    engine = Engine(Settings(corpus=corpus, index_dir=index_dir, batch_size=4, embed_titles=False), embedder=HashEmbedder())

    def report(stage: str, done: int, total: int) -> None:
        print(f"{stage} {done}/{total}", flush=True)

    print("ready", flush=True)
    while True:
        engine.reindex(full=True, progress=report)
        print("published", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
