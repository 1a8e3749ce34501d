"""A teacher (a transformers cross-encoder) against the shipped judge on the same candidates.

    python -m benchmarks.teacher_eval --teacher build/teacher/run14k/torch [--sets ...] [--newsqa-every 4]

For every answerable question of each set, both judges read the first stage's top 5 in one
batch, as the engine judges them (`benchmarks.judge.collect`); printed per set, R@1 / MRR with
the judge alone (its probability) and with the shipped mix (`judge_weight`, `position_weight`).
`--newsqa-every K` keeps one NewsQA question in K (by a hash of its id): the teacher scores
slowly on a CPU. The teacher is not calibrated, so no tiers.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from pathlib import Path

from benchmarks.judge import collect, ranks, sets
from index import Embedder, Settings
from index.answer.judge import PACKAGED_JUDGE, Judge
from training.distil import CrossEncoder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teacher", type=Path, required=True, help="the teacher's torch folder")
    parser.add_argument("--sets", default="wikiqa,newsqa,seed,news,bbc")
    parser.add_argument("--newsqa-every", type=int, default=1)
    args = parser.parse_args()
    settings = Settings()
    judges = {"shipped": Judge(PACKAGED_JUDGE, threads=2), "teacher": CrossEncoder(args.teacher)}
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
