"""/ask and @mention questions: verbatim quotes with their sources, or an honest "no answer"."""

from __future__ import annotations

import asyncio
import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from index import QuestionRejected, Result

from .. import formatting
from ..checks import ask_cooldown
from ..client import QABot
from ..views import answer_view

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


class Ask(commands.Cog):
    def __init__(self, bot: QABot) -> None:
        self.bot = bot
        settings = bot.settings
        self._mention_cooldown = commands.CooldownMapping.from_cooldown(
            settings.ask_cooldown_rate, max(settings.ask_cooldown_seconds, 0.001), commands.BucketType.user
        )

    def _message(self, result: Result) -> dict[str, object]:
        shown = result.answers
        return {
            "embeds": formatting.result_embeds(result, shown),
            "view": answer_view(result, shown, len(shown), self.bot.settings.candidates),
            "allowed_mentions": NO_MENTIONS,
        }

    @app_commands.command(name="ask", description="Answer with sentences quoted verbatim from the news corpus.")
    @app_commands.describe(
        question="What you want to know, in your own words.",
        results="How many quotes to show (1 to 5).",
    )
    @app_commands.checks.dynamic_cooldown(ask_cooldown)
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, 4000],
        results: app_commands.Range[int, 1, 5] = 3,
    ) -> None:
        # Answer directly when the search is quick; defer first when it might pass Discord's 3 s.
        search = asyncio.ensure_future(self.bot.ask(question, results))
        try:
            result = await asyncio.wait_for(asyncio.shield(search), self.bot.settings.answer_timeout_seconds)
        except QuestionRejected as exc:
            await interaction.response.send_message(str(exc), ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        except asyncio.TimeoutError:
            await interaction.response.defer(thinking=True)
            try:
                result = await search
            except QuestionRejected as exc:
                await interaction.followup.send(str(exc), ephemeral=True, allowed_mentions=NO_MENTIONS)
                return
            await interaction.followup.send(**self._message(result))  # type: ignore[arg-type]
            return
        await interaction.response.send_message(**self._message(result))  # type: ignore[arg-type]

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """`@bot who reported the strikes?` is answered as a reply."""
        me = self.bot.user
        if me is None or message.author.bot or me not in message.mentions:
            return
        question = re.sub(rf"<@!?{me.id}>", " ", message.content).strip()
        retry_after = self._mention_cooldown.update_rate_limit(message)
        if retry_after and self.bot.settings.ask_cooldown_seconds > 0:
            await message.reply(
                f"You're asking quickly: try again in {retry_after:.0f} s.",
                mention_author=False, allowed_mentions=NO_MENTIONS,
            )
            return
        try:
            result = await self.bot.ask(question)
        except QuestionRejected as exc:
            await message.reply(str(exc), mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        except Exception:
            log.exception("answering a mention failed")
            await message.reply(
                "Sorry, something went wrong while answering. The error was logged.",
                mention_author=False, allowed_mentions=NO_MENTIONS,
            )
            return
        await message.reply(mention_author=False, **self._message(result))  # type: ignore[arg-type]


async def setup(bot: QABot) -> None:
    await bot.add_cog(Ask(bot))
