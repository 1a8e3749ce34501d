"""The lexical side on Milvus: Milvus Lite's BM25 full-text search against qabot's local BM25 (bm25s).

    python -m benchmarks.milvus_bm25 [--sets bbc,newsqa] [--k 1,5,20]

Each set's corpus is segmented as `qabot index` does; its sentences go into a local BM25 index
(`LexicalIndex`: lower-cased, stop words out, Snowball-stemmed, bm25s) and into a Milvus Lite
collection with a BM25 function over an analysed VARCHAR field into a sparse vector (a
SPARSE_INVERTED_INDEX; Milvus Lite's analyser is the standard tokenizer, lower-cased, with the
same stop words, and no stemmer). Reported per set: the share of answerable questions with a
gold sentence among the first k of each, and the time per query, from one run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.abstention import bbc_answerable
from benchmarks.judge import BLIND_QUESTIONS, EVAL, newsqa_questions
from index.answer.evaluate import EvalQuestion, is_correct
from index.ingest.files import load_corpus
from index.store.build import segment_article
from index.store.lexical import STOP_WORDS, LexicalIndex, tokenize

SETS = {
    "bbc": (EVAL / "bbc-news" / "articles.jsonl", lambda: bbc_answerable(BLIND_QUESTIONS)),
    "newsqa": (EVAL / "newsqa-dev" / "articles.jsonl", newsqa_questions),
}


def sentences_of(corpus: Path) -> list[str]:
    return [s.text for article in load_corpus(corpus).articles for s in segment_article(article)]


def milvus_collection(c: Any, texts: list[str]) -> str:
    """A collection of `texts` (ids: their positions) with Milvus's BM25 over them, loaded."""
    from pymilvus import DataType, Function, FunctionType

    schema = c.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    analyzer = {"tokenizer": "standard", "filter": ["lowercase", {"type": "stop", "stop_words": sorted(STOP_WORDS)}]}
    schema.add_field("text", DataType.VARCHAR, max_length=65535, enable_analyzer=True, analyzer_params=analyzer)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(
        Function(
            name="bm25", function_type=FunctionType.BM25, input_field_names=["text"], output_field_names=["sparse"]
        )
    )
    index = c.prepare_index_params()
    index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    c.create_collection("sentences", schema=schema)
    c.create_index("sentences", index, sync=False)
    for start in range(0, len(texts), 2000):
        c.insert("sentences", [{"id": i, "text": t} for i, t in enumerate(texts[start : start + 2000], start)])
    c.flush("sentences")
    c.load_collection("sentences")
    return "sentences"


def first_right(ranked: list[int], texts: list[str], question: EvalQuestion) -> int | None:
    return next((rank for rank, i in enumerate(ranked, 1) if is_correct(texts[i], question.gold)), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="bbc,newsqa")
    parser.add_argument("--k", default="1,5,20")
    args = parser.parse_args()
    ks = [int(k) for k in args.k.split(",")]
    depth = max(ks)
    from pymilvus import MilvusClient

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sets.split(","):
            corpus, questions_of = SETS[name]
            questions = [q for q in questions_of() if q.gold]
            texts = sentences_of(corpus)
            local = LexicalIndex.build(range(len(texts)), tokenize(texts), bm25=True)
            client = MilvusClient(str(Path(tmp) / f"{name}.db"))
            started = time.perf_counter()
            collection = milvus_collection(client, texts)
            loaded = time.perf_counter() - started
            ranks: dict[str, list[int | None]] = {"bm25s (local)": [], "Milvus Lite BM25": []}
            seconds = dict.fromkeys(ranks, 0.0)
            for question in questions:
                started = time.perf_counter()
                ranked = local.top(tokenize([question.question])[0], depth)
                seconds["bm25s (local)"] += time.perf_counter() - started
                ranks["bm25s (local)"].append(first_right(ranked, texts, question))
                started = time.perf_counter()
                hits = client.search(collection, data=[question.question], anns_field="sparse", limit=depth)
                seconds["Milvus Lite BM25"] += time.perf_counter() - started
                ranks["Milvus Lite BM25"].append(first_right([int(h["id"]) for h in hits[0]], texts, question))
            print(
                f"{name}: {len(texts)} sentences, {len(questions)} answerable questions; Milvus insert {loaded:.1f} s"
            )
            for engine, found in ranks.items():
                recalls = [sum(1 for r in found if r is not None and r <= k) / len(found) for k in ks]
                rows.append((name, engine, recalls, 1000 * seconds[engine] / len(questions)))
    print(f"\n{'set':<8} {'lexical ranking':<18} " + " ".join(f"{'R@' + str(k):>6}" for k in ks) + "  ms/query")
    for name, engine, recalls, ms in rows:
        print(f"{name:<8} {engine:<18} " + " ".join(f"{r:6.3f}" for r in recalls) + f"  {ms:8.2f}")


if __name__ == "__main__":
    main()
