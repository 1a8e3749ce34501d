"""The pure ranking functions against brute-force references on synthetic input (no model)."""

from __future__ import annotations

import math
import random
import re
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.answer.ranking import (
    POSITION_SCALE,
    FusionWeights,
    collapse,
    dedupe_key,
    fuse,
    is_fragment,
    order,
    quote_key,
    rejudge,
)
from index.records import StoredSentence

WORDS = ["strike", "Strike", "base", "ISIS", "coalition", "Syria", "report", "ß", "SS"]


def sentence(i: int, text: str, group: int | None = None) -> StoredSentence:
    tokens = " ".join(sorted(w.casefold() for w in re.findall(r"\w+", text)))
    return StoredSentence(i, f"a{i % 4}", i % 7, text, None, tokens, group=group)


def reference_collapse(ranked: list[tuple[float, StoredSentence]], k: int) -> list[list[tuple[float, StoredSentence]]]:
    """The obvious quadratic version: walk the ranking, group equal keys, stop opening groups at k."""
    groups: list[list[tuple[float, StoredSentence]]] = []
    for score, s in ranked:
        for group in groups:
            if quote_key(group[0][1]) == quote_key(s):
                group.append((score, s))
                break
        else:
            if len(groups) < k:
                groups.append([(score, s)])
    return groups


texts = (
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)
    .map(" ".join)
    .map(lambda t: t + random.Random(t).choice(["", ".", "!", "  ", ","]))
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(texts, st.none() | st.integers(1, 3)), min_size=0, max_size=30),
    st.integers(min_value=1, max_value=6),
)
def test_collapse_matches_the_brute_force_reference(candidates: list[tuple[str, int | None]], k: int) -> None:
    # A group stands for near-duplicates found at index time; every copy of a grouped text is in it.
    group_of = {dedupe_key(text): group for text, group in candidates}
    ranked = [(1.0 - i / 100, sentence(i, text, group_of[dedupe_key(text)])) for i, (text, _) in enumerate(candidates)]
    assert collapse(ranked, k) == reference_collapse(ranked, k)


def test_collapse_keeps_the_best_copy_first_and_lists_the_others() -> None:
    ranked = [
        (0.9, sentence(1, "The strikes hit the base.")),
        (0.8, sentence(2, "A different sentence.")),
        (0.7, sentence(3, "the strikes  hit the base")),
    ]
    groups = collapse(ranked, 2)
    assert [[s.id for _, s in group] for group in groups] == [[1, 3], [2]]


def test_collapse_merges_a_near_duplicate_group_whatever_its_texts() -> None:
    ranked = [
        (0.9, sentence(1, "The team changed its tyres after the third lap.", group=1)),
        (0.8, sentence(2, "A different sentence.")),
        (0.7, sentence(3, "The team changed its tires after the third lap.", group=1)),
        (0.6, sentence(4, "Yet another sentence.")),
    ]
    groups = collapse(ranked, 2)
    assert [[s.id for _, s in group] for group in groups] == [[1, 3], [2]]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-1, 1), st.floats(0, 1), st.booleans()), min_size=0, max_size=40),
    st.floats(0, 1),
    st.floats(0, 0.5),
)
def test_fuse_and_order_match_a_loop(rows: list[tuple[float, float, bool]], lexical: float, lead: float) -> None:
    cosine = np.array([r[0] for r in rows], dtype=np.float32)
    coverage = np.array([r[1] for r in rows], dtype=np.float32)
    is_lead = np.array([r[2] for r in rows], dtype=bool)
    fused = fuse(cosine, coverage, is_lead, FusionWeights(lexical=lexical, lead=lead))
    expected = [
        np.float32(c) + np.float32(lexical) * np.float32(v) + np.float32(lead) * lead_flag for c, v, lead_flag in rows
    ]
    assert np.allclose(fused, np.array(expected, dtype=np.float32), atol=1e-6)
    scores = [float(x) for x in fused]
    ids = list(range(100, 100 + len(rows)))[::-1]
    ranked = order(scores, ids)
    assert ranked == sorted(range(len(rows)), key=lambda i: (-scores[i], ids[i]))
    assert all(scores[a] >= scores[b] for a, b in pairwise(ranked))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 1), st.floats(-1, 1), st.integers(0, 60)), min_size=0, max_size=12),
    st.integers(0, 12),
    st.floats(0, 4),
    st.floats(0, 1),
)
def test_rejudge_orders_the_judged_head_by_probability_score_and_position(
    rows: list[tuple[float, float, int]], judged: int, weight: float, position_weight: float
) -> None:
    ranked = [
        (score, StoredSentence(i, "a", position, f"s{i}", None, "")) for i, (_, score, position) in enumerate(rows)
    ]
    n = min(judged, len(rows))
    probabilities = [p for p, _, _ in rows[:n]]
    result = rejudge(ranked, probabilities, weight, position_weight)

    def key(i: int) -> float:
        p, score, position = rows[i]
        return p + weight * score + position_weight * p * math.exp(-position / POSITION_SCALE)

    expected = sorted(range(n), key=lambda i: (-key(i), i)) + list(range(n, len(rows)))
    assert [s.id for _, s in result] == expected  # the unjudged rest keeps its first-stage order


def test_of_two_sentences_the_judge_finds_alike_the_earlier_comes_first() -> None:
    lead = StoredSentence(1, "a", 0, "The bridge reopened on Monday.", None, "")
    later = StoredSentence(0, "a", 9, "On Monday the bridge reopened to traffic.", None, "")
    ranked = [(0.62, later), (0.60, lead)]
    assert [s.id for _, s in rejudge(ranked, [0.9, 0.9], 2.0)] == [0, 1]  # no position weight: the first stage decides
    assert [s.id for _, s in rejudge(ranked, [0.9, 0.9], 2.0, 0.8)] == [1, 0]  # news states its main facts first
    assert [s.id for _, s in rejudge(ranked, [0.95, 0.4], 2.0, 0.8)] == [0, 1]  # the judge's clear choice stands


def test_dedupe_key_ignores_case_spacing_and_punctuation_only() -> None:
    assert dedupe_key("The  strikes, hit!") == dedupe_key("the strikes hit")
    assert dedupe_key("The strikes hit") != dedupe_key("The strike hit")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("made the most of a blistering start to win the 400m title.", True),  # its subject was lost
        ("The harbour reopened, and post and .", True),  # something was cut out
        ("Perhaps unsurprisingly, .", True),
        ("Maybe.", True),
        ("42,093", True),
        ("ET Wednesday.", True),
        ("He was 75.", False),  # short, but a whole sentence
        ("The talks ended with the deadlock broken head-on.", False),
        ('"The bridge will reopen in May," said Ida Brandt.', False),
        ("The council approved the budget.", False),
        ("e-mail traffic doubled in a year, the report said.", True),  # lower case opens it: not alone
    ],
)
def test_is_fragment(text: str, fragment: bool) -> None:
    assert is_fragment(text) is fragment


def test_a_tokenized_sentence_is_not_a_fragment() -> None:
    """WikiQA-style text puts a space before every full stop: that alone cuts nothing out."""
    assert not is_fragment("Bolingbrook is a large village in the state of Illinois .")
