"""Build or update the index: corpus -> sentences -> embeddings -> FAISS + SQLite + BM25.

Incremental: an article's content hash decides. Unchanged articles keep their sentence ids
and vectors; only new or changed ones are segmented and embedded; removed ones are deleted.
Everything is written into a new version folder and published atomically (see `store`).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import store
from .attribution import attribute_sentences
from .embed import Embedder
from .ingest import load_corpus
from .lexical import LexicalIndex, tokenize
from .records import Article, Sentence, Skipped
from .segment import split_sentences

log = logging.getLogger(__name__)

INDEX_FORMAT = 2

# progress(stage, done, total): stage is "scan", "embed" or "write".
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class IndexSummary:
    """What a reindex did, in the words a moderator reads."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    sentences_embedded: int = 0
    articles_total: int = 0
    sentences_total: int = 0
    seconds: float = 0.0
    version: str = ""

    def line(self) -> str:
        return (
            f"{self.added} added, {self.changed} changed, {self.removed} removed, "
            f"{len(self.skipped)} skipped; {self.sentences_embedded} sentences embedded; "
            f"{self.articles_total} articles, {self.sentences_total} sentences in the index; "
            f"{self.seconds:.1f} s"
        )


def segment_article(article: Article) -> list[Sentence]:
    """Sentences of one article with offsets into its text and in-text attribution."""
    spans = split_sentences(article.text)
    texts = [article.text[start:end] for start, end in spans]
    sources = attribute_sentences(texts)
    return [
        Sentence(article.id, position, start, end, text, source)
        for position, ((start, end), text, source) in enumerate(zip(spans, texts, sources))
    ]


def embedding_text(sentence: Sentence, title: str, with_title: bool) -> str:
    """What is embedded for a sentence: its text, led by the article title when asked.

    The title names the topic that sentences often leave to a pronoun ("She died in 1945").
    """
    return f"{title}: {sentence.text}" if with_title else sentence.text


def build_index(
    corpus: Path,
    index_dir: Path,
    embedder: Embedder,
    *,
    full: bool = False,
    embed_titles: bool = True,
    exact_limit: int = 200_000,
    bm25: bool = False,
    max_article_bytes: int = 10_000_000,
    progress: Progress | None = None,
) -> IndexSummary:
    """Bring the index in `index_dir` up to date with `corpus` and publish it atomically."""
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    index_store = store.IndexStore(index_dir)
    with index_store.lock():
        scan = load_corpus(corpus, max_article_bytes=max_article_bytes)
        summary = IndexSummary(skipped=scan.skipped)
        report("scan", len(scan.articles), len(scan.articles))

        previous = None if full else index_store.current()
        if previous is not None and not _compatible(previous, embedder, embed_titles):
            log.info("index was built with another model or format: rebuilding in full")
            previous = None

        known: dict[str, str] = {}
        if previous is not None:
            with store.connect(previous / store.META_FILE, readonly=True) as old_db:
                known = dict(old_db.execute("SELECT id, content_hash FROM articles").fetchall())
        wanted = {article.id: article for article in scan.articles}
        stale = [aid for aid, digest in known.items() if aid not in wanted or wanted[aid].content_hash != digest]
        fresh = [a for a in scan.articles if known.get(a.id) != a.content_hash]
        summary.removed = sum(1 for aid in known if aid not in wanted)
        summary.changed = sum(1 for a in fresh if a.id in known)
        summary.added = len(fresh) - summary.changed
        summary.unchanged = len(scan.articles) - len(fresh)
        if previous is not None and not stale and not fresh:
            # Nothing changed: the serving version stays, and nothing is copied to find that out.
            manifest = store.read_manifest(previous)
            summary.articles_total, summary.sentences_total = manifest["articles"], manifest["sentences"]
            summary.version = previous.name
            summary.seconds = time.perf_counter() - started
            return summary

        building = index_store.new_version()
        db = store.connect(building / store.META_FILE)
        try:
            if previous is not None:
                with store.connect(previous / store.META_FILE, readonly=True) as old_db:
                    old_db.backup(db)
                vectors = store.read_vectors(previous / store.VECTORS_FILE)
            else:
                vectors = store.new_vector_index(embedder.dim)

            _delete_articles(db, vectors, stale)
            sentences, embeddings = _segment_and_embed(fresh, embedder, embed_titles, report)
            summary.sentences_embedded = len(sentences)
            ids = _insert_articles(db, fresh, sentences)
            if len(ids):
                vectors.add_with_ids(embeddings, ids)

            report("write", 0, 1)
            vectors = store.fit_vectors(vectors, exact_limit)
            all_rows = db.execute("SELECT id, tokens FROM sentences ORDER BY id").fetchall()
            LexicalIndex.build([r[0] for r in all_rows], [r[1].split() for r in all_rows], bm25=bm25).save(
                building / store.LEXICAL_DIR
            )
            store.write_vectors(vectors, building / store.VECTORS_FILE)
            summary.articles_total = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            summary.sentences_total = len(all_rows)
            store.write_manifest(building, _manifest(embedder, summary, embed_titles))
            db.commit()
        finally:
            db.close()
        published = index_store.publish(building)
        report("write", 1, 1)
    summary.version = published.name
    summary.seconds = time.perf_counter() - started
    log.info("index %s: %s", published.name, summary.line())
    return summary


