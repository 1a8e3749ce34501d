"""Answer latency with one answer judge against another, on the seed corpus, in one run.

    python -m benchmarks.judge_speed FOLDER [FOLDER ...] [--rounds 5] [--repeat 100]

Each judge folder (the packaged one first, always) gets its own engine over the seed corpus
with the same encoder and index; then, in `--rounds` alternating rounds, each answers the same
`--repeat` seed questions one at a time (`Engine.ask`, k = 5, the judge on the top 5 as in the
bot). Reported: the median of the round medians per judge and its ratio to the packaged judge,
so that a noisy, shared machine moves both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from pathlib import Path

from benchmarks.run import p50_p95, timings
from index import Engine, Settings
from index.answer.judge import PACKAGED_JUDGE

REPO = Path(__file__).resolve().parent.parent
SEED_QUESTIONS = [json.loads(line)["question"] for line in (REPO / "tests/data/seed_questions.jsonl").open()]


def round_median(engine: Engine, questions: list[str]) -> float:
    """Median milliseconds of one `ask` over `questions`, one at a time (benchmarks.run's timer)."""
    cycle = iter(questions)
    return p50_p95(timings(lambda: engine.ask(next(cycle), 5), len(questions), warmup=0))[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("judges", type=Path, nargs="*", help="judge folders to compare with the packaged one")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    folders = [PACKAGED_JUDGE, *args.judges]
    questions = (SEED_QUESTIONS * (args.repeat // len(SEED_QUESTIONS) + 1))[: args.repeat]
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "seed"
        first = Engine(Settings(corpus=REPO / "corpus", index_dir=index_dir, judge=str(folders[0])))
        first.load()
        engines = [first] + [
            Engine(Settings(corpus=REPO / "corpus", index_dir=index_dir, judge=str(f)), encoder=first.encoder)
            for f in folders[1:]
        ]
        for engine in engines:
            engine.load()
            round_median(engine, questions[:10])  # warm up: load the judge, fill caches
        medians: list[list[float]] = [[] for _ in engines]
        for _ in range(args.rounds):
            for engine, mine in zip(engines, medians, strict=True):
                mine.append(round_median(engine, questions))
    base = statistics.median(medians[0])
    print(f"| judge | answer p50, median of {args.rounds} rounds | rounds | ratio to packaged |")
    print("|---|---|---|---|")
    for folder, mine in zip(folders, medians, strict=True):
        p50 = statistics.median(mine)
        rounds = ", ".join(f"{m:.2f}" for m in mine)
        name = "packaged" if folder == PACKAGED_JUDGE else str(folder)
        print(f"| {name} | {p50:.2f} ms | {rounds} | {p50 / base:.2f}x |")


if __name__ == "__main__":
    main()
