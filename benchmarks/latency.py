"""Answer latency as shipped, on the seed corpus and on bbc-news, against the first stage alone, in
one run; and its distribution as a PNG for the docs.

    python -m benchmarks.latency [--bbc-index DIR] [--rounds 3] [--repeat 100] [--plot docs/img]

Each corpus gets two engines over one index and one encoder: as shipped (the judge over the top
`judge_candidates`, tiers by its calibrated probability) and `judge = none` (the first stage
alone). In `--rounds` alternating rounds each answers `--repeat` questions one at a time
(`Engine.ask`, k = 5): the seed set's questions on the seed corpus, the blind bbc-news questions
and the off- and near-topic ones on bbc-news (its index is built once into `--bbc-index`, about
6 minutes here). Reported: p50 and p95 over all rounds and the ratio of the p50s, so that a
noisy, shared machine moves both alike.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.abstention import bbc_answerable
from benchmarks.judge import BLIND_QUESTIONS, EVAL, REPO, UNANSWERABLE
from benchmarks.plots import axes
from benchmarks.run import p50_p95, timings
from index import Embedder, Engine, Settings


def questions_of(corpus: str) -> list[str]:
    if corpus == "seed":
        path = REPO / "tests" / "data" / "seed_questions.jsonl"
        return [json.loads(line)["question"] for line in path.open(encoding="utf-8")]
    unanswerable = [json.loads(line)["question"] for line in UNANSWERABLE.open(encoding="utf-8")]
    return [q.question for q in bbc_answerable(BLIND_QUESTIONS)] + unanswerable


def engines(corpus: Path, index_dir: Path, embedder: Embedder) -> dict[str, Engine]:
    shipped = Engine(Settings(corpus=corpus, index_dir=index_dir), encoder=embedder)
    shipped.load()
    alone = Engine(Settings(corpus=corpus, index_dir=index_dir, judge="none"), encoder=embedder)
    alone.load()
    return {"as shipped": shipped, "first stage alone": alone}


def asker(engine: Engine, questions: list[str]) -> Callable[[], object]:
    """One call: the next question of `questions`, in turn."""
    turn = iter(range(10**9))
    return lambda: engine.ask(questions[next(turn) % len(questions)], 5)


def measure(variants: dict[str, Engine], questions: list[str], rounds: int, repeat: int) -> dict[str, list[float]]:
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, engine in variants.items():
            seconds[name] += timings(asker(engine, questions), repeat)
    return seconds


def plot(folder: Path, results: dict[str, dict[str, list[float]]]) -> None:
    labels = {
        "xscale": "log",
        "xlabel": "milliseconds per question (Engine.ask, k = 5, one at a time)",
        "ylabel": "share of questions answered within",
        "title": "Answer latency, 2 cores",
    }
    with axes(folder / "answer-latency.png", (7, 4), **labels) as ax:
        for corpus, variants in results.items():
            for name, seconds in variants.items():
                ms = sorted(1000 * s for s in seconds)
                ax.plot(ms, [(i + 1) / len(ms) for i in range(len(ms))], label=f"{corpus}, {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc-index", type=Path, default=None, help="kept between runs; default: a temporary one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--plot", type=Path, default=None, help="folder for answer-latency.png")
    args = parser.parse_args()
    results: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        embedder = Embedder(backend="auto", cache_dir=work / "models")
        corpora = {
            "seed": (REPO / "corpus", work / "seed-index"),
            "bbc-news": (EVAL / "bbc-news" / "articles.jsonl", args.bbc_index or work / "bbc-index"),
        }
        for corpus, (source, index_dir) in corpora.items():
            variants = engines(source, index_dir, embedder)
            results[corpus] = measure(variants, questions_of(corpus), args.rounds, args.repeat)
            for engine in variants.values():
                engine.close()
    for corpus, variants in results.items():
        p50s = {}
        for name, seconds in variants.items():
            p50, p95 = p50_p95(seconds)
            p50s[name] = p50
            print(f"{corpus:<9} {name:<18} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   ({len(seconds)} answers)")
        ratio = p50s["as shipped"] / p50s["first stage alone"]
        print(f"{corpus:<9} as shipped / first stage alone: {ratio:.2f}x")
    if args.plot:
        plot(args.plot, results)
        print(f"plot written to {args.plot / 'answer-latency.png'}")


if __name__ == "__main__":
    main()
