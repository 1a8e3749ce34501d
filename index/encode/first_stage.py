"""qabot's fine-tuned first stage: weights laid over the packaged all-MiniLM-L6-v2.

`training/train_first_stage.py` teaches the packaged model to put a question's answer sentence
nearest to it; the word embeddings stay as packaged, so only the encoder's other weights ship
(`models/first_stage/first_stage.safetensors`, float16; model card beside it). The index records
`model_id()`, so an index built with other weights is rebuilt rather than searched with these.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import torch
    from sentence_transformers import SentenceTransformer

FOLDER = Path(__file__).resolve().parents[1] / "models" / "first_stage"
WEIGHTS = FOLDER / "first_stage.safetensors"
FROZEN = "embeddings.word_embeddings.weight"  # not trained, not shipped: the packaged matrix serves


@functools.cache
def sha256() -> str:
    """The shipped file's sha256, as its training run recorded it (a test checks the file); read once."""
    info: dict[str, str] = json.loads((FOLDER / "first_stage.json").read_text())
    return info["sha256"]


def model_id(base: str) -> str:
    return f"{base} + qabot first stage {sha256()[:12]}"


def lay_over(model: SentenceTransformer, weights: Path = WEIGHTS) -> None:
    """Replace the transformer weights of `model` (the packaged one) with the shipped ones."""
    from safetensors.torch import load_file

    network = cast("torch.nn.Module", model[0].auto_model)
    shipped = load_file(str(weights))
    expected = {name for name, tensor in network.state_dict().items() if tensor.is_floating_point()} - {FROZEN}
    if set(shipped) != expected:
        raise RuntimeError(f"{weights} does not fit the packaged model ({len(set(shipped) ^ expected)} names differ)")
    network.load_state_dict({name: tensor.float() for name, tensor in shipped.items()}, strict=False)
