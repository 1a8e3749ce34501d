"""`qabot run` and `qabot sync`: settings, logging, token check, then the bot."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path
from typing import Any

import discord
from pydantic import ValidationError

from index import Engine, load_settings

from .client import QABot, create_bot, point_at
from .settings import BotSettings

log = logging.getLogger(__name__)

NO_TOKEN = """\
No Discord bot token: set DISCORD_TOKEN (or discord_token in qabot.toml).

To create one: open the Discord developer portal, create an application, open its "Bot"
page and press "Reset Token"; copy the token and run
    export DISCORD_TOKEN=<the token>
Then `qabot invite` prints the link that adds the bot to a server (scopes "bot" and
"applications.commands"; the permissions it uses), and `qabot doctor` checks the set-up.
"""


def _settings(config: Path | None, log_level: str | None, **flags: Any) -> BotSettings | None:
    """Settings with a token, logging set up; None (after saying why) when they are unusable.
    `flags`: more command-line settings (None: not given)."""
    try:
        settings = load_settings(BotSettings, config, log_level=log_level, **flags)
    except (FileNotFoundError, ValidationError) as exc:
        print(f"Settings error: {exc}", file=sys.stderr)
        return None
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(NO_TOKEN, file=sys.stderr)
        return None
    discord.utils.setup_logging(level=logging.getLevelName(settings.log_level.upper()), root=True)
    point_at(settings)
    return settings


def sync(config: Path | None = None, guild: int | None = None, log_level: str | None = None) -> int:
    """Register the slash commands with Discord, then exit; returns the process exit code."""
    settings = _settings(config, log_level)
    if settings is None or settings.discord_token is None:
        return 2
    token = settings.discord_token.get_secret_value()

    async def main() -> int:
        async with QABot(settings, Engine(settings), sync_only=True) as bot:
            await bot.login(token)
            count = await bot.sync_commands(guild)
        where = f"to server {guild}" if guild is not None else "globally (Discord may take up to an hour to show them)"
        print(f"Synced {count} commands {where}.")
        return 0

    try:
        return asyncio.run(main())
    except discord.LoginFailure:
        log.error("Discord refused the token: check DISCORD_TOKEN (it may have been reset).")
        return 1


def run(config: Path | None = None, log_level: str | None = None, **flags: Any) -> int:
    """Start the bot; returns the process exit code. `flags`: shard_count, shard_ids."""
    settings = _settings(config, log_level, **flags)
    if settings is None or settings.discord_token is None:
        return 2
    bot = create_bot(settings, Engine(settings))
    try:
        bot.run(settings.discord_token.get_secret_value(), log_handler=None)
    except discord.LoginFailure:
        log.error("Discord refused the token: check DISCORD_TOKEN (it may have been reset).")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error(
            "The message-content intent is not enabled for this bot in the developer portal: "
            "enable it there, or set message_content_intent = false (mentions work without it)."
        )
        return 1
    return 0