def _segment_and_embed(
    articles: list[Article], embedder: Embedder, embed_titles: bool, report: Progress
) -> tuple[list[Sentence], np.ndarray]:
    """Segment articles while the previous chunk embeds in a worker thread.

    pysbd is pure Python and the model releases the GIL while it computes, so the two overlap
    on two cores instead of adding up. Progress is reported from this thread, so an error
    raised by the progress callback stops the build like any other.
    """
    chunk = max(embedder.batch_size * 4, 1)
    sentences: list[Sentence] = []
    texts: list[str] = []
    futures: list[Future[np.ndarray]] = []
    embedded = reported = 0
    with ThreadPoolExecutor(1, thread_name_prefix="qabot-embed") as pool:

        def submit(upto: int) -> None:
            nonlocal embedded
            futures.append(pool.submit(embedder.encode, texts[embedded:upto]))
            embedded = upto

        def report_done(wait: bool) -> None:
            nonlocal reported
            while reported < len(futures) and (wait or futures[reported].done()):
                futures[reported].result()  # re-raises an embedding error here
                reported += 1
                report("embed", min(reported * chunk, len(texts)), len(texts))

        for article in articles:
            for sentence in segment_article(article):
                sentences.append(sentence)
                texts.append(embedding_text(sentence, article.title, embed_titles))
            if len(texts) - embedded >= chunk:
                submit(embedded + chunk * ((len(texts) - embedded) // chunk))
            report_done(wait=False)
        if len(texts) > embedded:
            submit(len(texts))
        report_done(wait=True)
    parts = [future.result() for future in futures]
    vectors = np.vstack(parts) if parts else np.zeros((0, embedder.dim), dtype=np.float32)
    report("embed", len(texts), len(texts))
    return sentences, vectors


def _compatible(version: Path, embedder: Embedder, embed_titles: bool) -> bool:
    try:
        manifest = store.read_manifest(version)
    except store.IndexCorrupted as exc:
        log.warning("%s", exc)
        return False
    return (
        manifest.get("format") == INDEX_FORMAT
        and manifest.get("model") == embedder.model_id
        and manifest.get("embed_titles") == embed_titles
    )


def _manifest(embedder: Embedder, summary: IndexSummary, embed_titles: bool) -> dict[str, object]:
    return {
        "format": INDEX_FORMAT,
        "model": embedder.model_id,
        "embed_titles": embed_titles,
        "dim": embedder.dim,
        "articles": summary.articles_total,
        "sentences": summary.sentences_total,
        "built_at": time.time(),
    }


def _delete_articles(db: sqlite3.Connection, vectors: object, article_ids: list[str]) -> None:
    if not article_ids:
        return
    marks = ",".join("?" * len(article_ids))
    ids = [row[0] for row in db.execute(f"SELECT id FROM sentences WHERE article_id IN ({marks})", article_ids)]
    if ids:
        vectors.remove_ids(store.ids_array(ids))  # type: ignore[attr-defined]
    db.execute(f"DELETE FROM sentences WHERE article_id IN ({marks})", article_ids)
    db.execute(f"DELETE FROM articles WHERE id IN ({marks})", article_ids)


def _insert_articles(db: sqlite3.Connection, articles: list[Article], sentences: list[Sentence]) -> np.ndarray:
    """Insert rows; new sentence ids continue after the largest id ever used in this index."""
    now = time.time()
    counts: dict[str, int] = {}
    for sentence in sentences:
        counts[sentence.article_id] = counts.get(sentence.article_id, 0) + 1
    db.executemany(
        "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [
            (a.id, a.path, a.title, a.source, a.url, a.published, a.author,
             json.dumps(a.extra), a.content_hash, counts.get(a.id, 0), now)
            for a in articles
        ],
    )
    row = db.execute("SELECT value FROM counters WHERE name = 'next_sentence_id'").fetchone()
    first = row[0] if row else 1 + (db.execute("SELECT COALESCE(MAX(id), 0) FROM sentences").fetchone()[0])
    ids = np.arange(first, first + len(sentences), dtype=np.int64)
    db.executemany(
        "INSERT INTO sentences VALUES (?,?,?,?,?,?,?,?)",
        [
            (int(i), s.article_id, s.position, s.start, s.end, s.text, s.attributed_to, " ".join(tokens))
            for i, s, tokens in zip(ids, sentences, tokenize([s.text for s in sentences]))
        ],
    )
    db.execute(
        "INSERT OR REPLACE INTO counters VALUES ('next_sentence_id', ?)", (first + len(sentences),)
    )
    return ids
