"""The project's speed, in one table; every row measured in this run, medians over repeats.

    python -m benchmarks.run [--large 1000000] [--skip-txtai]

Rows: (1) question -> answer latency in process vs the raw floor (one `encode` + a bare FAISS
search) and vs txtai on the same sentences; (2) indexing throughput vs raw `model.encode`;
(3) incremental reindex of one changed article among 1,000; (4) search at 100k and at
`--large` sentences (real WikiQA vectors plus noise, real-shaped metadata); (5) /ask through
the tests' local Discord at 32 concurrent users.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np

from index import Article, Embedder, Engine, Sentence, Settings
from index.encode.embed import PACKAGED_MODEL_ID
from index.ingest.files import load_corpus
from index.store import versions as store
from index.store.build import INDEX_FORMAT, build_index, segment_article
from index.store.catalog import Catalog
from index.store.lexical import LexicalIndex, tokenize

REPO = Path(__file__).resolve().parent.parent

WIKIQA = REPO.parent / "shared" / "eval" / "wikiqa-dev"
SEED_QUESTIONS = [json.loads(line)["question"] for line in (REPO / "tests/data/seed_questions.jsonl").open()]
ROWS: list[tuple[str, str]] = []


def row(name: str, value: str) -> None:
    ROWS.append((name, value))
    print(f"{name:<62} {value}", flush=True)


def timings(fn: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def p50_p95(seconds: list[float]) -> tuple[float, float]:
    ms = sorted(1000 * s for s in seconds)
    return statistics.median(ms), ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]


def answer_latency(label: str, engine: Engine, questions: list[str], repeat: int = 200) -> float:
    """Row 1: full answers (k=5) next to the floor with the same backend; returns the p50."""
    cycle = iter(range(10**9))

    def ask() -> None:
        engine.ask(questions[next(cycle) % len(questions)], 5)

    vectors = engine.snapshot.vectors

    def floor() -> None:
        vector = engine.encoder.encode([questions[next(cycle) % len(questions)]])
        vectors.search(vector, 5)

    answer, bare = p50_p95(timings(ask, repeat)), p50_p95(timings(floor, repeat))
    row(f"1. answer, {label}: p50 / p95", f"{answer[0]:.2f} / {answer[1]:.2f} ms")
    row(f"   floor (encode + bare FAISS), {label}: p50 / p95", f"{bare[0]:.2f} / {bare[1]:.2f} ms")
    row(f"   answer / floor, {label}", f"{answer[0] / bare[0]:.2f}x")
    return answer[0]


def txtai_latency(model_path: str, texts: list[str], questions: list[str], ours_p50: dict[str, float]) -> None:
    from txtai import Embeddings

    embeddings = Embeddings(path=model_path, content=False)
    started = time.perf_counter()
    embeddings.index(texts)
    index_seconds = time.perf_counter() - started
    cycle = iter(range(10**9))
    p50, p95 = p50_p95(timings(lambda: embeddings.search(questions[next(cycle) % len(questions)], 5), 200))
    row("1. txtai Embeddings, same model path and sentences: p50 / p95", f"{p50:.2f} / {p95:.2f} ms")
    for backend, ours in ours_p50.items():
        row(f"   txtai p50 / ours p50 ({backend}; above 1 = we are faster)", f"{p50 / ours:.2f}x")
    row("   txtai index of the same sentences", f"{len(texts) / index_seconds:.0f} sentences/s")


def indexing_throughput(embedder: Embedder, corpus: Path, work: Path) -> None:
    """Row 2: the whole pipeline vs raw encode of the same texts (model already loaded)."""
    articles = load_corpus(corpus).articles
    # What the pipeline embeds: every sentence, and each article's title once.
    texts = [a.title for a in articles] + [s.text for a in articles for s in segment_article(a)]
    raw, pipeline = [], []
    for attempt in range(3):
        started = time.perf_counter()
        embedder.encode(texts)
        raw.append(len(texts) / (time.perf_counter() - started))
        folder = work / f"throughput-{attempt}"
        started = time.perf_counter()
        build_index(corpus, folder, embedder, full=True)
        pipeline.append(len(texts) / (time.perf_counter() - started))
        shutil.rmtree(folder)
    raw_m, pipe_m = statistics.median(raw), statistics.median(pipeline)
    row(f"2. indexing, whole pipeline ({len(texts)} WikiQA sentences)", f"{pipe_m:.0f} sentences/s")
    row("   raw model.encode, same texts", f"{raw_m:.0f} sentences/s")
    row("   pipeline / raw", f"{pipe_m / raw_m:.2f}x")


def incremental(embedder: Embedder, work: Path) -> None:
    """Row 3: 1,000 articles indexed, then one changed: time and sentences re-embedded."""
    source = [json.loads(line) for line in (WIKIQA / "articles.jsonl").open()]
    corpus = work / "thousand"
    corpus.mkdir()
    for n in range(1000):
        article = source[n % len(source)]
        body = f"---\ntitle: {json.dumps(article['title'] + f' ({n // len(source) + 1})')}\n---\n{article['text']}\n"
        (corpus / f"a{n:04d}.md").write_text(body, encoding="utf-8")
    index_dir = work / "thousand-index"
    first = build_index(corpus, index_dir, embedder)
    row("3. full index of 1,000 articles", f"{first.sentences_total} sentences, {first.seconds:.1f} s")
    seconds, embedded = [], []
    for attempt in range(3):
        path = corpus / f"a{attempt * 7:04d}.md"
        path.write_text(
            path.read_text(encoding="utf-8") + f"\nA correction was added, version {attempt}.\n", encoding="utf-8"
        )
        summary = build_index(corpus, index_dir, embedder)
        seconds.append(summary.seconds)
        embedded.append(summary.sentences_embedded)
    row("   one article changed: reindex time (median of 3)", f"{statistics.median(seconds):.2f} s")
    row("   sentences re-embedded", f"{embedded} (the changed article's only)")


def synthetic_version(index_dir: Path, base: np.ndarray, texts: list[str], n: int, exact_limit: int) -> faiss.Index:
    """Publish an index of n sentences: real vectors plus noise, real-shaped metadata.

    Rows go in through the project's catalogue (`Catalog.insert`), as a build writes them;
    only segmenting and embedding are skipped (too slow at a million sentences).
    """
    rng = np.random.default_rng(n)
    index_store = store.IndexStore(index_dir)
    building = index_store.new_version()
    per_article = 10
    articles = [
        Article(f"s{a}", f"s{a}.md", f"Synthetic article {a}", "", source="Wire", published="2024-01-01")
        for a in range(n // per_article)
    ]
    sentences = [
        Sentence(f"s{i // per_article}", i % per_article, 0, 1, f"{texts[i % len(texts)]} ({i})", None)
        for i in range(n)
    ]
    tokens = tokenize(texts)
    with Catalog(building / store.META_FILE) as catalog:
        ids = store.ids_array(
            catalog.insert(articles, sentences, (tokens[i % len(texts)] + [str(i)] for i in range(n)))
        )
        catalog.commit()
    vectors = store.new_vector_index(base.shape[1])
    for start in range(0, n, 100_000):
        count = min(100_000, n - start)
        chunk = base[rng.integers(0, len(base), count)] + rng.normal(0, 0.05, (count, base.shape[1])).astype(np.float32)
        chunk /= np.linalg.norm(chunk, axis=1, keepdims=True)
        vectors.add_with_ids(chunk.astype(np.float32), ids[start : start + count])
    exact = vectors
    fitted = store.fit_vectors(vectors, exact_limit)
    store.write_vectors(fitted, building / store.VECTORS_FILE)
    LexicalIndex.build(ids.tolist(), [tokens[i % len(texts)] + [str(i)] for i in range(n)]).save(
        building / store.LEXICAL_DIR
    )
    store.write_manifest(
        building,
        {
            "format": INDEX_FORMAT,
            "model": PACKAGED_MODEL_ID,
            "title_weight": Settings().title_weight,
            "articles": n // per_article,
            "sentences": n,
        },
    )
    index_store.publish(building)
    return exact


def at_scale(
    embedder: Embedder, n: int, work: Path, base: np.ndarray, texts: list[str], questions: list[str], backend: str
) -> None:
    """Row 4 (and the large-corpus part of row 1)."""
    index_dir = work / f"scale-{n}"
    started = time.perf_counter()
    exact = synthetic_version(index_dir, base, texts, n, exact_limit=200_000)
    build_seconds = time.perf_counter() - started
    version = store.IndexStore(index_dir).current()
    size = sum(f.stat().st_size for f in version.rglob("*") if f.is_file())
    settings = Settings(index_dir=index_dir, backend=backend, judge="none")
    started = time.perf_counter()
    engine = Engine(settings, encoder=embedder)
    _ = engine.snapshot  # load now, to time it
    load_seconds = time.perf_counter() - started
    vectors = engine.snapshot.vectors
    queries = embedder.encode(questions * (200 // len(questions) + 1))[:200]
    _, truth = exact.search(queries, 10)
    _, found = vectors.search(queries, 10)
    recall = np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found)])
    cycle = iter(range(10**9))
    search = p50_p95(timings(lambda index=vectors: index.search(queries[next(cycle) % 200][None, :], 10), 200))
    kind = f"IVF nprobe {settings.nprobe}" if store.is_approximate(vectors) else "exact"
    row(f"4. {n:,} sentences ({kind}): FAISS search p50", f"{search[0]:.2f} ms")
    row("   recall@10 vs exact search", f"{recall:.3f}")
    row("   on disk per sentence (vectors, metadata, token statistics)", f"{size / n:.0f} bytes")
    row("   index load time / synthetic build time", f"{load_seconds:.2f} s / {build_seconds:.0f} s")
    started = time.perf_counter()
    store.verify(version)
    row("   of the load: checksums of every file (sha256, streamed)", f"{time.perf_counter() - started:.2f} s")
    answer_latency(f"{n:,} sentences", engine, questions)
    del engine, exact, vectors
    shutil.rmtree(index_dir)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=int, default=1_000_000, help="the large corpus size (sentences)")
    parser.add_argument("--skip-txtai", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(
        f"qabot benchmark, {time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ours: dict[str, float] = {}
        for backend, judge in (("onnx", ""), ("onnx", "none"), ("torch", "none")):
            settings = Settings(
                corpus=REPO / "corpus", index_dir=work / f"seed-{backend}", backend=backend, judge=judge
            )
            engine = Engine(settings)
            engine.load()
            label = f"seed corpus, {backend}, " + ("judge = none" if judge == "none" else "with the judge")
            p50 = answer_latency(label, engine, SEED_QUESTIONS)
            if judge == "none":
                ours[engine.encoder.backend or backend] = p50
            if backend == "onnx":
                onnx_embedder = engine.encoder
        if not args.skip_txtai:
            from index.encode.embed import packaged_model_path

            texts = list(engine.snapshot.catalog.texts().values())
            txtai_latency(packaged_model_path(), texts, SEED_QUESTIONS, ours)
        indexing_throughput(onnx_embedder, WIKIQA / "articles.jsonl", work)
        incremental(onnx_embedder, work)
        wiki = Engine(
            Settings(corpus=WIKIQA / "articles.jsonl", index_dir=work / "wiki", judge="none"), encoder=onnx_embedder
        )
        wiki.load()
        base = wiki.snapshot.vectors.index.reconstruct_n(0, wiki.snapshot.size)
        texts = list(wiki.snapshot.catalog.texts().values())
        wiki_questions = [json.loads(line)["question"] for line in (WIKIQA / "questions.jsonl").open()][:50]
        for n in sorted({100_000, args.large}):
            at_scale(onnx_embedder, n, work, base, texts, wiki_questions, "onnx")
    # In a fresh process, as the bot runs: no other models or thread pools beside it.
    for judge in ("", "none"):
        command = [sys.executable, "-m", "benchmarks.discord_latency", "-n", "400", "--concurrency", "32", "--json"]
        output = subprocess.run(
            [*command, "--judge", judge], capture_output=True, text=True, cwd=REPO, check=True
        ).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        which = "judge = none" if judge == "none" else "with the judge"
        row(f"5. /ask through the local Discord, 32 concurrent, {which}: answers/s", f"{figures['answers_per_s']:.0f}")
        row("   p50 / p95 latency to the answer", f"{figures['median_ms']:.1f} / {figures['p95_ms']:.1f} ms")
        row("   bot start to ready", f"{figures['ready_s']:.2f} s")
    print("\n| measure | value |\n|---|---|")
    for name, value in ROWS:
        print(f"| {name.strip()} | {value} |")


if __name__ == "__main__":
    main()
