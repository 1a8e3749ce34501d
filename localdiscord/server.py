"""A local Discord on 127.0.0.1: REST and gateway for the real discord.py client, as strict as Discord.

It records every request, so tests assert on the payloads Discord would have received, and it
refuses what Discord refuses (every refusal is kept in `refusals`; the tests' fixture fails a test
that caused one it did not expect):

- every request body is checked against Discord's OpenAPI description and documented limits
  (`discord_rules.DiscordRules`): HTTP 400, code 50035, with the `errors` tree;
- the interaction lifecycle: exactly one initial response (else 400, code 40060), within the
  response window (3 s, shorter in some tests; else 404, code 10062 "Unknown interaction"); the
  token lives `token_lifetime` (15 minutes) for followups and edits (else 401, code 50027);
  followups and edits only after the initial response (else 404, code 10015); a followup after a
  defer fills the deferred message; types 6 and 7 only for components, and they edit the message
  the component is on.

Faults on demand: a status for the next matching request (`fail_next`), for every one until
cleared (`fail_always`), a global rate limit (`rate_limit_globally`), a gateway disconnect.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from localdiscord.gateway import Gateway
from localdiscord.rules import DiscordRules

APP_ID = 1_000_000_000_000_001
GUILD_ID = 2_000_000_000_000_001
OTHER_GUILD_ID = 2_000_000_000_000_002  # a second server the bot is in, with its own channel
CHANNEL_ID = 3_000_000_000_000_001
MOD_ROLE_ID = 2_000_000_000_000_100
MEMBER_ROLE_ID = 2_000_000_000_000_200
USER_ID = 4_000_000_000_000_001
CHANNELS = {GUILD_ID: CHANNEL_ID, OTHER_GUILD_ID: CHANNEL_ID + 10}

RECORD_ENV = "QABOT_DISCORD_RECORD"  # a file: every fake appends the requests it accepted, when set
RESPONSE_WINDOW = 3.0  # seconds for an interaction's initial response
TOKEN_LIFETIME = 15 * 60.0  # seconds an interaction token accepts followups and edits
EPHEMERAL = 64

VIEW_AND_SEND = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16)  # view, send, embed links, read history
MANAGE_GUILD = 1 << 5

BOT_USER = {
    "id": str(APP_ID),
    "username": "qabot",
    "discriminator": "0",
    "global_name": None,
    "avatar": None,
    "bot": True,
    "flags": 0,
    "public_flags": 0,
}


def user(user_id: int = USER_ID, name: str = "asker") -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
        "bot": False,
        "flags": 0,
        "public_flags": 0,
    }


DISCORD_EPOCH_MS = 1_420_070_400_000


def snowflakes() -> Iterator[int]:
    """Ids as Discord makes them: the time in their upper bits (discord.py reads `created_at` from it)."""
    for increment in itertools.count():
        yield ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (increment & 0xFFF)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


@dataclass
class Recorded:
    method: str
    path: str
    body: Any
    at: float
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # Authorization and Content-Type
    refused: bool = False


@dataclass
class Refusal:
    """A request the local Discord refused as Discord would, and why."""

    request: Recorded
    status: int
    error: dict[str, Any]


@dataclass(frozen=True)
class Upload:
    """A file a member attaches to a slash command: served at its CDN URL by this Discord."""

    filename: str
    data: bytes
    content_type: str | None = "text/plain; charset=utf-8"


@dataclass
class Interaction:
    """One interaction's state, as Discord keeps it."""

    id: str
    token: str
    kind: int  # 2 application command, 3 message component, 4 autocomplete
    created: float  # event-loop time it was sent to the bot
    message_id: str | None = None  # the message a component is on
    response: int | None = None  # the initial response's callback type, once given
    deferred: bool = False  # a "thinking" message waits for the first followup


def error(message: str, code: int) -> dict[str, Any]:
    return {"message": message, "code": code}


UNKNOWN_INTERACTION = error("Unknown interaction", 10062)
ALREADY_ACKNOWLEDGED = error("Interaction has already been acknowledged.", 40060)
UNKNOWN_WEBHOOK = error("Unknown Webhook", 10015)
INVALID_WEBHOOK_TOKEN = error("Invalid Webhook Token", 50027)
UNKNOWN_MESSAGE = error("Unknown Message", 10008)


