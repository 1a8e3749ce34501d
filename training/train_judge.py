"""Train qabot's answer judge: a cross-encoder that reads a question and one sentence together.

    python -m training.train_judge --train-dir ../shared/train --out build/judge [--limit N]

Initialised from the packaged all-MiniLM-L6-v2 weights (BERT, 6 layers) with a new one-logit
head, trained with binary cross-entropy on `training.judge_data.build_pairs`. With
`--listwise W` each question's pairs stay together in one batch and a softmax cross-entropy over
them (weight W: "which of these sentences answers?") is added to the binary one. The same script
runs on a GPU (minutes) and on a CPU (a subset with --limit; `tests/training` runs a few steps).
Then it exports ONNX and a dynamically quantized int8 copy, the file qabot ships (`quantize`).
Deterministic for a given seed, data and device.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from index.answer.judge import judge_pair_text
from index.encode.embed import Embedder, packaged_model_path

from .batches import group_batches, length_batches, listwise_loss, pack, question_groups
from .checkpoint import Checkpoint
from .export_judge import QUANTIZATIONS, export
from .judge_data import Pair, TrainingData, build_pairs

log = logging.getLogger("train_judge")


def train(
    data: TrainingData,
    out: Path,
    *,
    epochs: float = 1.0,
    batch_size: int = 32,
    lr: float = 5e-5,
    max_length: int = 128,
    layers: int = 6,
    title_rate: float = 0.5,
    context_rate: float = 0.0,
    threads: int | None = None,
    max_steps: int | None = None,
    mine: bool = False,
    leads: bool = False,
    init: Path | None = None,
    negatives: int = 3,
    listwise: float = 0.0,
    freeze_embeddings: bool = False,
    base: Path | None = None,
    checkpoint: Path | None = None,
    checkpoint_every: int = 100,
) -> dict[str, object]:
    """Train the judge on `build_pairs(data)` and save it (torch) in `out/torch`.

    `negatives`: other sentences of the same passage per question. `listwise` > 0: batches of
    whole questions (`limit` then counts whole groups' pairs) and that weight of `listwise_loss`.
    `freeze_embeddings`: the word embeddings stay as they start (`training.transfer`). `base`: a
    model folder to start from instead of the packaged MiniLM (the teacher: `training.teacher`).
    `checkpoint`: a folder where the run saves its state every `checkpoint_every` steps and from
    which the same command continues after an interruption (the data and batches are rebuilt
    from the seed, and the steps done are skipped)."""
    seed, limit = data.seed, data.limit
    model, tokenizer, device = start(seed, threads, layers, init or base)
    if freeze_embeddings:
        model.base_model.embeddings.word_embeddings.weight.requires_grad_(False)
    rng = random.Random(seed)

    def text(p: Pair) -> str:
        # The judge sees the article title (and, with `context_rate`, the sentence before) with
        # some sentences only, so it works with and without. No draw without context: the
        # judges trained before the option came reproduce unchanged.
        title = p.title if rng.random() < title_rate else ""
        before = p.before if context_rate and rng.random() < context_rate else ""
        return judge_pair_text(p.sentence, title, before)

    wanted = replace(data, limit=None) if listwise else data  # listwise: `limit` counts whole groups' pairs
    built = build_pairs(wanted, negatives, Embedder() if mine else None, leads)
    groups = question_groups(built, limit, rng) if listwise else [[p] for p in built]
    groups = [[Pair(p.question, text(p), "", p.label, p.origin) for p in group] for group in groups]
    pairs = [p for group in groups for p in group]
    positives = sum(p.label for p in pairs)
    log.info("%d pairs (%d positive) on %s", len(pairs), positives, device)
    steps, seconds = fit_groups(
        model, tokenizer, groups, out, rng=rng, listwise=listwise, batch_size=batch_size, epochs=epochs,
        max_steps=max_steps, lr=lr, max_length=max_length, checkpoint=checkpoint, checkpoint_every=checkpoint_every,
    )  # fmt: skip
    info: dict[str, object] = {
        "seed": seed,
        "pairs": len(pairs),
        "positive": positives,
        "epochs": epochs,
        "steps": steps,
        "batch_size": batch_size,
        "lr": lr,
        "max_length": max_length,
        "layers": layers,
        "title_rate": title_rate,
        "context_rate": context_rate,
        "limit": limit,
        "mined": mine,
        "leads": leads,
        "favour": list(data.favour),
        "negatives": negatives,
        "listwise": listwise,
        "freeze_embeddings": freeze_embeddings,
        "init": str(init) if init else None,
        "base": str(base) if base else None,
        "device": device,
        "train_seconds": round(seconds, 1),
        "origins": _count(p.origin for p in pairs),
    }
    (out / "training.json").write_text(json.dumps(info, indent=2))
    return info


def start(seed: int, threads: int | None, layers: int, init: Path | None) -> tuple[Any, Any, str]:
    """Seed every random source, set torch's threads, and load the model to train: (model,
    tokenizer, device). `init`: a saved judge or another model folder; None: the packaged MiniLM."""
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if threads:
        torch.set_num_threads(threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model, tokenizer = _initial_model(layers, device, init)
    return model, tokenizer, device


def fit_groups(
    model: Any,
    tokenizer: Any,
    groups: list[list[Pair]],
    out: Path,
    *,
    rng: random.Random,
    listwise: float = 0.0,
    batch_size: int = 32,
    epochs: float = 1.0,
    max_steps: int | None = None,
    lr: float = 5e-5,
    max_length: int = 128,
    checkpoint: Path | None = None,
    checkpoint_every: int = 100,
) -> tuple[int, float]:
    """Train `model` on `groups` (each a question's pairs, the sentence already the text the judge
    reads; one pair each without `listwise`) and save it with its tokenizer in `out/torch`.
    Returns (steps, seconds). The one fitting path of the judge, its teacher and the student."""
    pairs = [p for group in groups for p in group]
    per_epoch = len(pack(groups, batch_size)) if listwise else math.ceil(len(pairs) / batch_size)
    total = max_steps or max(1, int(per_epoch * epochs))
    started = time.perf_counter()
    batches: Callable[[], list[list[Pair]]] = partial(length_batches, pairs, batch_size, rng)
    if listwise:
        batches = partial(group_batches, groups, batch_size, rng)
    saver = Checkpoint(checkpoint, checkpoint_every) if checkpoint else None
    device = str(next(model.parameters()).device.type)
    steps = _fit(model, tokenizer, batches, total, lr, max_length, device, listwise, saver)
    seconds = time.perf_counter() - started
    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    model.save_pretrained(out / "torch")
    tokenizer.save_pretrained(out / "torch")
    return steps, seconds


def _initial_model(layers: int, device: str, init: Path | None = None) -> tuple[Any, Any]:
    """BERT from the packaged all-MiniLM-L6-v2 weights, a new one-logit head, `layers` layers kept;
    or, with `init`, a judge saved before (its `torch` folder) or another model folder."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    source = init or packaged_model_path()
    tokenizer = AutoTokenizer.from_pretrained(source)
    model = AutoModelForSequenceClassification.from_pretrained(source, num_labels=1)
    if layers < model.config.num_hidden_layers:
        model.base_model.encoder.layer = model.base_model.encoder.layer[:layers]
        model.config.num_hidden_layers = layers
    return model.to(device), tokenizer


