"""The public face of the index package: ask questions, reindex, list sources.

An `Engine` holds one embedder and the serving `Searcher`. A reindex builds a new version
on disk while the old searcher keeps answering, then swaps the reference in one assignment,
so a question sees either the old index or the new one, never a half-built one.
"""

from __future__ import annotations

import logging
import threading

import faiss

from . import store
from .build import IndexSummary, Progress, build_index
from .embed import Embedder
from .records import Result
from .search import ArticleInfo, QuestionRejected, Searcher, Snapshot
from .settings import Settings

log = logging.getLogger(__name__)


class IndexMissing(RuntimeError):
    """No index has been built yet (and building one was not asked for)."""


class Engine:
    """Question answering over the corpus named in `settings`."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        # Process-wide in FAISS. One question is one query: OpenMP threads only add contention
        # with the embedder's own threads (measured on 2 cores: 2.79 ms -> 0.023 ms per search).
        faiss.omp_set_num_threads(settings.faiss_threads)
        self.embedder = embedder or Embedder(
            settings.model,
            settings.device,
            settings.batch_size,
            backend=settings.backend,
            cache_dir=settings.index_dir / "models",
        )
        self._searcher: Searcher | None = None
        self._load_lock = threading.Lock()

    @property
    def store(self) -> store.IndexStore:
        return store.IndexStore(self.settings.index_dir)

    @property
    def searcher(self) -> Searcher:
        """The serving searcher; loads the published index on first use."""
        searcher = self._searcher
        if searcher is None:
            with self._load_lock:
                if self._searcher is None:
                    self._searcher = self._open()
                searcher = self._searcher
        return searcher

    def load(self, build_if_missing: bool = True, progress: Progress | None = None) -> IndexSummary | None:
        """Open the published index, building it first when there is none or it is unreadable."""
        if self.store.current() is None:
            if not build_if_missing:
                raise IndexMissing(f"no index in {self.settings.index_dir}: run `qabot index` first")
            log.info("no index yet in %s: building it from %s", self.settings.index_dir, self.settings.corpus)
            return self.reindex(progress=progress)
        try:
            self.searcher
        except store.IndexCorrupted as exc:
            log.error("%s; rebuilding the index from the corpus", exc)
            return self.reindex(full=True, progress=progress)
        return None

    def ask(self, question: str, k: int | None = None) -> Result:
        return self.searcher.ask(question, k)

    def ask_many(self, questions: list[str], k: int | None = None) -> list[Result]:
        return self.searcher.ask_many(questions, k)

    def answer_batch(self, questions: list[str], ks: list[int | None]) -> list[Result | QuestionRejected]:
        """Answers for concurrent askers, embedded together (see `bot.batching`)."""
        return self.searcher.answer_batch(questions, ks)

    def sources(self) -> list[ArticleInfo]:
        return self.searcher.articles()

    def reindex(self, full: bool = False, progress: Progress | None = None) -> IndexSummary:
        """Update the index on disk, then swap the serving searcher to it.

        Raises `store.ReindexInProgress` when another reindex runs; on any failure the
        previous searcher keeps serving.
        """
        summary = build_index(
            self.settings.corpus,
            self.settings.index_dir,
            self.embedder,
            full=full,
            embed_titles=self.settings.embed_titles,
            exact_limit=self.settings.exact_limit,
            bm25=self.settings.bm25_candidates > 0,
            max_article_bytes=int(self.settings.max_article_mb * 1_000_000),
            progress=progress,
        )
        fresh = self._open()
        self._searcher = fresh
        return summary

    def _open(self) -> Searcher:
        version = self.store.current()
        if version is None:
            raise IndexMissing(f"no index in {self.settings.index_dir}: run `qabot index` first")
        return Searcher(Snapshot(version), self.embedder, self.settings)
