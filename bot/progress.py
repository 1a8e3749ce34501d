"""A long index job's public face: one message, edited with its progress, then with its outcome.

`/reindex` and `/corpus add|remove` run their work in the bot's thread pool and report
through `run_with_progress`: the work's progress callback (called from the indexing thread)
updates a `ReindexProgress` on the event loop, and the message is edited at most every
`progress_interval_seconds`, only when its text changed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import discord

from index import Progress

if TYPE_CHECKING:
    from .client import QABot

log = logging.getLogger(__name__)

T = TypeVar("T")
NO_MENTIONS = discord.AllowedMentions.none()
INVALID_WEBHOOK_TOKEN = 50027  # Discord's code once an interaction token has expired


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


async def run_with_progress(
    bot: QABot, message: ProgressMessage, work: Callable[[Progress], T], progress: ReindexProgress | None = None
) -> T:
    """`work(report)` in the thread pool, its progress shown in `message` while it runs."""
    progress = progress or ReindexProgress()
    loop = asyncio.get_running_loop()

    def report(stage: str, done: int, total: int) -> None:
        loop.call_soon_threadsafe(progress.update, stage, done, total)

    job = asyncio.ensure_future(bot.run_blocking(work, report))
    shown = progress.line()
    while not job.done():
        await asyncio.wait({job}, timeout=bot.settings.progress_interval_seconds)
        if not job.done() and progress.line() != shown:
            shown = progress.line()
            await message.edit(shown)
    return job.result()
