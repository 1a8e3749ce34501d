"""Calibrating the answer judge and choosing its tiers, from what `benchmarks.judge` collected.

    python -m benchmarks.judge --max-n 20 --cache judge-items.json    # candidates and logits, once
    python -m benchmarks.calibration --cache judge-items.json [--write-judge] [--plots docs/img]

1. WikiQA dev and NewsQA dev are cut in halves by a hash of the question id. Platt scaling of the
   judge's logit (`p = sigmoid(scale * logit + shift)`) is fitted on the first quote of each
   question of the first halves: is it a right sentence?
2. On the second halves, which the fit never saw, and on the hand-written sets: the reliability
   diagram of the first quote (predicted probability against how often it is right), before and
   after calibration.
3. The tiers, as the search decides them (`index/answer/search.py`): an answer when the first
   quote's calibrated probability reaches `answer_threshold`; related reading when some judged
   candidate's reaches `related_threshold`; nothing otherwise. The first stage only keeps a floor:
   below `min_score` no quote is an answer (at most related reading). Each pair of thresholds is
   scored on the second halves and the hand-written and blind sets only; the table shows the
   trade-off and the settings' values name this command.
4. Per set: right first in the answer tier, right first in any tier, answered wrongly, near- and
   off-topic kept out of the answer tier, and the tier confusion matrix.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
from itertools import pairwise
from pathlib import Path

import numpy as np

from benchmarks.judged_items import Config, Item, judged_order, load_items
from benchmarks.plots import axes
from benchmarks.tiers import Reply, figures, print_report, reply
from index import Settings
from index.answer.judge import PACKAGED_JUDGE, Calibration, sigmoid

FITTED = ("wikiqa", "newsqa")  # the sets whose first halves the calibration is fitted on


def half(item: Item) -> int:
    """0: the fitting half, 1: the checking half; stable across runs and machines."""
    return hashlib.sha256(item.id.encode()).digest()[0] % 2


def fit_platt(items: list[Item], config: Config) -> Calibration:
    """Logistic regression of "the first quote is right" on its judge logit: the decision a reader
    sees, so the calibrated probability of the first quote means how often it is right."""
    from sklearn.linear_model import LogisticRegression

    firsts = [(item, judged_order(item, config)[0]) for item in items if len(item.logits)]
    x = np.array([[item.logits[first]] for item, first in firsts])
    y = np.array([bool(item.correct[first]) for item, first in firsts])
    model = LogisticRegression(C=1e6).fit(x, y)
    return Calibration(scale=float(model.coef_[0][0]), shift=float(model.intercept_[0]))


def gated_reply(item: Item, config: Config, answer_t: float = 0.6, gate: float = 0.35, related: float = 0.5) -> Reply:
    """The tiers as decided before calibration (to 2026-12-06): nothing below a first-stage score of
    `gate`, an answer at a raw judge probability of `answer_t`, related reading from a first-stage
    score of `related`."""
    if not len(item.scores) or item.scores[0] < gate:
        return Reply("nothing", False, 0.0, 0.0)
    order = judged_order(item, config)
    first = float(sigmoid(item.logits[order[0]])) if order[0] < len(item.logits) else 0.0
    right = bool(item.correct[order[0]])
    if first >= answer_t:
        return Reply("answer, right" if right else "answer, wrong", right, first, first)
    return Reply("related" if item.scores[0] >= related else "nothing", right, first, first)


def reliability(replies: list[Reply], bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean predicted, observed right rate, count) of the first quote, per probability bin."""
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for low, high in pairwise(edges):
        inside = [r for r in replies if low <= r.first < high or (high == 1 and r.first == 1)]
        if inside:
            rows.append(
                (statistics.mean(r.first for r in inside), statistics.mean(r.right for r in inside), len(inside))
            )
    return rows


