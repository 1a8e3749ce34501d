"""Distil the teacher into the judge qabot ships: soft labels over every candidate the first stage finds.

    python -m training.distil --teacher build/teacher/run/torch --out build/student [--questions N]

The gold labels name one answering sentence per question and a few negatives from its passage.
The teacher (`training.teacher`) can say more: how likely each of the sentences the bot's first
stage would put before the judge is to answer, from the question's own passage and from others.
Three stages, each kept in `--out`, so that the same command continues where it stopped:

1. `candidates.jsonl`: per training question (the teacher's data and seed), its labelled pairs
   and the `depth` sentences the packaged first stage ranks highest among every training
   sentence; the text each is judged by is drawn once (with its title half the time, as the
   judge trains), and those of another article carry no gold label.
2. `scores/`: the teacher's logit for every pair, in chunks of `CHUNK` pairs written
   atomically; a restart scores only the chunks that are missing.
3. The student: the packaged MiniLM with a new head, trained on whole questions with binary
   cross-entropy to a soft target (the teacher's probability, mixed with the gold label where
   there is one: `gold_weight`) plus `listwise` times the cross-entropy to the teacher's softmax
   over the question's candidates (`batches.listwise_loss`); then exported and quantized as
   the shipped judge is (`export_judge`). Its training state is saved in `checkpoint/` every
   `CHECKPOINT_EVERY` steps and a restart resumes from it (`training.checkpoint`). With
   `--gold-rest N` the student also reads the labelled pairs of the questions after the scored
   ones (up to N pairs, gold labels only, the one-answer listwise loss): the teacher's view of
   some questions on top of the gold labels of as many as the shipped judge was trained on.

A new recipe or teacher wants a new `--out`: what is kept there is reused as it is.

On a GPU the whole of it takes minutes; on a CPU, the teacher's scoring is the cost (about
three times faster than its training per pair), so `--questions` takes a seeded subset.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import math
import os
import random
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from index.answer.judge import Calibration, judge_pair_text
from index.encode.embed import Embedder
from index.encode.encoder import Encoder

from .batches import question_groups
from .export_judge import export
from .judge_data import Pair, TrainingData, _leaks, build_pairs
from .teacher import SEED
from .train_judge import fit_groups, start

log = logging.getLogger("distil")

CHUNK = 2048  # pairs per file of teacher scores
CHECKPOINT_EVERY = 100  # student steps between saves of its training state (about 3 minutes on 2 CPU cores)


@dataclass(frozen=True)
class Recipe:
    """How the student is made: `depth` first-stage candidates per question besides its own
    `negatives` passage sentences; the share of texts shown with their title; the gold label's
    weight in a labelled pair's target; the listwise loss's weight; the optimiser's schedule."""

    depth: int = 12
    negatives: int = 7
    title_rate: float = 0.5
    gold_weight: float = 0.5
    listwise: float = 1.0
    lr: float = 7e-5
    epochs: float = 1.0
    batch_size: int = 32
    gold_rest: int = 0  # labelled pairs of unscored questions besides the scored ones


@dataclass(frozen=True, slots=True)
class Candidate:
    """One (question, text) pair to distil: `gold` 1 or 0 where the training data labels it,
    None for a sentence of another article the first stage found."""

    text: str
    gold: int | None
    origin: str


@functools.lru_cache(maxsize=1)
def _pairs(data: TrainingData, negatives: int) -> list[Pair]:
    """`build_pairs`, once a run: `candidates` and `gold_groups` both read it (not mutated)."""
    return build_pairs(data, negatives)


def _ordered(data: TrainingData, negatives: int) -> tuple[list[Pair], list[list[Pair]], random.Random]:
    """The training pairs, their questions in the seeded order `--questions` takes a prefix of,
    and the generator that drew it (which goes on to draw the texts)."""
    rng = random.Random(data.seed)
    pairs = _pairs(data, negatives)
    return pairs, question_groups(pairs, None, rng), rng


def gold_groups(data: TrainingData, *, negatives: int, title_rate: float, skip: int, limit: int) -> list[list[Pair]]:
    """The labelled pairs of the questions after the first `skip` (those the teacher scored),
    whole questions up to `limit` pairs, each text drawn as `candidates` draws it; no teacher logit."""
    _, groups, _ = _ordered(data, negatives)
    rng = random.Random(data.seed + 1)
    out, size = [], 0
    for group in groups[skip:]:
        if size + len(group) > limit:
            break
        texts = [judge_pair_text(p.sentence, p.title if rng.random() < title_rate else "") for p in group]
        out.append([Pair(p.question, text, "", float(p.label), p.origin) for p, text in zip(group, texts, strict=True)])
        size += len(group)
    return out


