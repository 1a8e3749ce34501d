"""In-text attribution: who the sentence says made the claim."""

from __future__ import annotations

import json

import pytest

from index import load_corpus, segment_article
from index.ingest.attribution import attribute_sentences
from tests.support.paths import SEED_CORPUS, TEST_DATA

CASES = TEST_DATA / "attribution"


def _cases(file: str) -> list[tuple[list[str], str | None]]:
    """Expected speakers kept as data (`tests/data/attribution/`): one JSON object a case, its
    sentences (the last is the one attributed), the speaker expected, and a note on why."""
    cases = [json.loads(line) for line in (CASES / file).read_text(encoding="utf-8").splitlines() if line]
    return [(case.get("sentences") or case["article"], case["expected"]) for case in cases]


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
    assert sources[4] == "journalists embedded with the coalition"  # the whole description
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


def test_every_sentence_of_a_quotation_takes_the_speaker_it_names() -> None:
    """The segmenter cuts a quotation between its sentences; the speaker named in one of them
    (at its close or before it opens) is the speaker of all of them."""
    article = [
        "Coach Ann Rees spoke after training.",
        '"The pitch is not in good condition.',
        "The cup game was played there at the weekend.",
        'It is the same for both teams," said Rees.',
        'Ms Rees said: "There are mixed emotions.',
        "We have work to do.",
        '"But the squad is ready."',  # the quotation goes on in a new paragraph
    ]
    assert attribute_sentences(article) == [None, "Rees", "Rees", "Rees", "Ms Rees", "Ms Rees", "Ms Rees"]


def test_a_quotation_that_never_closes_shares_no_speaker() -> None:
    """A stray mark is not a quotation: the sentences after it keep their own (lack of) speaker."""
    article = [
        'Ida Brandt said the storm was "the worst in years.',
        "The ferry ran late on Monday.",
        "Officials said the barrier held.",
    ]
    assert attribute_sentences(article) == ["Ida Brandt", None, "Officials"]


@pytest.mark.parametrize(("sentences", "expected"), _cases("real_news.jsonl"))
def test_real_news_constructions(sentences: list[str], expected: str | None) -> None:
    assert attribute_sentences(sentences)[-1] == expected


@pytest.mark.parametrize(("article", "expected"), _cases("pronouns.jsonl"))
def test_who_a_pronoun_refers_to(article: list[str], expected: str | None) -> None:
    assert attribute_sentences(article)[-1] == expected
