"""Lexical evidence: a BM25 retriever (bm25s) and idf-weighted query-term coverage.

Dense embeddings of long sentences blur rare, decisive words ("missile", "Shaddadi"); BM25
finds sentences that contain them, and coverage measures how much of the question's
information a candidate sentence contains, in [0, 1].
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

IDS_FILE = "sentence_ids.npy"
DF_FILE = "document_frequency.json"


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


_WORD = re.compile(r"(?u)\b\w\w+\b")  # bm25s's own token pattern
STOP_WORDS = frozenset(STOPWORDS_EN_PLUS)


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    """Lower-cased, stop-word-free, stemmed words: what `bm25s.tokenize` yields for these
    options, without its per-call progress and vocabulary bookkeeping (0.3 ms a call)."""
    stem = _stemmer().stemWords
    return [stem([w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]) for text in texts]


class LexicalIndex:
    """BM25 over all sentences plus document frequencies, saved beside the vectors."""

    def __init__(self, retriever: bm25s.BM25 | None, sentence_ids: np.ndarray, df: dict[str, int]):
        self._retriever = retriever
        self._sentence_ids = sentence_ids
        self._df = df
        self._n_docs = max(len(sentence_ids), 1)

    @classmethod
    def build(cls, sentence_ids: Sequence[int], tokens: Sequence[list[str]], bm25: bool = False) -> LexicalIndex:
        """Document frequencies always; the BM25 retriever only when BM25 candidates are wanted."""
        df: dict[str, int] = {}
        for doc in tokens:
            for token in set(doc):
                df[token] = df.get(token, 0) + 1
        retriever = None
        if bm25 and any(tokens):
            retriever = bm25s.BM25()
            retriever.index(list(tokens), show_progress=False)
        return cls(retriever, np.asarray(sentence_ids, dtype=np.int64), df)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self._retriever is not None:
            self._retriever.save(str(folder), show_progress=False)
        np.save(folder / IDS_FILE, self._sentence_ids)
        (folder / DF_FILE).write_text(json.dumps(self._df), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        sentence_ids = np.load(folder / IDS_FILE)
        df = json.loads((folder / DF_FILE).read_text(encoding="utf-8"))
        retriever = None
        if (folder / "params.index.json").is_file():
            retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(retriever, sentence_ids, df)

    @property
    def size(self) -> int:
        """How many sentences the statistics cover."""
        return len(self._sentence_ids)

    def idf(self, token: str) -> float:
        """Smoothed inverse document frequency; unseen words weigh the most."""
        df = self._df.get(token, 0)
        return float(np.log(1.0 + (self._n_docs - df + 0.5) / (df + 0.5)))

    def top(self, query_tokens: list[str], k: int) -> list[int]:
        """Sentence ids of the best BM25 matches (empty when no query word is in the corpus,
        or when the index was built without BM25)."""
        known = [token for token in query_tokens if token in self._df]
        if self._retriever is None or not known or k <= 0:
            return []
        k = min(k, len(self._sentence_ids))
        docs, scores = self._retriever.retrieve([known], k=k, show_progress=False, n_threads=0)
        return [int(self._sentence_ids[d]) for d, s in zip(docs[0], scores[0]) if s > 0]

    def coverage(self, query_tokens: list[str], sentence_tokens: list[list[str]]) -> np.ndarray:
        """Share of the question's idf mass that each sentence contains, in [0, 1]."""
        weights = {token: self.idf(token) for token in set(query_tokens)}
        total = sum(weights.values())
        if total <= 0:
            return np.zeros(len(sentence_tokens), dtype=np.float32)
        found = [sum(weights[t] for t in weights.keys() & set(doc)) for doc in sentence_tokens]
        shares: np.ndarray = np.asarray(found, dtype=np.float32) / np.float32(total)
        return shares
