"""The local Discord's gateway: one websocket per shard, each server's events on its own shard.

Discord's sharding rules as the real gateway applies them: IDENTIFY may carry `shard: [id,
count]`; READY lists only that shard's servers and GUILD_CREATE follows for each; a server's
events go to shard `(guild_id >> 22) % count` and direct messages to shard 0. A client that
identifies without `shard` is shard 0 of 1 and gets everything. RESUME (op 6) names the session
READY gave, and is answered on the connection it arrives on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

HEARTBEAT_MS = 41250


def shard_of(guild_id: int | None, shard_count: int) -> int:
    """The shard Discord sends a server's events to; direct messages (no server) go to shard 0."""
    return 0 if guild_id is None else (guild_id >> 22) % shard_count


@dataclass
class Session:
    """One identified connection: its shard, its websocket and its event sequence."""

    shard: tuple[int, int]
    ws: web.WebSocketResponse
    session_id: str
    seq: int = 0


@dataclass
class Gateway:
    """The websocket side. `ready(shard, guild ids)` and `guild(guild id)` build the payloads;
    `gateway_url` is where a resuming client reconnects."""

    guild_ids: list[int]
    ready: Callable[[tuple[int, int], list[int], str], dict[str, Any]]
    guild: Callable[[int], dict[str, Any]]
    identifies: list[dict[str, Any]] = field(default_factory=list)  # every IDENTIFY, in order
    resumed: int = 0
    sessions: dict[str, Session] = field(default_factory=dict)  # by session id
    _live: dict[int, Session] = field(default_factory=dict)  # shard id -> its open connection
    _count: int = 1

    @property
    def connected_shards(self) -> list[int]:
        return sorted(shard for shard, session in self._live.items() if not session.ws.closed)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}})
        try:
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    await self._receive(ws, json.loads(frame.data))
        except ConnectionResetError:  # the client went away mid-reply (a bot process stopping)
            pass
        return ws

    async def _receive(self, ws: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        if payload["op"] == 1:
            await ws.send_json({"op": 11})
        elif payload["op"] == 2:
            await self._identify(ws, payload["d"])
        elif payload["op"] == 6:
            session = self.sessions[payload["d"]["session_id"]]
            session.ws = ws
            self._live[session.shard[0]] = session
            self.resumed += 1
            await self._send(session, "RESUMED", {})

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.identifies.append(data)
        shard_id, count = data.get("shard") or (0, 1)
        self._count = count
        session = Session((shard_id, count), ws, f"local-session-{len(self.identifies)}")
        self.sessions[session.session_id] = session
        self._live[shard_id] = session
        mine = [guild for guild in self.guild_ids if shard_of(guild, count) == shard_id]
        await self._send(session, "READY", self.ready(session.shard, mine, session.session_id))
        for guild in mine:
            await self._send(session, "GUILD_CREATE", self.guild(guild))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send `event` on the shard its server belongs to (`guild_id` in `data`), else shard 0."""
        guild = data.get("guild_id")
        shard = shard_of(int(guild) if guild is not None else None, self._count)
        session = self._live.get(shard)
        assert session is not None and not session.ws.closed, f"no bot is connected on shard {shard}"
        await self._send(session, event, data)

    async def _send(self, session: Session, event: str, data: dict[str, Any]) -> None:
        session.seq += 1
        await session.ws.send_json({"op": 0, "t": event, "s": session.seq, "d": data})

    async def close(self, code: int = 1000) -> None:
        for session in list(self._live.values()):
            if not session.ws.closed:
                await session.ws.close(code=code)
