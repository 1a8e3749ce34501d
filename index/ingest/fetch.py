"""Fetch one web page for the corpus, safely: the only place qabot opens a URL.

A moderator's URL is untrusted input, and the bot runs inside someone's network, so a fetch
must never reach what the bot can reach and the moderator cannot (server-side request
forgery). The rules, checked on every hop of a redirect chain:

- http and https only, at most `max_redirects` redirects, followed here one by one;
- no user name or password in a link (nor in a redirect): they would be sent as credentials and
  then stored with the article and shown in every answer quoting it. Such a link is refused, and
  `without_credentials` keeps them out of every message and log line about it;
- the address actually connected to must be public: a host name is resolved by
  `GuardedResolver`, which refuses the whole name when any of its addresses is private,
  loopback, link-local (169.254.169.254, the cloud metadata service), multicast, reserved or
  otherwise not global; an IP literal is checked before the request (aiohttp does not resolve
  literals). An IPv6 address that embeds an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`,
  IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96` and `64:ff9b:1::/48`, 6to4 `2002::/16`,
  Teredo's client) is judged by that IPv4 address. Because the check happens at connection
  time, a name that resolves to a public address when first looked at and to a private one
  later is still refused;
- `allowed_networks` (CIDR) and `allowed_hosts` (exact host names) let an intranet, or the
  tests' server on 127.0.0.1, through;
- connect and read timeouts, a cap on the bytes read while streaming, and the content type
  checked before the body is read (HTML or plain text).

Environment proxies are ignored (`trust_env=False`): a proxy would make the address check moot.
aiohttp is imported when a link is fetched, not when the library is: `qabot ask` never needs it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from index.errors import FetchFailed

if TYPE_CHECKING:
    import aiohttp
    from aiohttp.abc import AbstractResolver, ResolveResult
    from yarl import URL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ACCEPTED_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text", "text/markdown": "text"}
USER_AGENT = "qabot (a Discord bot quoting news; one page fetched at a moderator's request)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What a fetch may reach and how much it may read."""

    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IPNetwork, ...] = ()
    max_bytes: int = 5_000_000
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_redirects: int = 5

    @classmethod
    def build(
        cls, allowed_hosts: Iterable[str] = (), allowed_networks: Iterable[str] = (), **limits: Any
    ) -> FetchPolicy:
        """A policy from settings' strings; a bad network raises ValueError naming it."""
        networks = []
        for text in allowed_networks:
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
            except ValueError:
                raise ValueError(f"allowed_networks: {text!r} is not an IP network (e.g. 10.0.0.0/8)") from None
        hosts = frozenset(host.lower().rstrip(".") for host in allowed_hosts)
        return cls(allowed_hosts=hosts, allowed_networks=tuple(networks), **limits)

    def address_allowed(self, address: IPAddress) -> bool:
        """Public addresses, and those inside `allowed_networks`; an IPv6 address that embeds an
        IPv4 address by the IPv4 address (64:ff9b::7f00:1 is 127.0.0.1)."""
        if any(address in network for network in self.allowed_networks):
            return True
        embedded = embedded_ipv4(address)
        if embedded is not None:
            return self.address_allowed(embedded)
        return address.is_global and not address.is_multicast

    def host_trusted(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.allowed_hosts


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page as the server sent it: its final URL after redirects, its kind and its bytes."""

    url: str
    kind: str  # "html" or "text"
    body: bytes
    charset: str | None = None
    redirects: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The body decoded with the declared charset, else UTF-8 (HTML declares its own)."""
        try:
            return self.body.decode(self.charset or "utf-8")
        except (LookupError, UnicodeDecodeError):
            if self.kind == "html":
                return self.body.decode("utf-8", errors="replace")  # lxml and trafilatura cope
            raise FetchFailed(f"{self.url} is not valid {self.charset or 'UTF-8'} text") from None


class AddressRefused(OSError):
    """Raised inside the resolver; unwrapped into FetchFailed by `fetch`."""


class GuardedResolver:
    """Resolves like the system, then refuses a name that has any address the policy forbids.

    aiohttp's resolver protocol (`resolve`, `close`); it is not an `AbstractResolver` subclass
    only so that aiohttp loads when a link is fetched.
    """

    def __init__(self, policy: FetchPolicy) -> None:
        import aiohttp

        self.policy = policy
        self._system = aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._system.resolve(host, port, family)
        if self.policy.host_trusted(host):
            return results
        for result in results:
            address = ipaddress.ip_address(result["host"].split("%", 1)[0])
            if not self.policy.address_allowed(address):
                raise AddressRefused(f"{host} resolves to {address}, a {describe(address)} address")
        return results

    async def close(self) -> None:
        await self._system.close()


NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries, by which it reaches an IPv4 host; else None."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    low = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    compatible = address in IPV4_COMPATIBLE and int(address) > 1  # ::a.b.c.d, not :: nor ::1
    carried = (
        address.ipv4_mapped,
        address.sixtofour,
        address.teredo[1] if address.teredo else None,  # the client behind the relay
        low if compatible or any(address in network for network in NAT64) else None,
    )
    return next((ipv4 for ipv4 in carried if ipv4 is not None), None)


CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@]*@")


