"""Concurrent questions are embedded together; a refused one fails only its asker."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable

import pytest

from bot.batching import QuestionBatcher
from index import Engine, QuestionRejected


async def test_questions_arriving_while_busy_leave_as_one_batch(seed_engine: Engine) -> None:
    batches: list[list[str]] = []
    keys: list[Hashable] = []

    async def run_batch(key: Hashable, questions: list[str], ks: list[int | None]):
        batches.append(questions)
        keys.append(key)
        await asyncio.sleep(0.05)  # a busy worker
        return await asyncio.to_thread(seed_engine.ask_batch, questions, ks)

    batcher = QuestionBatcher(run_batch, workers=1, max_batch=32)
    questions = [f"Who reported the strikes? ({n})" for n in range(10)] + ["   "]
    first = asyncio.create_task(batcher.ask("Where were the missile strikes launched from?"))
    await asyncio.sleep(0.01)  # the first batch is now running
    later = [asyncio.create_task(batcher.ask(q, 2)) for q in questions]
    other_server = asyncio.create_task(batcher.ask("Who reported the strikes?", key=7))
    answer = await first
    results = await asyncio.gather(*later, return_exceptions=True)
    await other_server

    # Everything that arrived meanwhile, together; a question from another server in its own batch.
    assert [len(b) for b in batches] == [1, 11, 1] and keys == [None, None, 7]
    assert answer.answers[0].attributed_to == "Al Hadath TV"
    assert all(len(r.answers) == 2 for r in results[:10])
    assert isinstance(results[10], QuestionRejected)


async def test_a_failing_batch_fails_its_askers_not_the_batcher(seed_engine: Engine) -> None:
    calls = 0

    async def run_batch(key: Hashable, questions: list[str], ks: list[int | None]):
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("index unavailable")
        return seed_engine.ask_batch(questions, ks)

    batcher = QuestionBatcher(run_batch)
    with pytest.raises(RuntimeError, match="index unavailable"):
        await batcher.ask("Who reported the strikes?")
    assert (await batcher.ask("Who reported the strikes?")).answers
