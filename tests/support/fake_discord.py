"""A local Discord on 127.0.0.1: enough REST and gateway for the real discord.py client.

It records every request, so tests assert on the payloads Discord would have received, and
it can inject faults (a status code for the next matching request, a gateway disconnect).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 1_000_000_000_000_001
GUILD_ID = 2_000_000_000_000_001
CHANNEL_ID = 3_000_000_000_000_001
MOD_ROLE_ID = 2_000_000_000_000_100
MEMBER_ROLE_ID = 2_000_000_000_000_200
USER_ID = 4_000_000_000_000_001

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


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


@dataclass
class Recorded:
    method: str
    path: str
    body: Any
    at: float
    query: dict[str, str] = field(default_factory=dict)


class FakeDiscord:
    """Start with `await fake.start()`; point the bot at `api_url` and `gateway_url`."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._deferred: set[str] = set()  # interaction tokens whose deferred message awaits its followup
        self.commands: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, dict[str, Any]] = {}  # by id
        self.originals: dict[str, str] = {}  # interaction token -> message id
        self.identify: dict[str, Any] | None = None
        self.resumed = 0
        self._ids = itertools.count(5_000_000_000_000_001)
        self._seq = 0
        self._ws: web.WebSocketResponse | None = None
        self._changed = asyncio.Event()
        self._faults: list[tuple[str, re.Pattern[str], int, dict[str, str]]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # started above, so it has a server

    async def stop(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # --- faults ----------------------------------------------------------------------------

    def fail_next(self, method: str, path_regex: str, status: int, headers: dict[str, str] | None = None) -> None:
        """Answer the next matching request with `status` (e.g. 429 with Retry-After)."""
        self._faults.append((method, re.compile(path_regex), status, headers or {}))

    async def drop_gateway(self) -> None:
        """Close the gateway connection as Discord does on a reconnect request."""
        if self._ws is not None:
            await self._ws.close(code=4000)

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
        self._record(Recorded(request.method, path, body, asyncio.get_running_loop().time(), dict(request.query)))
        for fault in self._faults:
            method, pattern, status, headers = fault
            if method == request.method and pattern.search(path):
                self._faults.remove(fault)
                payload = {
                    "message": "injected fault",
                    "code": 0,
                    "retry_after": float(headers.get("Retry-After", 0)),
                    "global": False,
                }
                # Discord's real responses pass through its proxy and carry Via; discord.py
                # retries a webhook 429 only then (a 429 without Via is not from Discord).
                return web.Response(
                    body=json.dumps(payload).encode(),
                    status=status,
                    headers={"Content-Type": "application/json", "Via": "1.1 google", **headers},
                )
        return self._json(*self._route(request.method, path, body))

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
        if re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path) and method == "PUT":
            synced = []
            for command in body:
                command_id = self.commands.get(command["name"], {}).get("id") or str(next(self._ids))
                synced.append({**command, "id": command_id, "application_id": str(APP_ID), "version": "1"})
                self.commands[command["name"]] = synced[-1]
            return synced, 200
        match = re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path)
        if match:
            return self._callback(match[1], match[2], body), 200
        match = re.fullmatch(r"/webhooks/\d+/([^/]+)/messages/(@original|\d+)", path)
        if match:
            token, which = match[1], match[2]
            message_id = self.originals.get(token) if which == "@original" else which
            if message_id is None or message_id not in self.messages:
                return {"message": "Unknown Message", "code": 10008}, 404
            if method == "PATCH":
                self.messages[message_id].update(
                    {k: v for k, v in body.items() if k in ("content", "embeds", "components")}
                )
                self.messages[message_id]["edited_timestamp"] = now()
            return self.messages[message_id], 200
        match = re.fullmatch(r"/webhooks/\d+/([^/]+)", path)
        if match and method == "POST":
            token = match[1]
            if token in self._deferred:  # as Discord does: the first followup fills the deferred message
                self._deferred.discard(token)
                original = self.messages[self.originals[token]]
                original.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
                original["edited_timestamp"] = now()
                return original, 200
            return self._message(body, webhook=True), 200
        match = re.fullmatch(r"/channels/(\d+)/messages", path)
        if match and method == "POST":
            return self._message(body, channel_id=match[1]), 200
        return {"message": "404: Not Found", "code": 0}, 404

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

    def _callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
        kind = body["type"]
        data = body.get("data") or {}
        ephemeral = bool((data.get("flags") or 0) & 64)
        if kind in (4, 5):
            message = self._message(data)
            self.originals[token] = message["id"]
            if kind == 5:
                self._deferred.add(token)
            resource: dict[str, Any] = {"type": kind, "message": message}
        elif kind == 7:
            resource = {"type": kind}
        else:
            resource = {"type": kind}
        return {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "response_message_id": self.originals.get(token),
                "response_message_loading": kind == 5,
                "response_message_ephemeral": ephemeral,
            },
            "resource": resource,
        }

    # --- gateway ---------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for frame in ws:
            if frame.type != WSMsgType.TEXT:
                continue
            payload = json.loads(frame.data)
            op = payload["op"]
            if op == 1:
                await ws.send_json({"op": 11})
            elif op == 2:
                self.identify = payload["d"]
                await self.dispatch("READY", self._ready())
                await self.dispatch("GUILD_CREATE", self._guild())
            elif op == 6:
                self.resumed += 1
                await self.dispatch("RESUMED", {})
        return ws

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "the bot is not connected"
        self._seq += 1
        await self._ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    def _ready(self) -> dict[str, Any]:
        return {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }

    def _guild(self) -> dict[str, Any]:
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
            "id": str(GUILD_ID),
            "name": "Test server",
            "icon": None,
            "owner_id": str(USER_ID + 99),
            "roles": [
                role(GUILD_ID, "@everyone", VIEW_AND_SEND, 0),
                role(MOD_ROLE_ID, "Corpus moderators", VIEW_AND_SEND, 1),
                role(MEMBER_ROLE_ID, "Members", VIEW_AND_SEND, 1),
            ],
            "channels": [
                {
                    "id": str(CHANNEL_ID),
                    "type": 0,
                    "name": "general",
                    "position": 0,
                    "permission_overwrites": [],
                    "guild_id": str(GUILD_ID),
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

    def _context(self, roles: list[int], permissions: int, in_dm: bool, user_id: int) -> dict[str, Any]:
        if in_dm:
            return {
                "channel": {"id": str(CHANNEL_ID + 1), "type": 1},
                "channel_id": str(CHANNEL_ID + 1),
                "user": user(user_id),
                "context": 1,
            }
        return {
            "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID),
            "context": 0,
            "channel": {
                "id": str(CHANNEL_ID),
                "type": 0,
                "guild_id": str(GUILD_ID),
                "name": "general",
                "position": 0,
                "permission_overwrites": [],
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
        roles: list[int] | None = None,
        permissions: int = VIEW_AND_SEND,
        in_dm: bool = False,
        user_id: int = USER_ID,
    ) -> str:
        """Send a slash command as INTERACTION_CREATE; returns the interaction token."""
        interaction_id = str(next(self._ids))
        option_types = {bool: 5, int: 4, str: 3}
        data = {
            "id": self.commands[name]["id"],
            "name": name,
            "type": 1,
            "options": [{"name": k, "type": option_types[type(v)], "value": v} for k, v in (options or {}).items()],
        }
        if not in_dm:
            data["guild_id"] = str(GUILD_ID)
        context = self._context(roles or [MEMBER_ROLE_ID], permissions, in_dm, user_id)
        return await self._interaction(interaction_id, 2, {"data": data, **context})

    async def click(self, message: dict[str, Any], custom_id: str, *, user_id: int = USER_ID) -> str:
        """Press a button on `message` (a recorded message object)."""
        interaction_id = str(next(self._ids))
        fields = {
            "message": message,
            "data": {"custom_id": custom_id, "component_type": 2},
            **self._context([MEMBER_ROLE_ID], VIEW_AND_SEND, False, user_id),
        }
        return await self._interaction(interaction_id, 3, fields)

    async def _interaction(self, interaction_id: str, kind: int, fields: dict[str, Any]) -> str:
        """Dispatch INTERACTION_CREATE with the fields every interaction carries; returns its token."""
        token = f"token-{interaction_id}"
        payload = {
            "id": interaction_id,
            "application_id": str(APP_ID),
            "type": kind,
            "token": token,
            "version": 1,
            "attachment_size_limit": 8_388_608,
            "locale": "en-US",
            "guild_locale": "en-US",
            "app_permissions": str(VIEW_AND_SEND),
            "entitlements": [],
            "authorizing_integration_owners": {},
            **fields,
        }
        await self.dispatch("INTERACTION_CREATE", payload)
        return token

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