class FakeDiscord:
    """Start with `await fake.start()`; point the bot at `api_url` and `gateway_url`.

    `validate=False` skips the request-body checks (the latency benchmark measures the bot, not
    the checks); the lifecycle rules hold either way.
    """

    def __init__(
        self,
        *,
        response_window: float = RESPONSE_WINDOW,
        token_lifetime: float = TOKEN_LIFETIME,
        validate: bool = True,
        guilds: dict[int, int] | None = None,
        shards: int = 1,
    ) -> None:
        self.response_window = response_window
        self.token_lifetime = token_lifetime
        self.rules = DiscordRules.load() if validate else None
        self.requests: list[Recorded] = []
        self.refusals: list[Refusal] = []
        self.interactions: dict[str, Interaction] = {}  # by token
        self.commands: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, dict[str, Any]] = {}  # by id
        self.originals: dict[str, str] = {}  # interaction token -> message id of its original response
        self.uploads: dict[str, Upload] = {}  # attachment id -> the file, served at /attachments/<id>/<name>
        self.downloads: list[str] = []  # attachment ids the bot downloaded
        self.channels = dict(guilds or CHANNELS)  # the servers the bot is in: guild id -> its channel
        self.shards = shards  # what GET /gateway/bot recommends
        self.gateway = Gateway(list(self.channels), self._ready, self._guild)
        self._ids = snowflakes()
        self._changed = asyncio.Event()
        self._faults: list[tuple[str, re.Pattern[str], int, dict[str, str], bool]] = []
        self._global_limit: float | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/attachments/{id}/{filename}", self._attachment)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # started above, so it has a server

    async def stop(self) -> None:
        await self.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
        record = os.environ.get(RECORD_ENV)
        if record:
            self.save(Path(record))

    def save(self, path: Path) -> None:
        """Append the requests this Discord accepted to `path` (JSON lines), for `check_requests`."""
        with path.open("a", encoding="utf-8") as out:
            for r in self.requests:
                if not r.refused:
                    line = {"method": r.method, "path": r.path, "query": r.query, "headers": r.headers, "body": r.body}
                    out.write(json.dumps(line) + "\n")

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # --- faults ----------------------------------------------------------------------------

    def fail_next(self, method: str, path_regex: str, status: int, headers: dict[str, str] | None = None) -> None:
        """Answer the next matching request with `status` (e.g. 429 with Retry-After)."""
        self._faults.append((method, re.compile(path_regex), status, headers or {}, False))

    def fail_always(self, method: str, path_regex: str, status: int) -> None:
        """Answer every matching request with `status` until `clear_faults` (a failure for good)."""
        self._faults.append((method, re.compile(path_regex), status, {}, True))

    def rate_limit_globally(self, retry_after: float) -> None:
        """Answer the next request, whatever it is, with a global 429."""
        self._global_limit = retry_after

    def clear_faults(self) -> None:
        self._faults.clear()
        self._global_limit = None

    def take_refusals(self) -> list[Refusal]:
        """The refusals so far, which a test that provoked them has now seen."""
        taken, self.refusals = self.refusals, []
        return taken

    async def drop_gateway(self) -> None:
        """Close the gateway connection as Discord does on a reconnect request."""
        await self.gateway.close(code=4000)

    @property
    def identify(self) -> dict[str, Any] | None:
        """The last IDENTIFY the bot sent."""
        return self.gateway.identifies[-1] if self.gateway.identifies else None

    @property
    def resumed(self) -> int:
        return self.gateway.resumed

    # --- waiting ---------------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[Recorded], bool], timeout: float = 15.0, start: int = 0) -> Recorded:
        """The first recorded request (from index `start`) matching `predicate`."""

        async def scan() -> Recorded:
            seen = start
            while True:
                for request in self.requests[seen:]:
                    if predicate(request):
                        return request
                seen = len(self.requests)
                self._changed.clear()
                await self._changed.wait()

        return await asyncio.wait_for(scan(), timeout)

    def _record(self, request: Recorded) -> None:
        self.requests.append(request)
        self._changed.set()

    # --- REST ------------------------------------------------------------------------------

    @staticmethod
    def _json(data: Any, status: int = 200) -> web.Response:
        # discord.py compares Content-Type for equality: no "; charset=utf-8".
        return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})

    async def _body(self, request: web.Request) -> Any:
        if request.content_type == "application/json":
            return await request.json()
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":  # type: ignore[union-attr]  # discord.py sends flat parts
                    return json.loads(await part.text())  # type: ignore[union-attr]  # as above
        return None

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body = await self._body(request)
        headers = {k: request.headers[k] for k in ("Authorization", "Content-Type") if k in request.headers}
        recorded = Recorded(request.method, path, body, asyncio.get_running_loop().time(), dict(request.query), headers)
        self._record(recorded)
        fault = self._fault(request.method, path)
        if fault is not None:
            return fault
        if self.rules is not None:
            refusal = self.rules.check(request.method, path, body, request.headers)
            if refusal is not None:
                return self._refuse(recorded, *refusal)
        data, status = self._route(request.method, path, body)
        if status >= 400:
            return self._refuse(recorded, status, data)
        return self._json(data, status)

    async def _attachment(self, request: web.Request) -> web.Response:
        """The CDN: an uploaded file's bytes (Discord serves attachments outside the API)."""
        upload = self.uploads.get(request.match_info["id"])
        if upload is None or upload.filename != request.match_info["filename"]:
            return web.Response(status=404, text="Not Found")
        self.downloads.append(request.match_info["id"])
        return web.Response(
            body=upload.data, content_type=(upload.content_type or "application/octet-stream").split(";")[0]
        )

    def _refuse(self, request: Recorded, status: int, body: dict[str, Any]) -> web.Response:
        request.refused = True
        self.refusals.append(Refusal(request, status, body))
        return self._json(body, status)

    def _fault(self, method: str, path: str) -> web.Response | None:
        # Discord's real responses pass through its proxy and carry Via; discord.py retries a
        # 429 only then (a 429 without Via is not from Discord).
        proxy = {"Content-Type": "application/json", "Via": "1.1 google"}
        if self._global_limit is not None:
            retry_after, self._global_limit = self._global_limit, None
            body = {"message": "You are being rate limited.", "retry_after": retry_after, "global": True}
            headers = {**proxy, "Retry-After": str(retry_after), "X-RateLimit-Global": "true"}
            return web.Response(body=json.dumps(body).encode(), status=429, headers=headers)
        for fault in self._faults:
            fault_method, pattern, status, headers, lasting = fault
            if fault_method == method and pattern.search(path):
                if not lasting:
                    self._faults.remove(fault)
                if status == 401:
                    body: dict[str, Any] = INVALID_WEBHOOK_TOKEN
                else:
                    body = {"message": "injected fault", "code": 0, "global": False}
                    body["retry_after"] = float(headers.get("Retry-After", 0))
                return web.Response(body=json.dumps(body).encode(), status=status, headers={**proxy, **headers})
        return None

    def _route(self, method: str, path: str, body: Any) -> tuple[Any, int]:  # noqa: PLR0911 - one return per route
        if path == "/users/@me":
            return BOT_USER, 200
        if path == "/oauth2/applications/@me":
            return {
                "id": str(APP_ID),
                "name": "qabot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": user(),
                "verify_key": "0" * 64,
                "flags": 0,
            }, 200
        if path == "/gateway/bot":
            limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
            return {"url": self.gateway_url, "shards": self.shards, "session_start_limit": limit}, 200
        if re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path) and method == "PUT":
            synced = []
            for command in body:
                command_id = self.commands.get(command["name"], {}).get("id") or str(next(self._ids))
                synced.append({**command, "id": command_id, "application_id": str(APP_ID), "version": "1"})
                self.commands[command["name"]] = synced[-1]
            return synced, 200
        match = re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path)
        if match:
            return self._callback(match[1], match[2], body)
        match = re.fullmatch(r"/webhooks/(\d+)/([^/]+)(/messages/(@original|\d+))?", path)
        if match:
            return self._webhook(method, match[1], match[2], match[4], body)
        match = re.fullmatch(r"/channels/(\d+)/messages", path)
        if match and method == "POST":
            return self._message(body, channel_id=match[1]), 200
        match = re.fullmatch(r"/channels/(\d+)/messages/(\d+)", path)
        if match and method == "PATCH":
            message = self.messages.get(match[2])
            if message is None or message["channel_id"] != match[1] or message["flags"] & EPHEMERAL:
                return UNKNOWN_MESSAGE, 404
            return self._edit(message, body), 200
        return error("404: Not Found", 0), 404

    def _message(
        self, body: dict[str, Any] | None, channel_id: str = str(CHANNEL_ID), webhook: bool = False
    ) -> dict[str, Any]:
        body = body or {}
        message_id = str(next(self._ids))
        message = {
            "id": message_id,
            "channel_id": channel_id,
            "type": 0,
            "author": {**BOT_USER},
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "tts": False,
            "pinned": False,
            "timestamp": now(),
            "edited_timestamp": None,
            "flags": body.get("flags") or 0,
        }
        if webhook:
            message["webhook_id"] = str(APP_ID)
        self.messages[message_id] = message
        return message

    def _edit(self, message: dict[str, Any], body: dict[str, Any] | None) -> dict[str, Any]:
        """What an edit changes; the visibility (flags) of a sent message never changes."""
        message.update({k: v for k, v in (body or {}).items() if k in ("content", "embeds", "components")})
        message["edited_timestamp"] = now()
        return message

    def _callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> tuple[dict[str, Any], int]:
        interaction = self.interactions.get(token)
        late = interaction is not None and self._age(interaction) > self.response_window
        if interaction is None or interaction.id != interaction_id or late:
            return UNKNOWN_INTERACTION, 404
        if interaction.response is not None:
            return ALREADY_ACKNOWLEDGED, 400
        kind = body["type"]
        data = body.get("data") or {}
        if (kind in (6, 7) and interaction.kind != 3) or ((kind == 8) != (interaction.kind == 4)):
            invalid = {
                "code": "INTERACTION_CALLBACK_TYPE_INVALID",
                "message": "Only a component's message updates; autocomplete answers only with choices.",
            }
            return {"message": "Invalid Form Body", "code": 50035, "errors": {"type": {"_errors": [invalid]}}}, 400
        interaction.response = kind
        message: dict[str, Any] | None = None
        if kind in (4, 5):
            message = self._message(data, webhook=True)
            self.originals[token] = message["id"]
            interaction.deferred = kind == 5
        elif kind in (6, 7):
            assert interaction.message_id is not None
            message = self.messages[interaction.message_id]
            self.originals[token] = message["id"]
            if kind == 7:
                self._edit(message, data)
        return {
            "interaction": {
                "id": interaction_id,
                "type": interaction.kind,
                "response_message_id": self.originals.get(token),
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool((data.get("flags") or 0) & EPHEMERAL),
            },
            "resource": {"type": kind, **({"message": message} if message is not None else {})},
        }, 200

    def _webhook(  # noqa: PLR0911 - one return per rule
        self, method: str, webhook_id: str, token: str, which: str | None, body: dict[str, Any] | None
    ) -> tuple[dict[str, Any], int]:
        """Followups (POST) and the original or a followup message (GET, PATCH) of an interaction."""
        interaction = self.interactions.get(token)
        if webhook_id != str(APP_ID) or interaction is None or interaction.response is None:
            return UNKNOWN_WEBHOOK, 404
        if self._age(interaction) > self.token_lifetime:
            return INVALID_WEBHOOK_TOKEN, 401
        if which is None:
            if method != "POST":
                return error("405: Method Not Allowed", 0), 405
            if interaction.deferred:  # as Discord does: the first followup fills the deferred message
                interaction.deferred = False
                return self._edit(self.messages[self.originals[token]], body), 200
            return self._message(body, webhook=True), 200
        message_id = self.originals.get(token) if which == "@original" else which
        if message_id is None or message_id not in self.messages:
            return UNKNOWN_MESSAGE, 404
        if method == "PATCH":
            return self._edit(self.messages[message_id], body), 200
        return self.messages[message_id], 200

    def _age(self, interaction: Interaction) -> float:
        return asyncio.get_running_loop().time() - interaction.created

    # --- gateway ---------------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event to the bot, on the shard of the server it happens in."""
        await self.gateway.dispatch(event, data)

    def _ready(self, shard: tuple[int, int], guild_ids: list[int], session_id: str) -> dict[str, Any]:
        return {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(guild), "unavailable": True} for guild in guild_ids],
            "session_id": session_id,
            "shard": list(shard),
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }

    def _guild(self, guild_id: int) -> dict[str, Any]:
        def role(role_id: int, name: str, permissions: int, position: int) -> dict[str, Any]:
            return {
                "id": str(role_id),
                "name": name,
                "permissions": str(permissions),
                "position": position,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            }

        return {
            "id": str(guild_id),
            "name": "Test server" if guild_id == GUILD_ID else "Other server",
            "icon": None,
            "owner_id": str(USER_ID + 99),
            "roles": [
                role(guild_id, "@everyone", VIEW_AND_SEND, 0),
                role(MOD_ROLE_ID, "Corpus moderators", VIEW_AND_SEND, 1),
                role(MEMBER_ROLE_ID, "Members", VIEW_AND_SEND, 1),
            ],
            "channels": [
                {
                    "id": str(self.channels[guild_id]),
                    "type": 0,
                    "name": "general",
                    "position": 0,
                    "permission_overwrites": [],
                    "guild_id": str(guild_id),
                }
            ],
            "members": [{"user": BOT_USER, "roles": [], "joined_at": now(), "deaf": False, "mute": False, "flags": 0}],
            "member_count": 1,
            "unavailable": False,
            "large": False,
            "emojis": [],
            "stickers": [],
            "features": [],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "voice_states": [],
            "presences": [],
            "verification_level": 0,
            "premium_tier": 0,
            "system_channel_flags": 0,
            "nsfw_level": 0,
            "mfa_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "preferred_locale": "en-US",
        }

    # --- what users do ---------------------------------------------------------------------

    def _context(
        self, roles: list[int], permissions: int, in_dm: bool, user_id: int, guild_id: int = GUILD_ID
    ) -> dict[str, Any]:
        """Where an interaction happens and who sends it, as INTERACTION_CREATE carries them."""
        if in_dm:
            return {
                "channel": {"id": str(CHANNEL_ID + 1), "type": 1, "recipients": [user(user_id)]},
                "channel_id": str(CHANNEL_ID + 1),
                "user": user(user_id),
                "context": 1,  # the bot's DM
                "authorizing_integration_owners": {"0": "0"},  # guild install, used from the bot's DM
            }
        return {
            "guild_id": str(guild_id),
            "guild": {"id": str(guild_id), "locale": "en-US", "features": []},
            "guild_locale": "en-US",
            "channel_id": str(self.channels[guild_id]),
            "context": 0,  # a guild channel
            "authorizing_integration_owners": {"0": str(guild_id)},
            "channel": {
                "id": str(self.channels[guild_id]),
                "type": 0,
                "guild_id": str(guild_id),
                "name": "general",
                "position": 0,
                "permission_overwrites": [],
                "flags": 0,
            },
            "member": {
                "user": user(user_id),
                "roles": [str(r) for r in roles],
                "flags": 0,
                "joined_at": now(),
                "permissions": str(permissions),
                "deaf": False,
                "mute": False,
            },
        }

    async def command(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        subcommand: str | None = None,
        roles: list[int] | None = None,
        permissions: int = VIEW_AND_SEND,
        in_dm: bool = False,
        user_id: int = USER_ID,
        guild_id: int = GUILD_ID,
    ) -> str:
        """Send a slash command as INTERACTION_CREATE; returns the interaction token.

        `options` values are bool, int, str or an `Upload` (an attachment option).
        """
        where = (roles, permissions, in_dm, user_id, guild_id)
        return await self._application_command(2, name, subcommand, options or {}, None, *where)

    async def autocomplete(
        self,
        name: str,
        focused: str,
        options: dict[str, Any],
        *,
        subcommand: str | None = None,
        roles: list[int] | None = None,
        permissions: int = VIEW_AND_SEND,
        guild_id: int = GUILD_ID,
    ) -> str:
        """A member typing in option `focused` (APPLICATION_COMMAND_AUTOCOMPLETE); returns the token."""
        where = (roles, permissions, False, USER_ID, guild_id)
        return await self._application_command(4, name, subcommand, options, focused, *where)

    async def _application_command(
        self,
        kind: int,
        name: str,
        subcommand: str | None,
        options: dict[str, Any],
        focused: str | None,
        roles: list[int] | None,
        permissions: int,
        in_dm: bool,
        user_id: int,
        guild_id: int,
    ) -> str:
        option_types = {bool: 5, int: 4, str: 3}
        resolved: dict[str, dict[str, Any]] = {}
        values = []
        for key, value in options.items():
            if isinstance(value, Upload):
                attachment_id = str(next(self._ids))
                self.uploads[attachment_id] = value
                url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{value.filename}"
                resolved[attachment_id] = {
                    "id": attachment_id,
                    "filename": value.filename,
                    "size": len(value.data),
                    "url": url,
                    "proxy_url": url,
                    **({"content_type": value.content_type} if value.content_type else {}),
                }
                values.append({"name": key, "type": 11, "value": attachment_id})
            else:
                values.append({"name": key, "type": option_types[type(value)], "value": value})
            if key == focused:
                values[-1]["focused"] = True
        data: dict[str, Any] = {"id": self.commands[name]["id"], "name": name, "type": 1, "options": values}
        if subcommand is not None:
            data["options"] = [{"name": subcommand, "type": 1, "options": values}]
        if resolved:
            data["resolved"] = {"attachments": resolved}
        if not in_dm:
            data["guild_id"] = str(guild_id)
        context = self._context(roles or [MEMBER_ROLE_ID], permissions, in_dm, user_id, guild_id)
        interaction = self.open_interaction(kind)
        await self.dispatch("INTERACTION_CREATE", self._interaction_payload(interaction, {"data": data, **context}))
        return interaction.token

    async def click(
        self,
        message: dict[str, Any],
        custom_id: str,
        *,
        user_id: int = USER_ID,
        roles: list[int] | None = None,
        permissions: int = VIEW_AND_SEND,
        guild_id: int = GUILD_ID,
    ) -> str:
        """Press a button on `message` (a recorded message object); returns the interaction token."""
        fields = {
            "message": message,
            "data": {"custom_id": custom_id, "component_type": 2},
            **self._context(roles or [MEMBER_ROLE_ID], permissions, False, user_id, guild_id),
        }
        interaction = self.open_interaction(3, message["id"])
        await self.dispatch("INTERACTION_CREATE", self._interaction_payload(interaction, fields))
        return interaction.token

    def open_interaction(self, kind: int, message_id: str | None = None) -> Interaction:
        """An interaction Discord has created: its response window starts now."""
        interaction_id = str(next(self._ids))
        interaction = Interaction(
            interaction_id, f"token-{interaction_id}", kind, asyncio.get_running_loop().time(), message_id
        )
        self.interactions[interaction.token] = interaction
        return interaction

    def _interaction_payload(self, interaction: Interaction, fields: dict[str, Any]) -> dict[str, Any]:
        """INTERACTION_CREATE with the fields every interaction carries."""
        return {
            "id": interaction.id,
            "application_id": str(APP_ID),
            "type": interaction.kind,
            "token": interaction.token,
            "version": 1,
            "attachment_size_limit": 8_388_608,
            "locale": "en-US",
            "app_permissions": str(VIEW_AND_SEND),
            "entitlements": [],
            **fields,
        }

    async def say(self, content: str, *, mentions_bot: bool = True, user_id: int = USER_ID) -> str:
        """A member posts a message in the channel (MESSAGE_CREATE)."""
        message_id = str(next(self._ids))
        await self.dispatch(
            "MESSAGE_CREATE",
            {
                "id": message_id,
                "channel_id": str(CHANNEL_ID),
                "guild_id": str(GUILD_ID),
                "type": 0,
                "author": user(user_id),
                "member": {
                    "roles": [str(MEMBER_ROLE_ID)],
                    "joined_at": now(),
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                },
                "content": content,
                "mentions": [BOT_USER] if mentions_bot else [],
                "mention_roles": [],
                "mention_everyone": False,
                "embeds": [],
                "attachments": [],
                "timestamp": now(),
                "edited_timestamp": None,
                "tts": False,
                "pinned": False,
                "flags": 0,
                "components": [],
            },
        )
        return message_id

    # --- reading what the bot sent ---------------------------------------------------------

    async def callback(self, token: str, timeout: float = 15.0) -> Recorded:
        return await self.wait_for(lambda r: r.method == "POST" and r.path.endswith(f"/{token}/callback"), timeout)

    async def reply(self, token: str, timeout: float = 15.0) -> dict[str, Any]:
        """The message the bot showed for an interaction: its callback, or its followup after a defer."""
        first = await self.callback(token, timeout)
        if first.body["type"] != 5:
            return first.body["data"]
        followup = await self.wait_for(lambda r: r.method == "POST" and r.path.endswith(f"/{token}"), timeout)
        return followup.body
