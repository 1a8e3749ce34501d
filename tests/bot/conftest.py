"""A running bot, the real discord.py client, connected to the local Discord of the tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import discord
import pytest

from bot.client import QABot
from bot.settings import BotSettings
from bot.testing import start_bot, stop_bot
from index import Embedder
from localdiscord.server import MOD_ROLE_ID, FakeDiscord


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    yield fake
    await fake.stop()
    # Discord would have refused these: the bot sent something invalid, late, or twice.
    assert not fake.refusals, "the local Discord refused:\n" + "\n".join(
        f"{r.request.method} {r.request.path} -> {r.status} {r.error}" for r in fake.refusals
    )


@pytest.fixture
def bot_settings(tmp_path: Path, seed_corpus: Path, fake_discord: FakeDiscord) -> BotSettings:
    return BotSettings(
        corpus=seed_corpus,
        index_dir=tmp_path / "index",
        discord_token="fake-token-never-logged",
        api_base_url=fake_discord.api_url,
        gateway_url=fake_discord.gateway_url,
        ask_cooldown_seconds=0,
        moderator_role_ids=[MOD_ROLE_ID],
        progress_interval_seconds=0.02,
    )


@pytest.fixture
async def running_bot(bot_settings: BotSettings, shared_embedder: Embedder) -> AsyncIterator[QABot]:
    original = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    bot, task = await start_bot(bot_settings, shared_embedder)
    yield bot
    await stop_bot(bot, task)
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = original
