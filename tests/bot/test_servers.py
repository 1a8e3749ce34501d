"""Two servers with their own corpora: the same question, each answered from its own articles and the base."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.client import QABot
from bot.settings import BotSettings
from localdiscord.server import GUILD_ID, MOD_ROLE_ID, OTHER_GUILD_ID, FakeDiscord, Recorded, Upload
from localdiscord.web import local_web
from tests.support.paths import PAGES

BOATS = "How many fishing boats were damaged in the storm at Kestrel Bay?"
SURGE = "How high was the surge at Port Alder?"
STRIKES = "Where were the missile strikes launched from?"
TIDE = (
    b"The new tide gauge at Port Alder recorded a surge of 1.9 metres on Sunday night. "
    b"Engineers from the coastal agency installed the gauge in October after two years of delays."
)


@pytest.fixture
def bot_settings(bot_settings: BotSettings, tmp_path: Path) -> BotSettings:
    return bot_settings.model_copy(update={"guild_corpora": tmp_path / "servers"})


async def add(fake: FakeDiscord, guild_id: int, upload: Upload) -> str:
    token = await fake.command("corpus", {"file": upload}, subcommand="add", roles=[MOD_ROLE_ID], guild_id=guild_id)

    def done(r: Recorded) -> bool:
        return r.method == "PATCH" and token in r.path and "**Added**" in ((r.body or {}).get("content") or "")

    return str((await fake.wait_for(done, timeout=120)).body["content"])


async def quotes(fake: FakeDiscord, question: str, guild_id: int | None) -> list[str]:
    where = {"in_dm": True} if guild_id is None else {"guild_id": guild_id}
    token = await fake.command("ask", {"question": question, "results": 5}, **where)
    data = (await fake.callback(token)).body["data"]
    return [embed.get("description", "") for embed in data["embeds"][1:]]


async def test_each_server_quotes_its_own_articles_and_the_base_never_the_other_servers(
    fake_discord: FakeDiscord, running_bot: QABot, tmp_path: Path
) -> None:
    harbour = Upload("harbour.html", (PAGES / "harbour.html").read_bytes(), "text/html")
    assert "as `kestrel-bay-harbour-reopens-after-nine-day-closure.md`" in await add(fake_discord, GUILD_ID, harbour)
    assert "2 articles" in await add(fake_discord, OTHER_GUILD_ID, Upload("tide.txt", TIDE))

    assert (await quotes(fake_discord, BOATS, GUILD_ID))[0].startswith("> Harbour master Ines Roth said fourteen")
    assert (await quotes(fake_discord, SURGE, OTHER_GUILD_ID))[0].startswith("> The new tide gauge at Port Alder")
    for question, guild, other in ((BOATS, OTHER_GUILD_ID, "Kestrel"), (SURGE, GUILD_ID, "Port Alder")):
        assert not any(other in quote for quote in await quotes(fake_discord, question, guild))
    for question, other in ((BOATS, "Kestrel"), (SURGE, "Port Alder")):  # direct messages: the base alone
        assert not any(other in quote for quote in await quotes(fake_discord, question, None))
    for guild in (GUILD_ID, OTHER_GUILD_ID, None):  # the base corpus, in every server
        assert (await quotes(fake_discord, STRIKES, guild))[0].startswith("> On December 20, Al Hadath TV")

    assert sorted(p.name for p in (tmp_path / "servers" / str(GUILD_ID)).iterdir()) == [
        "kestrel-bay-harbour-reopens-after-nine-day-closure.md"
    ]
    listing = await fake_discord.command("corpus", {}, subcommand="list", guild_id=OTHER_GUILD_ID)
    description = (await fake_discord.callback(listing)).body["data"]["embeds"][0]["description"]
    assert "`tide.md`" in description and "Kestrel" not in description


async def test_a_host_name_resolving_to_loopback_is_refused_when_loopback_is_not_allowed(
    fake_discord: FakeDiscord, running_bot: QABot, tmp_path: Path
) -> None:
    async with local_web() as web:
        link = web.page("/harbour", PAGES / "harbour.html").replace("127.0.0.1", "localhost")
        token = await fake_discord.command("corpus", {"url": link}, subcommand="add", roles=[MOD_ROLE_ID])
        assert (await fake_discord.callback(token)).body["data"]["flags"] == 64

        def refused(r: Recorded) -> bool:
            return r.method == "POST" and r.path.endswith(token) and "Nothing was added" in r.body.get("content", "")

        reply = (await fake_discord.wait_for(refused)).body["content"]
        assert re.search(r"localhost resolves to (127\.0\.0\.1|::1), a loopback address", reply), reply
        assert web.hits == {}  # nothing was sent to it
    assert not (tmp_path / "servers" / str(GUILD_ID)).exists()  # a refused add makes no corpus
