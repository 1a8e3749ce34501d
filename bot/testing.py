"""Start and stop the real bot against the local Discord (used by tests and benchmarks): in this
process (`start_bot`), or as `qabot run` processes on some of a sharded bot's shards
(`start_bot_process`)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

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


def start_bot_process(
    api_url: str, gateway_url: str, corpus: Path, index_dir: Path, shards: tuple[int, list[int]], log: Path
) -> subprocess.Popen[str]:
    """`qabot run --shard-count N --shard-ids ...` against a Discord at `api_url`/`gateway_url`,
    its output in `log` (a file: a pipe nobody reads would stall the bot once full)."""
    shard_count, shard_ids = shards
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        "DISCORD_TOKEN": "fake-token-never-logged",
        "QABOT_CORPUS": str(corpus),
        "QABOT_INDEX_DIR": str(index_dir),
        "QABOT_API_BASE_URL": api_url,
        "QABOT_GATEWAY_URL": gateway_url,
        "QABOT_ASK_COOLDOWN_SECONDS": "0",
    }
    ids = ",".join(map(str, shard_ids))
    command = [sys.executable, "-m", "qabot", "run", "--shard-count", str(shard_count), "--shard-ids", ids]
    with log.open("w") as out:
        return subprocess.Popen(command, env=env, cwd=index_dir.parent, stdout=out, stderr=subprocess.STDOUT, text=True)


def stop_bot_processes(processes: list[subprocess.Popen[str]]) -> None:
    """Ctrl-C each, as an operator would; killed if one has not stopped after 30 s."""
    for process in processes:
        process.send_signal(2)  # SIGINT
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