def candidates(
    data: TrainingData, encoder: Encoder, *, depth: int, negatives: int, title_rate: float, questions: int | None
) -> list[tuple[str, list[Candidate]]]:
    """Per question (a seeded subset of `questions` of them, None: all): its labelled pairs and
    the first stage's top `depth` among every training sentence (no sentence twice)."""
    import faiss  # the index's own dependency

    pairs, groups, rng = _ordered(data, negatives)
    if questions is not None:
        groups = groups[:questions]
    pool: dict[str, Pair] = {}
    for pair in pairs:
        pool.setdefault(pair.sentence, pair)
    texts = list(pool)
    log.info("%d questions; the first stage reads %d training sentences", len(groups), len(texts))
    vectors = encoder.encode(texts).astype(np.float32)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    asked = encoder.encode([group[0].question for group in groups]).astype(np.float32)
    _, found = index.search(asked, depth)

    def judged(pair: Pair) -> str:
        return judge_pair_text(pair.sentence, pair.title if rng.random() < title_rate else "")

    out = []
    for group, row in zip(groups, found, strict=True):
        titles = {pair.title for pair in group}
        seen = {pair.sentence for pair in group}
        items = [Candidate(judged(p), int(p.label), p.origin) for p in group]
        for i in row:
            if i < 0:
                continue
            other = pool[texts[i]]
            if other.sentence in seen or _leaks(other.sentence):
                continue
            seen.add(other.sentence)
            # Another passage of the same article may answer too (the sets overlap): no gold label.
            origin = "first-stage" if other.title not in titles else "first-stage:same-article"
            items.append(Candidate(judged(other), None, origin))
        out.append((group[0].question, items))
    return out


def write_candidates(path: Path, questions: list[tuple[str, list[Candidate]]]) -> None:
    partial = path.with_suffix(".tmp")
    with partial.open("w", encoding="utf-8") as handle:
        for question, items in questions:
            rows = [{"text": c.text, "gold": c.gold, "origin": c.origin} for c in items]
            handle.write(json.dumps({"question": question, "candidates": rows}, ensure_ascii=False) + "\n")
    os.replace(partial, path)


def read_candidates(path: Path) -> list[tuple[str, list[Candidate]]]:
    out = []
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        out.append((record["question"], [Candidate(**row) for row in record["candidates"]]))
    return out


class CrossEncoder:
    """A cross-encoder saved by `transformers` (the teacher's `torch` folder) scoring (question,
    text) pairs: `logits` as the shipped judge's, for distillation and for `benchmarks.judge
    --judge FOLDER`. Not shipped; runs on the GPU when there is one."""

    context = ""  # what `Searcher.judge_texts` asks of a judge: no sentence before
    calibration = Calibration()  # the raw probability

    def __init__(self, folder: Path, max_length: int = 128, batch_size: int = 64) -> None:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        self.tokenizer = AutoTokenizer.from_pretrained(folder)
        self.model = AutoModelForSequenceClassification.from_pretrained(folder, num_labels=1).to(self.device).eval()
        self.max_length, self.batch_size = max_length, batch_size

    def logits(self, question: str, texts: list[str]) -> np.ndarray:
        return self.pairs([(question, text) for text in texts])

    def pairs(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """The logit of each (question, text), batched by length (less padding)."""
        import torch

        out = np.zeros(len(pairs), dtype=np.float32)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for at in range(0, len(order), self.batch_size):
            rows = order[at : at + self.batch_size]
            encoded = self.tokenizer(
                [pairs[i][0] for i in rows], [pairs[i][1] for i in rows], truncation="only_second",
                max_length=self.max_length, padding=True, return_tensors="pt",
            ).to(self.device)  # fmt: skip
            with torch.inference_mode():
                out[rows] = self.model(**encoded).logits.squeeze(-1).float().cpu().numpy()
        return out


def teacher_logits(teacher: Path, questions: list[tuple[str, list[Candidate]]], folder: Path) -> np.ndarray:
    """The teacher's logit for every (question, candidate), in candidates order. Computed in
    chunks of `CHUNK` pairs, each saved in `folder` as it is done; saved chunks are read back."""
    flat = [(question, c.text) for question, items in questions for c in items]
    folder.mkdir(parents=True, exist_ok=True)
    chunks = math.ceil(len(flat) / CHUNK)
    scorer: CrossEncoder | None = None
    parts = []
    for n in range(chunks):
        path = folder / f"{n:05d}.npy"
        if not path.is_file():
            scorer = scorer or CrossEncoder(teacher)
            logits = scorer.pairs(flat[n * CHUNK : (n + 1) * CHUNK])
            with open(path.with_suffix(".tmp"), "wb") as handle:
                np.save(handle, logits)
            os.replace(path.with_suffix(".tmp"), path)
            log.info("teacher scores: chunk %d of %d", n + 1, chunks)
        parts.append(np.load(path))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)


