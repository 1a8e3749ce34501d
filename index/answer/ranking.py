"""Ranking without I/O: fuse first-stage evidence into one score, collapse duplicate quotes.

Pure functions over plain values, so they are tested against brute-force references on
synthetic input (`tests/index/test_ranking.py`) with no model and no index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.records import StoredSentence

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class FusionWeights:
    """`cosine + lexical * coverage + lead (an article's first sentence)`."""

    lexical: float = 0.2
    lead: float = 0.03


def fuse(cosine: np.ndarray, coverage: np.ndarray, is_lead: np.ndarray, weights: FusionWeights) -> np.ndarray:
    """The first-stage score of each candidate.

    Both additions hold for news and encyclopedic prose: rare question words matter
    (coverage), and an article's first sentence states its subject (lead).
    """
    return cosine + weights.lexical * coverage + weights.lead * is_lead.astype(np.float32)


def order(scores: Sequence[float], ids: Sequence[int]) -> list[int]:
    """Indices of candidates, best score first; equal scores by sentence id (deterministic)."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], ids[i]))


_WORD_TOKEN = re.compile(r"\w+")
# "post and ." / "Perhaps unsurprisingly, .": a word was cut out before the full stop. Not any
# space before it: tokenized corpora (WikiQA) write "the east coast ." for every sentence.
_CUT_OUT = re.compile(r"(?:(?:^|\s)(?:and|or|the|of|to|a|an|for|with|by|in|on|at|from)\s+|,\s*)\.$", re.I)
_MIN_WORDS = 3


def is_fragment(text: str) -> bool:
    """A piece that cannot stand alone as a quote: it starts in the middle of a sentence
    ("made the most of a blistering start ..."), something was cut out of it ("post and ."),
    or it has fewer than three words ("Maybe.", "42,093", "ET Wednesday.").

    Such pieces stay in the index (they are shown as the context of their neighbours) but are
    never quoted as an answer of their own.
    """
    stripped = text.strip().lstrip("\"“‘'(")
    if stripped[:1].islower() or _CUT_OUT.search(stripped):
        return True
    return len(_WORD_TOKEN.findall(stripped)) < _MIN_WORDS


def dedupe_key(text: str) -> str:
    """Texts that differ only in case, spacing or punctuation are one quote."""
    return " ".join(_WORD.findall(text.casefold()))


def quote_key(sentence: StoredSentence) -> str:
    """Sentences with the same key are one quote: a near-duplicate group found at index time,
    else the same text up to case, spacing and punctuation."""
    return f"#{sentence.group}" if sentence.group is not None else dedupe_key(sentence.text)


Scored = tuple[float, StoredSentence]


def collapse(ranked: Sequence[Scored], k: int) -> list[list[Scored]]:
    """The best `k` distinct quotes, each with the lower-ranked copies of the same quote.

    `ranked` is best first. A group's first member is the quote; the others name the
    articles that also contain it. Ungrouped copies store the same tokens (bar case-folding
    corners like "ß"/"SS"), so once k quotes are kept only those candidates are compared.
    """
    groups: dict[str, list[Scored]] = {}
    kept_tokens: set[str] = set()
    for score, sentence in ranked:
        if len(groups) >= k and sentence.group is None and sentence.tokens not in kept_tokens:
            continue
        key = quote_key(sentence)
        if key in groups or len(groups) < k:
            groups.setdefault(key, []).append((score, sentence))
            kept_tokens.add(sentence.tokens)
    return list(groups.values())


POSITION_SCALE = 10.0  # sentences


def judged_keys(
    probabilities: np.ndarray, scores: np.ndarray, positions: np.ndarray, weight: float, position_weight: float
) -> np.ndarray:
    """The order key of judged candidates, higher first:
    `p + weight * first-stage score + position_weight * p * exp(-position / 10)`.

    Mixing in the first stage keeps what it gets right (WikiQA's definitional sentences) while
    the judge's probability `p` separates answers from mere topic matches. The position term is
    news writing's inverted pyramid: an article states its main facts in its first sentences
    and adds detail later, so of two sentences the judge believes alike, the earlier one more
    often answers. It scales with `p`, so it lifts what the judge already believes: a sentence
    the judge rejects gains little from coming early.
    """
    p = np.asarray(probabilities, dtype=np.float64)
    prior = np.exp(-np.asarray(positions, dtype=np.float64) / POSITION_SCALE)
    keys: np.ndarray = p + weight * np.asarray(scores, dtype=np.float64) + position_weight * p * prior
    return keys


def rejudge(
    ranked: Sequence[Scored], probabilities: Sequence[float], weight: float, position_weight: float = 0.0
) -> list[Scored]:
    """Re-order the judged head of `ranked` by `judged_keys`.

    `probabilities` belong to the first `len(probabilities)` candidates; the rest keep their
    first-stage order after them.
    """
    n = len(probabilities)
    head = list(ranked[:n])
    keys = judged_keys(
        np.array(probabilities),
        np.array([score for score, _ in head]),
        np.array([sentence.position for _, sentence in head]),
        weight,
        position_weight,
    ).tolist()
    by_key = sorted(range(n), key=lambda i: (-keys[i], head[i][1].id))
    return [head[i] for i in by_key] + list(ranked[n:])
