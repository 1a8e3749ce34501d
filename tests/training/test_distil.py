"""Distillation (issue 39): the teacher's scores over the first stage's candidates train the student."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

from index.answer.judge import Judge
from tests.support.encoders import HashEncoder
from tests.support.paths import REPO
from training import distil as distil_module
from training.batches import listwise_loss
from training.distil import Recipe, distil, gold_groups, read_candidates, teacher_logits
from training.judge_data import Pair, TrainingData
from training.train_judge import train

TRAIN_DIR = REPO.parent / "shared" / "train"
needs_data = pytest.mark.skipif(not TRAIN_DIR.is_dir(), reason="the training data in ../shared/train is not here")


def test_the_listwise_target_is_the_teachers_softmax_when_every_candidate_has_its_logit() -> None:
    teacher = [2.0, 0.5, -1.0]
    batch = [Pair("Who won?", text, "", 0.5, "x", teacher=t) for text, t in zip("abc", teacher, strict=True)]
    loss_at = [float(listwise_loss(torch.tensor(logits), batch)) for logits in (teacher, [-1.0, 0.5, 2.0])]
    target = np.exp(teacher) / np.exp(teacher).sum()
    entropy = float(-(target * np.log(target)).sum())
    assert loss_at[0] == pytest.approx(entropy, abs=1e-5)  # the student that agrees: the least loss possible
    assert loss_at[1] > loss_at[0] + 1.0  # the order reversed costs more
    logits = torch.tensor(teacher, requires_grad=True)
    listwise_loss(logits, batch).backward()
    assert logits.grad is not None and float(logits.grad.abs().max()) < 1e-6  # nothing left to learn


@needs_data
def test_distil_scores_the_first_stages_candidates_and_trains_a_student_that_loads_as_the_judge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    teacher = tmp_path / "teacher"
    train(TrainingData(TRAIN_DIR, only="xquad", limit=16), teacher, max_steps=1, batch_size=8, threads=2)
    monkeypatch.setattr(distil_module, "CHUNK", 16)
    data = TrainingData(TRAIN_DIR, only="xquad")
    out = tmp_path / "student"
    recipe = Recipe(depth=4, negatives=3, batch_size=16, gold_rest=24)
    info = distil(teacher / "torch", data, out, recipe, questions=5, max_steps=2, threads=2, encoder=HashEncoder())

    questions = read_candidates(out / "candidates.jsonl")
    assert info["scored_questions"] == len(questions) == 5 and info["steps"] == 2
    rest = gold_groups(data, negatives=3, title_rate=0.5, skip=5, limit=24)
    assert info["questions"] == 5 + len(rest) and 0 < sum(map(len, rest)) <= 24
    assert not {g[0].question for g in rest} & {q for q, _ in questions}  # the unscored questions only
    assert all(sum(p.label == 1 for p in g) == 1 and all(p.teacher is None for p in g) for g in rest)
    for _, items in questions:
        assert sum(c.gold == 1 for c in items) == 1  # its answer, labelled
        found = [c for c in items if c.origin.startswith("first-stage")]
        assert found and all(c.gold is None for c in found)  # the first stage's finds carry no gold label
        assert len({c.text for c in items}) == len(items)  # no sentence twice
    pairs = sum(len(items) for _, items in questions)
    assert info["pairs"] == pairs + sum(map(len, rest)) and len(list((out / "scores").glob("*.npy"))) == -(-pairs // 16)
    assert json.loads((out / "student.json").read_text())["teacher"] == str(teacher / "torch")
    saved = torch.load(out / "checkpoint" / "state.pt", weights_only=False)
    assert saved["step"] == 2  # the student's training can be continued as the scoring can

    # A restart scores only what is missing, to the same logits.
    scores = teacher_logits(teacher / "torch", questions, out / "scores")
    kept = out / "scores" / "00001.npy"
    before = kept.stat().st_mtime_ns
    (out / "scores" / "00000.npy").unlink()
    again = teacher_logits(teacher / "torch", questions, out / "scores")
    assert kept.stat().st_mtime_ns == before
    np.testing.assert_allclose(again, scores, atol=1e-5)

    distil_module.export(out)
    probabilities = Judge(out, threads=1).probabilities("Who wrote it?", ["She wrote it in 1920.", "It is long."])
    assert probabilities.shape == (2,) and np.all((probabilities > 0) & (probabilities < 1))
