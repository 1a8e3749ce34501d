"""/corpus through the local Discord: a moderator adds by link and by file, removes, and is refused with reasons."""

from __future__ import annotations

from typing import Any

import pytest

from bot.client import QABot
from bot.settings import BotSettings
from localdiscord.server import MANAGE_GUILD, MOD_ROLE_ID, VIEW_AND_SEND, FakeDiscord, Recorded, Upload
from localdiscord.web import LocalWeb, Route, local_web
from tests.support.paths import PAGES

ARTICLE_ID = "kestrel-bay-harbour-reopens-after-nine-day-closure.md"
BOATS = "How many fishing boats were damaged in the storm at Kestrel Bay?"
MODERATOR = {"roles": [MOD_ROLE_ID]}


@pytest.fixture
def bot_settings(bot_settings: BotSettings) -> BotSettings:
    """The tests' web server is on 127.0.0.1: let links reach it (and nothing else that is not public)."""
    limits = {"max_article_mb": 0.05, "fetch_timeout_seconds": 0.5}
    return bot_settings.model_copy(update={"allowed_networks": ["127.0.0.1/32"], **limits})


@pytest.fixture
async def web() -> Any:
    async with local_web() as server:
        yield server


async def final_reply(fake: FakeDiscord, token: str, marker: str) -> str:
    """The moderator's reply once the change is done: the edit of the original response naming `marker`."""

    def done(r: Recorded) -> bool:
        return r.method in ("PATCH", "POST") and token in r.path and marker in ((r.body or {}).get("content") or "")

    return str((await fake.wait_for(done, timeout=120)).body["content"])


async def quoted(fake: FakeDiscord, question: str) -> list[str]:
    token = await fake.command("ask", {"question": question})
    data = (await fake.callback(token)).body["data"]
    return [embed.get("description", "") for embed in data["embeds"][1:]]


async def test_a_moderator_adds_a_page_by_link_it_is_quoted_then_removed_never_again(
    fake_discord: FakeDiscord, running_bot: QABot, web: LocalWeb
) -> None:
    link = web.page("/2026/03/harbour", PAGES / "harbour.html")
    assert not any("fourteen fishing boats" in q for q in await quoted(fake_discord, BOATS))

    token = await fake_discord.command("corpus", {"url": link}, subcommand="add", **MODERATOR)
    deferred = (await fake_discord.callback(token)).body
    assert deferred["type"] == 5 and deferred["data"]["flags"] == 64  # thinking, to the moderator only
    reply = await final_reply(fake_discord, token, "**Added**")
    assert reply.startswith(
        f"**Added** “Kestrel Bay harbour reopens after nine-day closure” (The Coastal Ledger · 2026-03-14) "
        f"as `{ARTICLE_ID}`, 5 sentences.\nIt is quoted from the next question: 2 articles, 22 sentences"
    )
    first = (await quoted(fake_discord, BOATS))[0]
    assert first.startswith("> Harbour master Ines Roth said fourteen fishing boats had been damaged in the storm")
    assert "The Coastal Ledger · 2026-03-14" in first

    again = await fake_discord.command("corpus", {"url": link}, subcommand="add", **MODERATOR)
    refusal = await final_reply(fake_discord, again, "Nothing was added")
    assert f"is already in the corpus as “Kestrel Bay harbour reopens after nine-day closure” ({ARTICLE_ID})" in refusal

    typing = await fake_discord.autocomplete("corpus", "article", {"article": "kestrel"}, subcommand="remove")
    choices = (await fake_discord.callback(typing)).body["data"]["choices"]
    assert choices == [{"name": f"Kestrel Bay harbour reopens after nine-day… ({ARTICLE_ID})", "value": ARTICLE_ID}]

    ask = await fake_discord.command("corpus", {"article": ARTICLE_ID}, subcommand="remove", **MODERATOR)
    confirm = (await fake_discord.callback(ask)).body["data"]
    assert confirm["flags"] == 64 and confirm["content"].startswith("Remove “Kestrel Bay harbour reopens")
    message = fake_discord.messages[fake_discord.originals[ask]]
    buttons = {c["label"]: c["custom_id"] for row in message["components"] for c in row["components"]}
    assert set(buttons) == {"Remove", "Keep it"}

    stranger = await fake_discord.click(message, buttons["Remove"], user_id=4_000_000_000_000_777, **MODERATOR)
    assert "Only the moderator who asked" in (await fake_discord.callback(stranger)).body["data"]["content"]
    click = await fake_discord.click(message, buttons["Remove"], **MODERATOR)
    assert (await fake_discord.callback(click)).body["type"] == 7  # the confirmation becomes the progress
    removed = await final_reply(fake_discord, click, "**Removed**")
    assert removed.startswith(f"**Removed** “Kestrel Bay harbour reopens after nine-day closure” (`{ARTICLE_ID}`)")
    assert not any("Kestrel" in q for q in await quoted(fake_discord, BOATS))

    log = await fake_discord.command("corpus", {}, subcommand="log", **MODERATOR)
    lines = (await fake_discord.callback(log)).body["data"]["content"].splitlines()
    assert [line.split(" · ")[2].split(" ")[0] for line in lines[:3]] == ["remove", "add", "add"]
    assert " · discord:4000000000000001 (asker) · remove " in lines[0]


