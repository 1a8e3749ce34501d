"""The first stage's training script runs on a CPU: a few steps, then weights the library lays over."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from index.encode import first_stage
from index.encode.embed import packaged_model_path
from tests.support.paths import REPO
from training.judge_data import Pair, TrainingData
from training.train_first_stage import train, triples

TRAIN_DIR = REPO.parent / "shared" / "train"
needs_data = pytest.mark.skipif(not TRAIN_DIR.is_dir(), reason="the training data in ../shared/train is not here")


def test_each_question_gets_its_answer_and_a_sentence_that_does_not_answer_it() -> None:
    pairs = [
        Pair("Who built it?", "Ada built it in 1901.", "T", 1, "x"),
        Pair("Who built it?", "It stands by the river.", "T", 0, "x:passage"),
        Pair("Who built it?", "Ada built it in 1901.", "T", 0, "x:passage"),  # never its own negative
        Pair("When did it open?", "It opened in 1903.", "T", 1, "x"),
        Pair("Why?", "No answer here.", "T", 0, "x:passage"),  # no answer sentence: no triple
    ]
    made = triples(pairs, seed=13)
    assert {q: (a, n) for q, a, n in made} == {
        "Who built it?": ("Ada built it in 1901.", "It stands by the river."),
        "When did it open?": ("It opened in 1903.", "Ada built it in 1901."),  # none of its own: another's answer
    }
    assert triples(pairs, seed=13) == made  # same seed, same triples


@needs_data
def test_a_few_cpu_steps_write_weights_the_library_lays_over(tmp_path: Path) -> None:
    from sentence_transformers import SentenceTransformer

    info = train(TrainingData(TRAIN_DIR, only="xquad", limit=200), tmp_path, steps=2, batch_size=4, threads=2)
    weights = tmp_path / "first_stage.safetensors"
    assert info["steps"] == 2 and info["sha256"] == hashlib.sha256(weights.read_bytes()).hexdigest()
    assert json.loads((tmp_path / "first_stage.json").read_text()) == info

    model = SentenceTransformer(packaged_model_path(), device="cpu")
    packaged = model[0].auto_model.get_input_embeddings().weight.detach().clone()
    before = model.encode(["Who wrote the letter?"], normalize_embeddings=True)
    first_stage.lay_over(model, weights)
    after = model.encode(["Who wrote the letter?"], normalize_embeddings=True)
    assert not np.allclose(before, after)  # two steps moved the encoder
    assert model[0].auto_model.get_input_embeddings().weight.equal(packaged)  # the word embeddings stay packaged
