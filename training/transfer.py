"""Judge weights through a narrow link: a lent GPU machine takes and returns at most 64 MiB.

The packaged all-MiniLM-L6-v2 weights are 91 MB in float32, more than the link carries beside
the repository. So:

    python -m training.transfer pack-init DIR            # here: a 31 MB copy of the start weights
    python -m training.transfer unpack-init DIR INIT     # there: float32 again, for --init INIT
    python -m training.train_judge --init INIT --freeze-embeddings ... --no-export
    python -m training.transfer pack-trained OUT/torch DELTA   # there: what training changed
    python -m training.transfer assemble DELTA OUT       # here: OUT/torch and OUT/model.onnx

`pack_init` stores every tensor as float16 except the word embeddings, which it stores as int8
with one float32 scale per row (the shipped int8 judge stores them coarser still, one scale per
tensor), xz-compressed. Trained with `--freeze-embeddings`, a judge's word embeddings do not move, so
`pack_trained` returns the other tensors only (float16, about 22 MB, in shards under 16 MiB)
and `assemble` puts them back on the packaged float32 word embeddings before the usual export.
The start weights the GPU saw therefore differ from the packaged ones by float16 and int8
rounding; the file shipped carries the packaged word embeddings exactly.
"""

from __future__ import annotations

import argparse
import json
import lzma
import shutil
from pathlib import Path
from typing import Any

WORDS = "embeddings.word_embeddings.weight"
SHARD_BYTES = 15 * 1024 * 1024
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json")  # what AutoTokenizer needs


def _packaged() -> Path:
    from index.encode.embed import packaged_model_path

    return Path(packaged_model_path())


def _copy(names: tuple[str, ...], source: Path, dest: Path) -> None:
    """The small files beside the weights (config, tokenizer, training record), where they exist."""
    for name in names:
        if (source / name).exists():
            shutil.copy(source / name, dest / name)


def _save_shards(tensors: dict[str, Any], folder: Path, stem: str, compress: bool = False) -> list[str]:
    """`tensors` in safetensors files of at most SHARD_BYTES each (one larger tensor alone),
    xz-compressed with `compress` (int8 embeddings shrink by a tenth)."""
    from safetensors.torch import save, save_file

    folder.mkdir(parents=True, exist_ok=True)
    shards: list[dict[str, Any]] = [{}]
    size = 0
    for name in sorted(tensors):
        tensor = tensors[name].contiguous()
        nbytes = tensor.numel() * tensor.element_size()
        if shards[-1] and size + nbytes > SHARD_BYTES:
            shards.append({})
            size = 0
        shards[-1][name] = tensor
        size += nbytes
    names = []
    for i, shard in enumerate(shards):
        names.append(f"{stem}-{i}.safetensors" + (".xz" if compress else ""))
        if compress:
            (folder / names[-1]).write_bytes(lzma.compress(save(shard)))
        else:
            save_file(shard, str(folder / names[-1]))
    return names


def _load_shards(folder: Path, stem: str) -> dict[str, Any]:
    from safetensors.torch import load, load_file

    tensors: dict[str, Any] = {}
    for path in sorted(folder.glob(f"{stem}-*.safetensors*")):
        tensors.update(load(lzma.decompress(path.read_bytes())) if path.suffix == ".xz" else load_file(str(path)))
    if not tensors:
        raise FileNotFoundError(f"no {stem}-*.safetensors in {folder}")
    return tensors


def pack_init(dest: Path, source: Path | None = None) -> None:
    """The start weights (the packaged model unless `source`), small enough for the link."""
    import torch
    from safetensors.torch import load_file

    source = source or _packaged()
    weights = load_file(str(source / "model.safetensors"))
    packed: dict[str, Any] = {}
    for name, tensor in weights.items():
        if name == WORDS:
            scale = tensor.abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / 127.0
            packed[name + ".int8"] = torch.round(tensor / scale).to(torch.int8)
            packed[name + ".scale"] = scale.float()
        else:
            packed[name] = tensor.half()
    _save_shards(packed, dest, "init", compress=True)
    _copy(("config.json", *TOKENIZER_FILES), source, dest)


