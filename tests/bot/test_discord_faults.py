"""Discord misbehaves: the bot resumes, retries, defers, logs, and keeps answering."""

from __future__ import annotations

import asyncio
import logging

import discord
import pytest

from bot.client import QABot
from bot.settings import BotSettings
from bot.testing import start_bot, stop_bot
from index import Embedder
from localdiscord.server import FakeDiscord

QUESTION = {"question": "Where were the missile strikes launched from?"}


def first_quote(data: dict) -> str:
    return data["embeds"][1]["description"]


async def test_gateway_disconnect_mid_session_resumes_and_answers(
    fake_discord: FakeDiscord, running_bot: QABot
) -> None:
    await fake_discord.drop_gateway()
    for _ in range(200):
        if fake_discord.resumed:
            break
        await asyncio.sleep(0.05)
    assert fake_discord.resumed == 1
    token = await fake_discord.command("ask", QUESTION)
    assert first_quote((await fake_discord.callback(token)).body["data"]).startswith("> On December 20")


async def test_429_on_the_interaction_callback_is_retried_and_delivered(
    fake_discord: FakeDiscord, running_bot: QABot
) -> None:
    fake_discord.fail_next("POST", r"/callback$", 429, {"Retry-After": "0.3"})
    token = await fake_discord.command("ask", QUESTION)
    attempts = []
    delivered = await fake_discord.wait_for(
        lambda r: r.path.endswith(f"/{token}/callback") and (attempts.append(r) or len(attempts) == 2)
    )
    assert delivered.at - attempts[0].at >= 0.3  # it waited as told
    assert first_quote(delivered.body["data"]).startswith("> On December 20")


async def test_slow_answer_defers_first_then_follows_up(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    bot, task = await start_bot(bot_settings.model_copy(update={"answer_timeout_seconds": 0.001}), shared_embedder)
    try:
        token = await fake_discord.command("ask", QUESTION)
        assert (await fake_discord.callback(token)).body["type"] == 5  # deferred: "thinking..."
        followup = await fake_discord.reply(token)
        assert first_quote(followup).startswith("> On December 20")
    finally:
        await stop_bot(bot, task)


async def test_500_on_a_followup_is_logged_and_the_bot_keeps_answering(
    caplog: pytest.LogCaptureFixture, fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    caplog.set_level(logging.WARNING)
    bot, task = await start_bot(bot_settings.model_copy(update={"answer_timeout_seconds": 0.001}), shared_embedder)
    try:
        fake_discord.fail_next("POST", r"^/webhooks/\d+/token-\d+$", 500)
        token = await fake_discord.command("ask", QUESTION)
        followups = []
        await fake_discord.wait_for(
            lambda r: (
                r.method == "POST" and r.path.endswith(f"/{token}") and (followups.append(r) or len(followups) == 2)
            ),
            timeout=30,
        )  # discord.py retries a 5xx; the second try is delivered
        again = await fake_discord.command("ask", QUESTION)
        assert first_quote(await fake_discord.reply(again)).startswith("> On December 20")
        assert bot.is_ready() and not bot.is_closed()
    finally:
        await stop_bot(bot, task)


async def test_a_global_rate_limit_holds_every_request_then_the_answer_is_delivered(
    fake_discord: FakeDiscord, running_bot: QABot
) -> None:
    fake_discord.rate_limit_globally(0.3)
    token = await fake_discord.command("ask", QUESTION)
    attempts = []
    delivered = await fake_discord.wait_for(
        lambda r: r.path.endswith(f"/{token}/callback") and (attempts.append(r) or len(attempts) == 2)
    )
    assert delivered.at - attempts[0].at >= 0.3
    assert first_quote(delivered.body["data"]).startswith("> On December 20")


@pytest.mark.parametrize(
    ("status", "tries"),
    [
        (503, 5),  # a 5xx every time: discord.py tries five times over 25 s, then gives up
        (401, 1),  # the interaction token is no longer valid
    ],
)
async def test_a_followup_that_fails_for_good_is_logged_once_and_the_bot_goes_on(
    caplog: pytest.LogCaptureFixture,
    fake_discord: FakeDiscord,
    bot_settings: BotSettings,
    shared_embedder: Embedder,
    status: int,
    tries: int,
) -> None:
    caplog.set_level(logging.WARNING)
    bot, task = await start_bot(bot_settings.model_copy(update={"answer_timeout_seconds": 0.001}), shared_embedder)
    try:
        fake_discord.fail_always("POST", r"^/webhooks/\d+/token-\d+$", status)
        token = await fake_discord.command("ask", QUESTION)
        assert (await fake_discord.callback(token)).body["type"] == 5
        for _ in range(600):
            if any(r.levelno >= logging.ERROR for r in caplog.records):
                break
            await asyncio.sleep(0.1)
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert [r.getMessage() for r in errors] == ["command /ask failed"]
        assert isinstance(errors[0].exc_info[1], discord.HTTPException)  # type: ignore[index]  # logged with its trace
        followups = [r for r in fake_discord.requests if r.method == "POST" and r.path.endswith(f"/{token}")]
        assert len(followups) == tries  # no apology sent the way that just failed

        fake_discord.clear_faults()
        again = await fake_discord.command("ask", QUESTION)
        assert first_quote(await fake_discord.reply(again)).startswith("> On December 20")
        assert bot.is_ready() and not bot.is_closed()
    finally:
        await stop_bot(bot, task)
