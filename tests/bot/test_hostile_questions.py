"""Every kind of odd question gets a sensible reply; none pings, breaks an embed, or raises."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import formatting
from bot.client import QABot
from index import Engine, QuestionRejected, Result, Settings
from localdiscord.server import FakeDiscord
from tests.support.paths import SEED_CORPUS
from tests.support.records import make_answer

ODD_QUESTIONS = {
    "empty-ish": "   ",
    "huge": "why " * 2500,
    "emoji": "🔥🚀🔥",
    "zero-width": "\u200b\u200c\u200d\ufeff",
    "zero-width inside": "who\u200b reported\u200d the strikes?",
    "lone surrogate": "who reported \ud800 the strikes?",  # valid JSON, not valid UTF-8 text
    "right-to-left": "من أطلق الصواريخ؟ \u200fAl Hadath",
    "markdown": "**who** _reported_ ~~the~~ `strikes`? > # heading",
    "mentions": "@everyone <@4000000000000001> <@&2000000000000100> who reported the strikes?",
    "code block": "```python\nprint('where were the strikes launched from?')\n```",
    "url": "https://example.org/?q=missile+strikes launched from where",
}


IN_WORDS = "Please ask a question in words, for example: who reported the strikes?"
REFUSED = {
    "empty-ish": IN_WORDS,
    "emoji": IN_WORDS,
    "zero-width": IN_WORDS,
    "huge": "That question is 9,999 characters long; please keep it under 1,000.",
}
SEED_TEXT = (SEED_CORPUS / "coalition-strikes-isis-syria.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(ODD_QUESTIONS))
async def test_odd_questions_get_a_sensible_reply(kind: str, fake_discord: FakeDiscord, running_bot: QABot) -> None:
    token = await fake_discord.command("ask", {"question": ODD_QUESTIONS[kind]})
    body = (await fake_discord.callback(token)).body
    data = body["data"]
    assert data["allowed_mentions"] == {"parse": []}
    if kind in REFUSED:  # a polite refusal, only to the asker
        assert data.get("flags") == 64 and "embeds" not in data
        assert data["content"] == REFUSED[kind]
    else:
        assert data.get("flags") != 64
        header, *quotes = data["embeds"]
        assert header["title"] in {"From the corpus, quoted verbatim", "Nothing in the corpus answers this"}
        assert header["footer"]["text"].startswith("Q: ")
        assert len(quotes) <= 3 and (quotes or header["description"].startswith("Nothing in the corpus comes close"))
        for embed in quotes:  # each quote renders as verbatim article text, then its citation
            quote, citation = embed["description"].rsplit("\n— ", 1)
            shown = "\n".join(line.removeprefix("> ") for line in quote.split("\n")).replace("\\", "")
            assert shown in SEED_TEXT
            assert '"Coalition missile strikes on ISIS in Syria", sentence ' in citation
        total = sum(len(e.get("title", "")) + len(e.get("description", "")) for e in data["embeds"])
        assert total + len(header["footer"]["text"]) <= 6000
    assert running_bot.is_ready() and not running_bot.is_closed()


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    engine = Engine(Settings(corpus=SEED_CORPUS, index_dir=tmp_path_factory.mktemp("index")))
    engine.load()
    return engine


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=st.text(min_size=0, max_size=1200))
def test_any_text_searches_and_formats_within_limits_quoting_verbatim(engine: Engine, question: str) -> None:
    try:
        result = engine.ask(question, k=5)
    except QuestionRejected as exc:
        assert str(exc)
        return
    embeds = formatting.result_embeds(result)
    assert len(embeds) <= formatting.EMBEDS_MAX and sum(len(e) for e in embeds) <= formatting.TOTAL_MAX
    for answer in result.answers:
        assert answer.quote in SEED_TEXT
    for embed in embeds[1:]:
        assert len(embed.description or "") <= formatting.DESCRIPTION_MAX


@settings(max_examples=200, deadline=None)
@given(quote=st.text(min_size=1, max_size=8000), title=st.text(min_size=1, max_size=400), n=st.integers(1, 9))
def test_formatter_keeps_limits_and_renders_the_quote_verbatim(quote: str, title: str, n: int) -> None:
    result = Result("q", False, [make_answer(quote, title=title, n=i) for i in range(n)])
    embeds = formatting.result_embeds(result)
    assert len(embeds) <= formatting.EMBEDS_MAX and sum(len(e) for e in embeds) <= formatting.TOTAL_MAX
    for embed in embeds[1:]:
        assert len(embed.description) <= formatting.DESCRIPTION_MAX and len(embed.title) <= formatting.TITLE_MAX
        rendered = embed.description.rsplit("\n— ", 1)[0]
        lines = [line[2:] if line.startswith("> ") else line[1:] for line in rendered.split("\n")]
        shown = "\n".join(lines).replace("\\", "")
        plain_quote = "\n".join(quote.splitlines()).replace("\\", "")
        if shown != plain_quote:  # shortened: a prefix of the quote, cut before an ellipsis
            assert shown.endswith("…") and plain_quote.startswith(shown[:-1])


LONG = ("Where were the missile strikes launched from? " * 30).strip()


@pytest.mark.parametrize("length", [999, 1000])
async def test_a_question_at_the_length_limit_is_answered_by_slash_command_and_mention(
    length: int, fake_discord: FakeDiscord, running_bot: QABot
) -> None:
    question = LONG[:length]
    token = await fake_discord.command("ask", {"question": question})
    data = (await fake_discord.callback(token)).body["data"]
    assert data["embeds"][0]["title"] == "From the corpus, quoted verbatim", data
    assert "Ash Shaddadi" in data["embeds"][1]["description"]

    assert running_bot.user is not None
    mention = f"<@{running_bot.user.id}> "
    await fake_discord.say(mention + question[: length - len(mention)])
    reply = await fake_discord.wait_for(lambda r: r.method == "POST" and r.path.endswith("/messages"))
    assert reply.body["embeds"][0]["title"] == "From the corpus, quoted verbatim", reply.body
    assert "Ash Shaddadi" in reply.body["embeds"][1]["description"]
