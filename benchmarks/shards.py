"""Throughput of one, two and four shard processes on this machine, through the local Discord.

    python -m benchmarks.shards [-n 300] [--concurrency 32] [--processes 1,2,4]

A bot of four gateway shards in four servers (one on each shard) answers /ask from the seed
corpus. Its shards run in one, two or four `qabot run` processes over one prebuilt index; the
local Discord sends each server's interactions to its shard. For each layout: `-n` questions
spread over the four servers, `--concurrency` at a time; answers/s and the latency from
INTERACTION_CREATE to the answer (p50, p95). The layouts run one after another in one run, so
compare them as ratios; on 2 cores, more processes mostly add contention.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from benchmarks.discord_latency import QUESTIONS, percentile
from bot.client import SYNC_RECORD
from bot.testing import start_bot_process, stop_bot_processes
from index import Engine, Settings
from localdiscord.server import CHANNEL_ID, GUILD_ID, FakeDiscord

REPO = Path(__file__).resolve().parent.parent
SHARDS = 4
GUILDS = {GUILD_ID + (step << 22): CHANNEL_ID + 100 + step for step in range(SHARDS)}  # one server a shard


async def measure(processes: int, index_dir: Path, work: Path, n: int, concurrency: int) -> dict[str, float]:
    fake = FakeDiscord(guilds=GUILDS, shards=SHARDS, validate=False)
    await fake.start()
    (index_dir / SYNC_RECORD).unlink(missing_ok=True)  # a new Discord: the bot must register /ask with it
    per_process = SHARDS // processes
    layout = [list(range(i * per_process, (i + 1) * per_process)) for i in range(processes)]
    bots = [
        start_bot_process(fake.api_url, fake.gateway_url, REPO / "corpus", index_dir, (SHARDS, ids), work / f"{i}.log")
        for i, ids in enumerate(layout)
    ]
    try:
        started = time.perf_counter()
        while fake.gateway.connected_shards != list(range(SHARDS)):
            if any(bot.poll() is not None for bot in bots):
                raise SystemExit(f"a bot process exited; see {work}")
            await asyncio.sleep(0.2)
        ready = time.perf_counter() - started
        loop = asyncio.get_running_loop()
        guilds = list(GUILDS)
        latencies: list[float] = []

        async def one(i: int) -> None:
            sent = loop.time()
            question = {"question": QUESTIONS[i % len(QUESTIONS)]}
            token = await fake.command("ask", question, guild_id=guilds[i % len(guilds)])
            callback = await fake.callback(token, timeout=120)
            if callback.body["type"] == 5:  # deferred: the answer is the followup
                callback = await fake.wait_for(lambda r: r.method == "POST" and r.path.endswith(f"/{token}"), 120)
            latencies.append(callback.at - sent)

        for i in range(2 * SHARDS):  # warm every process up, not counted
            await one(i)
        latencies.clear()
        semaphore = asyncio.Semaphore(concurrency)

        async def limited(i: int) -> None:
            async with semaphore:
                await one(i)

        wall = time.perf_counter()
        await asyncio.gather(*(limited(i) for i in range(n)))
        wall = time.perf_counter() - wall
    finally:
        stop_bot_processes(bots)
        await fake.stop()
    ms = [1000 * x for x in latencies]
    return {"ready_s": ready, "answers_per_s": n / wall, "p50_ms": percentile(ms, 0.5), "p95_ms": percentile(ms, 0.95)}


async def main(n: int, concurrency: int, layouts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        index_dir = work / "index"
        with Engine(Settings(corpus=REPO / "corpus", index_dir=index_dir)) as engine:
            engine.load()  # built once; every process serves it
        results = {}
        for processes in layouts:
            results[processes] = await measure(processes, index_dir, work, n, concurrency)
    base = results[layouts[0]]["answers_per_s"]
    for processes, f in results.items():
        print(f"{processes} process(es) x {SHARDS // processes} shard(s): {f['answers_per_s']:.1f} answers/s "
              f"({f['answers_per_s'] / base:.2f}x), p50 {f['p50_ms']:.0f} ms, p95 {f['p95_ms']:.0f} ms, "
              f"all shards connected {f['ready_s']:.1f} s after start")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--processes", default="1,2,4", help="layouts to measure, in this order")
    args = parser.parse_args()
    asyncio.run(main(args.n, args.concurrency, [int(p) for p in args.processes.split(",")]))
