"""What `benchmarks.judge` collects for each question, kept in a cache file and replayed.

The candidates' first-stage scores and the judge's logits (numbers only, nothing of the sets'
text), and the order a reply would quote them in under a ranking `Config`. Read by
`benchmarks.judge`, `benchmarks.tiers` and `benchmarks.calibration`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.answer.judge import sigmoid
from index.answer.ranking import judged_keys


@dataclass
class Item:
    """One question: first-stage scores, correctness and judge logits of its candidates."""

    id: str
    answerable: bool
    kind: str  # factual, near, off
    scores: np.ndarray  # first stage, best first
    correct: np.ndarray
    logits: np.ndarray  # for the first len(logits) candidates
    positions: np.ndarray  # each candidate's sentence position in its article


def save_items(path: Path, data: dict[str, list[Item]]) -> None:
    """The collected items as JSON (numbers only; nothing of the sets' text)."""
    rows = {name: [{k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in vars(i).items()} for i in items]
            for name, items in data.items()}  # fmt: skip
    path.write_text(json.dumps(rows))


def load_items(path: Path) -> dict[str, list[Item]]:
    arrays = {"scores": np.float32, "correct": bool, "logits": np.float32, "positions": np.int64}
    rows = json.loads(path.read_text())
    return {name: [Item(**{k: np.array(v, dtype=arrays[k]) if k in arrays else v for k, v in row.items()})
                   for row in items] for name, items in rows.items()}  # fmt: skip


Config = tuple[int | None, float, float]  # (N, w, position weight); N None: the first stage alone


def judged_order(item: Item, config: Config) -> np.ndarray:
    """Candidate indices in the order the reply would quote them under `config`."""
    n, weight, position_weight = config
    if n is None:
        return np.arange(len(item.scores))
    k = min(n, len(item.logits))
    keys = judged_keys(sigmoid(item.logits[:k]), item.scores[:k], item.positions[:k], weight, position_weight)
    return np.concatenate([np.argsort(-keys, kind="stable"), np.arange(k, len(item.scores))])