def student_groups(
    questions: list[tuple[str, list[Candidate]]], logits: np.ndarray, gold_weight: float
) -> list[list[Pair]]:
    """The student's training groups: each candidate's target is the teacher's probability,
    mixed with its gold label (`gold_weight`) where it has one; each carries the teacher's logit."""
    groups, at = [], 0
    for question, items in questions:
        group = []
        for c in items:
            logit = float(logits[at])
            at += 1
            soft = 1.0 / (1.0 + math.exp(-logit))
            target = soft if c.gold is None else gold_weight * c.gold + (1 - gold_weight) * soft
            group.append(Pair(question, c.text, "", target, c.origin, teacher=logit))
        groups.append(group)
    return groups


def distil(
    teacher: Path,
    data: TrainingData,
    out: Path,
    recipe: Recipe = Recipe(),
    *,
    questions: int | None = None,
    max_steps: int | None = None,
    threads: int | None = None,
    encoder: Encoder | None = None,
) -> dict[str, object]:
    """The three stages; returns what `out/student.json` records. `encoder`: the first stage
    (default: the packaged one)."""
    out.mkdir(parents=True, exist_ok=True)
    listed = out / "candidates.jsonl"
    if not listed.is_file():
        found = candidates(
            data, encoder or Embedder(), depth=recipe.depth, negatives=recipe.negatives,
            title_rate=recipe.title_rate, questions=questions,
        )  # fmt: skip
        write_candidates(listed, found)
    chosen = read_candidates(listed)
    logits = teacher_logits(teacher, chosen, out / "scores")
    groups = student_groups(chosen, logits, recipe.gold_weight)
    if recipe.gold_rest:
        groups += gold_groups(
            data, negatives=recipe.negatives, title_rate=recipe.title_rate, skip=len(chosen), limit=recipe.gold_rest
        )
    model, tokenizer, device = start(data.seed, threads, 6, None)
    steps, seconds = fit_groups(
        model, tokenizer, groups, out, rng=random.Random(data.seed), listwise=recipe.listwise,
        batch_size=recipe.batch_size, epochs=recipe.epochs, max_steps=max_steps, lr=recipe.lr,
        checkpoint=out / "checkpoint", checkpoint_every=CHECKPOINT_EVERY,
    )  # fmt: skip
    info: dict[str, object] = {
        "teacher": str(teacher),
        "seed": data.seed,
        "questions": len(groups),
        "scored_questions": len(chosen),
        "pairs": sum(len(g) for g in groups),
        "gold_labelled": sum(c.gold is not None for _, items in chosen for c in items),
        **asdict(recipe),
        "steps": steps,
        "device": device,
        "train_seconds": round(seconds, 1),
    }
    (out / "student.json").write_text(json.dumps(info, indent=2))
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teacher", type=Path, required=True, help="the teacher's torch folder")
    parser.add_argument("--train-dir", type=Path, default=Path("../shared/train"))
    parser.add_argument("--out", type=Path, default=Path("build/student"))
    parser.add_argument("--questions", type=int, default=None, help="a seeded subset of the training questions")
    parser.add_argument("--only", default=None, help="use only the training sets whose folder starts so")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument(
        "--gold-rest", type=int, default=0, metavar="N",
        help="also the gold-labelled pairs of up to N pairs' worth of the questions the teacher did not score",
    )  # fmt: skip
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    data = TrainingData(args.train_dir, only=args.only, seed=SEED)
    info = distil(
        args.teacher, data, args.out, Recipe(gold_rest=args.gold_rest), questions=args.questions,
        threads=args.threads, max_steps=args.max_steps,
    )  # fmt: skip
    log.info("student trained: %s", json.dumps(info))
    if not args.no_export:
        log.info("exported %s", export(args.out))


if __name__ == "__main__":
    main()
