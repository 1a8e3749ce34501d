"""A local web server on 127.0.0.1 for link ingestion: pages, redirects, errors and a slow answer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web


@dataclass
class Route:
    status: int = 200
    content_type: str = "text/html"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a server that does not answer in time)


@dataclass
class LocalWeb:
    """`routes` by path; `hits` counts the requests each path received."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    port: int = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def page(self, path: str, file: Path) -> str:
        """Serve the HTML `file` at `path`; returns its URL."""
        self.routes[path] = Route(body=file.read_bytes(), content_type="text/html")
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = Route(status=status, headers={"Location": location})
        return self.url(path)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.hits[request.path] = self.hits.get(request.path, 0) + 1
        route = self.routes.get(request.path)
        if route is None:
            return web.Response(status=404, text="not found")
        if route.delay:
            await asyncio.sleep(route.delay)
        headers = {"Content-Type": route.content_type, **route.headers}
        return web.Response(status=route.status, body=route.body, headers=headers)


@asynccontextmanager
async def local_web() -> AsyncIterator[LocalWeb]:
    server = LocalWeb()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", server._handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # started above
    try:
        yield server
    finally:
        await runner.cleanup()
