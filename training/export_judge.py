"""The trained judge as qabot ships it: an ONNX export, quantized to int8, with its tokenizer."""

from __future__ import annotations

import json
from pathlib import Path

QUANTIZATIONS = ("dynamic", "weights")


def quantize(fp32: Path, target: Path, how: str = "dynamic", block_size: int = 32) -> None:
    """An int8 copy of the exported network, at about a quarter of its size.

    "dynamic" (shipped): ONNX Runtime's `quantize_dynamic`: int8 weights with one scale per
    tensor, activations quantized per batch at run time (so a sentence's probability moves a
    little with what it is batched with). "weights" (tried, not shipped: training/EXPERIMENTS.md):
    every weight matrix as int8 in blocks of `block_size` values with one scale each (MatMulNBits,
    8 bits) and the word embeddings as int8, activations left in float: it scores like the float
    network, but answers took twice as long here."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    if how == "dynamic":
        # Per-tensor scales, chosen by measurement (README, quality section): per-channel kept 2 more
        # WikiQA first answers but let 5 more of 30 near-topic questions into the answer tier.
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
        return
    if how != "weights":
        raise ValueError(f"quantization {how!r}: expected one of {QUANTIZATIONS}")
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )

    embeddings = target.with_name(target.stem + "-embeddings.onnx")
    try:
        # Gather alone: the embedding table as int8, dequantized right after the lookup.
        quantize_dynamic(str(fp32), str(embeddings), weight_type=QuantType.QInt8, op_types_to_quantize=["Gather"])
        config = DefaultWeightOnlyQuantConfig(block_size=block_size, is_symmetric=True, bits=8)
        quantizer = MatMulNBitsQuantizer(onnx.load(str(embeddings)), algo_config=config)
        quantizer.process()
        quantizer.model.save_model_to_file(str(target), use_external_data_format=False)
    finally:
        embeddings.unlink(missing_ok=True)


def export(out: Path, max_length: int = 128, context: str = "", quantization: str = "dynamic") -> Path:
    """ONNX export of out/torch, then int8 (`quantize`): out/model.onnx + tokenizer.
    `context` "before": the judge was trained to read the sentence before too (judge.json says so)."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model = AutoModelForSequenceClassification.from_pretrained(out / "torch").eval()
    tokenizer = AutoTokenizer.from_pretrained(out / "torch")
    sample = tokenizer(["who?"], ["a sentence."], return_tensors="pt")
    fp32 = out / "model-fp32.onnx"
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    with torch.no_grad():
        torch.onnx.export(
            model,
            (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(fp32),
            input_names=names,
            output_names=["logits"],
            dynamic_axes={**axes, "logits": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    int8 = out / "model.onnx"
    quantize(fp32, int8, quantization)
    tokenizer.save_pretrained(out)
    config: dict[str, object] = {"format": 1, "max_length": max_length, "name": "qabot-judge-minilm-l6-int8"}
    if context:
        config["context"] = context
    (out / "judge.json").write_text(json.dumps(config))
    return int8
