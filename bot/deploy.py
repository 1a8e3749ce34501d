"""What an operator needs to put the bot in a server: the invite link and a token check.

The permissions are exactly those the bot uses: it reads the channels it is asked in, replies
there (in threads too) with embeds, and a reply to a mention quotes the message it answers,
which Discord allows only with Read Message History. Slash commands need the
`applications.commands` scope; no privileged intent is required (`message_content_intent`
is off by default: mentions carry their text without it).
"""

from __future__ import annotations

import base64
import binascii
import re

import discord

from index.health import Check

SCOPES = ("bot", "applications.commands")
REQUIRED_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
)
# As the developer portal names them.
PERMISSION_NAMES = ("View Channels", "Send Messages", "Send Messages in Threads", "Embed Links", "Read Message History")
# A bot token: the bot's user id in base64, a timestamp, an HMAC; dot-separated, URL-safe base64.
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")


def invite_url(application_id: int) -> str:
    """The OAuth2 link that adds the bot to a server with `SCOPES` and `REQUIRED_PERMISSIONS`."""
    return discord.utils.oauth_url(application_id, permissions=REQUIRED_PERMISSIONS, scopes=SCOPES)


def application_id_from_token(token: str) -> int | None:
    """The bot's user id, which a token's first part encodes; for a bot it is its application's
    id. None when the token does not have that shape."""
    head = token.strip().split(".", 1)[0]
    try:
        decoded = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return int(decoded) if decoded.isdigit() and 15 <= len(decoded) <= 21 else None


def check_token(token: str | None) -> Check:
    """Whether a token is present and shaped like a bot token (never printing it). Only Discord
    can say whether it is valid: `qabot sync` or `qabot run` logs in."""
    fix = "Discord developer portal -> your application -> Bot -> Reset Token; then export DISCORD_TOKEN=<token>"
    if token is None or not token.strip():
        return Check("discord token", "fail", "no token: DISCORD_TOKEN is not set (nor discord_token)", fix)
    token = token.strip()
    if token.lower().startswith("bot "):
        return Check("discord token", "fail", "the token starts with 'Bot ': give the token alone", "drop 'Bot '")
    if not _TOKEN.match(token) or application_id_from_token(token) is None:
        return Check(
            "discord token",
            "fail",
            f"not shaped like a bot token ({len(token)} characters; expected three dot-separated parts, "
            "the first the bot's id in base64): a client secret or a public key, perhaps",
            fix,
        )
    return Check("discord token", "ok", f"shaped like a bot token for application {application_id_from_token(token)}")
