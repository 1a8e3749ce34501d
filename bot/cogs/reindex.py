"""/reindex: moderators update the index in the background while questions keep being answered."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from index import IndexSummary, ReindexInProgress

from .. import formatting
from ..checks import moderator_only

if TYPE_CHECKING:
    from ..client import QABot

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
INVALID_WEBHOOK_TOKEN = 50027  # Discord's code once an interaction token has expired
BUSY = "A reindex is already running; its progress message shows how far it is. Try again when it ends."


@dataclass(slots=True)
class ReindexProgress:
    """Written by the indexing thread, read by the message editor on the event loop."""

    articles: int = 0
    embedded: int = 0
    to_embed: int = 0
    stage: str = "reading the corpus"

    def line(self) -> str:
        percent = 100 * self.embedded // self.to_embed if self.to_embed else 0
        return (
            f"Reindexing… {self.stage}: {self.articles} articles read · "
            f"{self.embedded}/{self.to_embed} sentences embedded ({percent}%)"
        )

    def update(self, stage: str, done: int, total: int) -> None:
        if stage == "scan":
            self.articles, self.stage = total, "embedding"
        elif stage == "embed":
            self.embedded, self.to_embed = done, total
        elif stage == "write":
            self.stage = "writing the new index"


def summary_text(summary: IndexSummary) -> str:
    lines = [
        "**Reindex finished.** Questions are now answered from the new index.",
        f"{summary.added} added · {summary.changed} changed · {summary.removed} removed · "
        f"{len(summary.skipped)} skipped",
        f"{summary.sentences_embedded} sentences embedded · {summary.articles_total} articles, "
        f"{summary.sentences_total} sentences in the index · {summary.seconds:.1f} s",
    ]
    if summary.skipped:
        lines.append("Skipped:")
        lines.extend(f"• {formatting.escape(str(item))}" for item in summary.skipped[:10])
        if len(summary.skipped) > 10:
            lines.append(f"…and {len(summary.skipped) - 10} more (see the log).")
    return formatting.shorten("\n".join(lines), 2000)


class ProgressMessage:
    """The reindex's public message, edited through the interaction while its token lives.

    An interaction token accepts edits for 15 minutes; a longer reindex goes on editing its
    message as the bot, through the channel. An edit that fails is logged, never raised: the
    reindex goes on, and so do the next edits.
    """

    def __init__(self, interaction: discord.Interaction[QABot], message_id: int | None) -> None:
        self.interaction = interaction
        self.message_id = message_id
        self.token_gone = False

    async def edit(self, content: str) -> None:
        try:
            if not (self.token_gone or self.interaction.is_expired()):
                try:
                    await self.interaction.edit_original_response(content=content, allowed_mentions=NO_MENTIONS)
                    return
                except discord.HTTPException as exc:
                    if exc.code != INVALID_WEBHOOK_TOKEN or self.message_id is None:
                        raise
                    self.token_gone = True
                    log.info("the /reindex interaction token expired; editing its message through the channel")
            if self.message_id is not None and self.interaction.channel_id is not None:
                channel = self.interaction.client.get_partial_messageable(self.interaction.channel_id)
                await channel.get_partial_message(self.message_id).edit(content=content, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not edit the reindex progress message", exc_info=True)


class Reindex(commands.Cog):
    def __init__(self, bot: QABot) -> None:
        self.bot = bot
        self._task: asyncio.Task[None] | None = None

    @app_commands.command(name="reindex", description="Moderators: re-read the corpus and update the index.")
    @app_commands.describe(full="Re-embed every article, not only new or changed ones.")
    @moderator_only()
    async def reindex(self, interaction: discord.Interaction[QABot], full: bool = False) -> None:
        if self._task is not None and not self._task.done():
            await interaction.response.send_message(BUSY, ephemeral=True)
            return
        sent = await interaction.response.send_message(ReindexProgress().line(), allowed_mentions=NO_MENTIONS)
        message = ProgressMessage(interaction, sent.message_id)
        self._task = asyncio.create_task(self._run(message, full), name="qabot-reindex")

    async def _run(self, message: ProgressMessage, full: bool) -> None:
        progress = ReindexProgress()
        loop = asyncio.get_running_loop()

        def report(stage: str, done: int, total: int) -> None:
            loop.call_soon_threadsafe(progress.update, stage, done, total)

        work = asyncio.ensure_future(self.bot.run_blocking(self.bot.engine.reindex, full, report))
        shown = progress.line()
        while not work.done():
            await asyncio.wait({work}, timeout=self.bot.settings.progress_interval_seconds)
            if not work.done() and progress.line() != shown:
                shown = progress.line()
                await message.edit(shown)
        try:
            summary = work.result()
        except ReindexInProgress:
            text = BUSY
        except Exception as exc:
            log.exception("reindex failed")
            text = formatting.shorten(
                f"**Reindex failed:** {formatting.escape(str(exc) or type(exc).__name__)}\n"
                "The previous index keeps serving; nothing was lost.",
                2000,
            )
        else:
            text = summary_text(summary)
        await message.edit(text)


async def setup(bot: QABot) -> None:
    await bot.add_cog(Reindex(bot))
