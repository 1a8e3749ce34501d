"""When sources differ: answering quotes from different articles with different figures come first,
together, newest first, and the reply says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import Engine, Settings
from index.answer.disagreement import date_key, disagreeing, figures, newest_first
from index.store.lexical import tokenize
from tests.support.encoders import CountingEncoder
from tests.support.paths import DIFFERING_CORPUS


def tokens(text: str) -> str:
    return " ".join(tokenize([text])[0])


def check(texts: list[str], articles: list[str]) -> list[int]:
    return disagreeing(texts, [tokens(t) for t in texts], articles)


def test_figures_are_numbers_as_written_without_years() -> None:
    assert figures("Unemployment fell to 5.4% in March 2005, from 5,600 claims.") == {"5.4", "5600"}
    assert figures("About 440 people died in 2004 and 2005.") == {"440"}
    assert figures("No figure here.") == frozenset()


def test_two_articles_giving_different_figures_for_the_same_thing_disagree() -> None:
    texts = [
        "Unemployment in Marlow fell to 5.4% in March, the council said.",
        "The harbour reopened on Monday after repairs.",
        "Unemployment in Marlow stood at 5.2% in March, according to revised council figures.",
    ]
    assert check(texts, ["a", "b", "c"]) == [0, 2]


@pytest.mark.parametrize(
    ("texts", "articles"),
    [
        # the same figure: they agree
        (["Unemployment in Marlow fell to 5.4% in March, the council said.",
          "Unemployment in Marlow was 5.4% in March, council figures show."], ["a", "b"]),
        # the same article revising itself is not two sources
        (["Unemployment in Marlow fell to 5.4% in March, the council said.",
          "Unemployment in Marlow stood at 5.2% in March, revised council figures show."], ["a", "a"]),
        # different things, different figures
        (["Unemployment in Marlow fell to 5.4% in March, the council said.",
          "The Marlow bridge will cost 40 million euros to rebuild."], ["a", "b"]),
        # only years differ: the claims are dated, not contradicted
        (["Unemployment in Marlow fell sharply in March 2004, the council said.",
          "Unemployment in Marlow fell sharply in March 2005, the council said."], ["a", "b"]),
        # one states no figure
        (["Unemployment in Marlow fell to 5.4% in March, the council said.",
          "Unemployment in Marlow fell in March, the council said."], ["a", "b"]),
    ],
)  # fmt: skip
def test_no_disagreement_without_two_sources_and_two_figures_for_one_thing(
    texts: list[str], articles: list[str]
) -> None:
    assert check(texts, articles) == []


def test_newest_first_where_dated_and_undated_after_in_their_order() -> None:
    published = ["2026-03-02", None, "2026-04-20", "2004-2005", "2026-04"]
    assert newest_first([0, 1, 2, 3, 4], published) == [2, 4, 0, 3, 1]
    assert date_key("2004-2005") == (2004, 0, 0)
    assert date_key("sometime") is None


@pytest.mark.parametrize("judge", ["none", ""])
def test_a_reply_shows_differing_figures_together_newest_first(
    tmp_path: Path, embedder: CountingEncoder, judge: str
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(DIFFERING_CORPUS, corpus)
    engine = Engine(Settings(corpus=corpus, index_dir=tmp_path / "index", judge=judge), encoder=embedder)
    engine.reindex()

    result = engine.ask("What was the unemployment rate in Marlow in March?")

    assert result.tier == "answer" and result.sources_differ == 2
    assert [a.quote for a in result.answers[:2]] == [
        "Unemployment in Marlow stood at 5.2% in March, according to revised council figures.",
        "Unemployment in Marlow fell to 5.4% in March, the council said.",
    ]  # the revision (20 April) before the first estimate (2 April)
    assert [a.article.published for a in result.answers[:2]] == ["2026-04-20", "2026-04-02"]
    assert result.to_dict()["sources_differ"] == 2
    agreeing = engine.ask("What did the harbour and the new ferry line add?")
    assert agreeing.sources_differ == 0 and agreeing.to_dict()["sources_differ"] == 0