def _fit(
    model: Any,
    tokenizer: Any,
    batches: Callable[[], list[list[Pair]]],
    total: int,
    lr: float,
    max_length: int,
    device: str,
    listwise: float = 0.0,
    checkpoint: Checkpoint | None = None,
) -> int:
    """AdamW with linear warm-up and decay, binary cross-entropy on the logit (plus `listwise` times
    `listwise_loss`); `batches()` gives one epoch's batches. Returns the steps run. With
    `checkpoint`, the state saved there is resumed (its steps' batches skipped) and saved again
    as the run goes."""
    import torch

    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=lr, weight_decay=0.01)
    warmup = max(1, total // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss()
    model.train()
    done = checkpoint.resume(model, optimizer, scheduler) if checkpoint else 0
    step, started, running, seen = 0, time.perf_counter(), 0.0, 0
    while step < total:
        for batch in batches():
            if step >= total:
                break
            if step < done:  # trained before the interruption: its batch is drawn, not trained on
                step += 1
                continue
            encoded = tokenizer(
                [p.question for p in batch],
                [p.sentence for p in batch],
                truncation="only_second",
                max_length=max_length,
                padding=True,
                return_tensors="pt",
            ).to(device)
            labels = torch.tensor([float(p.label) for p in batch], device=device)
            with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=device == "cuda"):
                logits = model(**encoded).logits.squeeze(-1)
            loss = loss_fn(logits.float(), labels)
            if listwise:
                loss = loss + listwise * listwise_loss(logits.float(), batch)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            seen += len(batch)
            value = loss.item()
            running = 0.98 * running + 0.02 * value if step > 1 else value
            if step % 50 == 0 or step == total:
                rate = seen / (time.perf_counter() - started)
                log.info("step %d/%d loss %.4f (%.1f pairs/s)", step, total, running, rate)
            if checkpoint and (step % checkpoint.every == 0 or step == total):
                checkpoint.save(model, optimizer, scheduler, step)
    return step


