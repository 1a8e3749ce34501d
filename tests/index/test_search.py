"""Ranking and abstention as a user sees them, on the seed article and on small corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Engine, Settings
from index.evaluate import is_correct, read_questions
from tests.support.encoders import CountingEncoder
from tests.support.paths import REPO

SEED_QUESTIONS = read_questions(REPO / "tests/data/seed_questions.jsonl")


def test_seed_questions_get_the_right_sentence_first(seed_engine: Engine) -> None:
    factual = [q for q in SEED_QUESTIONS if q.gold]
    results = seed_engine.ask_batch([q.question for q in factual])
    right_first = [q.id for q, r in zip(factual, results) if is_correct(r.answers[0].quote, q.gold)]
    assert len(factual) == 25
    assert len(right_first) >= 24, sorted({q.id for q in factual} - set(right_first))


def test_off_topic_questions_are_not_answered(seed_engine: Engine) -> None:
    off_topic = [q for q in SEED_QUESTIONS if q.id.startswith("off-")]
    results = seed_engine.ask_batch([q.question for q in off_topic])
    assert len(off_topic) == 14
    assert [q.question for q, r in zip(off_topic, results) if not r.abstained] == []


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "puce.md").write_text(
        "---\ntitle: Puce\n---\n"
        "Puce is a brownish-purple colour.\n"
        "The colour became fashionable in France in the 1770s.\n",
        encoding="utf-8",
    )
    return corpus


@pytest.mark.parametrize(("question", "bonus"), [("What is puce?", 0.10), ("When was puce fashionable?", 0.03)])
def test_the_lead_bonus_is_larger_for_definition_questions(
    tmp_path: Path, glossary: Path, embedder: CountingEncoder, question: str, bonus: float
) -> None:
    def scores(**weights: float) -> dict[int, float]:
        settings = Settings(corpus=glossary, index_dir=tmp_path / "index", **weights)
        engine = Engine(settings, encoder=embedder)
        engine.load()
        return {a.sentence_index: a.score for a in engine.ask(question, k=2).answers}

    with_bonus = scores(lead_weight=0.03, definition_lead_weight=0.10)
    without = scores(lead_weight=0.0, definition_lead_weight=0.0)
    assert with_bonus[0] - without[0] == pytest.approx(bonus, abs=1e-6)
    assert with_bonus[1] == pytest.approx(without[1], abs=1e-6)
