"""What Discord would reject or mishandle never leaves the bot: limits, URLs, option lengths."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot import formatting
from bot.client import QABot
from bot.settings import BotSettings
from bot.testing import start_bot, stop_bot
from index import Answer, ArticleInfo, ArticleRef, Embedder, Engine, Result, load_corpus
from index.store import versions as store
from localdiscord.server import GUILD_ID, FakeDiscord
from tests.support.records import make_answer


def test_sources_page_stays_within_the_description_limit_whatever_the_fields() -> None:
    articles = [
        ArticleInfo(
            ArticleRef(
                f"a{i}", "T" * 300, "Outlet " * 40, "https://example.org/" + "x" * 1900, "2024-05-01" * 20, "a.md"
            ),
            sentence_count=12,
            indexed_at=time.time(),
        )
        for i in range(10)
    ]
    embed = formatting.sources_embed(articles, 0, 10)
    assert len(embed.description or "") <= formatting.DESCRIPTION_MAX
    assert (embed.description or "").count("12 sentences · indexed") == 10  # every article still listed


def test_urls_are_normalised_at_ingest_and_the_raw_value_kept(tmp_path: Path) -> None:
    for name, url in [("bare", "www.example.org/story"), ("script", "javascript:alert(1)"), ("ok", "https://a.org/x")]:
        (tmp_path / f"{name}.md").write_text(f'---\ntitle: {name}\nurl: "{url}"\n---\nA sentence.', encoding="utf-8")
    by_id = {a.id: a for a in load_corpus(tmp_path).articles}
    assert by_id["bare.md"].url == "https://www.example.org/story"
    assert by_id["bare.md"].extra["url_raw"] == "www.example.org/story"
    assert by_id["script.md"].url is None and by_id["script.md"].extra["url_raw"] == "javascript:alert(1)"
    assert by_id["ok.md"].url == "https://a.org/x" and "url_raw" not in by_id["ok.md"].extra


def test_quotes_from_one_article_keep_distinct_embed_urls() -> None:
    """Discord collapses embeds that share a URL into the first one: the other quotes would vanish."""
    answers = [make_answer(f"Quote number {i}.", n=i) for i in range(3)]
    answers = [replace(a, article=replace(a.article, url="https://example.org/a")) for a in answers]
    embeds = formatting.result_embeds(Result("q?", False, answers))
    urls = [e.url for e in embeds[1:]]
    assert len(set(urls)) == 3 and all(u and u.startswith("https://example.org/a") for u in urls)


async def test_ask_declares_the_question_limit_from_the_setting(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    settings = bot_settings.model_copy(update={"guild_ids": [GUILD_ID], "max_question_chars": 300})
    bot, task = await start_bot(settings, shared_embedder)
    await stop_bot(bot, task)
    synced = next(r for r in fake_discord.requests if r.method == "PUT" and r.path.endswith("/commands"))
    ask = next(c for c in synced.body if c["name"] == "ask")
    question = next(o for o in ask["options"] if o["name"] == "question")
    assert question["max_length"] == 300 and question["min_length"] == 1


async def test_slow_buttons_and_sources_defer_within_the_window(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    """Every path that answers an interaction defers when the work may pass Discord's 3 seconds.

    The local Discord's window is shortened to 0.5 s and the bot's to 0.01 s: work of 0.8 s
    answered without a deferral would be refused as an unknown interaction (and fail the test).
    """
    fake_discord.response_window = 0.5
    bot, task = await start_bot(bot_settings.model_copy(update={"answer_timeout_seconds": 0.01}), shared_embedder)
    engine = bot.engine
    answer_for, articles = engine.answer_for, engine.articles

    def slow_answer_for(sentence_id: int) -> Answer | None:
        time.sleep(0.8)  # a slow index: past the (shortened) window
        return answer_for(sentence_id)

    def slow_articles() -> list[ArticleInfo]:
        time.sleep(0.8)
        return articles()

    engine.answer_for, engine.articles = slow_answer_for, slow_articles  # type: ignore[method-assign]  # slowness, injected
    try:
        token = await fake_discord.command("ask", {"question": "Who vowed to retaliate against ISIS?", "results": 1})
        await fake_discord.reply(token)
        message = fake_discord.messages[fake_discord.originals[token]]
        context = await fake_discord.click(message, message["components"][0]["components"][0]["custom_id"])
        deferred = (await fake_discord.callback(context)).body
        assert deferred["type"] == 5 and deferred["data"]["flags"] == 64  # "thinking", only to the clicker
        assert "> Previously, President Donald Trump" in (await fake_discord.reply(context))["embeds"][0]["description"]

        sources = await fake_discord.command("sources")
        assert (await fake_discord.callback(sources)).body["type"] == 5
        listed = await fake_discord.reply(sources)
        assert listed["embeds"][0]["title"] == "Sources: 1 articles"
    finally:
        await stop_bot(bot, task)


async def test_a_refused_question_stays_private_even_when_answers_are_slow(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    bot, task = await start_bot(bot_settings.model_copy(update={"answer_timeout_seconds": 0.001}), shared_embedder)
    try:
        token = await fake_discord.command("ask", {"question": "   "})
        body = (await fake_discord.callback(token)).body
        assert body["type"] == 4 and body["data"]["flags"] == 64  # not a public "thinking" message
    finally:
        await stop_bot(bot, task)


async def test_a_failing_button_gets_a_polite_private_reply_and_one_log_entry(
    caplog: pytest.LogCaptureFixture, fake_discord: FakeDiscord, running_bot: QABot
) -> None:
    token = await fake_discord.command("ask", {"question": "Who vowed to retaliate against ISIS?", "results": 1})
    await fake_discord.callback(token)
    message = fake_discord.messages[fake_discord.originals[token]]

    def broken(sentence_id: int) -> None:
        raise RuntimeError("the index went away")

    running_bot.engine.answer_for = broken  # type: ignore[method-assign]  # a fault, injected
    caplog.set_level(logging.ERROR)
    click = await fake_discord.click(message, message["components"][0]["components"][0]["custom_id"])
    body = (await fake_discord.callback(click)).body
    assert body["type"] == 4 and body["data"]["flags"] == 64
    assert body["data"]["content"] == "Sorry, something went wrong while answering. The error was logged."
    failures = [r for r in caplog.records if "the index went away" in str(r.exc_info)]
    assert len(failures) == 1 and failures[0].getMessage() == "Show context failed"


async def test_the_bot_starting_on_a_damaged_index_rebuilds_it_and_quotes_only_the_corpus(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    Engine(bot_settings, encoder=shared_embedder).load()
    version = store.IndexStore(bot_settings.index_dir).current()
    assert version is not None
    data = bytearray((version / "vectors.faiss").read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)  # silent damage in the vectors
    (version / "vectors.faiss").write_bytes(bytes(data))

    bot, task = await start_bot(bot_settings, shared_embedder)
    try:
        token = await fake_discord.command("ask", {"question": "Who vowed to retaliate against ISIS?", "results": 1})
        reply = await fake_discord.reply(token)
        assert reply["embeds"][1]["description"].startswith("> Previously, President Donald Trump")
        assert (version.parent / f"{version.name}.corrupt").is_dir()
    finally:
        await stop_bot(bot, task)


async def test_awkward_metadata_passes_discords_checks_end_to_end(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder, tmp_path: Path
) -> None:
    """Long titles, outlets and URLs, bare and unsafe URLs, a dozen articles: every reply accepted.

    The local Discord refuses anything Discord would (and the fixture then fails the test), so
    this asserts what the user sees and, implicitly, that nothing was refused on the way.
    """
    corpus = tmp_path / "awkward"
    corpus.mkdir()
    urls = ["www.example.org/story", "javascript:alert(1)", "https://example.org/" + "x" * 1900, None]
    for i in range(12):
        url = urls[i % len(urls)]
        front = [f"title: Harbour report {i} " + "with a very long headline " * 12, "source: " + "Outlet " * 30]
        front += [f'url: "{url}"'] if url else []
        front += ["published: 2026-05-0" + str(i % 9 + 1)]
        body = (
            f"The harbour crane number {i} lifted {100 + i} containers on Monday, the port authority said. "
            f"Workers on shift {i} reported no injuries. The crane was built in {1990 + i}."
        )
        (corpus / f"harbour-{i}.md").write_text("---\n" + "\n".join(front) + "\n---\n" + body, encoding="utf-8")
    settings = bot_settings.model_copy(update={"corpus": corpus, "index_dir": tmp_path / "awkward-index"})
    bot, task = await start_bot(settings, shared_embedder)
    try:
        token = await fake_discord.command("ask", {"question": "How many containers did the harbour crane lift?"})
        answer = await fake_discord.reply(token)
        quotes = answer["embeds"][1:]
        assert quotes and all("containers on Monday" in q["description"] for q in quotes)
        assert all(q.get("url") is None or q["url"].startswith("https://") for q in quotes)

        message = fake_discord.messages[fake_discord.originals[token]]
        buttons = [c["custom_id"] for row in message["components"] for c in row["components"]]
        context = await fake_discord.reply(await fake_discord.click(message, buttons[0]))
        assert "containers on Monday" in context["embeds"][0]["description"]
        more = next(b for b in buttons if b.startswith("qabot:more:"))
        assert (await fake_discord.reply(await fake_discord.click(message, more)))["embeds"]

        sources = await fake_discord.command("sources")
        listed = await fake_discord.reply(sources)
        assert listed["embeds"][0]["title"] == "Sources: 12 articles"
        page = fake_discord.messages[fake_discord.originals[sources]]
        await fake_discord.callback(await fake_discord.click(page, "qabot:src:1:next"))
        assert "Harbour report" in fake_discord.messages[page["id"]]["embeds"][0]["description"]
        assert fake_discord.messages[page["id"]]["embeds"][0] != listed["embeds"][0]  # page 2, edited in place
    finally:
        await stop_bot(bot, task)
