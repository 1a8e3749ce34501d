"""Small corpora written by a test, and an engine indexed over them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from index import Encoder, Engine, Settings


def write_articles(folder: Path, articles: Mapping[str, str]) -> Path:
    """Write each `file name -> content` into `folder` (made if missing); returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def indexed_engine(tmp_path: Path, encoder: Encoder, articles: Mapping[str, str], **settings: Any) -> Engine:
    """An engine over `articles` (in `tmp_path/corpus`, index in `tmp_path/index`), indexed once."""
    corpus = write_articles(tmp_path / "corpus", articles)
    engine = Engine(Settings(corpus=corpus, index_dir=tmp_path / "index", **settings), encoder=encoder)
    engine.reindex()
    return engine
