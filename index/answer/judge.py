"""The answer judge: a cross-encoder that gives the probability that a sentence answers a question.

The first stage (bi-encoder + lexical fusion) finds sentences about the question's topic; the
judge reads the question and each candidate together and tells "answers it" from "is about
it". The shipped model is trained by `training/train_judge.py` from the packaged
all-MiniLM-L6-v2 weights (see `index/models/judge/MODEL_CARD.md`) and runs on ONNX Runtime,
int8, with the Rust `tokenizers`: no torch on this path.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.errors import JudgeUnavailable

PACKAGED_JUDGE = Path(__file__).resolve().parents[1] / "models" / "judge"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
CONFIG_FILE = "judge.json"


CONTEXT_SEPARATOR = " [SEP] "


def judge_pair_text(sentence: str, title: str = "", before: str = "") -> str:
    """The second text the judge reads: the sentence, led by its article's title when known, and
    for a judge trained with context (`Judge.context == "before"`), followed by the sentence before
    it in its article ("He said …" needs the "he"). The sentence comes first, so that truncation
    at `max_length` cuts the context, never the sentence.

    Used identically at training and at answer time.
    """
    text = f"{title}: {sentence}" if title else sentence
    return text + CONTEXT_SEPARATOR + before if before else text


def resolve_judge(setting: str) -> Path | None:
    """The judge folder a `judge` setting names: "" the packaged one, "none" no judge."""
    if setting.strip().lower() == "none":
        return None
    return Path(setting) if setting.strip() else PACKAGED_JUDGE


class Judge:
    """Scores (question, sentence) pairs; thread-safe, loads its model on first use."""

    def __init__(self, folder: Path, threads: int = 2) -> None:
        self.folder = folder
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._question_tokenizer: Any = None
        self._lock = threading.Lock()
        try:
            config = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise JudgeUnavailable(
                f"no answer judge in {folder} ({exc}); set judge = none to answer without it"
            ) from None
        self.calibration = Calibration(**config.get("calibration", {}).get("platt", {}))
        self.max_length = int(config.get("max_length", 128))
        self.name = str(config.get("name", folder.name))
        self.context = str(config.get("context", ""))  # "before": it reads the sentence before too

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                import onnxruntime
                from tokenizers import Tokenizer

                try:
                    tokenizer = Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
                    options = onnxruntime.SessionOptions()
                    options.intra_op_num_threads = self.threads
                    options.inter_op_num_threads = 1
                    # Threads that sleep between operations: two search threads judging at once
                    # would otherwise spin against each other (docs/performance.md, 2026-12-07).
                    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                    session = onnxruntime.InferenceSession(
                        str(self.folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
                    )
                except Exception as exc:
                    raise JudgeUnavailable(f"cannot load the answer judge in {self.folder}: {exc}") from None
                tokenizer.enable_truncation(self.max_length, strategy="only_second")
                tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
                self._question_tokenizer = Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
                self._question_tokenizer.no_truncation()
                self._question_tokenizer.no_padding()
                self._tokenizer, self._session = tokenizer, session
        return self._session, self._tokenizer

    def logits(self, question: str, texts: Sequence[str]) -> np.ndarray:
        """One logit per text: log-odds that it answers `question`."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        session, tokenizer = self._load()
        question = self._fit_question(question)
        encodings = tokenizer.encode_batch([(question, text) for text in texts])
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        (logits,) = session.run(["logits"], feeds)
        scores: np.ndarray = np.asarray(logits, dtype=np.float32).reshape(-1)
        return scores

    def _fit_question(self, question: str) -> str:
        """The question cut to at most half the judge's tokens, so the sentence keeps the rest.

        The pair is truncated on the sentence's side only; a question that filled the window
        would leave the sentence nothing (the tokenizer refuses that). A question of ordinary
        length (under `max_length // 2 - 2` tokens, 62 for the shipped judge) is unchanged.
        """
        budget = self.max_length // 2 - 2
        encoding = self._question_tokenizer.encode(question, add_special_tokens=False)
        if len(encoding.ids) <= budget:
            return question
        return question[: encoding.offsets[budget - 1][1]]

    def probabilities(self, question: str, texts: Sequence[str]) -> np.ndarray:
        """P(text answers question) for each text."""
        return sigmoid(self.logits(question, texts))


@dataclass(frozen=True, slots=True)
class Calibration:
    """Platt scaling of the judge's logit, so that its probability means what it says: of the
    sentences it gives 0.7, about 7 in 10 answer. `p = sigmoid(scale * logit + shift)`, fitted on
    one half of the dev sets and checked on the other (`python -m benchmarks.judge --calibrate`,
    which writes it into `judge.json`); the identity for a judge without one."""

    scale: float = 1.0
    shift: float = 0.0

    def __call__(self, probability: float) -> float:
        """The calibrated probability of a raw one (the judge orders by the raw one, as tuned)."""
        clipped = min(max(probability, 1e-7), 1 - 1e-7)
        logit = float(np.log(clipped / (1 - clipped)))
        return float(sigmoid(np.array(self.scale * logit + self.shift)))

    def raw(self, calibrated: float) -> float:
        """The judge's own probability behind a calibrated one (the inverse of calling it)."""
        clipped = min(max(calibrated, 1e-7), 1 - 1e-7)
        logit = (float(np.log(clipped / (1 - clipped))) - self.shift) / self.scale
        return float(sigmoid(np.array(logit)))


def sigmoid(x: np.ndarray) -> np.ndarray:
    result: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))
    return result
