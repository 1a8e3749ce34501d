"""/sources: the articles in the corpus, paginated."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from ..client import QABot
from ..views import sources_page


class Sources(commands.Cog):
    def __init__(self, bot: QABot) -> None:
        self.bot = bot

    @app_commands.command(name="sources", description="List the articles the bot quotes from.")
    @app_commands.describe(page="Page to show (10 articles a page).")
    async def sources(self, interaction: discord.Interaction, page: app_commands.Range[int, 1, 10_000] = 1) -> None:
        articles = await self.bot.sources()
        embed, view = sources_page(articles, page - 1, self.bot.SOURCES_PER_PAGE)
        await interaction.response.send_message(embed=embed, view=view, allowed_mentions=discord.AllowedMentions.none())


async def setup(bot: QABot) -> None:
    await bot.add_cog(Sources(bot))
