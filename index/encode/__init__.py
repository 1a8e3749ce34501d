"""Stage 2, sentences to vectors: the `Encoder` protocol, the embedder qabot ships (ONNX or
torch), the fine-tuned first stage, the embedding queue."""
