"""Measure answer quality: ranking (R@1, R@5, MRR) and answer triggering (answer or abstain).

Questions are JSON lines `{"id", "question", "gold": [sentence, ...]}`; an empty `gold` means
the corpus holds no answer and the right reply is to abstain. A quote is correct when it is,
contains, or is contained in a gold sentence after whitespace normalisation (WikiQA's rule).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

from index.errors import QuestionRejected
from index.records import Result


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    id: str
    question: str
    gold: list[str]


REPLIES = ("answer, right", "answer, wrong", "related", "nothing")


class Triggering(NamedTuple):
    """Answer triggering at one threshold (WikiQA's): answered-and-right over answered is the
    precision, over answerable the recall."""

    answered: int
    correct: int
    precision: float
    recall: float
    f1: float


@dataclass
class EvalReport:
    """Figures over one question set, all derived from what each question got; `misses` are
    kept for a person to read.

    `ranks` has one entry per answerable question: the rank of its first right quote (None: no
    quote right). `decisions` has one per question: the value answer triggering thresholds (the
    first quote's judge probability, else its score), whether that quote is right, and whether
    the question is answerable. `tiers` is the tier confusion matrix: rows are what a question
    is (factual: its answer is in the corpus; near: on a subject the corpus covers, not
    answered; off: anything else, by its id's prefix), columns the reply's tier, an answer split
    by whether its first quote is right.
    """

    threshold: float
    ranks: list[int | None] = field(default_factory=list)
    decisions: list[tuple[float, bool, bool]] = field(default_factory=list)
    tiers: dict[str, dict[str, int]] = field(
        default_factory=lambda: {kind: dict.fromkeys(REPLIES, 0) for kind in ("factual", "near", "off")}
    )
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def questions(self) -> int:
        return len(self.decisions)

    @property
    def answerable(self) -> int:
        return len(self.ranks)

    def recall_at(self, k: int) -> float:
        """Of the answerable questions, those with a right quote among the first `k`."""
        return sum(1 for rank in self.ranks if rank is not None and rank <= k) / self.answerable if self.ranks else 0.0

    @property
    def mrr(self) -> float:
        return sum(1 / rank for rank in self.ranks if rank) / self.answerable if self.ranks else 0.0

    @cached_property
    def triggering(self) -> Triggering:
        """Answer triggering at `threshold`."""
        return _trigger(self.decisions, self.threshold, self.answerable)

    @cached_property
    def best(self) -> tuple[float, float]:
        """(threshold, F1): the threshold with the best F1 on this set (`_best_threshold`)."""
        return _best_threshold(self.decisions, self.answerable)

    @property
    def right_first_in_answer_tier(self) -> float:
        """Of the factual questions, those answered with the right sentence first."""
        return self.tiers["factual"]["answer, right"] / self.answerable if self.answerable else 0.0

    @property
    def answered_wrongly(self) -> int:
        """Answer-tier replies whose first quote is not right, whatever the question."""
        return sum(row["answer, wrong"] for row in self.tiers.values())

    def kept_out(self, kind: str) -> float:
        """The share of `kind` ("near", "off") questions kept out of the answer tier (1.0: none asked)."""
        row = self.tiers[kind]
        asked = sum(row.values())
        return 1 - (row["answer, right"] + row["answer, wrong"]) / asked if asked else 1.0

    def figures(self) -> dict[str, Any]:
        """Every figure by name, as `qabot eval --json` prints them."""
        trigger, (best_threshold, best_f1) = self.triggering, self.best
        data: dict[str, Any] = {
            "questions": self.questions,
            "answerable": self.answerable,
            "recall_at_1": self.recall_at(1),
            "recall_at_5": self.recall_at(5),
            "mrr": self.mrr,
            **trigger._asdict(),
            "threshold": self.threshold,
            "best_threshold": best_threshold,
            "best_f1": best_f1,
            "tiers": self.tiers,
            "right_first_in_answer_tier": self.right_first_in_answer_tier,
            "answered_wrongly": self.answered_wrongly,
            "near_kept_out": self.kept_out("near"),
            "off_kept_out": self.kept_out("off"),
        }
        data["answered_correctly"] = data.pop("correct")
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in data.items()}


def read_questions(path: Path) -> list[EvalQuestion]:
    questions = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                questions.append(
                    EvalQuestion(str(record.get("id", number)), record["question"], list(record.get("gold") or []))
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a question record ({exc})") from None
    return questions


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_correct(quote: str, gold: Iterable[str]) -> bool:
    quote_n = _normalise(quote)
    return any(quote_n in g or g in quote_n for g in map(_normalise, gold) if g)


def evaluate(
    questions: list[EvalQuestion], outcomes: Sequence[Result | QuestionRejected], threshold: float
) -> EvalReport:
    """Score results against the questions' gold; MRR counts ranks up to the answers given (10 by `qabot eval`).

    A rejected question counts as abstained, with nothing quoted. The answer-or-abstain
    decision is read from the first quote's judge probability when there is one (then
    `threshold` is the answer threshold), else from its first-stage score (`threshold` is then
    `first_stage_threshold`).
    """
    report = EvalReport(threshold)
    results = [
        Result(q.question, True, []) if isinstance(o, QuestionRejected) else o for q, o in zip(questions, outcomes)
    ]
    for question, result in zip(questions, results, strict=True):
        answerable = bool(question.gold)
        ranks = [i for i, a in enumerate(result.answers, start=1) if is_correct(a.quote, question.gold)]
        first = ranks[0] if ranks else None
        report.decisions.append((_decision_value(result), first == 1, answerable))
        kind = "factual" if answerable else ("near" if question.id.startswith("near") else "off")
        tier = result.tier or "nothing"
        reply = (f"answer, {'right' if first == 1 else 'wrong'}") if tier == "answer" else tier
        report.tiers[kind][reply] += 1
        if answerable:
            report.ranks.append(first)
        if (answerable and first != 1) or (not answerable and not result.abstained):
            report.misses.append(
                {
                    "id": question.id,
                    "question": question.question,
                    "abstained": result.abstained,
                    "tier": result.tier,
                    "quoted": [a.quote for a in result.answers[:3]],
                    "scores": [round(a.score, 4) for a in result.answers[:3]],
                    "wanted": question.gold,
                }
            )
    return report


def _decision_value(result: Result) -> float:
    """What answer triggering thresholds: the first quote's judge probability, else its score."""
    if not result.answers:
        return float("-inf")
    top = result.answers[0]
    return top.answer_probability if top.answer_probability is not None else top.score


def _trigger(decisions: list[tuple[float, bool, bool]], threshold: float, answerable: int) -> Triggering:
    """WikiQA answer triggering: answered-and-right over answered (P) and over answerable (R)."""
    answered = [d for d in decisions if d[0] >= threshold]
    correct = sum(1 for _, right, has_answer in answered if right and has_answer)
    precision = correct / len(answered) if answered else 0.0
    recall = correct / answerable if answerable else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Triggering(len(answered), correct, precision, recall, f1)


def _best_threshold(decisions: list[tuple[float, bool, bool]], answerable: int) -> tuple[float, float]:
    """The threshold with the best F1 on this set, placed mid-gap between two observed scores.

    Among equally good thresholds the one in the widest gap wins: it is the least sensitive
    to small score shifts. For calibration: report it, and check it on held-out questions.
    """
    scores = sorted({d[0] for d in decisions if d[0] != float("-inf")})
    if not scores:
        return 0.0, 0.0
    cuts = [(scores[0] - 0.05, 0.05)] + [((a + b) / 2, b - a) for a, b in pairwise(scores)]
    cuts.append((scores[-1] + 0.05, 0.05))
    best = max(cuts, key=lambda cut: (round(_trigger(decisions, cut[0], answerable).f1, 9), cut[1]))
    return best[0], _trigger(decisions, best[0], answerable).f1
