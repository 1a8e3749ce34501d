"""The background embedding queue: rows in the order added, sorted slices, errors and stops."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from index import Engine, Settings
from index.encode.embed_queue import EmbeddingQueue
from tests.support.encoders import HashEncoder


class RecordingEncoder(HashEncoder):
    """Hash vectors, and every call's texts kept in order."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return super().encode(texts)


def texts(n: int) -> list[str]:
    # Lengths deliberately out of order: "s3" is short, "s1 ..." long, and so on.
    return [f"s{i} " + "word " * ((i * 7919) % 40) for i in range(n)]


def test_rows_come_back_in_the_order_added_whatever_the_sorting() -> None:
    encoder = RecordingEncoder()
    added = texts(1000)
    with EmbeddingQueue(encoder, slice_size=64) as queue:
        for start in range(0, len(added), 10):
            queue.add(added[start : start + 10])
        vectors = queue.vectors()
    assert np.array_equal(vectors, HashEncoder().encode(added))
    assert sorted(t for call in encoder.calls for t in call) == sorted(added)  # each text once


def test_the_pass_after_segmentation_is_length_sorted_across_articles() -> None:
    encoder = RecordingEncoder()
    added = texts(600)
    with EmbeddingQueue(encoder, slice_size=100) as queue:
        queue.add(added)  # one hand-over: the worker was idle
        queue.vectors()
    lengths = [len(t) for call in encoder.calls for t in call]
    assert lengths == sorted(lengths)
    assert [len(call) for call in encoder.calls] == [100] * 6


def test_nothing_waits_for_a_slice_before_the_first_hand_over_except_the_last() -> None:
    encoder = RecordingEncoder()
    with EmbeddingQueue(encoder, slice_size=100) as queue:
        queue.add(texts(30))
        assert not encoder.calls  # less than a slice waiting: the worker is not started yet
        assert queue.vectors().shape == (30, HashEncoder.dimension)
    assert sum(map(len, encoder.calls)) == 30


def test_progress_counts_up_to_every_text_from_the_calling_thread() -> None:
    seen: list[tuple[int, int, str]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total, threading.current_thread().name))

    with EmbeddingQueue(HashEncoder(), slice_size=50) as queue:
        queue.add(texts(120), progress)
        queue.add(texts(130)[120:], progress)
        queue.vectors(progress)
    assert seen[-1][:2] == (130, 130)
    assert [done for done, _, _ in seen] == sorted(done for done, _, _ in seen)
    assert {name for _, _, name in seen} == {threading.main_thread().name}


def test_an_encoder_error_reaches_the_caller() -> None:
    class Broken(HashEncoder):
        def encode(self, texts: Sequence[str]) -> np.ndarray:
            raise RuntimeError("model fell over")

    with EmbeddingQueue(Broken(), slice_size=10) as queue:
        queue.add(texts(25))
        with pytest.raises(RuntimeError, match="model fell over"):
            queue.vectors()


class SlowEncoder(RecordingEncoder):
    """A model that takes a while per call, as a real one does: 100 slices take a second, so the
    worker cannot finish them all in the moment between the callback's error and the close."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        time.sleep(0.01)
        return super().encode(texts)


def test_a_progress_error_stops_the_worker_after_its_current_slice() -> None:
    encoder = SlowEncoder()

    def crash(done: int, total: int) -> None:
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"), EmbeddingQueue(encoder, slice_size=10) as queue:
        queue.add(texts(1000))
        queue.vectors(crash)
    embedded = sum(map(len, encoder.calls))
    assert embedded < 1000  # closing stopped it: the rest was never embedded


def test_a_full_build_embeds_across_articles_in_few_calls(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(40):  # forty short articles, four sentences each
        body = " ".join(f"Article {n} states fact {k} about its topic." for k in range(4))
        (corpus / f"a{n:02d}.txt").write_text(body, encoding="utf-8")
    encoder = RecordingEncoder()
    engine = Engine(
        Settings(corpus=corpus, index_dir=tmp_path / "index", title_weight=0, judge="none"), encoder=encoder
    )
    summary = engine.reindex()
    assert summary.sentences_embedded == 160
    assert len(encoder.calls) <= 3  # not one call per article (40)
    engine.load()
    stored = engine.snapshot.catalog.texts()  # sentence id -> text
    vectors = np.vstack([engine.snapshot.vectors.reconstruct(sid) for sid in stored])
    assert np.array_equal(vectors, HashEncoder().encode(list(stored.values())))  # each id holds its own text's vector