def unpack_init(packed: Path, dest: Path) -> None:
    """A float32 model folder from `pack_init`'s, for `train_judge --init`."""
    from safetensors.torch import save_file

    tensors = _load_shards(packed, "init")
    weights: dict[str, Any] = {}
    for name, tensor in tensors.items():
        if name.endswith(".int8"):
            base = name.removesuffix(".int8")
            weights[base] = tensor.float() * tensors[base + ".scale"]
        elif not name.endswith(".scale"):
            weights[name] = tensor.float()
    dest.mkdir(parents=True, exist_ok=True)
    save_file(weights, str(dest / "model.safetensors"))
    _copy(("config.json", *TOKENIZER_FILES), packed, dest)


def pack_trained(torch_dir: Path, dest: Path) -> list[str]:
    """What a `--freeze-embeddings` run changed: every tensor but the word embeddings, float16."""
    from safetensors.torch import load_file

    weights = load_file(str(torch_dir / "model.safetensors"))
    kept = {name: tensor.half() for name, tensor in weights.items() if not name.endswith(WORDS)}
    names = _save_shards(kept, dest, "trained")
    _copy(("training.json",), torch_dir.parent, dest)
    return names


def assemble(delta: Path, out: Path, base: Path | None = None) -> Path:
    """`pack_trained`'s tensors on the float32 word embeddings of `base` (the packaged model),
    saved as `out/torch` (the layout `train_judge.export` reads)."""
    from safetensors import safe_open
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

    packaged = base or _packaged()
    trained = {name: tensor.float() for name, tensor in _load_shards(delta, "trained").items()}
    with safe_open(str(packaged / "model.safetensors"), framework="pt") as weights:  # that one tensor only
        trained["bert." + WORDS] = weights.get_tensor(WORDS)
    layers = 1 + max(int(name.split(".")[3]) for name in trained if ".encoder.layer." in name)
    config = AutoConfig.from_pretrained(packaged, num_labels=1, num_hidden_layers=layers)
    model = AutoModelForSequenceClassification.from_config(config)
    missing, unexpected = model.load_state_dict(trained, strict=False)
    if [m for m in missing if not m.endswith("position_ids")] or unexpected:
        raise ValueError(f"trained weights do not fit the judge: missing {missing}, unexpected {unexpected}")
    model.eval().save_pretrained(out / "torch")
    AutoTokenizer.from_pretrained(packaged).save_pretrained(out / "torch")
    _copy(("training.json",), delta, out)
    return out / "torch"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    pack = commands.add_parser("pack-init", help="the start weights, small enough for the link")
    pack.add_argument("dest", type=Path)
    unpack = commands.add_parser("unpack-init", help="float32 start weights for --init")
    unpack.add_argument("packed", type=Path)
    unpack.add_argument("dest", type=Path)
    trained = commands.add_parser("pack-trained", help="what a --freeze-embeddings run changed, float16")
    trained.add_argument("torch_dir", type=Path)
    trained.add_argument("dest", type=Path)
    build = commands.add_parser("assemble", help="trained tensors + packaged word embeddings, then ONNX int8")
    build.add_argument("delta", type=Path)
    build.add_argument("out", type=Path)
    build.add_argument("--max-length", type=int, default=128)
    args = parser.parse_args()
    if args.command == "pack-init":
        pack_init(args.dest)
    elif args.command == "unpack-init":
        unpack_init(args.packed, args.dest)
    elif args.command == "pack-trained":
        print(json.dumps(pack_trained(args.torch_dir, args.dest)))
    else:
        from .export_judge import export

        assemble(args.delta, args.out)
        print(export(args.out, args.max_length))


if __name__ == "__main__":
    main()
