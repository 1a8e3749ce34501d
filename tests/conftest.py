"""Fixtures: one real embedding model per test session, and the seed corpus on disk.

Helpers that tests import live in `tests/support/`, not here.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import Embedder, Engine, Settings
from tests.support.encoders import CountingEncoder
from tests.support.paths import SEED_CORPUS
from tests.support.postgres import new_database, postgres_server


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


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """One real PostgreSQL server for the test session (skipped, named, where none is installed)."""
    with postgres_server() as url:
        yield url


@pytest.fixture
def database_url(postgres_server_url: str, request: pytest.FixtureRequest) -> str:
    """A fresh database of that server, this test's own."""
    name = "test_" + re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:50]
    return new_database(postgres_server_url, name)
