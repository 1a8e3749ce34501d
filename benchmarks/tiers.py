"""The replies the search would give, replayed from `benchmarks.judged_items`, and their figures.

`reply` decides one question's tier as `index/answer/search.py` does (an answer when the first
quote's calibrated probability reaches the answer threshold and the first stage its floor;
related reading when a candidate reaches the related threshold or the first stage
`related_score`; nothing otherwise). `figures` and `confusion` are what issue 39 asks of every
set: right first in the answer tier and in any tier, answered wrongly, near- and off-topic kept
out, and the tier confusion matrix. `print_report` prints them, for `benchmarks.judge` and
`benchmarks.calibration` alike.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass

from benchmarks.judged_items import Config, Item, judged_order
from index.answer.judge import Calibration, sigmoid

TIERS = ("answer, right", "answer, wrong", "related", "nothing")


@dataclass(frozen=True)
class Reply:
    """What the search would reply: the tier, whether its first quote is right, the first quote's
    calibrated probability and the best calibrated probability among the judged candidates."""

    tier: str
    right: bool
    first: float
    best: float


def reply(
    item: Item,
    config: Config,
    calibration: Calibration,
    answer_t: float,
    related_t: float,
    floor: float = 0.0,
    related_floor: float = 2.0,
) -> Reply:
    """`floor`: `min_score`, the first-stage score below which no quote is an answer;
    `related_floor`: the first-stage score from which a reply that is not an answer is related
    reading whatever the judge says (2.0: never)."""
    if not len(item.scores):
        return Reply("nothing", False, 0.0, 0.0)
    order = judged_order(item, config)
    k = min(config[0] or 0, len(item.logits))
    probabilities = [calibration(float(p)) for p in sigmoid(item.logits[:k])]
    first = probabilities[order[0]] if order[0] < k else 0.0
    best = max(probabilities, default=0.0)
    right = bool(item.correct[order[0]])
    if first >= answer_t and item.scores[0] >= floor:
        tier = "answer, right" if right else "answer, wrong"
    else:
        tier = "related" if best >= related_t or item.scores[0] >= related_floor else "nothing"
    return Reply(tier, right, first, best)


def figures(replies: list[tuple[Item, Reply]]) -> dict[str, float]:
    factual = [(i, r) for i, r in replies if i.kind == "factual"]
    answered = [r for _, r in replies if r.tier.startswith("answer")]
    right = sum(r.tier == "answer, right" for _, r in factual)
    precision = right / len(answered) if answered else 0.0
    recall = right / len(factual) if factual else 0.0
    out = {
        "right_first_answer_tier": recall,
        "right_first_any_tier": statistics.mean(r.right for _, r in factual) if factual else 0.0,
        "answered_wrongly": sum(r.tier == "answer, wrong" for _, r in replies) / len(replies),
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "nothing_for_answerable": sum(r.tier == "nothing" for _, r in factual) / len(factual) if factual else 0.0,
    }
    for name in ("near", "off"):
        others = [r for i, r in replies if i.kind == name]
        out[f"{name}_kept_out"] = statistics.mean(not r.tier.startswith("answer") for r in others) if others else 1.0
        out[f"{name}_count"] = len(others)
    return out


def confusion(replies: list[tuple[Item, Reply]]) -> dict[str, Counter[str]]:
    table: dict[str, Counter[str]] = {}
    for item, r in replies:
        table.setdefault(item.kind, Counter())[r.tier] += 1
    return table


def print_report(name: str, replies: list[tuple[Item, Reply]]) -> None:
    """One set's figures and its tier confusion matrix (rows: what the question is)."""
    f = figures(replies)
    print(f"  {name}: right first in the answer tier {f['right_first_answer_tier']:.3f}, right first in any "
          f"tier {f['right_first_any_tier']:.3f}, answered wrongly {f['answered_wrongly']:.3f}, F1 {f['f1']:.3f}, "
          f"near-topic kept out {f['near_kept_out']:.2f} of {f['near_count']:.0f}, off-topic kept out "
          f"{f['off_kept_out']:.2f} of {f['off_count']:.0f}, answerable given nothing "
          f"{f['nothing_for_answerable']:.3f}")  # fmt: skip
    for row, counts in sorted(confusion(replies).items()):
        print(f"      {row:<8}" + "".join(f"{tier}: {counts.get(tier, 0):<5} " for tier in TIERS))
