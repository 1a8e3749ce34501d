"""Build or update the index: corpus -> sentences -> embeddings -> FAISS + catalogue + lexical.

Near-duplicate sentences are grouped at index time (a reindex compares only its new sentences,
with those that share a candidate key), so a question only reads the groups.

Incremental: an article's content hash decides. Unchanged articles keep their sentence ids
and vectors; only new or changed ones are segmented and embedded; removed ones are deleted.
Everything is written into a new version folder and published atomically (see `store`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from index.encode.embed_queue import EmbeddingQueue
from index.encode.encoder import Encoder
from index.errors import IndexCorrupted
from index.ingest.attribution import ATTRIBUTION_VERSION, attribute_sentences
from index.ingest.files import CorpusScan, load_corpus
from index.ingest.near_duplicates import near_duplicate_groups, quote_keys
from index.ingest.segment import split_sentences
from index.records import Article, Sentence, Skipped
from index.store import versions as store
from index.store.catalog import Catalog
from index.store.lexical import LexicalIndex, tokenize
from index.store.vectors import LocalVectors, VectorStore

log = logging.getLogger(__name__)

# 3: the manifest holds every file's sha256; 4: title vectors mixed in; 5: quotations split;
# 6: closing marks kept at paragraph ends; 7: double dashes and closing marks no longer join sentences;
# 8: speakers stored by the attribution rules of 2026-11-27 (held-out rounds 7 to 12); 9: pronouns
# resolved through the subject of the sentence before (2026-11-27, after held-out round 13); 10: held-out
# round 14's mends; 11: names remembered from sentences that have a speaker too; 12: held-out round 16's mends;
# 13: held-out round 17's mends; 14: held-out round 18's mends;
# 15: held-out round 19's mends; 16: held-out round 20's mends;
# 17: held-out rounds 21 and 22's mends; 18: held-out round 23's mends;
# 19: held-out round 24's mends; 20: held-out round 26's mends; 21: held-out round 27's mends;
# 22: held-out round 28's mends; 23: held-out round 29's mends; 24: held-out round 30's mends;
# 25: held-out round 32's mends; 26: held-out round 33's mends; 27: held-out round 34's mends;
# 28: held-out round 35's mends; 29: held-out round 36's mends; 30: held-out round 37's mends;
# 31: held-out round 38's mends; 32: held-out round 39's mends ("No", "Ernst & Young");
# 33: held-out round 40's mend ("Souness' remarks"); 34: held-out round 42's mends ("last week said",
# "the 21-year-old told", "promised … and said", "X, including Y, the Z have said")
# From 34 on, a change of the attribution rules bumps `attribution.ATTRIBUTION_VERSION`, not this:
# speakers are recomputed in place, never by re-embedding.
INDEX_FORMAT = 34

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
    reattributed: int = 0  # speakers changed by new attribution rules (nothing embedded for them)

    def line(self) -> str:
        speakers = f"{self.reattributed} speakers re-attributed; " if self.reattributed else ""
        return (
            f"{speakers}{self.added} added, {self.changed} changed, {self.removed} removed, "
            f"{len(self.skipped)} skipped; {self.sentences_embedded} sentences embedded; "
            f"{self.articles_total} articles, {self.sentences_total} sentences in the index; "
            f"{self.seconds:.1f} s"
        )


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a reindex has to do, decided from content hashes before anything is written."""

    fresh: list[Article]  # new or changed: segment and embed
    stale: list[str]  # changed or removed: delete
    summary: IndexSummary


def segment_article(article: Article) -> list[Sentence]:
    """Sentences of one article with offsets into its text and in-text attribution."""
    spans = split_sentences(article.text)
    texts = [article.text[start:end] for start, end in spans]
    sources = attribute_sentences(texts)
    return [
        Sentence(article.id, position, start, end, text, source)
        for position, ((start, end), text, source) in enumerate(zip(spans, texts, sources))
    ]


def with_title(sentences: np.ndarray, titles: np.ndarray, weight: float) -> np.ndarray:
    """Each sentence's vector plus `weight` times its article title's, normalized again.

    The title names the topic that sentences often leave to a pronoun ("She died in 1945").
    Embedding "Title: sentence" instead costs nearly twice the tokens for every sentence; the
    title embedded once per article and added here ranks as well (benchmarks/title_mix.py).
    """
    if weight == 0 or len(sentences) == 0:
        return sentences
    mixed = sentences + np.float32(weight) * titles
    return np.ascontiguousarray(mixed / np.linalg.norm(mixed, axis=1, keepdims=True), dtype=np.float32)


