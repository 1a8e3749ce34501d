"""The judge's training script runs on a CPU: a few steps on a small set, then the shipped export."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from index.answer.judge import PACKAGED_JUDGE, Judge
from tests.support.encoders import HashEncoder
from tests.support.paths import REPO
from training.batches import group_batches, listwise_loss, question_groups
from training.checkpoint import Checkpoint
from training.export_judge import export, quantize
from training.judge_data import Pair, TrainingData, build_pairs
from training.train_judge import train

TRAIN_DIR = REPO.parent / "shared" / "train"
needs_data = pytest.mark.skipif(not TRAIN_DIR.is_dir(), reason="the training data in ../shared/train is not here")


@needs_data
def test_pairs_hold_answers_and_the_negatives_that_look_like_them() -> None:
    pairs = build_pairs(TrainingData(TRAIN_DIR, only="xquad"))
    positives = [p for p in pairs if p.label == 1]
    assert 1000 < len(positives) <= 1190  # one answer sentence per XQuAD question, where it was found
    assert {p.origin for p in pairs} == {"xquad_en", "xquad_en:passage", "random"}
    for p in positives[:50]:  # the answer sentence is a sentence of the passage, cut as the index cuts it
        assert p.sentence.strip() == p.sentence and len(p.sentence) > 10
    assert build_pairs(TrainingData(TRAIN_DIR, only="xquad")) == pairs  # same seed, same pairs


@needs_data
def test_a_favoured_set_is_kept_whole_in_a_limited_sample() -> None:
    everything = build_pairs(TrainingData(TRAIN_DIR, only="squad"))
    shifts = sum(p.origin.startswith("squadshifts") for p in everything)
    sample = build_pairs(TrainingData(TRAIN_DIR, only="squad", limit=shifts + 1000, favour=("squadshifts",)))
    assert len(sample) == shifts + 1000
    assert sum(p.origin.startswith("squadshifts") for p in sample) == shifts  # all of it, and others besides
    assert (
        build_pairs(TrainingData(TRAIN_DIR, only="squad", limit=shifts + 1000)) != sample
    )  # without it: a plain random subset


@needs_data
def test_a_few_cpu_steps_train_export_and_load_as_the_judge(tmp_path: Path) -> None:
    info = train(TrainingData(TRAIN_DIR, only="xquad", limit=48), tmp_path, max_steps=3, batch_size=8, threads=2)
    assert info["steps"] == 3 and info["device"] == "cpu" and info["pairs"] == 48
    export(tmp_path)
    judge = Judge(tmp_path, threads=1)
    probabilities = judge.probabilities("Who wrote it?", ["She wrote it in 1920.", "The river is long."])
    assert probabilities.shape == (2,) and np.all((probabilities > 0) & (probabilities < 1))


@needs_data
def test_weight_only_int8_scores_like_the_float_network_whatever_the_batch(tmp_path: Path) -> None:
    train(TrainingData(TRAIN_DIR, only="xquad", limit=16), tmp_path, max_steps=1, batch_size=8, threads=2)
    export(tmp_path)
    judges = {}
    for name in ("fp32", "weights"):
        folder = tmp_path / name
        folder.mkdir()
        for file in ("tokenizer.json", "judge.json"):
            shutil.copy(tmp_path / file, folder / file)
        if name == "fp32":
            shutil.copy(tmp_path / "model-fp32.onnx", folder / "model.onnx")
        else:
            quantize(tmp_path / "model-fp32.onnx", folder / "model.onnx", "weights")
        judges[name] = Judge(folder, threads=1)
    assert (tmp_path / "weights" / "model.onnx").stat().st_size < (tmp_path / "fp32" / "model.onnx").stat().st_size / 3
    question = "Who wrote the report?"
    texts = ["Ida Brandt wrote the report in 2004.", "The river is long and " + "very " * 40 + "wide."]
    weights, fp32 = judges["weights"].probabilities(question, texts), judges["fp32"].probabilities(question, texts)
    assert np.allclose(weights, fp32, atol=0.01)
    alone = judges["weights"].probabilities(question, texts[:1])
    assert abs(alone[0] - weights[0]) < 1e-4  # the same sentence scores the same beside a long one


@needs_data
def test_a_judge_trained_with_context_reads_the_sentence_before(tmp_path: Path) -> None:
    pairs = build_pairs(TrainingData(TRAIN_DIR, only="xquad"))
    answers = [p for p in pairs if p.origin == "xquad_en"]
    assert sum(bool(p.before) for p in answers) > len(answers) // 2  # most answers are not a passage's first
    assert all(p.before != p.sentence for p in answers if p.before)
    info = train(
        TrainingData(TRAIN_DIR, only="xquad", limit=48),
        tmp_path,
        max_steps=2,
        batch_size=8,
        threads=2,
        context_rate=1.0,
    )
    assert info["context_rate"] == 1.0
    export(tmp_path, context="before")
    assert Judge(tmp_path, threads=1).context == "before"
    assert Judge(PACKAGED_JUDGE, threads=1).context == ""  # the shipped judge reads the sentence alone


@needs_data
def test_mined_negatives_come_from_other_articles_and_never_are_the_answer() -> None:
    pairs = build_pairs(TrainingData(TRAIN_DIR, only="xquad"), encoder=HashEncoder())
    mined = [p for p in pairs if p.origin == "mined"]
    positives = [p for p in pairs if p.label == 1]
    assert len(mined) == len(positives)  # one per answered question
    answers = {(p.question, p.sentence) for p in positives}
    titles = {(p.question, p.title) for p in positives}
    for negative in mined:
        assert negative.label == 0
        assert (negative.question, negative.sentence) not in answers
        assert (negative.question, negative.title) not in titles


@needs_data
def test_lead_negatives_are_the_article_lead_and_never_hold_the_answer(tmp_path: Path) -> None:
    pairs = build_pairs(TrainingData(TRAIN_DIR, only="xquad"), leads=True)
    leads = [p for p in pairs if p.origin == "xquad_en:lead"]
    assert leads and all(p.label == 0 for p in leads)
    answers = {(p.question, p.sentence) for p in pairs if p.label == 1}
    assert not any((p.question, p.sentence) in answers for p in leads)
    assert len({p.sentence for p in leads}) <= 48  # one lead per XQuAD article
    # a judge saved before trains further from its own weights
    train(TrainingData(TRAIN_DIR, only="xquad", limit=16), tmp_path / "first", max_steps=1, batch_size=8, threads=2)
    info = train(
        TrainingData(TRAIN_DIR, only="xquad", limit=16), tmp_path / "again", max_steps=1, batch_size=8, threads=2,
        leads=True, init=tmp_path / "first" / "torch",
    )  # fmt: skip
    assert info["init"] == str(tmp_path / "first" / "torch") and info["leads"] is True


def test_listwise_batches_keep_each_question_whole_and_reward_ranking_its_answer_first() -> None:
    pairs = [
        Pair("Who won?", "Ann won the race.", "", 1, "x"),
        Pair("Who won?", "The race was long.", "", 0, "x:passage"),
        Pair("Who won?", "It rained.", "", 0, "x:passage"),
        Pair("Who won?", "It rained.", "", 0, "random"),  # the same sentence twice counts once
        Pair("Where?", "In Oslo.", "", 1, "x"),
        Pair("Where?", "At noon.", "", 0, "x:passage"),
        Pair("Is it?", "Maybe.", "", 0, "x:plausible"),  # unanswerable: no softmax term
    ]
    rng = random.Random(1)
    groups = question_groups(pairs, None, rng)
    assert sorted(len(g) for g in groups) == [1, 2, 3]
    assert sum(len(g) for g in question_groups(pairs, 5, rng)) <= 5  # whole groups only, up to the limit
    sizes = {group[0].question: len(group) for group in groups}
    for batch in group_batches(groups, 4, rng):  # a question's sentences never split across batches
        assert all(sum(p.question == q for p in batch) == sizes[q] for q in {p.question for p in batch})
    batch = [p for g in groups for p in g]
    right = torch.tensor([5.0 if p.label else 0.0 for p in batch])
    wrong = torch.tensor([0.0 if p.label else 5.0 for p in batch])
    assert listwise_loss(right, batch) < 0.05
    assert listwise_loss(wrong, batch) > 4.0
    assert listwise_loss(right[-1:], batch[-1:]).item() == 0.0  # a question without an answer adds nothing


@needs_data
def test_a_few_listwise_cpu_steps_train_on_whole_questions_and_export(tmp_path: Path) -> None:
    data = TrainingData(TRAIN_DIR, only="xquad", limit=64)
    info = train(data, tmp_path, max_steps=2, batch_size=16, threads=2, negatives=7, listwise=1.0)
    assert info["listwise"] == 1.0 and info["negatives"] == 7 and 0 < info["pairs"] <= 64  # type: ignore[operator]
    export(tmp_path)
    probabilities = Judge(tmp_path, threads=1).probabilities("Who wrote it?", ["She wrote it in 1920.", "It is long."])
    assert probabilities.shape == (2,)


def test_the_model_card_names_the_shipped_files_by_their_sha256() -> None:
    """The card is the judge's provenance: a retrained file shipped without its card fails here."""
    card = (PACKAGED_JUDGE / "MODEL_CARD.md").read_text(encoding="utf-8")
    for name in ("model.onnx", "tokenizer.json"):
        digest = hashlib.sha256((PACKAGED_JUDGE / name).read_bytes()).hexdigest()
        row = next(line for line in card.splitlines() if line.startswith(f"| `{name}` |"))
        assert f"`{digest}`" in row, f"{name}: the model card's sha256 is not the file's ({digest})"


