"""Would one judge call for a batch of questions be faster, and would it change their replies?

    python -m benchmarks.judge_batch [--questions 64] [--batch 8,16]

The judge reads each question's 5 candidates in one call (`Judge.logits`). This measures the
alternative for the bot's batches: all pairs of 8 or 16 questions in one call, sorted by length
into chunks of 16 pairs, each padded to its own longest (and, for reference, one call padded to
the longest of all). The pairs are the blind bbc-news questions against 5 random sentences of
the first 40 bbc-news articles, each led by its title as the judge reads it. Then the cost of
doing it: the largest change of a pair's probability between alone and in a batch (the shipped
judge quantizes its activations to int8 with one scale per call, computed from the whole input).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence

import numpy as np

from benchmarks.judge import BLIND_QUESTIONS, EVAL
from index.answer.judge import PACKAGED_JUDGE, Judge, judge_pair_text, sigmoid
from index.ingest.files import load_corpus
from index.store.build import segment_article

Pairs = list[tuple[str, str]]


def one_call(judge: Judge, pairs: Pairs, chunk: int | None) -> np.ndarray:
    """Logits of pairs of several questions in one call (`chunk`: sorted by length into chunks)."""
    session, tokenizer = judge._load()
    encodings = tokenizer.encode_batch(pairs)
    feeds = {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }
    if chunk is None:
        return np.asarray(session.run(["logits"], feeds)[0]).reshape(-1)
    lengths = feeds["attention_mask"].sum(axis=1)
    by_length = np.argsort(lengths, kind="stable")
    out = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), chunk):
        rows = by_length[start : start + chunk]
        width = int(lengths[rows].max())  # right padding: the columns beyond are padding only
        (logits,) = session.run(["logits"], {name: array[rows, :width] for name, array in feeds.items()})
        out[rows] = np.asarray(logits).reshape(-1)
    return out


def per_question(judge: Judge, batch: Sequence[Pairs]) -> np.ndarray:
    return np.concatenate([judge.logits(pairs[0][0], [text for _, text in pairs]) for pairs in batch])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=64)
    parser.add_argument("--batch", default="8,16")
    args = parser.parse_args()
    judge = Judge(PACKAGED_JUDGE, threads=2)
    articles = load_corpus(EVAL / "bbc-news" / "articles.jsonl").articles[:40]
    texts = [judge_pair_text(s.text, a.title) for a in articles for s in segment_article(a)]
    rng = np.random.default_rng(0)
    questions = [json.loads(line)["question"] for line in BLIND_QUESTIONS.open(encoding="utf-8")][: args.questions]
    asked = [[(q, texts[i]) for i in rng.choice(len(texts), 5, replace=False)] for q in questions]
    judge.logits("warm up", ["the model"])
    ways: dict[str, Callable[[Sequence[Pairs]], np.ndarray]] = {
        "one call per question (shipped)": lambda batch: per_question(judge, batch),
        "one call per batch, chunks of 16 by length": lambda batch: one_call(judge, [p for q in batch for p in q], 16),
        "one call per batch, padded to its longest": lambda batch: one_call(judge, [p for q in batch for p in q], None),
    }
    for size in (int(n) for n in args.batch.split(",")):
        batches = [asked[i : i + size] for i in range(0, len(asked), size)]
        for _ in range(2):  # two alternating rounds
            for name, way in ways.items():
                started = time.perf_counter()
                for batch in batches:
                    way(batch)
                ms = 1000 * (time.perf_counter() - started) / len(asked)
                print(f"batches of {size:>2}: {name:<44} {ms:6.2f} ms per question", flush=True)
        change = max(
            float(
                np.abs(
                    sigmoid(ways["one call per batch, chunks of 16 by length"](b)) - sigmoid(per_question(judge, b))
                ).max()
            )
            for b in batches
        )
        print(f"batches of {size:>2}: largest change of a probability, alone against in the batch: {change:.4f}")


if __name__ == "__main__":
    main()