def build_index(
    corpus: Path,
    index_dir: Path,
    encoder: Encoder,
    *,
    full: bool = False,
    title_weight: float = 0.5,
    exact_limit: int = 200_000,
    bm25: bool = False,
    max_article_bytes: int = 10_000_000,
    embed_chunk: int = 256,
    progress: Progress | None = None,
    base_corpus: Path | None = None,
    vector_store: VectorStore | None = None,
) -> IndexSummary:
    """Bring the index in `index_dir` up to date with `corpus` (and `base_corpus`) and publish it
    atomically; its vectors go to `vector_store` (default: a FAISS file in the version's folder)."""
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    vector_store = vector_store or LocalVectors()
    index_store = store.IndexStore(index_dir)
    with index_store.lock():
        index_store.clean_leftovers()  # of a crashed or failed build, even when nothing changes now
        scan = load_corpus(corpus, max_article_bytes=max_article_bytes, base=base_corpus)
        report("scan", len(scan.articles), len(scan.articles))
        previous = None if full else _reusable(index_store, encoder, title_weight, vector_store.kind)
        plan = _plan(scan, previous)
        summary = plan.summary
        reattribute = previous is not None and _attribution_of(previous) != ATTRIBUTION_VERSION
        if previous is not None and not plan.fresh and not plan.stale and not reattribute:
            _describe_unchanged(summary, previous)  # the serving version stays: nothing copied
        else:
            building = index_store.new_version()
            with Catalog(building / store.META_FILE) as catalog:
                vectors = _start_from(previous, catalog, encoder, vector_store)
                store.remove_vectors(vectors, catalog.delete_articles(plan.stale))
                if reattribute:  # new rules: the speakers of what is kept, recomputed; nothing embedded
                    summary.reattributed = catalog.reattribute(attribute_sentences)
                    log.info("attribution rules %s: %d speakers changed", ATTRIBUTION_VERSION, summary.reattributed)
                summary.sentences_embedded = _add(
                    catalog, vectors, plan.fresh, encoder, title_weight, embed_chunk, report
                )
                report("write", 0, 1)
                _write_files(building, catalog, bm25, summary)
                vector_store.save(store.fit_vectors(vectors, exact_limit), building)
            # the manifest last: it holds the checksums of the other files
            _write_manifest(building, encoder, title_weight, vector_store.kind, summary)
            summary.version = index_store.publish(building).name
            vector_store.published(index_store.versions())
            report("write", 1, 1)
            log.info("index %s: %s", summary.version, summary.line())
    summary.seconds = time.perf_counter() - started
    return summary


def _reusable(index_store: store.IndexStore, encoder: Encoder, title_weight: float, kind: str) -> Path | None:
    """The serving version, if an incremental update can start from it.

    A damaged serving version is set aside (the log names the file), and the update starts
    from the newest intact version instead, or from nothing.
    """
    version = index_store.current()
    while version is not None:
        try:
            manifest = store.verify(version)
            break
        except IndexCorrupted as exc:
            log.error("%s; setting %s aside and rebuilding from the corpus", exc, version.name)
            version = index_store.set_aside(version)
    if version is None:
        return None
    if index_store.pointer_state() is None:  # CURRENT was lost: the newest intact version serves
        log.warning("%s had no CURRENT pointer: pointing it at %s", index_store.root, version.name)
        index_store.point_at(version)
    if not built_for(manifest, encoder, title_weight, kind):
        log.info("index was built with another model, format or store: rebuilding in full")
        return None
    return version


def _attribution_of(version: Path) -> int | None:
    """The attribution rules' version a published index was built with (None: before it was recorded)."""
    value = store.read_manifest(version).get("attribution_version")
    return value if isinstance(value, int) else None


def built_for(manifest: dict[str, Any], encoder: Encoder, title_weight: float, store_kind: str = "local") -> bool:
    """Whether an index with this manifest holds vectors `encoder` can search, in this store."""
    return (
        manifest.get("format") == INDEX_FORMAT
        and manifest.get("model") == encoder.name
        and manifest.get("title_weight") == title_weight
        and manifest.get("store", "local") == store_kind
    )


