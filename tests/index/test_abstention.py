"""Questions the corpus does not answer are not answered: off-topic ones get nothing at all.

The corpus is the seed article and the tests' hand-written news articles; the questions are
written for the project (`tests/data/unanswerable_questions.jsonl`: 30 off-topic, and 30 about
2004-2005 news subjects that no article here answers; `news_questions.jsonl`: near-topic
questions on these very articles). `python -m benchmarks.abstention` asks the same questions of
the 2,127-article bbc-news corpus.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import Embedder, Engine, Result, Settings
from index.answer.evaluate import read_questions
from tests.support.paths import TEST_DATA


@pytest.fixture
def news_corpus(seed_corpus: Path) -> Path:
    for article in (TEST_DATA / "news").iterdir():
        shutil.copy(article, seed_corpus / article.name)
    return seed_corpus


def tiers(engine: Engine, questions: list[str]) -> list[str]:
    results = engine.ask_batch(questions)
    assert all(isinstance(r, Result) for r in results)
    return [str(r.tier) for r in results if isinstance(r, Result)]


@pytest.mark.parametrize("judge", ["", "none"], ids=["judge", "judge-none"])
def test_off_topic_questions_get_nothing_and_none_is_answered(
    news_corpus: Path, tmp_path: Path, shared_embedder: Embedder, judge: str
) -> None:
    questions = read_questions(TEST_DATA / "unanswerable_questions.jsonl")
    engine = Engine(Settings(corpus=news_corpus, index_dir=tmp_path / "index", judge=judge), encoder=shared_embedder)
    engine.load()
    off = [q.question for q in questions if q.id.startswith("off-")]
    other = [q.question for q in questions if not q.id.startswith("off-")]
    assert len(off) == 30 and len(other) == 30
    assert tiers(engine, off) == ["nothing"] * 30  # not even "related reading"
    assert "answer" not in tiers(engine, other)


def test_near_topic_questions_on_these_articles_are_rarely_answered(
    news_corpus: Path, tmp_path: Path, shared_embedder: Embedder
) -> None:
    """The judge keeps 27 of the 30 near-topic questions out of the answer tier (README); a guard, not a goal."""
    near = [q.question for q in read_questions(TEST_DATA / "news_questions.jsonl") if not q.gold and "near" in q.id]
    near += [q.question for q in read_questions(TEST_DATA / "seed_questions.jsonl") if not q.gold and "near" in q.id]
    engine = Engine(Settings(corpus=news_corpus, index_dir=tmp_path / "index"), encoder=shared_embedder)
    engine.load()
    assert len(near) >= 30
    assert tiers(engine, near).count("answer") <= 3
