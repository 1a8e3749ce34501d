"""Fetching a moderator's link: pages come back; private addresses, slow servers and non-pages do not."""

from __future__ import annotations

import ipaddress

import pytest

from index import FetchFailed, FetchPolicy, fetch
from localdiscord.web import Route, local_web
from tests.support.paths import PAGES

LOOPBACK_ALLOWED = FetchPolicy.build(allowed_networks=["127.0.0.1/32"], read_timeout=1.0)


async def test_a_page_is_fetched_through_a_redirect() -> None:
    async with local_web() as server:
        server.page("/story", PAGES / "harbour.html")
        start = server.redirect("/short", "/story", status=301)
        page = await fetch(start, LOOPBACK_ALLOWED)
    assert page.kind == "html" and page.url == server.url("/story") and page.redirects == [start]
    assert "Kestrel Bay" in page.text()


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://10.0.0.1/admin", "10.0.0.1 is a private address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.2]/", "::ffff:7f00:2 is a loopback address"),
        ("file:///etc/passwd", "only http and https links can be added, not file"),
    ],
)
async def test_a_redirect_to_a_private_address_is_refused_before_connecting(location: str, reason: str) -> None:
    async with local_web() as server:
        start = server.redirect("/go", location)
        with pytest.raises(FetchFailed, match=reason):
            await fetch(start, LOOPBACK_ALLOWED)
        assert server.hits == {"/go": 1}


async def test_a_host_name_resolving_to_loopback_is_refused_when_loopback_is_not_allowed() -> None:
    async with local_web() as server:
        server.page("/story", PAGES / "harbour.html")
        with pytest.raises(FetchFailed, match=r"localhost resolves to (127\.0\.0\.1|::1), a loopback address"):
            await fetch(server.url("/story", host="localhost"), FetchPolicy())
        with pytest.raises(FetchFailed, match=r"127\.0\.0\.1 is a loopback address"):
            await fetch(server.url("/story"), FetchPolicy())
        assert server.hits == {}  # refused before any connection


async def test_allowed_hosts_let_a_named_intranet_host_through() -> None:
    async with local_web() as server:
        server.page("/story", PAGES / "harbour.html")
        page = await fetch(server.url("/story", host="localhost"), FetchPolicy.build(allowed_hosts=["LOCALHOST"]))
    assert page.kind == "html"


async def test_errors_name_their_reason() -> None:
    async with local_web() as server:
        server.routes["/slow"] = Route(body=b"<p>late</p>", delay=3.0)
        server.routes["/image"] = Route(body=b"\x89PNG", content_type="image/png")
        server.routes["/huge"] = Route(body=b"<p>" + b"word " * 400_000 + b"</p>")
        for n in range(8):
            server.redirect(f"/r{n}", f"/r{n + 1}")
        small = FetchPolicy.build(allowed_networks=["127.0.0.0/8"], read_timeout=0.5, max_bytes=1_000_000)
        with pytest.raises(FetchFailed, match="answered 404 Not Found"):
            await fetch(server.url("/missing"), small)
        with pytest.raises(FetchFailed, match="did not answer in time"):
            await fetch(server.url("/slow"), small)
        with pytest.raises(FetchFailed, match="is image/png, not a web page or text"):
            await fetch(server.url("/image"), small)
        with pytest.raises(FetchFailed, match=r"2\.0 MB; the limit is 1 MB"):
            await fetch(server.url("/huge"), small)
        with pytest.raises(FetchFailed, match="more than 5 redirects"):
            await fetch(server.url("/r0"), small)
    with pytest.raises(FetchFailed, match=r"could not connect to 127\.0\.0\.1"):
        await fetch(server.url("/gone"), small)  # the server has stopped


def test_policy_addresses() -> None:
    policy = FetchPolicy.build(allowed_networks=["10.1.0.0/16"])
    allowed = {a: policy.address_allowed(ipaddress.ip_address(a)) for a in ("93.184.215.14", "10.1.2.3", "10.2.0.1")}
    assert allowed == {"93.184.215.14": True, "10.1.2.3": True, "10.2.0.1": False}
    for refused in ("100.64.0.1", "224.0.0.251", "0.0.0.0", "fd00:ec2::254", "fe80::1", "::ffff:169.254.169.254"):
        assert not policy.address_allowed(ipaddress.ip_address(refused)), refused
    with pytest.raises(ValueError, match="'intranet' is not an IP network"):
        FetchPolicy.build(allowed_networks=["intranet"])
