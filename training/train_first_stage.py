"""Fine-tune the first stage: the packaged all-MiniLM-L6-v2 taught to put a question's answer
sentence nearest to it.

    python -m training.train_first_stage --out build/first_stage   # the shipped recipe, CPU, ~30 min

The same pairs as the answer judge (`training.judge_data`: the permissively licensed sets of
shared/train, never shared/eval). Each question with an answer sentence gives a triple: the
question, that sentence, and one sentence of the same passage that does not answer it. Loss: a
softmax over cosine x 20 between each question and every sentence of its batch (the other
questions' answers and all the same-passage sentences are its negatives), as sentence-transformers'
MultipleNegativesRankingLoss. The word embeddings stay as packaged, so what changes is the
encoder's other weights: `index/models/first_stage/` (float16, 22 MB) ships those and
`index.encode.first_stage` lays them over the packaged model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import time
from pathlib import Path
from typing import Any

from index.encode.first_stage import FROZEN
from training.judge_data import Pair, TrainingData, build_pairs

log = logging.getLogger(__name__)

SCALE = 20.0  # MultipleNegativesRankingLoss's default: cosine x 20 as the softmax's logits


def triples(pairs: list[Pair], seed: int) -> list[tuple[str, str, str]]:
    """(question, answer sentence, a sentence of its passage that does not answer), shuffled;
    questions without a negative get a random other question's answer sentence."""
    rng = random.Random(seed)
    positives: dict[str, str] = {}
    negatives: dict[str, list[str]] = {}
    for pair in pairs:
        if pair.label:
            positives.setdefault(pair.question, pair.sentence)
        else:
            negatives.setdefault(pair.question, []).append(pair.sentence)
    answers = list(positives.values())
    out = []
    for question, answer in positives.items():
        pool = [s for s in negatives.get(question, []) if s != answer]
        negative = rng.choice(pool) if pool else rng.choice(answers)
        while negative == answer and len(set(answers)) > 1:  # another question's answer, never its own
            negative = rng.choice(answers)
        out.append((question, answer, negative))
    rng.shuffle(out)
    return out


def train(
    data: TrainingData, out: Path, steps: int = 533, batch_size: int = 32, lr: float = 2e-5, threads: int | None = None
) -> dict[str, Any]:
    """Train, then write `out/first_stage.safetensors` (the changed weights, float16) and
    `out/first_stage.json`; returns what the JSON holds."""
    import torch
    from safetensors.torch import save_file
    from sentence_transformers import SentenceTransformer

    from index.encode.embed import PACKAGED_MODEL_ID, packaged_model_path

    seed = data.seed
    torch.manual_seed(seed)
    if threads:
        torch.set_num_threads(threads)
    examples = triples(build_pairs(data), seed)
    model = SentenceTransformer(packaged_model_path(), device="cpu")
    model.max_seq_length = 128
    network = model[0].auto_model
    network.get_parameter(FROZEN).requires_grad_(False)
    optimizer = torch.optim.AdamW([p for p in network.parameters() if p.requires_grad], lr=lr)
    model.train()

    def embed(texts: list[str]) -> Any:
        return model(model.preprocess(texts))["sentence_embedding"]

    started, done = time.perf_counter(), 0
    batches = [examples[i : i + batch_size] for i in range(0, len(examples) - batch_size + 1, batch_size)]
    for batch in batches[:steps]:
        questions = embed([q for q, _, _ in batch])
        sentences = embed([a for _, a, _ in batch] + [n for _, _, n in batch])
        loss = torch.nn.functional.cross_entropy(questions @ sentences.T * SCALE, torch.arange(len(batch)))
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        done += 1
        if done % 50 == 0:
            log.info("step %d of %d: loss %.3f", done, min(steps, len(batches)), loss.item())
    out.mkdir(parents=True, exist_ok=True)
    weights = {
        name: tensor.detach().to(torch.float16).contiguous()
        for name, tensor in network.state_dict().items()
        if name != FROZEN and tensor.is_floating_point()
    }
    file = out / "first_stage.safetensors"
    save_file(weights, str(file), metadata={"base": PACKAGED_MODEL_ID})
    info = {
        "steps": done,
        "questions": done * batch_size,
        "batch_size": batch_size,
        "lr": lr,
        "seed": seed,
        "limit": data.limit,
        "only": data.only,
        "seconds": round(time.perf_counter() - started),
        "sha256": hashlib.sha256(file.read_bytes()).hexdigest(),
    }
    (out / "first_stage.json").write_text(json.dumps(info, indent=1) + "\n")
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train-dir", type=Path, default=Path("../shared/train"))
    parser.add_argument("--out", type=Path, default=Path("build/first_stage"))
    parser.add_argument("--steps", type=int, default=533, help="batches to train on (533 x 32: 17,056 questions)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=None, help="build triples from this many pairs (smoke runs)")
    parser.add_argument("--only", default=None, help="use only the training sets whose folder starts so")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    data = TrainingData(args.train_dir, only=args.only, limit=args.limit, seed=args.seed)
    info = train(data, args.out, args.steps, args.batch_size, args.lr, args.threads)
    log.info("trained: %s", json.dumps(info))


if __name__ == "__main__":
    main()
