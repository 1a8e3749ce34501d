"""Latency of /ask through the local Discord: INTERACTION_CREATE sent -> callback received.

Runs the real bot (real discord.py client, real model and index) against the fake Discord
of the tests on 127.0.0.1, sends N interactions one after another, and prints median and
95th percentile (to the answer: the callback, or the followup after a deferral), plus one
answer's JSON payload as Discord received it.

    python -m benchmarks.discord_latency [-n 200] [--concurrency 1] [--judge none]
    python -m benchmarks.discord_latency -n 200 --concurrency 32 --rounds 3 \
        --against max_batch=32 --against judge_threads=2

With `--against NAME=VALUE` the bot runs in alternating rounds as configured and with those
settings changed, and the figures of both come out side by side with their ratio: the machine
is shared and noisy, so two configurations compare only within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bot.settings import BotSettings
from bot.testing import start_bot, stop_bot
from localdiscord.server import FakeDiscord

REPO = Path(__file__).resolve().parent.parent

QUESTIONS = [
    "Where were the missile strikes launched from?",
    "Who reported the strikes?",
    "Who vowed to retaliate against ISIS?",
    "What do critics argue about Trump's policies?",
    "Which province were the ISIS hideouts in?",
    "What did US jets and helicopters strike?",
    "How long has the conflict in Syria been going on?",
    "What is the capital of France?",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def measure(n: int, concurrency: int, judge: str = "", **overrides: Any) -> dict[str, object]:
    """Figures of one run: ready time, answers/s, median/p95/max latency (ms), one payload."""
    # The latency of the bot, not of the local Discord's request checks (the tests run those);
    # a 32-user burst answered late would still be refused by the response window.
    fake = FakeDiscord(validate=False)
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = BotSettings(
            corpus=REPO / "corpus",
            index_dir=Path(tmp) / "index",
            discord_token="benchmark-token",
            api_base_url=fake.api_url,
            gateway_url=fake.gateway_url,
            ask_cooldown_seconds=0,
            judge=judge,
            **overrides,
        )
        started = time.perf_counter()
        bot, task = await start_bot(settings)  # model load and ONNX export into a new index folder
        ready = time.perf_counter() - started
        loop = asyncio.get_running_loop()
        latencies: list[float] = []
        sample: dict[str, object] | None = None

        async def one(i: int) -> None:
            nonlocal sample
            sent = loop.time()
            token = await fake.command("ask", {"question": QUESTIONS[i % len(QUESTIONS)]})
            callback = await fake.callback(token, timeout=60)
            if callback.body["type"] == 5:  # deferred: the answer is the followup
                callback = await fake.wait_for(lambda r: r.method == "POST" and r.path.endswith(f"/{token}"), 60)
            latencies.append(callback.at - sent)
            if i == 0:
                sample = callback.body

        for i in range(3):  # warm-up, not counted
            await one(i)
        latencies.clear()
        wall = time.perf_counter()
        semaphore = asyncio.Semaphore(concurrency)

        async def limited(i: int) -> None:
            async with semaphore:
                await one(i)

        await asyncio.gather(*(limited(i) for i in range(n)))
        wall = time.perf_counter() - wall
        await stop_bot(bot, task)
    await fake.stop()
    ms = [1000 * x for x in latencies]
    return {
        "ready_s": ready,
        "answers_per_s": n / wall,
        "median_ms": statistics.median(ms),
        "p95_ms": percentile(ms, 0.95),
        "max_ms": max(ms),
        "sample": sample,
    }


async def main(n: int, concurrency: int, judge: str) -> None:
    figures = await measure(n, concurrency, judge)
    ready, sample = figures["ready_s"], figures["sample"]
    ms_median, ms_p95, ms_max = figures["median_ms"], figures["p95_ms"], figures["max_ms"]
    print(f"bot start to ready (model, index, login, sync, gateway): {ready:.2f} s")
    print(f"/ask interactions: {n}, concurrency {concurrency}, {figures['answers_per_s']:.1f} answers/s")
    print(f"INTERACTION_CREATE -> callback: median {ms_median:.1f} ms, p95 {ms_p95:.1f} ms, max {ms_max:.1f} ms")
    print("one answer as Discord received it:")
    print(json.dumps(sample, indent=2, ensure_ascii=False))


async def compare(n: int, concurrency: int, rounds: int, against: dict[str, str]) -> None:
    """Alternating rounds as configured and with `against`; medians of the rounds and their ratio."""
    runs: dict[str, list[dict[str, object]]] = {"as configured": [], "against": []}
    for _ in range(rounds):
        runs["as configured"].append(await measure(n, concurrency))
        runs["against"].append(await measure(n, concurrency, **against))
    changed = ", ".join(f"{k}={v}" for k, v in against.items())
    print(f"/ask interactions: {n} a round, concurrency {concurrency}, {rounds} alternating rounds; against: {changed}")
    print("| bot | answers/s | median ms | p95 ms | each round: answers/s, p95 ms |")
    print("|---|---|---|---|---|")
    medians = {}
    for name, figures in runs.items():
        rate, median, p95 = (statistics.median(float(f[key]) for f in figures)  # type: ignore[arg-type]
                             for key in ("answers_per_s", "median_ms", "p95_ms"))  # fmt: skip
        medians[name] = (rate, p95)
        each = "; ".join(f"{f['answers_per_s']:.1f}, {f['p95_ms']:.0f}" for f in figures)
        print(f"| {name if name != 'against' else changed} | {rate:.1f} | {median:.0f} | {p95:.0f} | {each} |")
    (rate, p95), (rate_against, p95_against) = medians["as configured"], medians["against"]
    print(f"as configured / against: answers/s {rate / rate_against:.2f}x, p95 {p95 / p95_against:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--judge", default="", help="the judge setting: empty for the packaged judge, or none")
    parser.add_argument(
        "--against", action="append", default=[], metavar="NAME=VALUE",
        help="compare with the bot's settings so changed, in alternating rounds (repeatable)",
    )  # fmt: skip
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each, with --against")
    args = parser.parse_args()
    if args.against:
        asyncio.run(compare(args.n, args.concurrency, args.rounds, dict(a.split("=", 1) for a in args.against)))
    elif args.json:
        print(json.dumps(asyncio.run(measure(args.n, args.concurrency, args.judge))))
    else:
        asyncio.run(main(args.n, args.concurrency, args.judge))