def _count(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train-dir", type=Path, default=Path("../shared/train"))
    parser.add_argument("--out", type=Path, default=Path("build/judge"))
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--limit", type=int, default=None, help="train on this many pairs (CPU runs)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--layers", type=int, default=6)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--only", default=None, help="use only the training sets whose folder starts so")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--quantization", choices=QUANTIZATIONS, default="dynamic", help="how the int8 file is made")
    parser.add_argument("--mine", action="store_true", help="add negatives mined with the packaged bi-encoder")
    parser.add_argument(
        "--leads", action="store_true", help="add each article's lead as a negative of its later questions"
    )
    parser.add_argument("--init", type=Path, default=None, help="start from this saved judge (its torch folder)")
    parser.add_argument(
        "--favour",
        default="",
        help="with --limit, keep every pair of these sets (comma-separated folder prefixes, e.g. qed,selqa)",
    )
    parser.add_argument("--negatives", type=int, default=3, help="other sentences of the passage per question")
    parser.add_argument(
        "--listwise",
        type=float,
        default=0.0,
        help="batch each question's pairs together and add this weight of softmax cross-entropy over them",
    )
    parser.add_argument(
        "--freeze-embeddings", action="store_true", help="keep the word embeddings as they start (training.transfer)"
    )
    parser.add_argument(
        "--context-rate", type=float, default=0.0, help="show the sentence before with this share of the pairs"
    )
    parser.add_argument("--base", type=Path, default=None, help="start from this model folder (a teacher)")
    parser.add_argument("--checkpoint", type=Path, default=None, help="save and resume the run's state here")
    parser.add_argument("--checkpoint-every", type=int, default=100, help="steps between checkpoints")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    favour = tuple(name for name in args.favour.split(",") if name)
    info = train(
        TrainingData(args.train_dir, only=args.only, limit=args.limit, favour=favour, seed=args.seed),
        args.out,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        max_length=args.max_length,
        layers=args.layers,
        threads=args.threads,
        max_steps=args.max_steps,
        mine=args.mine,
        leads=args.leads,
        init=args.init,
        context_rate=args.context_rate,
        negatives=args.negatives,
        listwise=args.listwise,
        freeze_embeddings=args.freeze_embeddings,
        base=args.base,
        checkpoint=args.checkpoint,
        checkpoint_every=args.checkpoint_every,
    )
    log.info("trained: %s", json.dumps(info))
    if not args.no_export:
        context = "before" if args.context_rate else ""
        log.info("exported %s", export(args.out, args.max_length, context, args.quantization))


if __name__ == "__main__":
    main()
