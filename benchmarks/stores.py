"""bbc-news on the local FAISS store against Milvus Lite, side by side in one run.

    python -m benchmarks.stores [--repeat 100] [--rounds 2] [-n 300] [--concurrency 32]

Build: one full build on the local store with the real model (what a first `qabot index` costs),
then a full build on each store with every embedding answered from a memo of that first build,
so the two differ only by what the store does (writing FAISS files, or inserting into a Milvus
collection and flushing it). Answers: as shipped (judge on), `Engine.ask` with k = 5 on the blind
bbc-news questions and the off- and near-topic ones; p50 and p95 over `--rounds` alternating
rounds of `--repeat`, then `-n` questions from `--concurrency` threads at once (answers/s). The
ratios are the figures to compare: the machine is shared.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from benchmarks.judge import EVAL
from benchmarks.latency import asker, questions_of
from benchmarks.run import p50_p95, timings
from index import Embedder, Engine, Settings, build_index
from index.encode.encoder import Encoder

BBC = EVAL / "bbc-news" / "articles.jsonl"


class MemoEncoder:
    """The real encoder, remembering every vector: a second build embeds nothing."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name, self.dimension = inner.name, inner.dimension
        self.memo: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if missing:
            self.memo.update(zip(missing, self.inner.encode(missing)))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self.memo[t] for t in texts])


def settings(work: Path, store: str) -> Settings:
    return Settings(corpus=BBC, index_dir=work / store, store=store, milvus_uri=str(work / "milvus.db"))


def build_seconds(work: Path, store: str, encoder: Encoder) -> float:
    chosen = settings(work, store)
    summary = build_index(
        BBC,
        chosen.index_dir,
        encoder,
        full=True,
        title_weight=chosen.title_weight,
        bm25=chosen.bm25_candidates > 0,
        embed_chunk=chosen.batch_size * 4,
        vector_store=chosen.vector_store(),
    )
    print(f"  {store}: {summary.line()}", flush=True)
    return summary.seconds


def throughput(engine: Engine, questions: list[str], n: int, concurrency: int) -> float:
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lambda i: engine.ask(questions[i % len(questions)], 5), range(concurrency)))  # warm
        started = time.perf_counter()
        list(pool.map(lambda i: engine.ask(questions[i % len(questions)], 5), range(n)))
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    questions = questions_of("bbc-news")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        embedder = Embedder(backend="auto", cache_dir=work / "models")
        memo = MemoEncoder(embedder)
        print("building bbc-news:", flush=True)
        first = build_seconds(work / "first", "local", memo)
        built = {store: build_seconds(work, store, memo) for store in ("local", "milvus")}
        # Questions are embedded by the model itself: the memo serves the builds only.
        local = Engine(settings(work, "local"), encoder=embedder)
        engines = {"local": local, "milvus": Engine(settings(work, "milvus"), embedder, local.judge)}  # one judge
        for engine in engines.values():
            engine.load(build_if_missing=False)
        seconds: dict[str, list[float]] = {store: [] for store in engines}
        for _ in range(args.rounds):
            for store, engine in engines.items():
                seconds[store] += timings(asker(engine, questions), args.repeat)
        rates = {store: throughput(engine, questions, args.n, args.concurrency) for store, engine in engines.items()}
        for engine in engines.values():
            engine.close()
    print(f"\nfull build with the model (local store): {first:.1f} s")
    print(f"{'store':<8} {'build*':>8} {'p50 ms':>8} {'p95 ms':>8} {'answers/s':>10}  (* embeddings memoized)")
    for store in engines:
        p50, p95 = p50_p95(seconds[store])
        print(f"{store:<8} {built[store]:8.1f} {p50:8.2f} {p95:8.2f} {rates[store]:10.1f}")
    local_p50, milvus_p50 = p50_p95(seconds["local"])[0], p50_p95(seconds["milvus"])[0]
    print(
        f"milvus / local: build {built['milvus'] / built['local']:.2f}x, p50 {milvus_p50 / local_p50:.2f}x, "
        f"answers/s {rates['milvus'] / rates['local']:.2f}x ({args.concurrency} threads, {args.n} questions)"
    )


if __name__ == "__main__":
    main()
