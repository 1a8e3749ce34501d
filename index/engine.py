"""The one public façade of the index package: ask, reindex, list articles, close.

An `Engine` holds one encoder and the serving `Searcher`. A reindex builds a new version on
disk while the old searcher keeps answering, then swaps the reference in one assignment, so
a question sees either the old index or the new one, never a half-built one.

    with Engine(settings) as engine:
        result = engine.ask("Where were the strikes launched from?")
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Literal

import faiss

from index.answer.judge import Judge, resolve_judge
from index.answer.search import Searcher
from index.encode.embed import Embedder
from index.encode.encoder import Encoder
from index.errors import IndexCorrupted, IndexMissing, QuestionRejected, ReindexInProgress
from index.records import Answer, Result
from index.settings import Settings
from index.store import versions as store
from index.store.build import IndexSummary, Progress, build_index, built_for
from index.store.catalog import ArticleInfo
from index.store.snapshot import Snapshot

log = logging.getLogger(__name__)


class Engine:
    """Question answering over the corpus named in `settings`."""

    def __init__(
        self, settings: Settings, encoder: Encoder | None = None, judge: Judge | Literal["settings"] | None = "settings"
    ) -> None:
        """`encoder` and `judge` let engines share one model (per-server corpora); by default
        the encoder is built, and the judge loaded, from `settings`."""
        self.settings = settings
        # Process-wide in FAISS. One question is one query: OpenMP threads only add contention
        # with the encoder's own threads (measured on 2 cores: 2.79 ms -> 0.023 ms per search).
        faiss.omp_set_num_threads(settings.faiss_threads)
        self.encoder: Encoder = encoder or Embedder(
            settings.model,
            settings.device,
            settings.batch_size,
            backend=settings.backend,
            cache_dir=settings.index_dir / "models",
            tuned=settings.tuned_first_stage,
        )
        if judge == "settings":
            folder = resolve_judge(settings.judge)
            judge = Judge(folder, threads=settings.judge_threads) if folder is not None else None
        self.judge: Judge | None = judge
        self._searcher: Searcher | None = None
        self._store = store.IndexStore(settings.index_dir)
        self._vectors = settings.vector_store()
        self._pointer: tuple[int, int] | None = None  # the CURRENT pointer the searcher was opened at
        self._load_lock = threading.Lock()

    # --- lifecycle -----------------------------------------------------------------------

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Release the serving index (its metadata connection). The engine can load it again."""
        searcher, self._searcher = self._searcher, None
        if searcher is not None:
            searcher.snapshot.close()

    def release(self) -> None:
        """Drop the serving index without closing it under a question in flight: such a question
        finishes with it, and its connection closes when the last reference goes."""
        self._searcher = None

    def load(self, build_if_missing: bool = True, progress: Progress | None = None) -> IndexSummary | None:
        """Open the published index, building it first when there is none or it is damaged.

        A damaged version (a file changed or missing since it was published, or files that
        disagree) is never served: it is set aside, the log names the file, and the index is
        rebuilt from the corpus, starting from the newest intact version when there is one.
        """
        index_store = self._store
        if index_store.writable():  # a read-only index answers; only a writer cleans up
            with contextlib.suppress(ReindexInProgress), index_store.lock():
                index_store.clean_leftovers()  # of a build that crashed; not while another one runs
        if index_store.current() is None:
            if not build_if_missing:
                raise IndexMissing(f"no index in {self.settings.index_dir}: run `qabot index` first")
            log.info("no index yet in %s: building it from %s", self.settings.index_dir, self.settings.corpus)
            return self.reindex(progress=progress)
        try:
            searcher = self._serving()
        except IndexCorrupted as exc:
            damaged = index_store.current()
            log.error("%s; setting %s aside and rebuilding from the corpus", exc, damaged.name if damaged else "it")
            if damaged is not None:
                index_store.set_aside(damaged)
            return self.reindex(progress=progress)
        if not built_for(searcher.snapshot.manifest, self.encoder, self.settings.title_weight, self._vectors.kind):
            # Vectors of another model (or title weight, or format) never meet this one's questions.
            log.info("the index in %s was built with another model or format: rebuilding it", self.settings.index_dir)
            return self.reindex(progress=progress)
        return None

    def has_index(self) -> bool:
        """Whether an index was ever published here (it may still need a rebuild at `load`)."""
        return self._store.current() is not None

    # --- questions -----------------------------------------------------------------------

    def ask(self, question: str, k: int | None = None) -> Result:
        """The answer to one question; raises QuestionRejected when it cannot be searched."""
        outcome = self.ask_batch([question], k)[0]
        if isinstance(outcome, QuestionRejected):
            raise outcome
        return outcome

    def ask_batch(
        self, questions: Sequence[str], k: int | Sequence[int | None] | None = None
    ) -> list[Result | QuestionRejected]:
        """Answers to several questions, embedded in one call.

        `k` is one number for all or one per question (None: `settings.top_k`). A question
        that cannot be searched yields its QuestionRejected in place, and the others go on.
        """
        ks = list(k) if isinstance(k, Sequence) else [k] * len(questions)
        return self._serving().search_batch(questions, ks)

    def answer_for(self, sentence_id: int) -> Answer | None:
        """One sentence as an answer (with its context), or None when it is no longer indexed."""
        return self._serving().answer_for(sentence_id)

    def articles(self) -> list[ArticleInfo]:
        """The indexed articles, by title."""
        return self._serving().snapshot.catalog.articles()

    @property
    def snapshot(self) -> Snapshot:
        """The serving index version (for benchmarks and diagnostics; read only)."""
        return self._serving().snapshot

    # --- reindex -------------------------------------------------------------------------

    def reindex(self, full: bool = False, progress: Progress | None = None) -> IndexSummary:
        """Update the index on disk, then swap the serving searcher to it.

        Raises ReindexInProgress when another reindex runs; on any failure the previous
        searcher keeps serving.
        """
        settings = self.settings
        summary = build_index(
            settings.corpus,
            settings.index_dir,
            self.encoder,
            full=full,
            title_weight=settings.title_weight,
            exact_limit=settings.exact_limit,
            bm25=settings.bm25_candidates > 0,
            max_article_bytes=int(settings.max_article_mb * 1_000_000),
            embed_chunk=settings.batch_size * 4,
            progress=progress,
            base_corpus=settings.base_corpus,
            vector_store=self._vectors,
        )
        old, self._searcher = self._searcher, self._open()
        del old  # in-flight questions keep their reference; the connection closes with it
        return summary

    def _serving(self) -> Searcher:
        """The serving searcher; loads the published index on first use, and the newer one
        when any process (another bot process, `qabot corpus remove`) has published since.

        The check is one `stat` of the CURRENT pointer per question. Until the new version has
        opened, questions are answered from the old one: no gap, and never a mix of the two.
        """
        searcher = self._searcher
        if searcher is None or self._store.pointer_state() != self._pointer:
            with self._load_lock:
                if self._searcher is None or self._store.pointer_state() != self._pointer:
                    old, self._searcher = self._searcher, self._open()
                    if old is not None:
                        log.info("serving the newer index %s", self._searcher.snapshot.version)
                searcher = self._searcher
        return searcher

    def _open(self) -> Searcher:
        pointer = self._store.pointer_state()
        version = self._store.current()
        if version is None:
            raise IndexMissing(f"no index in {self.settings.index_dir}: run `qabot index` first")
        searcher = Searcher(Snapshot(version, self._vectors), self.encoder, self.settings.search(), self.judge)
        self._pointer = pointer
        return searcher
