"""The bot: discord.py wiring, the bridge to the index off the event loop, one error handler.

The client knows no cog and no view: `EXTENSIONS` are loaded by name, and each cog registers
its own persistent buttons. Commands are synced with Discord on request (`qabot sync`), and
at start only when the command tree changed since the last sync, or to `guild_ids`.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from index import Answer, ArticleInfo, Corpora, Curator, Engine, FeedbackLog, FetchPolicy, QuestionRejected, Result

from . import replies
from .batching import QuestionBatcher
from .settings import BotSettings

log = logging.getLogger(__name__)

T = TypeVar("T")


def _to_json(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True)


def _from_json(data: bytes | bytearray | memoryview | str) -> Any:
    return json.loads(bytes(data) if isinstance(data, memoryview) else data)


# discord.py reads and writes JSON with orjson whenever it is installed (pymilvus, in the milvus
# extra, brings it). orjson refuses lone surrogate escapes such as "\ud800", which are valid JSON
# and which a user's message can carry: the whole gateway event would be dropped and the asker
# left without a reply. The standard library's json takes them, so the bot keeps it whatever
# else is installed (tests/bot/test_hostile_questions.py, "lone surrogate").
discord.utils._from_json = _from_json
discord.utils._to_json = _to_json

EXTENSIONS = ("bot.cogs.ask", "bot.cogs.sources", "bot.cogs.reindex", "bot.cogs.corpus")
SYNC_RECORD = "discord-commands.json"


def point_at(settings: BotSettings) -> None:
    """Send REST and gateway traffic to the configured URLs (Discord's by default).

    discord.py reads these class attributes for every route and connection, so this is the
    one supported way to use a proxy; the tests use it to reach their local Discord.
    """
    discord.http.Route.BASE = settings.api_base_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


class QATree(app_commands.CommandTree["QABot"]):
    """Every app-command error ends here: a short ephemeral reply, the trace in the log once."""

    async def on_error(self, interaction: discord.Interaction[QABot], error: app_commands.AppCommandError) -> None:
        if isinstance(error, app_commands.CommandOnCooldown):
            await replies.send_quietly(interaction, f"You're asking quickly: try again in {error.retry_after:.0f} s.")
        elif isinstance(error, app_commands.CheckFailure):
            await replies.send_quietly(interaction, str(error) or "You can't use this command here.")
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
            await replies.report_error(interaction, original, f"command /{command}")


class QABot(commands.Bot):
    """Answers from an `Engine`; all embedding and search runs in a thread pool."""

    def __init__(self, settings: BotSettings, engine: Engine, *, sync_only: bool = False, **options: Any) -> None:
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
        self.engine = engine  # the base corpus's; each server's comes from `corpora`
        self.corpora = Corpora(engine)
        self.feedback = FeedbackLog(settings.index_dir, settings.records_url())
        self.fetch_policy: FetchPolicy = settings.fetch_policy()
        self.index_job: asyncio.Task[None] | None = None
        self.sync_only = sync_only
        self.executor = ThreadPoolExecutor(settings.search_threads, thread_name_prefix="qabot-search")
        self.batcher = QuestionBatcher(
            lambda guild_id, questions, ks: self.run_blocking(self._ask_batch, guild_id, questions, ks),
            workers=settings.search_threads,
            max_batch=settings.max_batch,
        )

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.sync_only:
            return  # `qabot sync`: commands only, no index
        summary = await self.run_blocking(self.engine.load)
        if summary is not None:
            log.info("index built at start: %s", summary.line())
        await self.run_blocking(self.engine.ask, "warm up", 1)  # first answer without model warm-up
        await self.sync_at_start()

    # --- command sync --------------------------------------------------------------------

    def command_fingerprint(self) -> str:
        """A hash of the command tree as Discord receives it: it changes when a command does."""
        payload = [command.to_dict(self.tree) for command in self.tree.get_commands()]
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    async def sync_commands(self, guild_id: int | None = None) -> int:
        """Sync to one guild (instant) or globally (rate-limited by Discord; only on change)."""
        if guild_id is not None:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))
            self._record_sync(self.command_fingerprint())
        return len(synced)

    async def sync_at_start(self) -> None:
        """`guild_ids` are synced at every start; global commands only when they changed."""
        for guild_id in self.settings.guild_ids:
            await self.sync_commands(guild_id)
        if self.settings.guild_ids:
            return
        if self._recorded_sync() == self.command_fingerprint():
            log.info("commands unchanged since the last global sync: not syncing")
            return
        await self.sync_commands()

    def _recorded_sync(self) -> str | None:
        try:
            record = json.loads((self.settings.index_dir / SYNC_RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        value = record.get("global") if isinstance(record, dict) else None
        return value if isinstance(value, str) else None

    def _record_sync(self, fingerprint: str) -> None:
        try:
            self.settings.index_dir.mkdir(parents=True, exist_ok=True)
            (self.settings.index_dir / SYNC_RECORD).write_text(json.dumps({"global": fingerprint}), encoding="utf-8")
        except OSError:
            log.warning("could not record the command sync; the next start syncs again", exc_info=True)

    # --- the index, off the event loop ---------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        """Prefix commands are not used; the Ask cog answers mentions."""

    async def run_blocking(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run CPU-bound index work in the pool, so heartbeats are never late."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(function, *args, **kwargs))

    def index_busy(self) -> bool:
        """A reindex or a corpus change is running (one at a time: the second is refused)."""
        return self.index_job is not None and not self.index_job.done()

    def start_index_job(self, job: Coroutine[Any, Any, None], name: str) -> None:
        self.index_job = asyncio.create_task(job, name=name)

    async def ask(self, question: str, k: int | None = None, guild_id: int | None = None) -> Result:
        """Answer from `guild_id`'s corpus off the event loop, batched with questions asked at the same moment."""
        return await self.batcher.ask(question, k, key=guild_id)

    def _ask_batch(
        self, guild_id: int | None, questions: list[str], ks: list[int | None]
    ) -> list[Result | QuestionRejected]:
        return self.corpora.engine(guild_id).ask_batch(questions, ks)

    async def answer_for(self, sentence_id: int, guild_id: int | None = None) -> Answer | None:
        return await self.run_blocking(lambda: self.corpora.engine(guild_id).answer_for(sentence_id))

    async def sources(self, guild_id: int | None = None) -> list[ArticleInfo]:
        return await self.run_blocking(lambda: self.corpora.engine(guild_id).articles())

    async def curator(self, guild_id: int | None, create: bool = True) -> Curator:
        """What changes `guild_id`'s corpus (its folder and index are made on first use, in a thread)."""
        return await self.run_blocking(self.corpora.curator, guild_id, create)

    async def close(self) -> None:
        await super().close()
        self.executor.shutdown(wait=False, cancel_futures=True)


class ShardedQABot(QABot, commands.AutoShardedBot):
    """The same bot on several gateway shards (discord.py's AutoShardedBot): `shard_count` in
    all, of which this process runs `shard_ids`; Discord sends each server's events to one."""


def create_bot(settings: BotSettings, engine: Engine, **options: Any) -> QABot:
    """A `QABot`, or a `ShardedQABot` when `shard_count` is set."""
    if settings.shard_count is None:
        return QABot(settings, engine, **options)
    shard_ids = settings.shard_ids or None
    return ShardedQABot(settings, engine, shard_count=settings.shard_count, shard_ids=shard_ids, **options)
