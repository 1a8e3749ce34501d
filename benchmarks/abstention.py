"""Abstention on a small and a large corpus: questions the corpus does not answer, and the tier they get.

    python -m benchmarks.abstention [--bbc-index DIR] [--judge FOLDER ...] [--json OUT]

The questions (`tests/data/unanswerable_questions.jsonl`, written for this project) are
30 off-topic ones (recipes, arithmetic, household advice, gibberish: nothing a news corpus
answers) and 30 near-topic ones about the subjects of a 2004-2005 news corpus that it cannot
answer (events after 2005, opinions, trivia no article states). They are asked of two corpora:

- `own`: the seed article and the hand-written news articles of the tests (4 articles);
- `bbc`: `../shared/eval/bbc-news` (2,127 articles, about 37,000 sentences), the scale of a
  real news server. Its index is built once into `--bbc-index` (about 6 minutes here).

For each corpus and each judge setting (the packaged judge, the default; `judge = none`, the
first stage alone; and each `--judge` folder, a judge trained but not shipped) it prints how
many questions of each kind get each tier. The promise: none is answered (tier `answer`);
off-topic questions should get `nothing`, not even related reading.

Silence has a price, so bbc-news is also asked 33 questions it does answer
(`benchmarks/bbc_questions.jsonl`, written for the project from 33 random articles, seed 2027:
each names its gold sentence by article id, position and a hash of its text, never the text;
`also` names a sentence of another article that states the same fact: two, found by reading
this benchmark's first run). For them it counts the right sentence first, the answer tier, and
both (answered right).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.attribution import articles_by_id, text_key
from index import Embedder, Engine, Result, Settings, segment_article
from index.answer.evaluate import EvalQuestion, is_correct, read_questions

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = REPO / "tests" / "data" / "unanswerable_questions.jsonl"
BBC = REPO.parent / "shared" / "eval" / "bbc-news" / "articles.jsonl"
BBC_QUESTIONS = REPO / "benchmarks" / "bbc_questions.jsonl"
JUDGES = {"judge (default)": "", "judge = none": "none"}


def own_corpus(folder: Path) -> Path:
    """The seed article and the tests' hand-written news articles, in one folder."""
    folder.mkdir()
    for source in (REPO / "corpus", REPO / "tests" / "data" / "news"):
        for path in source.iterdir():
            shutil.copy(path, folder / path.name)
    return folder


def bbc_answerable(path: Path = BBC_QUESTIONS) -> list[EvalQuestion]:
    """bbc-news questions, their gold sentences read from the corpus (checked by hash). A record
    names its gold as `article`, `position`, `key` (and `also`: other articles stating the same),
    or as `article` and a list `gold` of positions and keys (empty: near-topic), each place in
    `article` unless it names another (where another article of the corpus answers too)."""
    articles = articles_by_id("bbc-news")
    questions = []
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        places = [{"article": record["article"], **place} for place in record["gold"]] if "gold" in record else [
            record, *record.get("also", [])
        ]  # fmt: skip
        gold = []
        for place in places:
            sentence = segment_article(articles[place["article"]])[place["position"]]  # type: ignore[arg-type]
            if text_key(sentence.text) != place["key"]:
                raise SystemExit(f"{record['id']}: the segmenter moved a gold sentence; fix its position")
            gold.append(sentence.text)
        questions.append(EvalQuestion(record["id"], record["question"], gold))
    return questions


def measure(
    corpus: Path, index_dir: Path, embedder: Embedder, answerable: list[EvalQuestion], judges: dict[str, str]
) -> dict[str, Any]:
    questions = read_questions(QUESTIONS) + answerable
    kinds = {q.id: "answerable" if q.gold else q.id.split("-")[0] for q in questions}
    figures: dict[str, Any] = {}
    for name, judge in judges.items():
        settings = Settings(corpus=corpus, index_dir=index_dir, judge=judge)
        engine = Engine(settings, encoder=embedder)
        engine.load(build_if_missing=True)
        results = engine.ask_batch([q.question for q in questions])
        tiers: Counter[tuple[str, str]] = Counter()
        answered = []
        for question, result in zip(questions, results, strict=True):
            assert isinstance(result, Result)
            tiers[(kinds[question.id], str(result.tier))] += 1
            if question.gold:
                right = bool(result.answers) and is_correct(result.answers[0].quote, question.gold)
                tiers[("answerable", "right first")] += right
                tiers[("answerable", "answered right")] += right and result.tier == "answer"
                continue
            if result.tier == "answer":
                top = result.answers[0]
                answered.append(
                    {
                        "id": question.id,
                        "question": question.question,
                        "score": round(top.score, 3),
                        "p": None if top.answer_probability is None else round(top.answer_probability, 3),
                        "article": top.article.own_id,
                        "sentence": top.sentence_index,
                    }
                )
        figures[name] = {"tiers": {f"{k}/{t}": n for (k, t), n in sorted(tiers.items())}, "answered": answered}
        engine.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc-index", type=Path, default=Path(tempfile.gettempdir()) / "qabot-bbc-index")
    parser.add_argument("--judge", type=Path, action="append", default=[], help="also measure this judge folder")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    judges = JUDGES | {f"judge {folder.name}": str(folder) for folder in args.judge}
    embedder = Embedder()
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        own = own_corpus(Path(tmp) / "corpus")
        report["own"] = measure(own, Path(tmp) / "index", embedder, [], judges)
    if BBC.exists():
        report["bbc"] = measure(BBC, args.bbc_index, embedder, bbc_answerable(), judges)
    for corpus, figures in report.items():
        for judge, found in figures.items():
            tiers = found["tiers"]
            line = ", ".join(f"{key} {n}" for key, n in tiers.items())
            print(f"{corpus:4s} {judge:16s} {line}")
            for item in found["answered"]:
                print(f"     answered: {item['id']} {item['question']!r} score {item['score']} p {item['p']}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
