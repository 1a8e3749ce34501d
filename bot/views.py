"""Buttons that keep working after a restart: their custom ids carry everything they need.

`qabot:ctx:<sentence id>` shows a quote's context; `qabot:more:<offset>` fetches the next
results for the question kept in the message; `qabot:src:<page>` turns `/sources` pages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from index import Result

from . import formatting

if TYPE_CHECKING:
    from .client import QABot

MAX_CONTEXT_BUTTONS = 5


class ShowContextButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qabot:ctx:(?P<sid>[0-9]+)"):
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
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str]):  # type: ignore[override]
        return cls(int(match["sid"]), 0)

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot: QABot = interaction.client  # type: ignore[assignment]
        answer = await bot.answer_for(self.sentence_id)
        if answer is None:
            await interaction.response.send_message(
                "That sentence is no longer in the corpus (it was changed or removed in a reindex).",
                ephemeral=True,
            )
            return
        await interaction.response.send_message(embed=formatting.context_embed(answer), ephemeral=True)


class MoreResultsButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qabot:more:(?P<offset>[0-9]+)"):
    def __init__(self, offset: int) -> None:
        super().__init__(
            discord.ui.Button(label="More results", style=discord.ButtonStyle.primary, custom_id=f"qabot:more:{offset}")
        )
        self.offset = offset

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str]):  # type: ignore[override]
        return cls(int(match["offset"]))

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot: QABot = interaction.client  # type: ignore[assignment]
        question = formatting.question_from(interaction.message)
        if question is None:
            await interaction.response.send_message("I can't find the question of that message.", ephemeral=True)
            return
        per_page = bot.settings.top_k
        result = await bot.ask(question, self.offset + per_page)
        page = result.answers[self.offset :]
        if not page:
            await interaction.response.send_message("No more results for this question.", ephemeral=True)
            return
        await interaction.response.send_message(
            embeds=formatting.result_embeds(result, page, first_number=self.offset + 1),
            view=answer_view(result, page, self.offset + per_page, bot.settings.candidates),
            ephemeral=True,
        )


class SourcesPageButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qabot:src:(?P<page>[0-9]+):(?P<label>prev|next)"):
    def __init__(self, page: int, label: str, disabled: bool = False) -> None:
        super().__init__(
            discord.ui.Button(
                label="Previous" if label == "prev" else "Next",
                style=discord.ButtonStyle.secondary,
                custom_id=f"qabot:src:{page}:{label}",
                disabled=disabled,
            )
        )
        self.page = page

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str]):  # type: ignore[override]
        return cls(int(match["page"]), match["label"])

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot: QABot = interaction.client  # type: ignore[assignment]
        articles = await bot.sources()
        embed, view = sources_page(articles, self.page, bot.SOURCES_PER_PAGE)
        await interaction.response.edit_message(embed=embed, view=view)


def answer_view(result: Result, shown: list[Any], next_offset: int, limit: int) -> discord.ui.View:
    """"Show context" per quote, and "More results" while there may be more."""
    view = discord.ui.View(timeout=None)
    first = next_offset - len(shown) + 1
    for number, answer in enumerate(shown[:MAX_CONTEXT_BUTTONS], start=first):
        view.add_item(ShowContextButton(answer.sentence_id, number))
    if not result.abstained and len(result.answers) >= next_offset and next_offset < limit:
        view.add_item(MoreResultsButton(next_offset))
    return view


def sources_page(articles: list[Any], page: int, per_page: int) -> tuple[discord.Embed, discord.ui.View]:
    pages = max((len(articles) + per_page - 1) // per_page, 1)
    page = min(max(page, 0), pages - 1)
    view = discord.ui.View(timeout=None)
    view.add_item(SourcesPageButton(max(page - 1, 0), "prev", disabled=page == 0))
    view.add_item(SourcesPageButton(min(page + 1, pages - 1), "next", disabled=page >= pages - 1))
    return formatting.sources_embed(articles, page, per_page), view


DYNAMIC_ITEMS = (ShowContextButton, MoreResultsButton, SourcesPageButton)
