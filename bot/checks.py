"""Checks, declared once.

Permission model: everyone may ask; only moderators may change the index. A moderator is a
member with the Manage Server permission, or with one of `moderator_role_ids`, as Discord
states them in the interaction itself at the moment of the call (never by role name). In
direct messages nobody is a moderator. Asking is rate-limited per user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands

if TYPE_CHECKING:
    from .client import QABot

REFUSAL = "Only moderators (the Manage Server permission or a moderator role) can change or reindex the corpus."
NOT_IN_DMS = "The corpus is changed and reindexed from a server, by its moderators, not in direct messages."

T = TypeVar("T")


class NotModerator(app_commands.CheckFailure):
    """Raised by the moderator check; its message is shown to the user."""


def is_moderator(interaction: discord.Interaction[QABot]) -> bool:
    """Decided at call time from what Discord sent with the interaction, never from names."""
    if interaction.guild_id is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.manage_guild:
        return True
    allowed = set(interaction.client.settings.moderator_role_ids)
    return any(role.id in allowed for role in interaction.user.roles)


def moderator_only() -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction[QABot]) -> bool:
        if interaction.guild_id is None:
            raise NotModerator(NOT_IN_DMS)
        if not is_moderator(interaction):
            raise NotModerator(REFUSAL)
        return True

    return app_commands.check(predicate)


def actor_of(interaction: discord.Interaction[QABot]) -> str:
    """Who did it, for the audit log: the Discord user id (stable) and the name (readable)."""
    return f"discord:{interaction.user.id} ({interaction.user.name})"


def ask_cooldown(interaction: discord.Interaction[QABot]) -> app_commands.Cooldown | None:
    """Per-user cooldown read from settings at call time (0 seconds disables it)."""
    settings = interaction.client.settings
    if settings.ask_cooldown_seconds <= 0:
        return None
    return app_commands.Cooldown(settings.ask_cooldown_rate, settings.ask_cooldown_seconds)
