"""Fixtures: one real embedding model per test session, and the seed corpus on disk.

Helpers that tests import live in `tests/support/`, not here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import Embedder, Engine, Settings
from tests.support.encoders import CountingEncoder
from tests.support.paths import SEED_CORPUS


@pytest.fixture(scope="session")
def shared_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    """The default backend (ONNX when it matches torch), exported once per test session."""
    embedder = Embedder(backend="auto", cache_dir=tmp_path_factory.mktemp("models"))
    _ = embedder.model  # load once for the whole session
    return embedder


@pytest.fixture
def embedder(shared_embedder: Embedder) -> CountingEncoder:
    return CountingEncoder(shared_embedder)


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    return corpus


@pytest.fixture
def seed_engine(tmp_path: Path, seed_corpus: Path, embedder: CountingEncoder) -> Engine:
    engine = Engine(Settings(corpus=seed_corpus, index_dir=tmp_path / "index"), encoder=embedder)
    engine.load()
    return engine
