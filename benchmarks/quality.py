"""The README's ablation table, measured in one run, and the speed of the default ranking
against the plain pipeline.

    python -m benchmarks.quality [--repeat 5] [--json]

Each row is a setting of the real search (`Settings` overrides; a few need their own index:
no title in the embedded text, BM25), run over WikiQA dev (318 questions, the whole corpus
ranked for each) and the seed question set (25 factual, 14 off-topic, 6 near-topic questions
the article does not answer). Answer-triggering F1 is at `min_score` (the on-topic gate; with
`judge = none` the bot now answers from `first_stage_threshold`, which this table predates)
and at the best threshold for that row on WikiQA dev.

Speed: the plain pipeline is what the issue calls plain: embed the question, take the
nearest sentences from FAISS, read their texts. Both it and `Engine.ask_many` get the same
318 questions in one batch, and one at a time; medians over `--repeat` runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from index import Embedder, Engine, Settings
from index.answer.evaluate import EvalQuestion, evaluate, is_correct, read_questions

REPO = Path(__file__).resolve().parent.parent

WIKIQA = REPO.parent / "shared" / "eval" / "wikiqa-dev"
SEED_QUESTIONS = REPO / "tests" / "data" / "seed_questions.jsonl"
PLAIN = {"lexical_weight": 0.0, "lead_weight": 0.0, "definition_lead_weight": 0.0}
OLD_LEAD = {"lead_weight": 0.05, "definition_lead_weight": 0.05}

# (row, index kind, settings overrides); index kinds: "title" (default), "plain", "bm25".
VARIANTS: list[tuple[str, str, dict[str, Any]]] = [
    ("plain: sentence alone, cosine only", "plain", PLAIN),
    ("+ coverage 0.20, no title", "plain", {**PLAIN, "lexical_weight": 0.2}),
    ("title in the embedded text, cosine only", "title", PLAIN),
    ("title + coverage 0.10", "title", {**PLAIN, "lexical_weight": 0.1}),
    ("title + coverage 0.20", "title", {**PLAIN, "lexical_weight": 0.2}),
    ("title + coverage 0.30", "title", {**PLAIN, "lexical_weight": 0.3}),
    ("+ lead prior 0.05, every question (previous default)", "title", OLD_LEAD),
    ("+ lead prior 0.10, every question", "title", {"lead_weight": 0.10, "definition_lead_weight": 0.10}),
    ("+ lead prior 0.03, 0.10 for definition questions (default)", "title", {}),
    ("+ lead prior 0.03, 0.15 for definition questions", "title", {"definition_lead_weight": 0.15}),
    ("+ lead prior 0, 0.10 for definition questions", "title", {"lead_weight": 0.0}),
    ("default + 50 BM25 candidates", "bm25", {"bm25_candidates": 50}),
]


def build(kind: str, corpus: Path, root: Path, embedder: Embedder) -> Engine:
    settings = Settings(
        corpus=corpus,
        index_dir=root / f"{corpus.stem}-{kind}",
        title_weight=0 if kind == "plain" else Settings().title_weight,
        bm25_candidates=50 if kind == "bm25" else 0,
    )
    engine = Engine(settings, encoder=embedder)
    engine.load()
    return engine


def measure(engine: Engine, overrides: dict[str, Any], questions: list[EvalQuestion]) -> dict[str, Any]:
    settings = engine.settings.model_copy(update=overrides)
    variant = Engine(settings, encoder=engine.encoder)
    results = variant.ask_batch([q.question for q in questions], k=10)
    report = evaluate(questions, results, settings.min_score)
    factual = [(q, r) for q, r in zip(questions, results) if q.gold]
    return {
        **report.figures(),
        "right_first": sum(is_correct(r.answers[0].quote, q.gold) for q, r in factual),
        "factual": len(factual),
        "off_topic_answered": sum(not r.abstained for q, r in zip(questions, results) if q.id.startswith("off-")),
        "off_topic": sum(q.id.startswith("off-") for q in questions),
    }


def plain_pipeline(engine: Engine, questions: list[str], k: int = 10) -> list[list[str]]:
    """Embed, nearest k by FAISS, their texts: the baseline the issue compares speed against."""
    snapshot = engine.snapshot
    _, ids = snapshot.vectors.search(engine.encoder.encode(questions), k)
    texts = []
    for row in ids:
        wanted = [int(i) for i in row if i >= 0]
        found = snapshot.catalog.texts(wanted)
        texts.append([found[i] for i in wanted])
    return texts


def median_seconds(fn: Any, repeat: int) -> float:
    fn()  # warm-up
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def speed(engine: Engine, questions: list[str], repeat: int) -> dict[str, float]:
    n = len(questions)
    batch_plain = median_seconds(lambda: plain_pipeline(engine, questions), repeat) / n
    batch_ours = median_seconds(lambda: engine.ask_batch(questions, k=10), repeat) / n
    one_plain = median_seconds(lambda: [plain_pipeline(engine, [q]) for q in questions], repeat) / n
    one_ours = median_seconds(lambda: [engine.ask(q, k=10) for q in questions], repeat) / n
    return {
        "batch_plain_ms": 1000 * batch_plain,
        "batch_ours_ms": 1000 * batch_ours,
        "one_plain_ms": 1000 * one_plain,
        "one_ours_ms": 1000 * one_ours,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, default=WIKIQA / "questions.jsonl")
    parser.add_argument("--corpus", type=Path, default=WIKIQA / "articles.jsonl")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print every figure as JSON at the end")
    args = parser.parse_args()

    dev, seed = read_questions(args.questions), read_questions(SEED_QUESTIONS)
    figures: dict[str, Any] = {"rows": []}
    with tempfile.TemporaryDirectory(prefix="qabot-quality-") as tmp:
        root = Path(tmp)
        embedder = Embedder(backend="auto", cache_dir=root / "models")
        engines = {kind: build(kind, args.corpus, root, embedder) for kind in ("title", "plain", "bm25")}
        seed_engines = {kind: build(kind, REPO / "corpus", root, embedder) for kind in ("title", "plain", "bm25")}
        print(
            f"{'technique':<62} {'R@1':>5} {'R@5':>5} {'MRR':>5} {'F1@bot':>6} {'F1 best':>11}  "
            f"{'seed right first':>16} {'off-topic answered':>18}"
        )
        for name, kind, overrides in VARIANTS:
            wiki = measure(engines[kind], overrides, dev)
            mine = measure(seed_engines[kind], overrides, seed)
            figures["rows"].append({"technique": name, "wikiqa_dev": wiki, "seed": mine})
            print(
                f"{name:<62} {wiki['recall_at_1']:5.3f} {wiki['recall_at_5']:5.3f} {wiki['mrr']:5.3f} "
                f"{wiki['f1']:6.3f} {wiki['best_f1']:5.3f}@{wiki['best_threshold']:.2f}  "
                f"{mine['right_first']:>13}/{mine['factual']} {mine['off_topic_answered']:>15}/{mine['off_topic']}",
                flush=True,
            )
        timing = speed(engines["title"], [q.question for q in dev], args.repeat)
        figures["speed"] = timing
        print(
            f"\nper question, {len(dev)} WikiQA questions, medians of {args.repeat} runs ({embedder.backend}):\n"
            f"  in one batch:  plain {timing['batch_plain_ms']:.2f} ms, default {timing['batch_ours_ms']:.2f} ms, "
            f"ratio {timing['batch_ours_ms'] / timing['batch_plain_ms']:.2f}x\n"
            f"  one at a time: plain {timing['one_plain_ms']:.2f} ms, default {timing['one_ours_ms']:.2f} ms, "
            f"ratio {timing['one_ours_ms'] / timing['one_plain_ms']:.2f}x"
        )
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
