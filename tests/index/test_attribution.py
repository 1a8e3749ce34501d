"""In-text attribution: who the sentence says made the claim."""

from __future__ import annotations

import pytest

from index import load_corpus, segment_article
from index.attribution import attribute_sentences
from tests.support.paths import SEED_CORPUS


@pytest.fixture(scope="module")
def seed_sentences():
    [article] = load_corpus(SEED_CORPUS).articles
    return segment_article(article)


def test_seed_article_attribution(seed_sentences) -> None:
    sources = [s.attributed_to for s in seed_sentences]
    assert sources[0] == "Al Hadath TV"  # "Al Hadath TV reported"
    assert sources[1] == "Al Hadath TV"  # "according to the report" inherits
    assert sources[3] == "The New York Times"  # "The New York Times had detailed"
    assert sources[8] == "The New York Times"  # "The New York Times report emphasized"
    assert sources[6] == "The New York Times"  # "as reported": the latest named reporter
    assert sources[12] == "critics"  # "with critics arguing"
    assert sources[2] is None  # no reporting construction: no guess
    assert sources[10] is None  # "Trump had publicly vowed" is the news, not a source


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The plan failed, according to officials.", "officials"),
        ("According to the Pentagon, five soldiers were hurt.", "the Pentagon"),
        ("As reported by BBC News, the bridge reopened.", "BBC News"),
        ("Yesterday Reuters reported that talks resumed.", "Reuters"),
        ("He said the talks would resume.", None),
        ("The talks resumed on Monday.", None),
    ],
)
def test_reporting_patterns(sentence: str, expected: str | None) -> None:
    assert attribute_sentences([sentence]) == [expected]


def test_anaphora_without_a_named_reporter_stays_unattributed() -> None:
    assert attribute_sentences(["According to the report, prices rose."]) == [None]


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        # a speaker after the verb, with a title or an appositive
        (['"The bridge will reopen in May," said harbour master Ida Brandt.'], "Ida Brandt"),
        (['"We expected worse," said Tomas Weir, head of the Marlow ferry line.'], "Tomas Weir"),
        (["The tolls will rise again next year, said a council spokeswoman."], "a council spokeswoman"),
        (["Tolls rose sharply, said to be the steepest rise in years."], None),  # no speaker after the verb
        # a named speaker before the verb, with an appositive, or after a quotation
        (["Ida Brandt, who runs the harbour, said the tolls were fair."], "Ida Brandt"),
        (['"Prices are rising," Tomas Weir, the line\'s owner, told the Marlow Gazette.'], "Tomas Weir"),
        (["Ferry operators in Marlow said the season started late."], "Ferry operators in Marlow"),
        # a described speaker
        (["The council said the barrier was finished on time."], "The council"),
        # a name inside the quotation is not the speaker; the one after it is
        (['"Mr Weir told me the ferry was safe," the inspector said.'], "the inspector"),
        # a subordinate clause is not the sentence's claim
        (["The barrier opened the week that the council announced its budget."], None),
    ],
)
def test_news_reporting_constructions(sentences: list[str], expected: str | None) -> None:
    assert attribute_sentences(sentences)[-1] == expected


def test_pronouns_take_the_last_named_person_or_organisation() -> None:
    article = [
        "Harbour master Ida Brandt said the barrier held.",
        '"It was the worst storm in ten years," she said.',
        "The Marlow Ferry Company said it would add two boats.",
        "Extra crews will be hired in March, it said.",
        "Mr Weir agreed, but added that wages were too low.",
        '"We cannot keep skippers at these rates," he said.',
        '"They leave for the oil rigs."',  # a quotation that goes on: still Mr Weir
        "The crossing takes forty minutes.",  # no speaker, and no guess
    ]
    assert attribute_sentences(article) == [
        "Ida Brandt",
        "Ida Brandt",
        "The Marlow Ferry Company",
        "The Marlow Ferry Company",
        None,
        "Mr Weir",
        "Mr Weir",
        None,
    ]


def test_a_pronoun_with_no_named_person_before_it_stays_unattributed() -> None:
    assert attribute_sentences(["The ferry was late.", '"It happens," she said.']) == [None, None]
