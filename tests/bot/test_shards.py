"""Sharding: two `qabot run` processes, two gateway shards each, against one local Discord.

Discord sends each server's events to one shard, `(guild_id >> 22) % shard_count`, so a question
asked in any server is answered by exactly one process, and the processes share one index.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.testing import start_bot_process, stop_bot_processes
from index import Embedder, Engine, Settings
from localdiscord.gateway import shard_of
from localdiscord.server import CHANNEL_ID, GUILD_ID, FakeDiscord
from tests.support.cli import qabot

SHARDS = 4
# Four servers, one on each shard: snowflakes a few milliseconds apart land on different shards.
GUILDS = {GUILD_ID + (step << 22): CHANNEL_ID + 100 + step for step in range(SHARDS)}


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord(guilds=GUILDS, shards=SHARDS)
    await fake.start()
    yield fake
    await fake.stop()


async def test_two_processes_on_two_shards_each_answer_every_server_exactly_once(
    fake: FakeDiscord, tmp_path: Path, seed_corpus: Path, shared_embedder: Embedder
) -> None:
    assert sorted(shard_of(guild, SHARDS) for guild in GUILDS) == list(range(SHARDS))
    index_dir = tmp_path / "index"
    with Engine(Settings(corpus=seed_corpus, index_dir=index_dir), encoder=shared_embedder) as engine:
        engine.load()  # built once; both processes serve it
    logs = [tmp_path / f"shards-{ids}.log" for ids in ("0,1", "2,3")]
    processes = [
        start_bot_process(fake.api_url, fake.gateway_url, seed_corpus, index_dir, (SHARDS, ids), log)
        for ids, log in zip(([0, 1], [2, 3]), logs)
    ]

    async def all_shards_connected() -> None:
        while fake.gateway.connected_shards != list(range(SHARDS)):
            exited = [log.read_text() for p, log in zip(processes, logs) if p.poll() is not None]
            assert not exited, "a bot process exited:\n" + "\n".join(exited)
            await asyncio.sleep(0.2)

    try:
        await asyncio.wait_for(all_shards_connected(), 120)
        assert sorted(tuple(i["shard"]) for i in fake.gateway.identifies) == [(s, SHARDS) for s in range(SHARDS)]

        tokens = {guild: await fake.command("ask", {"question": "Where were the missile strikes launched from?"},
                                            guild_id=guild) for guild in GUILDS}  # fmt: skip
        for guild, token in tokens.items():
            reply = await fake.reply(token, timeout=60)
            assert "Ash Shaddadi" in str(reply["embeds"]), guild
        await asyncio.sleep(1.0)  # time for a second answer, were one coming
        for token in tokens.values():
            callbacks = [r for r in fake.requests if r.path.endswith(f"/{token}/callback")]
            assert len(callbacks) == 1
        assert not fake.refusals
    finally:
        stop_bot_processes(processes)


def test_shard_ids_without_a_count_or_out_of_range_are_refused_by_name(tmp_path: Path) -> None:
    env = {"DISCORD_TOKEN": "fake-token-never-logged"}
    alone = qabot("run", "--shard-ids", "0,1", cwd=tmp_path, env=env)
    assert alone.returncode == 2 and "shard_ids needs shard_count" in alone.stderr
    beyond = qabot("run", "--shard-count", "2", "--shard-ids", "1,2", cwd=tmp_path, env=env)
    assert beyond.returncode == 2 and "shard_ids [2] are not among the shards 0 to 1" in beyond.stderr
