"""Start and stop the real bot against the local Discord (used by tests and benchmarks)."""

from __future__ import annotations

import asyncio

from bot.client import QABot, create_bot, point_at
from bot.settings import BotSettings
from index import Encoder, Engine


async def start_bot(settings: BotSettings, encoder: Encoder | None = None) -> tuple[QABot, asyncio.Task[None]]:
    """The documented start order: login (setup_hook, sync), connect, wait until ready."""
    point_at(settings)
    bot = create_bot(settings, Engine(settings, encoder=encoder), guild_ready_timeout=0.05)
    assert settings.discord_token is not None
    await bot.login(settings.discord_token.get_secret_value())
    task = asyncio.create_task(bot.connect(reconnect=True))
    await asyncio.wait_for(bot.wait_until_ready(), 60)
    return bot, task


async def stop_bot(bot: QABot, task: asyncio.Task[None]) -> None:
    await bot.close()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
