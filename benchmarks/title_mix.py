"""Is "Title: sentence" worth embedding twice the tokens? Dense retrieval R@1/R@5 on the dev sets.

Variants, all cosine over every sentence of the corpus (no lexical evidence, no judge, so
only the embedding differs):
- titled: each sentence embedded led by its title (what the index stores today);
- bare: the sentence alone;
- mix w: normalize(bare + w * title vector), the title embedded once per article.

    python -m benchmarks.title_mix [--weights 0.2 0.3 0.5]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from index import Embedder
from index.answer.evaluate import is_correct
from index.ingest.files import load_corpus
from index.store.build import segment_article

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def recall(scores: np.ndarray, texts: list[str], golds: list[list[str]]) -> tuple[float, float]:
    top = np.argsort(-scores, axis=1)[:, :5]
    r1 = r5 = 0
    for row, gold in zip(top, golds):
        hits = [is_correct(texts[i], gold) for i in row]
        r1 += hits[0]
        r5 += any(hits)
    return r1 / len(golds), r5 / len(golds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=float, nargs="+", default=[0.2, 0.3, 0.5])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as models:
        measure(Embedder(backend="onnx", cache_dir=Path(models)), args.weights)


def measure(embedder: Embedder, weights: list[float]) -> None:
    for name in ("wikiqa-dev", "newsqa-dev"):
        articles = load_corpus(EVAL / name / "articles.jsonl").articles
        pairs = [(a, s) for a in articles for s in segment_article(a)]
        texts = [s.text for _, s in pairs]
        questions = [json.loads(line) for line in (EVAL / name / "questions.jsonl").open(encoding="utf-8")]
        questions = [q for q in questions if q["gold"]]
        golds = [q["gold"] for q in questions]
        started = time.perf_counter()
        titled = embedder.encode([f"{a.title}: {s.text}" for a, s in pairs])
        titled_s = time.perf_counter() - started
        started = time.perf_counter()
        bare = embedder.encode(texts)
        bare_s = time.perf_counter() - started
        title_of = {a.id: i for i, a in enumerate(articles)}
        title_vectors = embedder.encode([a.title for a in articles])
        per_sentence_title = title_vectors[[title_of[a.id] for a, _ in pairs]]
        q = embedder.encode([q["question"] for q in questions])
        print(
            f"{name}: {len(texts)} sentences, {len(questions)} answerable questions; "
            f"embedding titled {titled_s:.0f} s, bare {bare_s:.0f} s",
            flush=True,
        )
        rows = {"titled": titled, "bare": bare}
        for w in weights:
            mixed = bare + w * per_sentence_title
            rows[f"mix {w}"] = mixed / np.linalg.norm(mixed, axis=1, keepdims=True)
        for label, vectors in rows.items():
            r1, r5 = recall(q @ vectors.T, texts, golds)
            print(f"  {label:<10} R@1 {r1:.3f}  R@5 {r5:.3f}", flush=True)


if __name__ == "__main__":
    main()
