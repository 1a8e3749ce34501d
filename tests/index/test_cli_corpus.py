"""`qabot corpus` as an operator runs it: add a file and a link, list, show, remove, read the log."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

from localdiscord.web import local_web
from tests.support.cli import qabot
from tests.support.paths import PAGES, SEED_CORPUS

ARTICLE_ID = "kestrel-bay-harbour-reopens-after-nine-day-closure.md"


async def test_add_by_link_then_by_file_list_show_remove_and_log(tmp_path: Path) -> None:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    env = {"QABOT_ALLOWED_NETWORKS": "127.0.0.1/32"}

    async def run(*args: str, **settings: str) -> tuple[int, str, str]:
        done = await asyncio.to_thread(qabot, *args, cwd=tmp_path, env={**env, **settings})
        return done.returncode, done.stdout, done.stderr

    assert (await run("index"))[0] == 0
    async with local_web() as server:
        link = server.page("/2026/harbour", PAGES / "harbour.html")
        code, stdout, _ = await run("corpus", "add", link)
        assert code == 0 and stdout == f"Added “Kestrel Bay harbour reopens after nine-day closure” as {ARTICLE_ID}\n"
        code, _, stderr = await run("corpus", "add", link, QABOT_ALLOWED_NETWORKS="")
        assert code == 1 and "127.0.0.1 is a loopback address; only public addresses can be fetched" in stderr
    code, _, stderr = await run("corpus", "add", str(PAGES / "harbour.html"))
    assert code == 1 and "Nothing changed:" in stderr and "already in the corpus as “Kestrel" in stderr

    code, stdout, _ = await run("ask", "--json", "How many fishing boats were damaged at Kestrel Bay?")
    first = json.loads(stdout)["answers"][0]
    assert first["quote"].startswith("Harbour master Ines Roth said fourteen fishing boats")
    assert first["article"]["source"] == "The Coastal Ledger"

    listed = [json.loads(line) for line in (await run("corpus", "list", "--json"))[1].splitlines()]
    assert [(a["id"], a["sentences"]) for a in listed] == [("coalition-strikes-isis-syria.md", 17), (ARTICLE_ID, 5)]
    shown = (await run("corpus", "show", ARTICLE_ID))[1]
    assert "Outlet:     The Coastal Ledger\n" in shown and f"From:       {link}\n" in shown
    assert "Added:      " in shown and " UTC by cli:" in shown

    code, stdout, _ = await run("corpus", "remove", ARTICLE_ID)
    assert code == 0 and stdout.startswith("Removed “Kestrel Bay harbour reopens")
    code, stdout, _ = await run("ask", "--json", "How many fishing boats were damaged at Kestrel Bay?")
    assert all("Kestrel" not in a["quote"] for a in json.loads(stdout)["answers"])
    code, _, stderr = await run("corpus", "remove", ARTICLE_ID)
    assert code == 1 and f"no article '{ARTICLE_ID}' in the corpus" in stderr

    log = (await run("corpus", "log"))[1].splitlines()
    assert [line.split(" · ")[2].split(" ")[0] + " " + line.split(" · ")[3].split(":")[0] for line in log] == [
        "remove refused",
        "remove ok",
        "add refused",
        "add refused",
        "add ok",
        "reindex ok",
    ]


def test_guild_adds_to_that_servers_corpus_only(tmp_path: Path) -> None:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    servers = {"QABOT_GUILD_CORPORA": str(tmp_path / "servers")}
    refused = qabot("corpus", "add", str(PAGES / "harbour.html"), "--guild", "7", cwd=tmp_path)
    assert refused.returncode == 2 and "--guild needs per-server corpora" in refused.stderr
    assert qabot("index", cwd=tmp_path, env=servers).returncode == 0
    added = qabot("corpus", "add", str(PAGES / "harbour.html"), "--guild", "7", cwd=tmp_path, env=servers)
    assert added.returncode == 0, added.stderr
    assert (tmp_path / "servers" / "7" / ARTICLE_ID).is_file()

    def ids(*guild: str) -> list[str]:
        listed = qabot("corpus", "list", "--json", *guild, cwd=tmp_path, env=servers).stdout
        return [json.loads(line)["id"] for line in listed.splitlines()]

    assert ids("--guild", "7") == ["coalition-strikes-isis-syria.md", ARTICLE_ID]
    assert ids() == ["coalition-strikes-isis-syria.md"]  # the base corpus, as direct messages see it
    plain = qabot("corpus", "list", "--guild", "7", cwd=tmp_path, env=servers).stdout.splitlines()
    assert plain[1] == (  # one line per article, however long, when piped
        f"{ARTICLE_ID}  “Kestrel Bay harbour reopens after nine-day closure”  "
        "The Coastal Ledger · 2026-03-14  5 sentences"
    )
