"""Micro-batching: questions that arrive while the search threads are busy are embedded together.

A lone question goes out on the next loop tick, with no added wait. Under load, questions
collect while every worker is busy and leave as one batch when a worker frees up: one
batched embedding call costs far less than one call each, so nobody queues one by one.
A batch holds questions of one key only (the server asked in: each has its own index).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable

from index import QuestionRejected, Result

RunBatch = Callable[[Hashable, list[str], list[int | None]], Awaitable[list[Result | QuestionRejected]]]
Pending = tuple[str, int | None, Hashable, "asyncio.Future[Result]"]


class QuestionBatcher:
    def __init__(self, run_batch: RunBatch, workers: int = 2, max_batch: int = 4) -> None:
        self._run_batch = run_batch
        self._workers = workers
        self._max_batch = max_batch
        self._pending: list[Pending] = []
        self._in_flight: set[asyncio.Task[None]] = set()
        self._scheduled = False

    async def ask(self, question: str, k: int | None = None, key: Hashable = None) -> Result:
        """The answer to `question` asked under `key`; raises QuestionRejected like `Engine.ask`."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Result] = loop.create_future()
        self._pending.append((question, k, key, future))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._dispatch)  # same-tick arrivals join this batch
        return await future

    def _dispatch(self) -> None:
        self._scheduled = False
        while self._pending and len(self._in_flight) < self._workers:
            key = self._pending[0][2]
            same = [p for p in self._pending if p[2] == key][: self._max_batch]
            taken = {id(p) for p in same}
            batch, self._pending = same, [p for p in self._pending if id(p) not in taken]
            task = asyncio.create_task(self._answer(key, batch))
            self._in_flight.add(task)
            task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        self._dispatch()  # what collected meanwhile leaves as one batch

    async def _answer(self, key: Hashable, batch: list[Pending]) -> None:
        try:
            outcomes = await self._run_batch(key, [q for q, _, _, _ in batch], [k for _, k, _, _ in batch])
        except Exception as exc:  # the whole batch failed: every asker gets the error
            for _, _, _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_, _, _, future), outcome in zip(batch, outcomes):
            if future.done():
                continue  # the asker went away (cancelled)
            if isinstance(outcome, QuestionRejected):
                future.set_exception(outcome)
            else:
                future.set_result(outcome)
