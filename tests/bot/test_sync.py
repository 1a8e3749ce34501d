"""Commands are synced on request (`qabot sync`), and at start only when they changed."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from bot.client import SYNC_RECORD
from bot.settings import BotSettings
from bot.testing import start_bot, stop_bot
from index import Embedder
from localdiscord.server import GUILD_ID, FakeDiscord
from tests.support.paths import REPO


def command_puts(fake: FakeDiscord, start: int = 0) -> list[str]:
    return [r.path for r in fake.requests[start:] if r.method == "PUT" and r.path.endswith("/commands")]


async def test_global_sync_happens_once_and_again_only_when_the_commands_change(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    bot, task = await start_bot(bot_settings, shared_embedder)
    await stop_bot(bot, task)
    assert command_puts(fake_discord) == [f"/applications/{bot.application_id}/commands"]

    seen = len(fake_discord.requests)
    bot, task = await start_bot(bot_settings, shared_embedder)  # same commands: no sync
    await stop_bot(bot, task)
    assert command_puts(fake_discord, seen) == []

    (bot_settings.index_dir / SYNC_RECORD).write_text('{"global": "an older command tree"}', encoding="utf-8")
    seen = len(fake_discord.requests)
    bot, task = await start_bot(bot_settings, shared_embedder)
    await stop_bot(bot, task)
    assert command_puts(fake_discord, seen) == [f"/applications/{bot.application_id}/commands"]


async def test_ask_shows_top_k_quotes_by_default(
    fake_discord: FakeDiscord, bot_settings: BotSettings, shared_embedder: Embedder
) -> None:
    bot, task = await start_bot(bot_settings.model_copy(update={"top_k": 2}), shared_embedder)
    try:
        token = await fake_discord.command("ask", {"question": "Where were the missile strikes launched from?"})
        embeds = (await fake_discord.callback(token)).body["data"]["embeds"]
    finally:
        await stop_bot(bot, task)
    assert len(embeds) == 1 + 2  # the header, then top_k quotes


async def test_qabot_sync_command_syncs_to_one_guild_and_exits(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DISCORD_TOKEN": "fake-token-never-logged",
        "QABOT_API_BASE_URL": fake_discord.api_url,
        "QABOT_GATEWAY_URL": fake_discord.gateway_url,
        "QABOT_INDEX_DIR": str(tmp_path / "index"),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "qabot", "sync", "--guild", str(GUILD_ID),
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, stderr.decode()
    assert stdout.decode().strip() == f"Synced 4 commands to server {GUILD_ID}."
    puts = [r for r in fake_discord.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert [r.path.split("/applications/")[1].split("/", 1)[1] for r in puts] == [f"guilds/{GUILD_ID}/commands"]
    assert {c["name"] for c in puts[0].body} == {"ask", "sources", "reindex", "corpus"}
    assert not (tmp_path / "index").exists() or not any((tmp_path / "index").glob("v*")), "sync builds no index"
