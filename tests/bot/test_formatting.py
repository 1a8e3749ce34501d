"""Embeds stay within Discord's limits; long quotes are cut at a word, citations never."""

from __future__ import annotations

from bot import formatting
from index import Result
from tests.support.records import make_answer


def test_long_quotes_are_cut_at_a_word_boundary_and_citations_stay_whole() -> None:
    words = " ".join(f"word{i}" for i in range(3000))
    result = Result("q?", False, [make_answer(words, title="T" * 300, n=i) for i in range(5)])
    embeds = formatting.result_embeds(result)
    assert sum(len(e) for e in embeds) <= formatting.TOTAL_MAX
    assert len(embeds) == 6
    for number, embed in enumerate(embeds[1:], start=1):
        assert len(embed.description) <= formatting.DESCRIPTION_MAX and len(embed.title) <= formatting.TITLE_MAX
        quote, citation = embed.description.rsplit("\n", 1)
        assert quote.startswith("> word0 word1 ") and quote.endswith("…")
        assert quote[:-1].rstrip().split(" ")[-1].startswith("word")  # cut after a whole word
        assert words.startswith(quote[2:-1].rstrip())  # a prefix of the quote, not a paraphrase
        # The citation line is whole: speaker, full title, its own sentence number, outlet, date.
        assert citation == f'— according to Reuters · "{"T" * 300}", sentence {number} · Wire · 2024-05-01'


def test_escape_keeps_the_rendered_text_verbatim() -> None:
    text = "# Not a heading > not a quote *not bold* [not](a link) @everyone"
    escaped = formatting.escape(text)
    assert escaped.replace("\\", "") == text
    assert "*not bold*" not in escaped


def test_shorten() -> None:
    assert formatting.shorten("short", 10) == "short"
    cut = formatting.shorten("alpha beta gamma delta", 12)
    assert cut == "alpha beta…" and len(cut) <= 12
