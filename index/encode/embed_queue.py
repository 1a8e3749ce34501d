"""Embed texts in a worker thread, in length-sorted slices, while the caller produces more.

A full index hands the model every sentence of the corpus. Embedding them an article at a
time loses twice: each call pads its batches to its longest sentence, and each call has its
own overhead. Here the worker takes everything waiting whenever it is free, sorts it by
length and embeds it in slices of similar length, so once segmentation is done (it is ~20x
faster than embedding) the rest of the corpus is embedded in one sorted pass, as a raw
`encode` of all sentences would be. The first hand-over happens as soon as one slice is
waiting, so the model starts while the caller is still segmenting.

Progress and errors travel back on a queue and are reported from the caller's thread, so an
error raised by the progress callback stops the build like any other.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

import numpy as np

from index.encode.encoder import Encoder

# done, total: texts embedded so far and texts added so far.
EmbedProgress = Callable[[int, int], None]


class _Stopped(Exception):
    """The queue was closed before the worker finished: drop the rest."""


class EmbeddingQueue:
    """`add` texts as they come, then `vectors` returns their embeddings in the order added."""

    def __init__(self, encoder: Encoder, slice_size: int = 256) -> None:
        self._encoder = encoder
        self._slice = max(slice_size, 1)
        self._texts: list[str] = []
        self._handed = 0  # texts[:handed] are with the worker
        self._jobs: list[Future[np.ndarray]] = []
        self._embedded: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._done = 0
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="qabot-embed")

    def __enter__(self) -> EmbeddingQueue:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop after the slice in progress and wait for the worker: nothing runs on after a failure."""
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def add(self, texts: Sequence[str], progress: EmbedProgress | None = None) -> None:
        """Queue `texts`; hand everything waiting to the worker if it is free and a slice is waiting."""
        self._texts.extend(texts)
        idle = not self._jobs or self._jobs[-1].done()  # one worker: jobs finish in order
        if idle and len(self._texts) - self._handed >= self._slice:
            self._hand_over()
        self._drain(progress, block=False)

    def vectors(self, progress: EmbedProgress | None = None) -> np.ndarray:
        """Wait for every text added so far; their vectors, one row each, in the order added."""
        if self._handed < len(self._texts):
            self._hand_over()
        self._drain(progress, block=True)
        parts = [job.result() for job in self._jobs]  # re-raises an embedding error here
        if not parts:
            return np.zeros((0, self._encoder.dimension), dtype=np.float32)
        return np.vstack(parts)

    def _hand_over(self) -> None:
        batch = self._texts[self._handed :]
        self._handed = len(self._texts)
        self._jobs.append(self._pool.submit(self._embed_sorted, batch))

    def _drain(self, progress: EmbedProgress | None, block: bool) -> None:
        while self._done < self._handed:
            if not block and self._embedded.empty():
                return
            if block and any(job.done() and job.exception() for job in self._jobs):
                return  # `vectors` re-raises it
            try:
                self._done += self._embedded.get(timeout=0.2) if block else self._embedded.get_nowait()
            except queue.Empty:
                continue
            if progress is not None:
                progress(self._done, len(self._texts))

    def _embed_sorted(self, texts: list[str]) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self._encoder.dimension), dtype=np.float32)
        for start in range(0, len(order), self._slice):
            if self._stop.is_set():
                raise _Stopped
            rows = order[start : start + self._slice]
            out[rows] = self._encoder.encode([texts[i] for i in rows])
            self._embedded.put(len(rows))
        return out
