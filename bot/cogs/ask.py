"""/ask and @mention questions: verbatim quotes with their sources, or an honest "no answer".

The cog owns its buttons, which keep working after a restart because their custom ids carry
what they need: `qabot:ctx:<sentence id>` shows a quote's context, `qabot:more:<offset>`
fetches the next results for the question kept in the message, and
`qabot:fb:<up|down>:<a|r>:<sentence ids>` records a reader's 👍 or 👎 on a reply (its tier,
answer or related, and the quotes it showed).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from index import Answer, QuestionRejected, Result, check_question

from .. import formatting, replies
from ..checks import ask_cooldown

if TYPE_CHECKING:
    from ..client import QABot

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
MAX_CONTEXT_BUTTONS = 5
GONE = "That sentence is no longer in the corpus (it was changed or removed in a reindex)."
DISCORD_MAX_OPTION_LENGTH = 6000
Button = discord.ui.Button[discord.ui.View]


class ShowContextButton(discord.ui.DynamicItem[Button], template=r"qabot:ctx:(?P<sid>[0-9]+)"):
    def __init__(self, sentence_id: int, number: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=f"Show context {number}" if number else "Show context",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qabot:ctx:{sentence_id}",
            )
        )
        self.sentence_id = sentence_id

    @classmethod
    async def from_custom_id(  # type: ignore[override]  # discord.py types `interaction` without the client
        cls, interaction: discord.Interaction[QABot], item: Button, match: re.Match[str]
    ) -> ShowContextButton:
        return cls(int(match["sid"]), 0)

    @replies.guarded("Show context")
    async def callback(self, interaction: discord.Interaction[QABot]) -> None:  # type: ignore[override]  # as above
        bot = interaction.client
        work = bot.answer_for(self.sentence_id, interaction.guild_id)
        answer = await replies.reply_in_time(
            interaction, work, timeout=bot.settings.answer_timeout_seconds, ephemeral=True
        )
        if answer is None:
            await replies.send(interaction, content=GONE, ephemeral=True)
            return
        await replies.send(interaction, embed=formatting.context_embed(answer), ephemeral=True)


class MoreResultsButton(discord.ui.DynamicItem[Button], template=r"qabot:more:(?P<offset>[0-9]+)"):
    def __init__(self, offset: int) -> None:
        super().__init__(
            discord.ui.Button(label="More results", style=discord.ButtonStyle.primary, custom_id=f"qabot:more:{offset}")
        )
        self.offset = offset

    @classmethod
    async def from_custom_id(  # type: ignore[override]  # discord.py types `interaction` without the client
        cls, interaction: discord.Interaction[QABot], item: Button, match: re.Match[str]
    ) -> MoreResultsButton:
        return cls(int(match["offset"]))

    @replies.guarded("More results")
    async def callback(self, interaction: discord.Interaction[QABot]) -> None:  # type: ignore[override]  # as above
        bot = interaction.client
        question = formatting.question_from(interaction.message)
        if question is None:
            await replies.send(interaction, content="I can't find the question of that message.", ephemeral=True)
            return
        per_page = bot.settings.top_k
        work = bot.ask(question, self.offset + per_page, interaction.guild_id)
        result = await replies.reply_in_time(
            interaction, work, timeout=bot.settings.answer_timeout_seconds, ephemeral=True
        )
        page = result.answers[self.offset :]
        if not page:
            await replies.send(interaction, content="No more results for this question.", ephemeral=True)
            return
        await replies.send(
            interaction,
            embeds=formatting.result_embeds(result, page, first_number=self.offset + 1),
            view=answer_view(result, page, self.offset + per_page, bot.settings.candidates),
            ephemeral=True,
        )


class FeedbackButton(
    discord.ui.DynamicItem[Button], template=r"qabot:fb:(?P<vote>up|down):(?P<tier>[ar]):(?P<ids>[0-9]+(?:,[0-9]+)*)"
):
    def __init__(self, vote: str, tier: str, sentence_ids: Sequence[int]) -> None:
        ids = ",".join(str(i) for i in sentence_ids)
        super().__init__(
            discord.ui.Button(
                emoji="👍" if vote == "up" else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qabot:fb:{vote}:{tier}:{ids}",
            )
        )
        self.vote = vote
        self.tier = "answer" if tier == "a" else "related"
        self.sentence_ids = list(sentence_ids)

    @classmethod
    async def from_custom_id(  # type: ignore[override]  # discord.py types `interaction` without the client
        cls, interaction: discord.Interaction[QABot], item: Button, match: re.Match[str]
    ) -> FeedbackButton:
        return cls(match["vote"], match["tier"], [int(i) for i in match["ids"].split(",")])

    @replies.guarded("Feedback")
    async def callback(self, interaction: discord.Interaction[QABot]) -> None:  # type: ignore[override]  # as above
        bot = interaction.client
        question = formatting.question_from(interaction.message)
        if question is None or interaction.message is None:
            await replies.send(interaction, content="I can't find the question of that message.", ephemeral=True)
            return
        message_id, guild_id, user_id = interaction.message.id, interaction.guild_id, interaction.user.id

        def record() -> bool:
            answers = [bot.corpora.engine(guild_id).answer_for(sid) for sid in self.sentence_ids]
            return bot.feedback.record(
                message_id=message_id,
                user_id=user_id,
                vote="up" if self.vote == "up" else "down",
                guild_id=guild_id,
                question=question,
                tier=self.tier,
                sentence_ids=self.sentence_ids,
                quotes=[answer.quote if answer is not None else "" for answer in answers],
            )

        replaced = await replies.reply_in_time(
            interaction, bot.run_blocking(record), timeout=bot.settings.answer_timeout_seconds, ephemeral=True
        )
        emoji = "👍" if self.vote == "up" else "👎"
        again = " (it replaces your earlier vote on this reply)" if replaced else ""
        await replies.send(
            interaction,
            content=f"Thank you: your {emoji} is recorded{again}. Moderators use it to check the answers.",
            ephemeral=True,
        )


def answer_view(result: Result, shown: Sequence[Answer], next_offset: int, limit: int) -> discord.ui.View:
    """ "Show context" per quote, 👍 / 👎 on the reply, and "More results" while there may be more."""
    view = discord.ui.View(timeout=None)
    first = next_offset - len(shown) + 1
    for number, answer in enumerate(shown[:MAX_CONTEXT_BUTTONS], start=first):
        view.add_item(ShowContextButton(answer.sentence_id, number))
    if not result.abstained and len(result.answers) >= next_offset and next_offset < limit:
        view.add_item(MoreResultsButton(next_offset))
    if shown:
        ids = [answer.sentence_id for answer in shown[:MAX_CONTEXT_BUTTONS]]
        tier = "a" if result.tier == "answer" else "r"
        view.add_item(FeedbackButton("up", tier, ids))
        view.add_item(FeedbackButton("down", tier, ids))
    return view


class Ask(commands.Cog):
    def __init__(self, bot: QABot) -> None:
        self.bot = bot
        settings = bot.settings
        self._mention_cooldown = commands.CooldownMapping.from_cooldown(
            settings.ask_cooldown_rate, max(settings.ask_cooldown_seconds, 0.001), commands.BucketType.user
        )
        # Declare the question's limit from the setting, so Discord's client enforces it as the
        # user types (6,000 is Discord's own ceiling for a string option). Each cog instance
        # holds its own copy of the command, so this changes this bot's command only.
        self.ask._params["question"].max_value = min(settings.max_question_chars, DISCORD_MAX_OPTION_LENGTH)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ShowContextButton, MoreResultsButton, FeedbackButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ShowContextButton, MoreResultsButton, FeedbackButton)

    def _message(self, result: Result) -> dict[str, Any]:
        shown = result.answers
        return {
            "embeds": formatting.result_embeds(result, shown),
            "view": answer_view(result, shown, len(shown), self.bot.settings.candidates),
            "allowed_mentions": NO_MENTIONS,
        }

    @app_commands.command(name="ask", description="Answer with sentences quoted verbatim from the news corpus.")
    @app_commands.describe(
        question="What you want to know, in your own words.",
        results="How many quotes to show (1 to 5; default: the bot's setting).",
    )
    @app_commands.checks.dynamic_cooldown(ask_cooldown)
    async def ask(
        self,
        interaction: discord.Interaction[QABot],
        question: app_commands.Range[str, 1, DISCORD_MAX_OPTION_LENGTH],
        results: app_commands.Range[int, 1, 5] | None = None,
    ) -> None:
        # A question that cannot be searched is refused at once, only to the asker: after a
        # public deferral the refusal would replace the public "thinking" message.
        try:
            check_question(question, self.bot.settings.max_question_chars)
        except QuestionRejected as exc:
            await replies.send(interaction, content=exc.advice, ephemeral=True)
            return
        work = self.bot.ask(question, results, interaction.guild_id)
        result = await replies.reply_in_time(interaction, work, timeout=self.bot.settings.answer_timeout_seconds)
        await replies.send(interaction, **self._message(result))

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
                mention_author=False,
                allowed_mentions=NO_MENTIONS,
            )
            return
        try:
            result = await self.bot.ask(question, guild_id=message.guild.id if message.guild else None)
        except QuestionRejected as exc:
            await message.reply(exc.advice, mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        except Exception:
            log.exception("answering a mention failed")
            await message.reply(
                "Sorry, something went wrong while answering. The error was logged.",
                mention_author=False,
                allowed_mentions=NO_MENTIONS,
            )
            return
        await message.reply(mention_author=False, **self._message(result))


async def setup(bot: QABot) -> None:
    await bot.add_cog(Ask(bot))
