"""Checks declared once: who may reindex, and how often one may ask."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from .client import NotModerator

if TYPE_CHECKING:
    from .client import QABot

REFUSAL = "Only moderators (the Manage Server permission or a moderator role) can reindex the corpus."


def is_moderator(interaction: discord.Interaction) -> bool:
    """Decided at call time from what Discord sent with the interaction, never from names."""
    bot: QABot = interaction.client  # type: ignore[assignment]
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.manage_guild:
        return True
    allowed = set(bot.settings.moderator_role_ids)
    return any(role.id in allowed for role in interaction.user.roles)


def moderator_only():  # noqa: ANN201 - a decorator
    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild_id is None:
            raise NotModerator("Reindexing is done from a server, by its moderators, not in direct messages.")
        if not is_moderator(interaction):
            raise NotModerator(REFUSAL)
        return True

    return app_commands.check(predicate)


def ask_cooldown(interaction: discord.Interaction) -> app_commands.Cooldown | None:
    """Per-user cooldown read from settings at call time (0 seconds disables it)."""
    bot: QABot = interaction.client  # type: ignore[assignment]
    if bot.settings.ask_cooldown_seconds <= 0:
        return None
    return app_commands.Cooldown(bot.settings.ask_cooldown_rate, bot.settings.ask_cooldown_seconds)
