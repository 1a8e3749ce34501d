"""/sources: the articles in the corpus, paginated with buttons that survive a restart.

`qabot:src:<page>:<prev|next>[:ids]` carries the page to show, and whether article ids are
shown (`/corpus list`, for moderators who remove by id).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from index import ArticleInfo

from .. import formatting, replies

if TYPE_CHECKING:
    from ..client import QABot

PER_PAGE = 10
Button = discord.ui.Button[discord.ui.View]


class SourcesPageButton(
    discord.ui.DynamicItem[Button], template=r"qabot:src:(?P<page>[0-9]+):(?P<label>prev|next)(?P<ids>:ids)?"
):
    def __init__(self, page: int, label: str, disabled: bool = False, ids: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="Previous" if label == "prev" else "Next",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qabot:src:{page}:{label}{':ids' if ids else ''}",
                disabled=disabled,
            )
        )
        self.page = page
        self.ids = ids

    @classmethod
    async def from_custom_id(  # type: ignore[override]  # discord.py types `interaction` without the client
        cls, interaction: discord.Interaction[QABot], item: Button, match: re.Match[str]
    ) -> SourcesPageButton:
        return cls(int(match["page"]), match["label"], ids=bool(match["ids"]))

    @replies.guarded("Sources page")
    async def callback(self, interaction: discord.Interaction[QABot]) -> None:  # type: ignore[override]  # as above
        bot = interaction.client
        work = bot.sources(interaction.guild_id)
        articles = await replies.reply_in_time(
            interaction, work, timeout=bot.settings.answer_timeout_seconds, update=True
        )
        embed, view = sources_page(articles, self.page, ids=self.ids)
        await replies.edit(interaction, embed=embed, view=view)


def sources_page(
    articles: Sequence[ArticleInfo], page: int, ids: bool = False
) -> tuple[discord.Embed, discord.ui.View]:
    pages = max((len(articles) + PER_PAGE - 1) // PER_PAGE, 1)
    page = min(max(page, 0), pages - 1)
    view = discord.ui.View(timeout=None)
    view.add_item(SourcesPageButton(max(page - 1, 0), "prev", disabled=page == 0, ids=ids))
    view.add_item(SourcesPageButton(min(page + 1, pages - 1), "next", disabled=page >= pages - 1, ids=ids))
    return formatting.sources_embed(list(articles), page, PER_PAGE, ids=ids), view


class Sources(commands.Cog):
    def __init__(self, bot: QABot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(SourcesPageButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(SourcesPageButton)

    @app_commands.command(name="sources", description="List the articles the bot quotes from.")
    @app_commands.describe(page="Page to show (10 articles a page).")
    async def sources(
        self, interaction: discord.Interaction[QABot], page: app_commands.Range[int, 1, 10_000] = 1
    ) -> None:
        work = self.bot.sources(interaction.guild_id)
        articles = await replies.reply_in_time(interaction, work, timeout=self.bot.settings.answer_timeout_seconds)
        embed, view = sources_page(articles, page - 1)
        await replies.send(interaction, embed=embed, view=view)


async def setup(bot: QABot) -> None:
    await bot.add_cog(Sources(bot))
