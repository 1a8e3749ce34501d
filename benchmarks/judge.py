"""The answer judge measured and calibrated on the dev sets, side by side with the first stage.

    python -m benchmarks.judge [--judge FOLDER] [--sets wikiqa,newsqa,seed,news] [--json OUT]

For every question of each set: the first stage's candidates (the default search with the
judge off) and the judge's logits for the first `--max-n` of them, computed once. Then, from
those, for each candidate count N, mixing weight w and position weight: R@1 and MRR of the
order `p + w * first-stage score + position weight * p * exp(-position / 10)` (`ranking.judged_keys`,
as answers are ordered), and answer-triggering F1 of "the first quote's p reaches the
threshold" (nothing is answered when the first stage is below `min_score`), at the best
threshold of each set and at one shared threshold. A setting is kept only by the macro-average
over the sets (WikiQA dev, NewsQA dev, the hand-written sets): a gain on one set that loses on
another is not a gain. Last, per set, the tiers the search would give as configured
(`benchmarks.tiers`: right first in the answer tier and in any tier, answered wrongly, near- and
off-topic kept out, the tier confusion matrix). Dev halves only: the held-out halves judge the
result.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.abstention import bbc_answerable
from benchmarks.judged_items import Config, Item, judged_order, load_items, save_items
from benchmarks.tiers import print_report, reply
from index import Embedder, Engine, Settings
from index.answer.evaluate import EvalQuestion, is_correct, read_questions
from index.answer.judge import PACKAGED_JUDGE, Judge, sigmoid
from index.answer.search import Searcher
from training.distil import CrossEncoder

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
SEED_QUESTIONS = REPO / "tests" / "data" / "seed_questions.jsonl"
NEWS_QUESTIONS = REPO / "tests" / "data" / "news_questions.jsonl"
BLIND_QUESTIONS = REPO / "benchmarks" / "blind_questions.jsonl"
UNANSWERABLE = REPO / "tests" / "data" / "unanswerable_questions.jsonl"


def newsqa_questions() -> list[EvalQuestion]:
    questions = []
    for name in ("questions.jsonl", "abstain.jsonl"):
        for line in (EVAL / "newsqa-dev" / name).open(encoding="utf-8"):
            record = json.loads(line)
            questions.append(EvalQuestion(record.get("qid", ""), record["question"], list(record.get("gold") or [])))
    return questions


def sets(work: Path) -> dict[str, tuple[Path, list[EvalQuestion]]]:
    news_corpus = work / "news-corpus"
    news_corpus.mkdir(parents=True, exist_ok=True)
    for source in [REPO / "corpus" / "coalition-strikes-isis-syria.md", *(REPO / "tests/data/news").glob("*.md")]:
        (news_corpus / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return {
        "wikiqa": (EVAL / "wikiqa-dev" / "articles.jsonl", read_questions(EVAL / "wikiqa-dev" / "questions.jsonl")),
        "newsqa": (EVAL / "newsqa-dev" / "articles.jsonl", newsqa_questions()),
        "seed": (REPO / "corpus", read_questions(SEED_QUESTIONS)),
        "news": (news_corpus, read_questions(SEED_QUESTIONS) + read_questions(NEWS_QUESTIONS)),
        # Questions written blind on bbc-news (benchmarks/blind_questions.jsonl), with the off- and
        # near-topic questions no article of it answers, asked of all 2,127 articles.
        "bbc": (EVAL / "bbc-news" / "articles.jsonl", bbc_answerable(BLIND_QUESTIONS) + read_questions(UNANSWERABLE)),
    }


def kind_of(question: EvalQuestion) -> str:
    if question.gold:
        return "factual"
    return "near" if question.id.startswith("near") else "off"


def collect(name: str, corpus: Path, questions: list[EvalQuestion], judge: Judge, embedder: Embedder,
            work: Path, max_n: int, overrides: dict[str, Any]) -> list[Item]:  # fmt: skip
    settings = Settings(corpus=corpus, index_dir=work / name, judge="none", **overrides)
    engine = Engine(settings, encoder=embedder)
    engine.load()
    searcher = Searcher(engine.snapshot, embedder, settings.search(), judge)
    vectors = embedder.encode([q.question for q in questions])
    items = []
    for question, vector in zip(questions, vectors):
        ranked = searcher.candidates(question.question, vector)
        head = [s for _, s in ranked[:max_n]]
        titles = engine.snapshot.catalog.article_refs(s.article_id for s in head)
        logits = judge.logits(question.question, searcher.judge_texts(head, titles))
        items.append(Item(
            question.id, bool(question.gold), kind_of(question),
            np.array([score for score, _ in ranked], dtype=np.float32),
            np.array([bool(question.gold) and is_correct(s.text, question.gold) for _, s in ranked]),
            logits,
            np.array([s.position for _, s in ranked]),
        ))  # fmt: skip
    engine.close()
    return items


def decide(items: list[Item], config: Config, min_score: float) -> tuple[np.ndarray, np.ndarray]:
    """Per question: (is the first quote right, its decision value)."""
    first_right, values = [], []
    for item in items:
        if not len(item.scores):
            first_right.append(False)
            values.append(-np.inf)
            continue
        order = judged_order(item, config)
        if config[0] is None:
            value = item.scores[0]
        else:
            value = sigmoid(item.logits[order[0]]) if item.scores[0] >= min_score else -np.inf
        first_right.append(bool(item.correct[order[0]]))
        values.append(float(value))
    return np.array(first_right), np.array(values)


def ranks(items: list[Item], config: Config) -> tuple[float, float]:
    r1, rr = [], []
    for item in items:
        if not item.answerable:
            continue
        order = judged_order(item, config)
        hits = [i for i, j in enumerate(order[:10]) if item.correct[j]]
        r1.append(bool(hits) and hits[0] == 0)
        rr.append(1 / (hits[0] + 1) if hits else 0.0)
    return float(np.mean(r1)), float(np.mean(rr))


def f1_at(items: list[Item], right: np.ndarray, values: np.ndarray, threshold: float) -> float:
    answerable = sum(item.answerable for item in items)
    answered = values >= threshold
    correct = sum(1 for item, r, a in zip(items, right, answered) if a and r and item.answerable)
    precision = correct / answered.sum() if answered.sum() else 0.0
    recall = correct / answerable if answerable else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def best_threshold(items: list[Item], right: np.ndarray, values: np.ndarray) -> tuple[float, float]:
    finite = np.unique(values[np.isfinite(values)])
    cuts = [(a + b) / 2 for a, b in pairwise(finite)] + [float(finite[0]) - 1e-6] if len(finite) else [0.5]
    scored = [(f1_at(items, right, values, t), t) for t in cuts]
    f1, t = max(scored)
    return t, f1


def tiers(
    items: list[Item], right: np.ndarray, values: np.ndarray, threshold: float, min_value: float
) -> dict[str, int]:
    """Seed-style counts: factual right first / in the answer tier; off-topic nothing; near not answered."""
    out = {
        "factual": 0,
        "right_first": 0,
        "answer_tier": 0,
        "off": 0,
        "off_nothing": 0,
        "off_not_answer": 0,
        "near": 0,
        "near_not_answer": 0,
    }
    for item, r, v in zip(items, right, values):
        out[item.kind] += 1
        if item.kind == "factual":
            out["right_first"] += bool(r)
            out["answer_tier"] += bool(v >= threshold)
        elif item.kind == "off":
            out["off_nothing"] += bool(v == min_value)
            out["off_not_answer"] += bool(v < threshold)
        else:
            out["near_not_answer"] += bool(v < threshold)
    return out


def load_judge(folder: Path) -> Judge | CrossEncoder:
    """A judge folder as shipped (with `judge.json`: the student too), or a cross-encoder saved by
    `transformers` (the teacher's torch folder, read by `training.distil.CrossEncoder`)."""
    return Judge(folder, threads=2) if (folder / "judge.json").is_file() else CrossEncoder(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--judge", type=Path, default=PACKAGED_JUDGE,
        help="a judge folder (with judge.json), or a cross-encoder saved by transformers (the teacher)",
    )  # fmt: skip
    parser.add_argument("--sets", default="wikiqa,newsqa,seed,news")
    parser.add_argument("--max-n", type=int, default=20)
    parser.add_argument("--min-score", type=float, default=Settings().min_score)
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE",
        help="a first-stage setting for this run (lexical_weight=0, title_weight=0, ...); repeatable",
    )  # fmt: skip
    parser.add_argument("--threshold", type=float, default=None, help="the shared answer threshold to report")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--cache", type=Path, default=None,
        help="keep the collected candidates and logits in this file and read them from it next time",
    )  # fmt: skip
    args = parser.parse_args()
    judge = load_judge(args.judge)
    overrides = dict(item.split("=", 1) for item in args.set)
    data = load_items(args.cache) if args.cache and args.cache.exists() else {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        embedder = Embedder(backend="auto", cache_dir=work / "models")
        for name, (corpus, questions) in sets(work).items():
            if name in args.sets.split(",") and name not in data:
                started = time.perf_counter()
                data[name] = collect(name, corpus, questions, judge, embedder, work, args.max_n, overrides)
                print(f"{name}: {len(questions)} questions in {time.perf_counter() - started:.0f} s", flush=True)
                if args.cache:
                    save_items(args.cache, data)
    data = {name: items for name, items in data.items() if name in args.sets.split(",")}
    position = Settings().position_weight
    configs: list[Config] = [(None, 0.0, 0.0)]
    for n in (5, 10, 15, 20):
        if n <= args.max_n:
            configs += [(n, w, p) for w in (0.0, 0.25, 0.5, 1.0, 2.0) for p in sorted({0.0, position})]
    configs += [(5, 2.0, p) for p in (0.4, 1.2) if p != position]
    rows = []
    for config in configs:
        row: dict[str, Any] = {"n": config[0], "w": config[1], "position": config[2]}
        for name, items in data.items():
            right, values = decide(items, config, args.min_score)
            r1, mrr = ranks(items, config)
            t, f1 = best_threshold(items, right, values)
            row[name] = {"r1": r1, "mrr": mrr, "best_t": t, "best_f1": f1, "values": values, "right": right}
        rows.append(row)
    # The shared threshold: the one that maximises the macro-average F1 over the sets.
    print(f"\n{'config':<22}" + "".join(f"{name:>34}" for name in data) + f"{'macro R@1/MRR/F1@t':>26}")
    print(f"{'':<22}" + "".join(f"{'R@1   MRR  F1best@t  F1@shared':>34}" for _ in data))
    for row in rows:
        grid = np.linspace(0.02, 0.98, 49) if row["n"] is not None else np.linspace(0.0, 1.0, 101)
        macro_f1 = [statistics.mean(f1_at(data[s], row[s]["right"], row[s]["values"], t) for s in data) for t in grid]
        shared = float(grid[int(np.argmax(macro_f1))]) if args.threshold is None else args.threshold
        row["shared_t"] = shared
        label = "first stage alone" if row["n"] is None else f"N={row['n']} w={row['w']} pos={row['position']}"
        cells = []
        for s, items in data.items():
            m = row[s]
            m["f1_shared"] = f1_at(items, m["right"], m["values"], shared)
            cells.append(f"{m['r1']:.3f} {m['mrr']:.3f} {m['best_f1']:.3f}@{m['best_t']:.2f} {m['f1_shared']:.3f}")
        macro = [statistics.mean(row[s][k] for s in data) for k in ("r1", "mrr", "f1_shared")]
        row["macro"] = macro
        print(
            f"{label:<22}"
            + "".join(f"{c:>34}" for c in cells)
            + f"   {macro[0]:.3f} {macro[1]:.3f} {macro[2]:.3f}@{shared:.2f}"
        )
    for name in ("seed", "news"):
        if name not in data:
            continue
        print(f"\n{name} set tiers (factual right first / answer tier; off-topic nothing; near-topic not answered):")
        for row in rows:
            m = row[name]
            counts = tiers(data[name], m["right"], m["values"], row["shared_t"], -np.inf)
            label = "first stage alone" if row["n"] is None else f"N={row['n']} w={row['w']} pos={row['position']}"
            print(f"  {label:<22} {counts['right_first']}/{counts['factual']} right first, "
                  f"{counts['answer_tier']}/{counts['factual']} answered; off-topic not answered "
                  f"{counts['off_not_answer']}/{counts['off']} (nothing: {counts['off_nothing']}); "
                  f"near-topic not answered "
                  f"{counts['near_not_answer']}/{counts['near']}")  # fmt: skip
    settings = Settings()
    shipped: Config = (settings.judge_candidates, settings.judge_weight, settings.position_weight)
    print(f"\nTiers as the search decides them: N={shipped[0]} w={shipped[1]} pos={shipped[2]}, the judge's "
          f"calibration, answer_threshold {settings.answer_threshold:.2f}, related_threshold "
          f"{settings.related_threshold:.2f}, related_score {settings.related_score:.2f}, min_score "
          f"{args.min_score:.2f} (whole sets):")  # fmt: skip
    for name, items in data.items():
        print_report(name, [(item, reply(item, shipped, judge.calibration, settings.answer_threshold,
                                         settings.related_threshold, args.min_score, settings.related_score))
                            for item in items])  # fmt: skip
    if args.json:
        slim = [{k: v for k, v in row.items() if k not in data} | {
            s: {k: v for k, v in row[s].items() if k not in ("values", "right")} for s in data
        } for row in rows]  # fmt: skip
        args.json.write_text(json.dumps(slim, indent=1, default=float))


if __name__ == "__main__":
    main()
