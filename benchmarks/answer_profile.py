"""Where one answer's time goes: the question path on the seed corpus under cProfile, by step.

    python -m benchmarks.answer_profile [--repeat 4]

Answers the seed questions `--repeat` times one at a time (`Engine.ask`, k = 5, the judge over
the top 5 as shipped) after a warm-up round, and prints the milliseconds per answer spent in
each step of the path: embedding the question, the first stage's candidates, the judge
(tokenising and the network apart), and the rest. Issue 39 asked whether storing the
candidates' token ids at index time would pay: the tokenising line answers it.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import tempfile
from pathlib import Path

from index import Engine, Settings

REPO = Path(__file__).resolve().parent.parent
SEED_QUESTIONS = [json.loads(line)["question"] for line in (REPO / "tests/data/seed_questions.jsonl").open()]

# (label, file suffix, function name): the cumulative time of the functions so named in files so
# ending ("~": a built-in, matched by a part of its name).
STEPS = [
    ("the whole answer (Engine.ask)", "index/engine.py", "ask"),
    ("embed the question", "index/encode/embed.py", "encode"),
    ("first-stage candidates (FAISS, BM25, catalog)", "index/answer/search.py", "candidates"),
    ("the judge, in all", "index/answer/judge.py", "logits"),
    ("ONNX Runtime, the judge's and the encoder's networks", "~", "onnxruntime_pybind11_state.run"),
    ("tokenising, the judge's and the encoder's", "~", "encode_batch"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine(Settings(corpus=REPO / "corpus", index_dir=Path(tmp) / "seed"))
        engine.load()
        for question in SEED_QUESTIONS:  # warm up: load the judge, fill caches
            engine.ask(question, 5)
        questions = SEED_QUESTIONS * args.repeat
        profile = cProfile.Profile()
        profile.enable()
        for question in questions:
            engine.ask(question, 5)
        profile.disable()
        engine.close()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]  # pstats keeps its table here
    print(f"| step | ms per answer ({len(questions)} answers, seed corpus) |")
    print("|---|---|")
    for label, suffix, name in STEPS:
        total = sum(
            row[3]
            for (filename, _, function), row in stats.items()
            if (name in function if suffix == "~" else function == name and filename.endswith(suffix))
        )
        print(f"| {label} | {1000 * total / len(questions):.2f} |")


if __name__ == "__main__":
    main()
