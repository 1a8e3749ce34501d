"""Answering an interaction in time, and the one error path.

Discord gives an interaction 3 seconds for its first response. Every handler that does index
work goes through `reply_in_time`: it answers directly when the work is done within
`answer_timeout_seconds`, and otherwise defers first (decided once, with the visibility the
reply will have, because a followup after a defer edits the deferred message and cannot change
its visibility), then sends the reply as that followup. Errors from slash commands, buttons
and mentions all end in `report_error`: logged once, and a polite reply to the user.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import discord

log = logging.getLogger(__name__)

T = TypeVar("T")

SORRY = "Sorry, something went wrong while answering. The error was logged."


async def reply_in_time(
    interaction: discord.Interaction[Any],
    work: Awaitable[T],
    *,
    timeout: float,
    ephemeral: bool = False,
    update: bool = False,
) -> T:
    """`work`'s result, with the interaction deferred first if it takes longer than `timeout`.

    `update` defers as an update of the message the component is on (no "thinking" message);
    otherwise the deferral shows "thinking…", to everyone or, when `ephemeral`, to the user only.
    """
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.wait_for(asyncio.shield(task), timeout)
    except asyncio.TimeoutError:
        if not interaction.response.is_done():
            if update:
                await interaction.response.defer()
            else:
                await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        return await task


async def send(interaction: discord.Interaction[Any], *, ephemeral: bool = False, **message: Any) -> None:
    """The reply: the first response, or the followup that fills a deferral (its visibility was set then)."""
    message.setdefault("allowed_mentions", discord.AllowedMentions.none())
    if interaction.response.is_done():
        await interaction.followup.send(**message)
    else:
        await interaction.response.send_message(ephemeral=ephemeral, **message)


async def edit(interaction: discord.Interaction[Any], **message: Any) -> None:
    """Edit the message a component is on, whether or not the update was deferred."""
    if interaction.response.is_done():
        await interaction.edit_original_response(**message)
    else:
        await interaction.response.edit_message(**message)


async def report_error(interaction: discord.Interaction[Any], error: BaseException, where: str) -> None:
    """Log the error once, with its trace; tell the user politely (only them, when still possible).

    When the error is Discord refusing the reply itself (a token that expired, a server error
    that outlasted discord.py's retries), an apology by the same way would fail the same way:
    the log is all there is.
    """
    log.error("%s failed", where, exc_info=error)
    if not isinstance(error, discord.HTTPException):
        await send_quietly(interaction, SORRY)


async def send_quietly(interaction: discord.Interaction[Any], text: str) -> None:
    """A short reply only the user sees; a reply that cannot be delivered is logged, never raised."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver a reply to interaction %s", interaction.id, exc_info=True)


def guarded(where: str) -> Callable[[Callable[..., Awaitable[None]]], Callable[..., Awaitable[None]]]:
    """Route a component callback's errors to `report_error` (discord.py only logs them)."""

    def decorate(callback: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
        async def run(self: Any, interaction: discord.Interaction[Any]) -> None:
            try:
                await callback(self, interaction)
            except Exception as error:
                await report_error(interaction, error, where)

        run.__name__ = callback.__name__
        run.__doc__ = callback.__doc__
        return run

    return decorate