async def test_a_moderator_adds_an_attached_file_and_lists_and_shows_it(
    fake_discord: FakeDiscord, running_bot: QABot
) -> None:
    upload = Upload("harbour.html", (PAGES / "harbour.html").read_bytes(), "text/html")
    token = await fake_discord.command("corpus", {"file": upload}, subcommand="add", **MODERATOR)
    assert (await final_reply(fake_discord, token, "**Added**")).startswith("**Added** “Kestrel Bay harbour reopens")
    assert len(fake_discord.downloads) == 1  # read from Discord's CDN
    assert (await quoted(fake_discord, BOATS))[0].startswith("> Harbour master Ines Roth said fourteen fishing boats")

    listing = await fake_discord.command("corpus", {}, subcommand="list")
    embed = (await fake_discord.callback(listing)).body["data"]["embeds"][0]
    assert f"`{ARTICLE_ID}`" in embed["description"] and embed["title"] == "Sources: 2 articles"
    show = await fake_discord.command("corpus", {"article": ARTICLE_ID}, subcommand="show")
    shown = (await fake_discord.callback(show)).body["data"]["embeds"][0]
    fields = {field["name"]: field["value"] for field in shown["fields"]}
    assert shown["title"] == "Kestrel Bay harbour reopens after nine-day closure"
    assert fields["Outlet"] == "The Coastal Ledger" and fields["Sentences"] == "5" and fields["From"] == "harbour.html"
    assert fields["Added"].endswith(" UTC by discord:4000000000000001 (asker)")


async def test_a_member_who_is_not_a_moderator_is_refused_before_anything_is_fetched(
    fake_discord: FakeDiscord, running_bot: QABot, web: LocalWeb
) -> None:
    link = web.page("/harbour", PAGES / "harbour.html")
    by_link = await fake_discord.command("corpus", {"url": link}, subcommand="add")
    upload = Upload("harbour.html", (PAGES / "harbour.html").read_bytes(), "text/html")
    by_file = await fake_discord.command("corpus", {"file": upload}, subcommand="add")
    removal = await fake_discord.command("corpus", {"article": "coalition-strikes-isis-syria.md"}, subcommand="remove")
    for token in (by_link, by_file, removal):
        data = (await fake_discord.callback(token)).body["data"]
        assert data["flags"] == 64 and data["content"].startswith("Only moderators")
    assert web.hits == {} and fake_discord.downloads == []


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"url": "/redirect-to-metadata"}, "169.254.169.254 is a link-local address; only public addresses"),
        ({"url": "/redirect-to-intranet"}, "10.0.0.1 is a private address"),
        ({"url": "/redirect-to-ipv6-loopback"}, "::1 is a loopback address"),
        ({"url": "/missing"}, "answered 404 Not Found"),
        ({"url": "/slow"}, "did not answer in time"),
        ({"url": "/menu"}, "the page has no article text"),
        ({"url": "ftp://files.example/story.txt"}, "only http and https links can be added, not ftp"),
        ({"file": Upload("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00IHDR", "image/png")}, "binary file"),
        ({"file": Upload("notes.txt", "Café opens.".encode("latin-1"))}, "not valid UTF-8"),
        ({"file": Upload("slides.pdf", b"%PDF-1.7", "application/pdf")}, "unsupported file type '.pdf'"),
        (
            {"file": Upload("long.txt", b"Word after word. " * 4_000)},
            "long.txt is too large (0.1 MB; the limit is 0.05 MB)",
        ),
        ({}, "Attach a file (.txt, .md, .html or .jsonl) or give a link, one of the two."),
    ],
)
async def test_bad_input_gets_a_reason_and_adds_nothing(
    fake_discord: FakeDiscord, running_bot: QABot, web: LocalWeb, options: dict[str, Any], reason: str
) -> None:
    web.redirect("/redirect-to-metadata", "http://169.254.169.254/latest/meta-data/")
    web.redirect("/redirect-to-intranet", "http://10.0.0.1/")
    web.redirect("/redirect-to-ipv6-loopback", "http://[::1]/")
    web.page("/menu", PAGES / "menu.html")
    web.routes["/slow"] = Route(body=b"<p>late</p>", delay=2.0)
    if str(options.get("url", "")).startswith("/"):
        options = {"url": web.url(options["url"])}
    corpus = running_bot.corpora.curator(None).folder
    before = sorted(corpus.iterdir())
    token = await fake_discord.command("corpus", options, subcommand="add", **MODERATOR)
    first = (await fake_discord.callback(token)).body
    if first["type"] == 5:  # deferred while fetching: the reason comes as the followup
        assert first["data"]["flags"] == 64
        text = await final_reply(fake_discord, token, "Nothing was added")
    else:
        assert first["data"]["flags"] == 64
        text = first["data"]["content"]
    assert reason in text
    assert sorted(corpus.iterdir()) == before
    if "too large" in reason:
        assert fake_discord.downloads == []  # refused from the size Discord gives, before downloading


async def test_a_change_while_a_reindex_runs_is_refused(fake_discord: FakeDiscord, running_bot: QABot) -> None:
    reindex = await fake_discord.command("reindex", roles=[], permissions=VIEW_AND_SEND | MANAGE_GUILD)
    await fake_discord.callback(reindex)
    upload = Upload("tide.txt", b"The tide gauge at Port Alder recorded a surge of 1.9 metres on Sunday night.")
    token = await fake_discord.command("corpus", {"file": upload}, subcommand="add", **MODERATOR)
    data = (await fake_discord.callback(token)).body["data"]
    assert data["flags"] == 64 and "already running" in data["content"]
    await final_reply(fake_discord, reindex, "Reindex finished")
