"""Embeds stay within Discord's limits; long quotes are cut at a word, citations never."""

from __future__ import annotations

from bot import formatting
from index import Answer, ArticleRef, Result


def answer(quote: str, title: str = "A title", n: int = 0) -> Answer:
    ref = ArticleRef(
        id=f"a{n}", title=title, source="Wire", url="https://example.org/a", published="2024-05-01", path="a.md"
    )
    return Answer(
        quote=quote,
        score=0.9,
        sentence_index=n,
        attributed_to="Reuters",
        context_before=[],
        context_after=[],
        article=ref,
        sentence_id=n + 1,
    )


def test_long_quotes_are_cut_at_a_word_boundary_and_citations_stay_whole() -> None:
    words = " ".join(f"word{i}" for i in range(3000))
    result = Result("q?", False, [answer(words, title="T" * 300, n=i) for i in range(5)])
    embeds = formatting.result_embeds(result)
    assert sum(len(e) for e in embeds) <= formatting.TOTAL_MAX
    for embed in embeds[1:]:
        assert len(embed.description) <= formatting.DESCRIPTION_MAX and len(embed.title) <= formatting.TITLE_MAX
        quote, citation = embed.description.rsplit("\n", 1)
        assert quote.endswith("…") and quote[:-1].rstrip().split(" ")[-1].startswith("word")
        assert citation == '— according to Reuters · "' + "T" * 300 + '", sentence ' + citation.split("sentence ")[1]
        assert "2024-05-01" in citation


def test_escape_keeps_the_rendered_text_verbatim() -> None:
    text = "# Not a heading > not a quote *not bold* [not](a link) @everyone"
    escaped = formatting.escape(text)
    assert escaped.replace("\\", "") == text
    assert "*not bold*" not in escaped


def test_shorten() -> None:
    assert formatting.shorten("short", 10) == "short"
    cut = formatting.shorten("alpha beta gamma delta", 12)
    assert cut == "alpha beta…" and len(cut) <= 12
