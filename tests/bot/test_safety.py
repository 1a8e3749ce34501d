"""Hostile text renders as text and pings nobody; limits and cooldowns; buttons outlive restarts."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.client import QABot
from bot.settings import BotSettings
from bot.testing import start_bot, stop_bot
from index import Embedder
from localdiscord.server import FakeDiscord

HOSTILE = "Attention @everyone: the **bold** claim about <@&123> and _secret_ `code` was false."


@pytest.fixture
def hostile_corpus(seed_corpus: Path) -> Path:
    (seed_corpus / "hostile.txt").write_text(HOSTILE + " Nothing else happened.", encoding="utf-8")
    return seed_corpus


async def test_mentions_and_markdown_in_quotes_are_inert(
    hostile_corpus: Path, fake_discord: FakeDiscord, running_bot: QABot
) -> None:
    token = await fake_discord.command("ask", {"question": "What bold claim about the code was false?", "results": 1})
    data = (await fake_discord.callback(token)).body["data"]
    assert data["allowed_mentions"] == {"parse": []}
    description = data["embeds"][1]["description"]
    assert r"\*\*bold\*\*" in description and r"\_secret\_" in description and r"\`code\`" in description
    assert description.replace("\\", "").startswith("> " + HOSTILE)  # renders as the verbatim text


async def test_cooldown_is_polite_and_ephemeral(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    settings = bot_settings.model_copy(update={"ask_cooldown_rate": 1, "ask_cooldown_seconds": 60})
    bot, task = await start_bot(settings, shared_embedder)
    try:
        first = await fake_discord.command("ask", {"question": "Who reported the strikes?"})
        assert (await fake_discord.callback(first)).body["type"] == 4
        second = await fake_discord.command("ask", {"question": "Who reported the strikes?"})
        body = (await fake_discord.callback(second)).body
        assert body["data"]["flags"] == 64 and "asking quickly" in body["data"]["content"]
    finally:
        await stop_bot(bot, task)


async def test_buttons_keep_working_after_a_restart(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    bot, task = await start_bot(bot_settings, shared_embedder)
    token = await fake_discord.command("ask", {"question": "Who vowed to retaliate against ISIS?", "results": 1})
    await fake_discord.callback(token)
    message = fake_discord.messages[fake_discord.originals[token]]
    await stop_bot(bot, task)

    bot, task = await start_bot(bot_settings, shared_embedder)  # a new process, same index
    try:
        click = await fake_discord.click(message, message["components"][0]["components"][0]["custom_id"])
        data = (await fake_discord.callback(click)).body["data"]
        assert "> Previously, President Donald Trump" in data["embeds"][0]["description"]
    finally:
        await stop_bot(bot, task)


async def test_sources_lists_articles_with_counts(fake_discord: FakeDiscord, running_bot: QABot) -> None:
    token = await fake_discord.command("sources")
    embed = (await fake_discord.callback(token)).body["data"]["embeds"][0]
    assert embed["title"] == "Sources: 1 articles"
    assert "Coalition missile strikes on ISIS in Syria" in embed["description"]
    assert "17 sentences" in embed["description"]


async def test_empty_question_gets_a_polite_reply(fake_discord: FakeDiscord, running_bot: QABot) -> None:
    token = await fake_discord.command("ask", {"question": "   ?!  "})
    body = (await fake_discord.callback(token)).body
    assert body["data"]["flags"] == 64 and "Please ask a question" in body["data"]["content"]


async def test_token_never_reaches_the_logs(
    caplog: pytest.LogCaptureFixture, fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    caplog.set_level(logging.DEBUG)
    bot, task = await start_bot(bot_settings, shared_embedder)
    token = await fake_discord.command("ask", {"question": "Who reported the strikes?"})
    await fake_discord.callback(token)
    await stop_bot(bot, task)
    secret = "fake-token-never-logged"
    assert secret not in caplog.text
    assert secret not in repr(bot_settings) and secret not in str(bot_settings)
    assert fake_discord.requests, "the bot did talk to Discord"


async def test_guild_ids_sync_commands_to_those_guilds(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    from localdiscord.server import GUILD_ID

    bot, task = await start_bot(bot_settings.model_copy(update={"guild_ids": [GUILD_ID]}), shared_embedder)
    await stop_bot(bot, task)
    synced = [r for r in fake_discord.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert [r.path for r in synced] == [f"/applications/{bot.application_id}/guilds/{GUILD_ID}/commands"]
    assert {c["name"] for c in synced[0].body} == {"ask", "sources", "reindex", "corpus"}
    ask = next(c for c in synced[0].body if c["name"] == "ask")
    assert all(option["description"] for option in ask["options"])  # described parameters
