import pytest

from index.question import is_definition_question


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
