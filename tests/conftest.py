"""Shared fixtures: one real embedding model per test session, and small corpora on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import Embedder, Engine, Settings

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
SEED_FILE = SEED_CORPUS / "coalition-strikes-isis-syria.md"


class CountingEmbedder(Embedder):
    """The real embedder, counting what it embeds (to prove incremental reindex)."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner._model_path, batch_size=inner.batch_size)
        self.backend = inner.backend
        self._model = inner.model
        self.embedded: list[str] = []

    def _encode(self, texts: list[str]):  # type: ignore[override]
        self.embedded.extend(texts)
        return super()._encode(texts)


@pytest.fixture(scope="session")
def shared_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """The default backend (ONNX when it matches torch), exported once per test session."""
    embedder = Embedder(backend="auto", cache_dir=tmp_path_factory.mktemp("models"))
    embedder.model  # load once for the whole session
    return embedder


@pytest.fixture
def embedder(shared_embedder: Embedder) -> CountingEmbedder:
    return CountingEmbedder(shared_embedder)


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    return corpus


@pytest.fixture
def seed_engine(tmp_path: Path, seed_corpus: Path, embedder: CountingEmbedder) -> Engine:
    engine = Engine(Settings(corpus=seed_corpus, index_dir=tmp_path / "index"), embedder=embedder)
    engine.load()
    return engine