def without_credentials(text: str) -> str:
    """`text` with the user name and password of every link in it removed."""
    return CREDENTIALS.sub(r"\1", text)


def describe(address: IPAddress) -> str:
    """Why an address is not public, in a word a moderator can look up."""
    address = embedded_ipv4(address) or address
    for name in ("loopback", "link_local", "private", "multicast", "reserved", "unspecified"):
        if getattr(address, f"is_{name}"):
            return name.replace("_", "-")
    return "non-public"


def _check_url(url: URL, policy: FetchPolicy) -> None:
    if url.scheme not in ("http", "https"):
        raise FetchFailed(f"only http and https links can be added, not {url.scheme or 'a relative link'}")
    if not url.host:
        raise FetchFailed("the link has no host name")
    if url.user is not None or url.password is not None:
        raise FetchFailed(
            f"the link {without_credentials(str(url))} carries a user name or password: qabot neither sends nor "
            "stores credentials; add the page by a link without them"
        )
    if policy.host_trusted(url.host):
        return
    try:
        address = ipaddress.ip_address(url.host)
    except ValueError:
        return  # a name: checked by GuardedResolver when it is resolved
    if not policy.address_allowed(address):
        raise FetchFailed(f"{url.host} is a {describe(address)} address; only public addresses can be fetched")


async def fetch(raw_url: str, policy: FetchPolicy) -> Fetched:
    """GET `raw_url` under `policy`; raises FetchFailed with a reason a moderator can act on."""
    import aiohttp
    from yarl import URL

    try:
        url = URL(raw_url.strip())
    except ValueError:
        raise FetchFailed(f"not a valid link: {without_credentials(raw_url)!r}") from None
    timeout = aiohttp.ClientTimeout(
        total=policy.total_timeout, sock_connect=policy.connect_timeout, sock_read=policy.read_timeout
    )
    resolver = cast("AbstractResolver", GuardedResolver(policy))
    connector = aiohttp.TCPConnector(resolver=resolver, use_dns_cache=False)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html, application/xhtml+xml, text/plain;q=0.8"}
    redirects: list[str] = []
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, headers=headers, trust_env=False, max_field_size=16_384
    ) as session:
        for _ in range(policy.max_redirects + 1):
            _check_url(url, policy)
            try:
                async with session.get(url, allow_redirects=False) as response:
                    if response.status in (301, 302, 303, 307, 308):
                        location = response.headers.get("Location")
                        if not location:
                            raise FetchFailed(f"{url} redirects without saying where to")
                        redirects.append(str(url))
                        url = url.join(URL(location))
                        continue
                    return await _read(response, url, policy, redirects)
            except aiohttp.ClientConnectorError as exc:
                refused = exc.__cause__ if isinstance(exc.__cause__, AddressRefused) else exc.os_error
                if isinstance(refused, AddressRefused):
                    raise FetchFailed(f"{refused}; only public addresses can be fetched") from None
                raise FetchFailed(f"could not connect to {url.host}: {exc.os_error.strerror or exc}") from None
            except (asyncio.TimeoutError, aiohttp.ServerTimeoutError):
                raise FetchFailed(f"{url.host} did not answer in time") from None
            except aiohttp.InvalidURL as exc:
                raise FetchFailed(f"not a valid link: {exc}") from None
            except aiohttp.ClientError as exc:
                raise FetchFailed(f"fetching {url} failed: {type(exc).__name__} {exc}".rstrip()) from None
    raise FetchFailed(f"more than {policy.max_redirects} redirects, the last to {url}")


async def _read(response: aiohttp.ClientResponse, url: URL, policy: FetchPolicy, redirects: list[str]) -> Fetched:
    if response.status >= 400:
        raise FetchFailed(f"{url} answered {response.status} {response.reason or ''}".rstrip())
    kind = ACCEPTED_TYPES.get(response.content_type)
    if kind is None:
        raise FetchFailed(f"{url} is {response.content_type or 'of no declared type'}, not a web page or text")
    if response.content_length is not None and response.content_length > policy.max_bytes:
        raise FetchFailed(f"the page is {response.content_length / 1e6:.1f} MB; the limit is {_mb(policy.max_bytes)}")
    body = bytearray()
    async for chunk in response.content.iter_chunked(65_536):
        body += chunk
        if len(body) > policy.max_bytes:
            raise FetchFailed(f"the page is larger than {_mb(policy.max_bytes)}")
    return Fetched(str(url), kind, bytes(body), response.charset, redirects)


def _mb(size: int) -> str:
    return f"{size / 1e6:g} MB"
