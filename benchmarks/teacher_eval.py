"""Judges side by side on the same candidates: the shipped one, the teacher, a student.

    python -m benchmarks.teacher_eval --judge teacher=build/teacher/run14k/torch \
        [--judge student=build/student] [--sets ...] [--newsqa-every 4]

For every answerable question of each set, each judge reads the first stage's top 5 in one
batch, as the engine judges them (`benchmarks.judge.collect`); printed per set, R@1 / MRR with
the judge alone (its probability) and with the shipped mix (`judge_weight`, `position_weight`).
The shipped judge is always the first column. A `--judge` folder is either a judge as shipped
(with `judge.json`: an exported student) or a cross-encoder saved by `transformers` (the
teacher). `--newsqa-every K` keeps one NewsQA question in K (by a hash of its id): the teacher
scores slowly on a CPU. Orders only, so no calibration and no tiers (`benchmarks.judge` has them).
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from pathlib import Path

from benchmarks.judge import collect, load_judge, ranks, sets
from index import Embedder, Settings
from index.answer.judge import PACKAGED_JUDGE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--judge", action="append", default=[], metavar="NAME=FOLDER", required=True,
        help="a judge to compare with the shipped one; repeatable",
    )  # fmt: skip
    parser.add_argument("--sets", default="wikiqa,newsqa,seed,news,bbc")
    parser.add_argument("--newsqa-every", type=int, default=1)
    args = parser.parse_args()
    settings = Settings()
    named = [("shipped", PACKAGED_JUDGE)] + [(n, Path(f)) for n, f in (j.split("=", 1) for j in args.judge)]
    judges = {name: load_judge(folder) for name, folder in named}
    print("| set | questions | " + " | ".join(f"{j} alone | {j} mixed" for j in judges) + " |")
    print("|---|---|" + "---|" * 2 * len(judges))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        embedder = Embedder(backend="auto", cache_dir=work / "models")
        for name, (corpus, questions) in sets(work).items():
            if name not in args.sets.split(","):
                continue
            asked = [q for q in questions if q.gold]
            if name == "newsqa":
                asked = [q for q in asked if hashlib.sha256(q.id.encode()).digest()[0] % args.newsqa_every == 0]
            cells = []
            for judge in judges.values():
                items = collect(name, corpus, asked, judge, embedder, work, 5, {})  # type: ignore[arg-type]
                for w, position in ((0.0, 0.0), (settings.judge_weight, settings.position_weight)):
                    r1, mrr = ranks(items, (5, w, position))
                    cells.append(f"{r1:.3f} / {mrr:.3f}")
            print(f"| {name} | {len(asked)} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
