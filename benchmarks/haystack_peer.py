"""The question path side by side with Haystack's, in one run: what a user would pick instead.

    pip install haystack-ai sentence-transformers-haystack   # not dependencies of qabot
    python -m benchmarks.haystack_peer [--bbc-index DIR] [--rounds 2] [--repeat 60] [-n 200]

Haystack's pipeline: `SentenceTransformersTextEmbedder` (the same first-stage model folder qabot
embeds questions with, torch, normalized) -> `InMemoryEmbeddingRetriever` over every bbc-news
sentence with qabot's own vectors (the same embeddings, so indexing is not part of it; top 5)
-> `SentenceTransformersSimilarityRanker` on the 5, each sentence led by its article title as
the judge reads it. qabot ships its judge as ONNX int8 only; the ranker gets the same
architecture in torch (6 layers of all-MiniLM-L6-v2 with a one-logit head, the judge's starting
point before training), so its cost per pair is the judge's in torch, and its ranking is not
compared, only its time. qabot: `Engine.ask(question, 5)` as shipped. Both answer the blind
bbc-news questions with the off- and near-topic ones, one at a time in alternating rounds
(p50, p95), then `-n` from 32 threads at once (answers/s).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.judge import EVAL
from benchmarks.latency import questions_of
from benchmarks.run import p50_p95, timings
from index import Embedder, Engine, Settings
from index.answer.judge import judge_pair_text
from index.encode.embed import packaged_model_path
from index.store.versions import all_vectors

BBC = EVAL / "bbc-news" / "articles.jsonl"


def judge_architecture(folder: Path, layers: int = 6) -> Path:
    """The judge's architecture in torch at its starting weights (see the module docstring)."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(packaged_model_path())
    model = AutoModelForSequenceClassification.from_pretrained(packaged_model_path(), num_labels=1)
    model.base_model.encoder.layer = model.base_model.encoder.layer[:layers]
    model.config.num_hidden_layers = layers
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def haystack_pipeline(engine: Engine, work: Path) -> Callable[[str], Any]:
    from haystack import Document, Pipeline
    from haystack.components.retrievers.in_memory import InMemoryEmbeddingRetriever
    from haystack.document_stores.in_memory import InMemoryDocumentStore
    from haystack_integrations.components.embedders.sentence_transformers import SentenceTransformersTextEmbedder
    from haystack_integrations.components.rankers.sentence_transformers import SentenceTransformersSimilarityRanker

    snapshot = engine.snapshot
    ids, vectors = all_vectors(snapshot.vectors)  # type: ignore[arg-type]  # the local store's FAISS index
    rows = {row.id: row for row in snapshot.catalog.sentences(ids.tolist())}
    refs = snapshot.catalog.article_refs(row.article_id for row in rows.values())
    store = InMemoryDocumentStore(embedding_similarity_function="dot_product")
    store.write_documents(
        [
            Document(
                id=str(sid),
                content=judge_pair_text(rows[sid].text, refs[rows[sid].article_id].title),
                embedding=v.tolist(),
            )
            for sid, v in zip(ids.tolist(), vectors)
        ]
    )
    first_stage = next(p for p in (engine.settings.index_dir / "models").glob("first-stage-*") if p.suffix != ".tmp")
    pipeline = Pipeline()
    pipeline.add_component(
        "embedder",
        SentenceTransformersTextEmbedder(model=str(first_stage), normalize_embeddings=True, progress_bar=False),
    )
    pipeline.add_component("retriever", InMemoryEmbeddingRetriever(store, top_k=5))
    ranker = SentenceTransformersSimilarityRanker(
        model=str(judge_architecture(work / "ranker")), top_k=5, tokenizer_kwargs={"model_max_length": 128}
    )
    pipeline.add_component("ranker", ranker)
    pipeline.connect("embedder.embedding", "retriever.query_embedding")
    pipeline.connect("retriever.documents", "ranker.documents")
    pipeline.warm_up()
    return lambda question: pipeline.run({"embedder": {"text": question}, "ranker": {"query": question}})


def rate(ask: Callable[[str], Any], questions: list[str], n: int) -> float:
    with ThreadPoolExecutor(32) as pool:
        list(pool.map(lambda i: ask(questions[i % len(questions)]), range(32)))
        started = time.perf_counter()
        list(pool.map(lambda i: ask(questions[i % len(questions)]), range(n)))
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc-index", type=Path, default=None, help="kept between runs; default: a temporary one")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("-n", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
    questions = questions_of("bbc-news")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        index_dir = args.bbc_index or work / "bbc-index"
        engine = Engine(
            Settings(corpus=BBC, index_dir=index_dir), Embedder(backend="auto", cache_dir=index_dir / "models")
        )
        engine.load()
        peers: dict[str, Callable[[str], Any]] = {
            "qabot (as shipped)": lambda question: engine.ask(question, 5),
            "Haystack 3 (torch)": haystack_pipeline(engine, work),
        }
        seconds: dict[str, list[float]] = {name: [] for name in peers}
        for _ in range(args.rounds):
            for name, ask in peers.items():
                turn = iter(range(10**9))
                seconds[name] += timings(
                    lambda ask=ask, turn=turn: ask(questions[next(turn) % len(questions)]), args.repeat
                )
        rates = {name: rate(ask, questions, args.n) for name, ask in peers.items()}
        engine.close()
    print(f"\n{'question path':<20} {'p50 ms':>8} {'p95 ms':>8} {'answers/s (32 threads)':>24}")
    for name in peers:
        p50, p95 = p50_p95(seconds[name])
        print(f"{name:<20} {p50:8.2f} {p95:8.2f} {rates[name]:24.1f}")
    (qabot, haystack), (qabot_rate, haystack_rate) = (p50_p95(seconds[name])[0] for name in peers), rates.values()
    print(f"Haystack / qabot: p50 {haystack / qabot:.2f}x; answers/s {haystack_rate / qabot_rate:.2f}x")


if __name__ == "__main__":
    main()
