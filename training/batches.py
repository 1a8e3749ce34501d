"""How the judge's training pairs are batched, and the listwise loss over a question's sentences.

Pairs alone go in batches of similar length (`length_batches`); with the listwise loss, each
question's pairs stay together (`question_groups`), whole groups packed into batches
(`pack`, `group_batches`), and `listwise_loss` is the softmax cross-entropy over each
question's sentences: to the one answer, or to the teacher's softmax when distilling.
"""

from __future__ import annotations

import random
from typing import Any

from .judge_data import Pair


def length_batches(pairs: list[Pair], batch_size: int, rng: random.Random) -> list[list[Pair]]:
    """Batches of similar length (less padding, much faster on a CPU), in random order."""
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i].question) + len(pairs[i].sentence))
    chunks = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(chunks)
    return [[pairs[i] for i in chunk] for chunk in chunks]


def question_groups(pairs: list[Pair], limit: int | None, rng: random.Random) -> list[list[Pair]]:
    """Each question's pairs together (one sentence once), in random order, whole groups up to
    `limit` pairs: the unit of a listwise batch."""
    by_question: dict[str, list[Pair]] = {}
    for pair in pairs:
        group = by_question.setdefault(pair.question, [])
        if all(pair.sentence != other.sentence for other in group):
            group.append(pair)
    groups = list(by_question.values())
    rng.shuffle(groups)
    if limit:
        kept, size = [], 0
        for group in groups:
            if size + len(group) > limit:
                break
            kept.append(group)
            size += len(group)
        groups = kept
    return groups


def pack(groups: list[list[Pair]], batch_size: int) -> list[list[Pair]]:
    """Whole question groups packed into batches of at most `batch_size` pairs (a larger group
    alone), groups of similar length together."""

    def length(group: list[Pair]) -> float:
        return sum(len(p.question) + len(p.sentence) for p in group) / len(group)

    batches: list[list[Pair]] = []
    current: list[Pair] = []
    for group in sorted(groups, key=length):
        if current and len(current) + len(group) > batch_size:
            batches.append(current)
            current = []
        current.extend(group)
    if current:
        batches.append(current)
    return batches


def group_batches(groups: list[list[Pair]], batch_size: int, rng: random.Random) -> list[list[Pair]]:
    """`pack`'s batches in random order."""
    batches = pack(groups, batch_size)
    rng.shuffle(batches)
    return batches


def listwise_loss(logits: Any, batch: list[Pair]) -> Any:
    """Softmax cross-entropy over each question's sentences in the batch, the mean over the
    questions that have a target: the teacher's softmax over them when every one carries the
    teacher's logit (distillation), else the one answering sentence among two or more."""
    import torch

    spans: dict[str, list[int]] = {}
    for i, pair in enumerate(batch):
        spans.setdefault(pair.question, []).append(i)
    losses = []
    for rows in spans.values():
        if len(rows) < 2:
            continue
        group = logits[rows]
        teacher = [batch[i].teacher for i in rows]
        if all(t is not None for t in teacher):
            target = torch.softmax(torch.tensor(teacher, dtype=group.dtype, device=group.device), dim=0)
            losses.append(-(target * torch.log_softmax(group, dim=0)).sum())
            continue
        labels = [batch[i].label for i in rows]
        if sum(labels) == 1 and set(labels) <= {0, 1}:
            target = torch.tensor(labels.index(1), device=logits.device)
            losses.append(torch.nn.functional.cross_entropy(group[None, :], target[None]))
    return torch.stack(losses).mean() if losses else logits.sum() * 0.0
