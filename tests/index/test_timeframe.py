"""A question naming a year is answered only from an article dated in that year or naming it;
otherwise the closest sentences are shown as related reading, not as an answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import Embedder, Engine, Result, Settings
from index.answer.timeframe import dated_years, in_timeframe, years_in

FINAL = """---
title: Harriers lift the Wessex Cup
source: qabot test desk (fictional)
{date}---
Marlow Harriers won the Wessex Cup on Saturday, beating Vellmar Rovers 3-1 in the final.

Their captain, Ada Quist, scored twice in the second half.

The final was watched by 12,000 people at the harbour ground.
"""


def test_years_are_read_as_years_not_as_parts_of_figures() -> None:
    assert years_in("Who won the 2019 Rugby World Cup?") == {2019}
    assert years_in("Was the 1998 final better than 2003's?") == {1998, 2003}
    assert years_in("It cost $2019, or 2,019 pounds, at 2019.5 per unit, code A2019.") == frozenset()
    assert years_in("How many people live in Marlow?") == frozenset()
    assert years_in("By 1988, she had won. On October 23, 2008. Since 2000.") == {1988, 2008, 2000}


def test_an_article_date_covers_its_year_and_a_range_every_year_in_it() -> None:
    assert list(dated_years("2005-03-14")) == [2005]
    assert list(dated_years("2004-2005")) == [2004, 2005]
    assert list(dated_years(None)) == [] and list(dated_years("last spring")) == []
    assert in_timeframe({2005}, "2004-2005", named=set())
    assert in_timeframe({2019}, "2004-2005", named={2019})
    assert not in_timeframe({2019}, "2004-2005", named={2003})
    assert not in_timeframe({2004, 2019}, None, named={2004})


def ask(tmp_path: Path, embedder: Embedder, judge: str, date: str, question: str) -> Result:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "final.md").write_text(FINAL.format(date=f"published: {date}\n" if date else ""))
    engine = Engine(Settings(corpus=corpus, index_dir=tmp_path / "index", judge=judge), encoder=embedder)
    engine.load()
    result = engine.ask(question)
    assert isinstance(result, Result)
    return result


@pytest.mark.parametrize(
    ("date", "question", "tier"),
    [
        ("2019-05-12", "Who won the 2019 Wessex Cup final?", "answer"),  # dated in the year asked
        ("2019-05-12", "Who won the Wessex Cup final?", "answer"),  # no year asked
        ("2004-05-12", "Who won the 2019 Wessex Cup final?", "related"),  # another year's final
        ("", "Who won the 2019 Wessex Cup final?", "related"),  # undated, never names 2019
    ],
)
def test_a_question_about_another_year_is_not_answered(
    tmp_path: Path, shared_embedder: Embedder, date: str, question: str, tier: str
) -> None:
    """With `judge = none`, where the first-stage score alone would call every one of them an
    answer; the judge's decision goes through the same rule (`Searcher._in_timeframe`)."""
    result = ask(tmp_path, shared_embedder, "none", date, question)
    assert result.tier == tier
    assert result.answers[0].quote.startswith("Marlow Harriers won the Wessex Cup on Saturday")
