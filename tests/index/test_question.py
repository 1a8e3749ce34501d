from pathlib import Path

import pytest

from index import Embedder, Result
from index.answer.question import asked_unit, is_definition_question, states_unit
from tests.support.corpora import indexed_engine


@pytest.mark.parametrize(
    "question",
    [
        "what is a CMM machine",
        "What Is Range in Math",
        "who is Dr. JB Danquah",
        "What's a duvet?",
        "what does karma mean in buddhism",
        "Define righteousness",
        "WHAT ARE HERITABLE TRAITS",
    ],
)
def test_definition_questions_are_recognised(question: str) -> None:
    assert is_definition_question(question)


@pytest.mark.parametrize(
    "question",
    [
        "Who vowed to retaliate against ISIS?",
        "What did The New York Times detail?",
        "who won the 1967 nba championship",
        "what is the type of democracy in which all citizens have the right to vote",
        "When did ISIS make its initial territorial gains?",
    ],
)
def test_other_questions_are_not(question: str) -> None:
    assert not is_definition_question(question)


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("How many minutes are in a week?", "minute"),
        ("How many days did the operations last?", "day"),
        ("how many kilometres long is the tunnel", "kilometre"),
        ("How many pounds did the fish weigh?", "pound"),
        ("How many people died?", None),
        ("How much did it cost?", None),
        ("How long did the strike last?", None),
    ],
)
def test_a_question_asking_in_a_unit_names_it(question: str, unit: str | None) -> None:
    assert asked_unit(question) == unit


def test_a_sentence_states_a_unit_in_any_of_its_forms() -> None:
    assert states_unit("The match lasted 90 minutes.", "minute")
    assert states_unit("a 24-hour strike", "hour")
    assert states_unit("He ran 5km in the rain.", "kilometre")
    assert states_unit("The deal was worth £5m.", "pound")
    assert not states_unit("Viewers watch 15 to 20 hours a week.", "minute")
    assert not states_unit("It rained in the summer.", "inch")  # "in" is no inch
    assert not states_unit("Sales reached £5m.", "metre")  # "m" is a million, not a metre


SURVEY = """---
title: Viewers spend more time online
source: qabot test desk (fictional)
published: 2024-03-02
---
A survey of 2,000 adults in Marlow found that viewers watch 15 to 20 hours of television a week.

The survey was carried out by the Marlow Media Institute in January.
"""


@pytest.mark.parametrize(
    ("question", "tier"),
    [
        ("How many hours of television do viewers in Marlow watch a week?", "answer"),
        ("How many minutes of television do viewers in Marlow watch a week?", "related"),
    ],
)
def test_a_question_in_a_unit_is_answered_only_by_a_sentence_stating_it(
    tmp_path: Path, shared_embedder: Embedder, question: str, tier: str
) -> None:
    """With `judge = none` and a low answer threshold, where the first-stage score alone would call
    both an answer; the judge's decision goes through the same rule."""
    engine = indexed_engine(tmp_path, shared_embedder, {"survey.md": SURVEY}, judge="none", first_stage_threshold=0.3)
    result = engine.ask(question)
    assert isinstance(result, Result)
    assert result.tier == tier
    assert result.answers[0].quote.startswith("A survey of 2,000 adults in Marlow found")  # still shown
