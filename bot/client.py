"""The bot: discord.py wiring, the bridge to the index off the event loop, one error handler."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from index import Answer, ArticleInfo, Engine, Result

from .batching import QuestionBatcher
from .settings import BotSettings
from .views import DYNAMIC_ITEMS

log = logging.getLogger(__name__)

T = TypeVar("T")

EXTENSIONS = ("bot.cogs.ask", "bot.cogs.sources", "bot.cogs.reindex")


class NotModerator(app_commands.CheckFailure):
    """Raised by the moderator check; its message is shown to the user."""


def point_at(settings: BotSettings) -> None:
    """Send REST and gateway traffic to the configured URLs (Discord's by default).

    discord.py reads these class attributes for every route and connection, so this is the
    one supported way to use a proxy; the tests use it to reach their local Discord.
    """
    discord.http.Route.BASE = settings.api_base_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


class QATree(app_commands.CommandTree):
    """Every app-command error ends here: a short ephemeral reply, the trace in the log."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.CommandOnCooldown):
            message = f"You're asking quickly: try again in {error.retry_after:.0f} s."
        elif isinstance(error, app_commands.CheckFailure):
            message = str(error) or "You can't use this command here."
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("command /%s failed", command, exc_info=error)
            message = "Sorry, something went wrong while answering. The error was logged."
        await send_ephemeral(interaction, message)


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver an error reply to interaction %s", interaction.id, exc_info=True)


class QABot(commands.Bot):
    """Answers from an `Engine`; all embedding and search runs in a thread pool."""

    SOURCES_PER_PAGE = 10

    def __init__(self, settings: BotSettings, engine: Engine, **options: Any) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        intents.guild_messages = True
        intents.dm_messages = True
        intents.message_content = settings.message_content_intent
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=QATree,
            help_command=None,
            **options,
        )
        self.settings = settings
        self.engine = engine
        self.executor = ThreadPoolExecutor(settings.search_threads, thread_name_prefix="qabot-search")
        self.batcher = QuestionBatcher(
            lambda questions, ks: self.run_blocking(self.engine.answer_batch, questions, ks),
            workers=settings.search_threads,
            max_batch=settings.max_batch,
        )

    async def setup_hook(self) -> None:
        summary = await self.run_blocking(self.engine.load)
        if summary is not None:
            log.info("index built at start: %s", summary.line())
        await self.run_blocking(self.engine.ask, "warm up", 1)  # first answer without model warm-up
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        await self.sync_commands()

    async def sync_commands(self) -> None:
        """Global by default; listed guilds get the commands at once (for development)."""
        if self.settings.guild_ids:
            for guild_id in self.settings.guild_ids:
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d commands to guild %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))

    async def on_message(self, message: discord.Message) -> None:
        """Prefix commands are not used; the Ask cog answers mentions."""

    async def run_blocking(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run CPU-bound index work in the pool, so heartbeats are never late."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(function, *args, **kwargs))

    async def ask(self, question: str, k: int | None = None) -> Result:
        """Answer off the event loop, batched with questions asked at the same moment."""
        return await self.batcher.ask(question, k)

    async def answer_for(self, sentence_id: int) -> Answer | None:
        return await self.run_blocking(self.engine.searcher.answer_for, sentence_id)

    async def sources(self) -> list[ArticleInfo]:
        return await self.run_blocking(self.engine.sources)

    async def close(self) -> None:
        await super().close()
        self.executor.shutdown(wait=False, cancel_futures=True)