@needs_data
def test_frozen_word_embeddings_stay_as_they_start_while_the_rest_trains(tmp_path: Path) -> None:
    from safetensors.torch import load_file

    from index.encode.embed import packaged_model_path
    from training.transfer import WORDS as words

    info = train(TrainingData(TRAIN_DIR, only="xquad", limit=16), tmp_path, max_steps=2, batch_size=8, threads=2,
                 freeze_embeddings=True)  # fmt: skip
    assert info["freeze_embeddings"] is True
    start = load_file(str(Path(packaged_model_path()) / "model.safetensors"))
    trained = load_file(str(tmp_path / "torch" / "model.safetensors"))
    assert torch.equal(trained["bert." + words], start[words])
    assert not torch.equal(trained["bert.encoder.layer.0.attention.self.query.weight"],
                           start["encoder.layer.0.attention.self.query.weight"])  # fmt: skip


def test_an_interrupted_run_resumes_from_its_checkpoint_to_the_same_weights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long (teacher) run on a CPU outlives a session: interrupted after 2 of its 4 steps and
    started again with the same command, it ends with the weights of an uninterrupted run."""
    from safetensors.torch import load_file

    data = TrainingData(TRAIN_DIR, only="xquad", limit=48)
    common = {"batch_size": 8, "threads": 2, "negatives": 3, "listwise": 1.0}
    train(data, tmp_path / "straight", max_steps=4, **common)
    ckpt = tmp_path / "ckpt"
    save = Checkpoint.save

    def save_then_stop(self: Checkpoint, model: object, optimizer: object, scheduler: object, step: int) -> None:
        save(self, model, optimizer, scheduler, step)
        if step == 2:
            raise KeyboardInterrupt  # the session ends here

    monkeypatch.setattr(Checkpoint, "save", save_then_stop)
    with pytest.raises(KeyboardInterrupt):
        train(data, tmp_path / "run", max_steps=4, checkpoint=ckpt, checkpoint_every=1, **common)
    monkeypatch.undo()
    info = train(data, tmp_path / "run", max_steps=4, checkpoint=ckpt, checkpoint_every=1, **common)
    assert info["steps"] == 4
    straight = load_file(tmp_path / "straight" / "torch" / "model.safetensors")
    resumed = load_file(tmp_path / "run" / "torch" / "model.safetensors")
    assert straight.keys() == resumed.keys()
    assert all(torch_equal(straight[name], resumed[name]) for name in straight)


def torch_equal(a: object, b: object) -> bool:
    import torch

    assert isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)
    return bool(torch.equal(a, b))
