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
