"""/reindex: moderators only, progress in one message, questions answered meanwhile."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bot.client import QABot
from index import IndexSummary
from localdiscord.server import CHANNEL_ID, MANAGE_GUILD, MOD_ROLE_ID, VIEW_AND_SEND, FakeDiscord


def add_long_article(corpus: Path, sentences: int = 240) -> None:
    lines = [
        f"Observers counted {n} convoys crossing the northern bridge on day {n} of the siege." for n in range(sentences)
    ]
    (corpus / "convoys.txt").write_text(" ".join(lines), encoding="utf-8")


async def test_non_moderator_is_refused_ephemerally(fake_discord: FakeDiscord, running_bot: QABot) -> None:
    token = await fake_discord.command("reindex")
    body = (await fake_discord.callback(token)).body
    assert body["data"]["flags"] == 64
    assert "Only moderators" in body["data"]["content"]


async def test_reindex_in_direct_messages_is_refused(fake_discord: FakeDiscord, running_bot: QABot) -> None:
    token = await fake_discord.command("reindex", in_dm=True, permissions=VIEW_AND_SEND | MANAGE_GUILD)
    body = (await fake_discord.callback(token)).body
    assert body["data"]["flags"] == 64 and "not in direct messages" in body["data"]["content"]


async def test_role_removed_between_calls_is_refused_the_second_time(
    fake_discord: FakeDiscord, running_bot: QABot
) -> None:
    allowed = await fake_discord.command("reindex", roles=[MOD_ROLE_ID])
    assert (await fake_discord.callback(allowed)).body["data"].get("flags", 0) != 64
    await fake_discord.wait_for(
        lambda r: r.method == "PATCH" and allowed in r.path and "finished" in (r.body or {}).get("content", "")
    )
    removed = await fake_discord.command("reindex", roles=[])
    assert "Only moderators" in (await fake_discord.callback(removed)).body["data"]["content"]


async def test_moderator_reindex_shows_progress_and_summary_while_questions_are_answered(
    fake_discord: FakeDiscord, running_bot: QABot, seed_corpus: Path
) -> None:
    running_bot.engine.settings.batch_size = 8  # slices of 32 sentences: several progress reports
    add_long_article(seed_corpus)
    token = await fake_discord.command("reindex", roles=[], permissions=VIEW_AND_SEND | MANAGE_GUILD)
    started = (await fake_discord.callback(token)).body["data"]
    assert started["content"].startswith("Reindexing…")

    await fake_discord.wait_for(
        lambda r: r.method == "PATCH" and token in r.path and "sentences embedded" in r.body["content"]
    )
    ask = await fake_discord.command("ask", {"question": "Where were the missile strikes launched from?"})
    second = await fake_discord.command("reindex", roles=[MOD_ROLE_ID])
    answer = (await fake_discord.callback(ask)).body["data"]
    refused = (await fake_discord.callback(second)).body["data"]
    assert answer["embeds"][1]["description"].startswith("> On December 20, Al Hadath TV")
    assert refused["flags"] == 64 and "already running" in refused["content"]

    final = await fake_discord.wait_for(
        lambda r: r.method == "PATCH" and token in r.path and "finished" in r.body["content"], timeout=120
    )
    edits = [r.body["content"] for r in fake_discord.requests if r.method == "PATCH" and token in r.path]
    progress = [e for e in edits if e.startswith("Reindexing…")]
    assert len(progress) >= 2 and any("%)" in e and "(100%)" not in e for e in progress)
    assert "1 added · 0 changed · 0 removed · 0 skipped" in final.body["content"]
    assert "240 sentences embedded" in final.body["content"]
    convoy = await fake_discord.command("ask", {"question": "How many convoys crossed the northern bridge on day 7?"})
    data = (await fake_discord.callback(convoy)).body["data"]
    assert "on day 7 of the siege." in data["embeds"][1]["description"]  # the new index serves


async def test_failed_reindex_reports_and_the_old_index_keeps_serving(
    fake_discord: FakeDiscord, running_bot: QABot, seed_corpus: Path
) -> None:
    for path in seed_corpus.iterdir():
        path.unlink()
    seed_corpus.rmdir()  # the corpus folder vanished: the reindex must fail cleanly
    token = await fake_discord.command("reindex", permissions=VIEW_AND_SEND | MANAGE_GUILD)
    await fake_discord.callback(token)
    failed = await fake_discord.wait_for(
        lambda r: r.method == "PATCH" and token in r.path and "failed" in r.body["content"]
    )
    assert "corpus not found" in failed.body["content"] and "previous index keeps serving" in failed.body["content"]
    ask = await fake_discord.command("ask", {"question": "Where were the missile strikes launched from?"})
    answer = (await fake_discord.callback(ask)).body["data"]
    assert answer["embeds"][1]["description"].startswith("> On December 20, Al Hadath TV")


async def test_a_reindex_longer_than_its_token_finishes_its_message_through_the_channel(
    fake_discord: FakeDiscord, running_bot: QABot, seed_corpus: Path
) -> None:
    """An interaction token takes edits for 15 minutes (0.3 s here); a longer reindex still reports."""
    fake_discord.token_lifetime = 0.3
    engine = running_bot.engine
    reindex = engine.reindex

    def slow_reindex(*args: Any, **kwargs: Any) -> IndexSummary:
        time.sleep(0.5)
        return reindex(*args, **kwargs)

    engine.reindex = slow_reindex  # type: ignore[method-assign]  # a long reindex, injected
    add_long_article(seed_corpus, sentences=20)
    token = await fake_discord.command("reindex", roles=[MOD_ROLE_ID])
    await fake_discord.callback(token)
    message_id = fake_discord.originals[token]
    await fake_discord.wait_for(
        lambda r: (
            r.method == "PATCH"
            and r.path == f"/channels/{CHANNEL_ID}/messages/{message_id}"
            and "finished" in r.body["content"]
        )
    )
    assert fake_discord.messages[message_id]["content"].startswith("**Reindex finished.**")
    refused = fake_discord.take_refusals()  # one try through the expired token, then the channel
    assert [(r.request.method, r.error["code"]) for r in refused] == [("PATCH", 50027)]