def _plan(scan: CorpusScan, previous: Path | None) -> _Plan:
    known: dict[str, str] = {}
    if previous is not None:
        with Catalog(previous / store.META_FILE, readonly=True) as old:
            known = old.content_hashes()
    wanted = {article.id: article for article in scan.articles}
    stale = [aid for aid, digest in known.items() if aid not in wanted or wanted[aid].content_hash != digest]
    fresh = [a for a in scan.articles if known.get(a.id) != a.content_hash]
    changed = sum(1 for a in fresh if a.id in known)
    summary = IndexSummary(
        added=len(fresh) - changed,
        changed=changed,
        removed=sum(1 for aid in known if aid not in wanted),
        unchanged=len(scan.articles) - len(fresh),
        skipped=scan.skipped,
    )
    return _Plan(fresh, stale, summary)


def _describe_unchanged(summary: IndexSummary, version: Path) -> None:
    manifest = store.read_manifest(version)
    summary.articles_total, summary.sentences_total = manifest["articles"], manifest["sentences"]
    summary.version = version.name


def _start_from(previous: Path | None, catalog: Catalog, encoder: Encoder, vector_store: VectorStore) -> faiss.Index:
    """The previous version's rows and vectors, or an empty index."""
    if previous is None:
        return store.new_vector_index(encoder.dimension)
    with Catalog(previous / store.META_FILE, readonly=True) as old:
        old.copy_to(catalog)
    return vector_store.working_copy(previous)


def _add(
    catalog: Catalog,
    vectors: faiss.Index,
    articles: list[Article],
    encoder: Encoder,
    title_weight: float,
    slice_size: int,
    report: Progress,
) -> int:
    """Segment, store and embed `articles`; the model works in the background throughout.

    Segmentation, attribution, token statistics and the catalogue rows all happen while the
    worker embeds, so the build takes about as long as the embedding alone. Each article's
    title goes into the queue once, ahead of its sentences.
    """
    sentences: list[Sentence] = []
    sentence_rows: list[int] = []  # queue row of each sentence's text
    title_rows: list[int] = []  # queue row of each sentence's article title
    queued = 0

    def embedded(done: int, total: int) -> None:
        report("embed", done, total)

    with EmbeddingQueue(encoder, slice_size) as queue:
        for article in articles:
            found = segment_article(article)
            if not found:
                continue
            texts = [s.text for s in found]
            if title_weight:
                title_rows.extend([queued] * len(found))
                texts.insert(0, article.title)
            sentence_rows.extend(range(queued + len(texts) - len(found), queued + len(texts)))
            queued += len(texts)
            sentences.extend(found)
            queue.add(texts, embedded)
        ids = catalog.insert(articles, sentences, tokenize([s.text for s in sentences]))
        rows = queue.vectors(embedded)
    if ids:
        titles = rows[title_rows] if title_weight else rows[:0]
        vectors.add_with_ids(with_title(rows[sentence_rows], titles, title_weight), store.ids_array(ids))
    report("embed", queued, queued)  # progress counts texts: sentences and the titles among them
    return len(sentences)


def _write_files(building: Path, catalog: Catalog, bm25: bool, summary: IndexSummary) -> None:
    _group_near_duplicates(catalog)
    ids, tokens = catalog.all_tokens()
    LexicalIndex.build(ids, tokens, bm25=bm25).save(building / store.LEXICAL_DIR)
    summary.articles_total, summary.sentences_total = catalog.counts()
    catalog.commit()


def _group_near_duplicates(catalog: Catalog) -> None:
    """Key this build's new sentences, compare them with the sentences sharing a key, and extend
    the groups found by earlier builds (a full build compares everything once)."""
    new = catalog.sentences_without_quote_keys()
    keys = {sid: quote_keys(text) for sid, text in new.items()}
    catalog.add_quote_keys(keys)
    heads, tails = {head for head, _ in keys.values()}, {tail for _, tail in keys.values()}
    if heads - {""} or tails - {""}:
        candidates = catalog.quote_candidates(heads, tails)
        catalog.set_quote_groups(near_duplicate_groups(candidates, fresh=keys.keys(), known=catalog.quote_groups()))


def _write_manifest(building: Path, encoder: Encoder, title_weight: float, kind: str, summary: IndexSummary) -> None:
    store.write_manifest(
        building,
        {
            "format": INDEX_FORMAT,
            "attribution_version": ATTRIBUTION_VERSION,
            "model": encoder.name,
            "title_weight": title_weight,
            "store": kind,
            "dim": encoder.dimension,
            "articles": summary.articles_total,
            "sentences": summary.sentences_total,
            "built_at": time.time(),
        },
    )