def plot(
    folder: Path,
    before: list[Reply],
    after: list[Reply],
    sweep: dict[str, list[float]],
    grid: np.ndarray,
    answer_t: float,
) -> None:
    reliability_labels = {
        "xlabel": "predicted probability of the first quote",
        "ylabel": "observed: the first quote is right",
        "title": "Judge reliability\n(checking halves of WikiQA and NewsQA dev)",
        "xlim": (0, 1),
        "ylim": (0, 1),
    }
    with axes(folder / "judge-reliability.png", (5, 5), **reliability_labels) as ax:
        ax.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfectly calibrated")
        for label, replies in (("raw judge", before), ("calibrated", after)):
            rows = reliability(replies)
            ax.plot([r[0] for r in rows], [r[1] for r in rows], marker="o", label=label)
    threshold_labels = {
        "xlabel": "answer threshold (calibrated probability)",
        "ylabel": "share",
        "title": "Answer quality against the threshold",
        "ylim": (0, 1.02),
    }
    with axes(folder / "answer-threshold.png", **threshold_labels) as ax:
        for label, values in sweep.items():
            ax.plot(grid, values, label=label)
        ax.axvline(answer_t, color="black", linestyle=":", label=f"answer_threshold {answer_t:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, required=True, help="written by `benchmarks.judge --cache`")
    parser.add_argument("--judge", type=Path, default=PACKAGED_JUDGE)
    parser.add_argument("--answer-threshold", type=float, default=None, help="report at this one (default: setting)")
    parser.add_argument("--related-threshold", type=float, default=None)
    parser.add_argument("--floor", type=float, default=None, help="min_score for this run (default: the setting)")
    parser.add_argument("--write-judge", action="store_true", help="write the fitted calibration into judge.json")
    parser.add_argument("--plots", type=Path, default=None, help="folder for the PNG plots")
    args = parser.parse_args()
    settings = Settings()
    config: Config = (settings.judge_candidates, settings.judge_weight, settings.position_weight)
    floor = settings.min_score if args.floor is None else args.floor
    data = load_items(args.cache)
    fit = [item for name in FITTED if name in data for item in data[name] if half(item) == 0]
    calibration = fit_platt(fit, config)
    print(f"Platt scaling fitted on the first quotes of {len(fit)} questions: "
          f"scale {calibration.scale:.3f}, shift {calibration.shift:.3f}")  # fmt: skip
    checking = {name: [i for i in items if name not in FITTED or half(i) == 1] for name, items in data.items()}
    identity = Calibration()
    held = [i for name in FITTED if name in checking for i in checking[name]]
    before = [reply(i, config, identity, 2.0, 2.0) for i in held]
    after = [reply(i, config, calibration, 2.0, 2.0) for i in held]
    print("\nReliability of the first quote on the checking halves (mean predicted / observed / count):")
    for label, replies in (("raw", before), ("calibrated", after)):
        rows = reliability(replies)
        ece = sum(abs(p - o) * n for p, o, n in rows) / len(replies)
        print(f"  {label:<11} ECE {ece:.3f}  " + "  ".join(f"{p:.2f}/{o:.2f}/{n}" for p, o, n in rows))

    grid = np.round(np.arange(0.05, 0.96, 0.05), 2)
    related_grid = (0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2)
    print("\nAnswer threshold (calibrated) against the checking sets: F1 per set, macro, and, for the sets")
    print("with near-topic questions, near- and off-topic kept out of the answer tier")
    sweep: dict[str, list[float]] = {}
    for t in grid:
        cells, f1s = [], []
        for name, items in checking.items():
            f = figures([(i, reply(i, config, calibration, t, 0.0, floor)) for i in items])
            f1s.append(f["f1"])
            sweep.setdefault(f"{name} F1", []).append(f["f1"])
            cells.append(f"{name} {f['f1']:.3f}")
            if f["near_count"]:  # the sets with near-topic questions: the hand-written and the blind ones
                cells.append(f"near {f['near_kept_out']:.2f} off {f['off_kept_out']:.2f}")
                sweep.setdefault(f"{name}: near-topic kept out", []).append(f["near_kept_out"])
        print(f"  t={t:.2f}  macro F1 {statistics.mean(f1s):.3f}  " + "  ".join(cells))
    answer_t = settings.answer_threshold if args.answer_threshold is None else args.answer_threshold
    print(f"\nRelated threshold at answer threshold {answer_t:.2f}: answerable questions given nothing, "
          "and off-topic given nothing")  # fmt: skip
    for rt in related_grid:
        cells = []
        for name, items in checking.items():
            f = figures([(i, reply(i, config, calibration, answer_t, rt, floor)) for i in items])
            off = [reply(i, config, calibration, answer_t, rt, floor) for i in items if i.kind == "off"]
            off_nothing = statistics.mean(r.tier == "nothing" for r in off) if off else 1.0
            cells.append(f"{name} {f['nothing_for_answerable']:.3f}/{off_nothing:.2f}")
        print(f"  r={rt:.2f}  " + "  ".join(cells))
    related_t = settings.related_threshold if args.related_threshold is None else args.related_threshold
    print(f"\nRelated reading also from a first-stage score (related threshold {related_t:.2f}): answerable "
          "questions given nothing, and off-topic given nothing")  # fmt: skip
    for rf in (2.0, 0.6, 0.55, 0.5, 0.45, 0.4):
        cells = []
        for name, items in checking.items():
            replies = [(i, reply(i, config, calibration, answer_t, related_t, floor, rf)) for i in items]
            f = figures(replies)
            off = [r for i, r in replies if i.kind == "off"]
            off_nothing = statistics.mean(r.tier == "nothing" for r in off) if off else 1.0
            cells.append(f"{name} {f['nothing_for_answerable']:.3f}/{off_nothing:.2f}")
        print(f"  from {rf:.2f}  " + "  ".join(cells))
    print(
        f"\nAt answer threshold {answer_t:.2f}, related threshold {related_t:.2f} or a first-stage score of "
        f"{settings.related_score:.2f} (checking halves; seed, news whole):"
    )
    for name, items in checking.items():
        replies = [
            (i, reply(i, config, calibration, answer_t, related_t, floor, settings.related_score)) for i in items
        ]
        print_report(name, replies)
    print("\nThe same sets with the tiers as decided before (raw probability 0.60, first-stage gate 0.35):")
    for name, items in checking.items():
        f = figures([(i, gated_reply(i, config)) for i in items])
        print(f"  {name}: right first in the answer tier {f['right_first_answer_tier']:.3f}, answered wrongly "
              f"{f['answered_wrongly']:.3f}, F1 {f['f1']:.3f}, near-topic kept out {f['near_kept_out']:.2f}, "
              f"off-topic kept out {f['off_kept_out']:.2f}, answerable given nothing "
              f"{f['nothing_for_answerable']:.3f}")  # fmt: skip
    if args.plots:
        plot(args.plots, before, after, sweep, grid, answer_t)
        print(f"\nplots written to {args.plots}")
    if args.write_judge:
        path = args.judge / "judge.json"
        config_json = json.loads(path.read_text(encoding="utf-8"))
        config_json["calibration"] = {
            "platt": {"scale": round(calibration.scale, 4), "shift": round(calibration.shift, 4)},
            "fitted_on": f"the first quote of each question of the first halves of WikiQA dev and NewsQA dev "
            f"({len(fit)} questions)",
            "command": "python -m benchmarks.calibration --cache judge-items.json --write-judge",
        }
        path.write_text(json.dumps(config_json) + "\n", encoding="utf-8")
        print(f"calibration written to {path}")


if __name__ == "__main__":
    main()
