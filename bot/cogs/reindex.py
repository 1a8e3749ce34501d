"""/reindex: moderators update the index in the background while questions keep being answered."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from index import IndexSummary, ReindexInProgress

from .. import formatting
from ..checks import actor_of, moderator_only
from ..progress import NO_MENTIONS, ProgressMessage, ReindexProgress, run_with_progress

if TYPE_CHECKING:
    from ..client import QABot

log = logging.getLogger(__name__)

BUSY = "A reindex or a corpus change is already running; its message shows how far it is. Try again when it ends."


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


def failure_text(what: str, exc: BaseException) -> str:
    """A failed index job, as the moderator reads it: the reason, and that nothing was lost."""
    if isinstance(exc, ReindexInProgress):
        return BUSY
    return formatting.shorten(
        f"**{what} failed:** {formatting.escape(str(exc) or type(exc).__name__)}\n"
        "The previous index keeps serving; nothing was lost.",
        2000,
    )


class Reindex(commands.Cog):
    def __init__(self, bot: QABot) -> None:
        self.bot = bot

    @app_commands.command(name="reindex", description="Moderators: re-read the corpus and update the index.")
    @app_commands.describe(full="Re-embed every article, not only new or changed ones.")
    @moderator_only()
    async def reindex(self, interaction: discord.Interaction[QABot], full: bool = False) -> None:
        if self.bot.index_busy():
            await interaction.response.send_message(BUSY, ephemeral=True)
            return
        sent = await interaction.response.send_message(ReindexProgress().line(), allowed_mentions=NO_MENTIONS)
        message = ProgressMessage(interaction, sent.message_id)
        job = self._run(message, interaction.guild_id, actor_of(interaction), full)
        self.bot.start_index_job(job, "qabot-reindex")

    async def _run(self, message: ProgressMessage, guild_id: int | None, actor: str, full: bool) -> None:
        try:
            curator = await self.bot.curator(guild_id)
            summary = await run_with_progress(
                self.bot, message, lambda report: curator.reindex(actor, full=full, progress=report)
            )
        except Exception as exc:
            log.exception("reindex failed")
            text = failure_text("Reindex", exc)
        else:
            text = summary_text(summary)
        await message.edit(text)


async def setup(bot: QABot) -> None:
    await bot.add_cog(Reindex(bot))
