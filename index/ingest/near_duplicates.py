"""Near-duplicate sentences: one sentence told twice with a spelling, spacing or punctuation variant.

News repeats itself across articles with small differences ("tyres" / "tires", "12 hours'" /
"12 hour's", "by3G" / "by 3G"). Such sentences are one quote, the others named in `also_in`,
not two answers filling two of the reply's places. They are found once per reindex, here, and
stored in the catalogue; a question only reads the stored groups.

Two sentences are near-duplicates when their words (case-folded, punctuation dropped, as
`ranking.dedupe_key`) align so that every difference is either

- the same characters split differently ("by3g" / "by 3g", "hours" / "hour s"), or
- one word spelled differently: one edit in a word of 4 to 7 letters, two from 8 letters,

with at most two differences, none touching a digit (a different figure is a different claim,
not a duplicate) and no word added or dropped (so "would resign" never merges with "would not
resign"). The alignment is rapidfuzz's word-level Levenshtein alignment.

Candidates are the sentences that share their first three or their last three words and
whose letters count within `_MAX_EDITS` of each other, so the cost grows with the corpus, not
with its square; the catalogue stores each sentence's two keys, so a reindex compares only its
new sentences, with the ones that share a key.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping

from rapidfuzz.distance import Levenshtein

_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_EDGE_WORDS = 3
_MAX_DIFFERENCES = 2
_MAX_EDITS = 4  # letters, over the whole sentence: a cheap bound before the word alignment
_MIN_WORDS = 5


def quote_keys(text: str) -> tuple[str, str]:
    """The candidate keys of a sentence, (its first three words, its last three); ("", "") under
    five words. Stored per sentence, so a reindex compares a new sentence only with those sharing one."""
    words = _WORD.findall(text.casefold())
    if len(words) < _MIN_WORDS:
        return "", ""
    return " ".join(words[:_EDGE_WORDS]), " ".join(words[-_EDGE_WORDS:])


def near_duplicate_groups(
    texts: Mapping[int, str], fresh: Collection[int] | None = None, known: Mapping[int, int] | None = None
) -> dict[int, int]:
    """Sentence id -> the smallest id of its group, for every sentence in a group of two or more.

    A full build passes every sentence. A reindex passes its new sentences (`fresh`) with the
    ones that share a candidate key with them, and the groups found before (`known`): only pairs
    with a fresh sentence are compared, and the known groups are kept and extended.
    """
    words = {sid: _WORD.findall(text.casefold()) for sid, text in texts.items()}
    groups = _Groups()
    for sid, first in (known or {}).items():
        groups.join(sid, first)
    is_fresh = (lambda sid: True) if fresh is None else set(fresh).__contains__
    # Identical word sequences are duplicates outright; only one of each is compared further.
    first_of: dict[tuple[str, ...], int] = {}
    for sid in sorted(words, key=lambda sid: (not is_fresh(sid), sid)):  # a fresh one stands for its copies
        key = tuple(words[sid])
        if len(key) >= _MIN_WORDS:
            groups.join(first_of.setdefault(key, sid), sid)
    for members in _candidate_buckets(first_of):
        for i, (size, letters, sid) in enumerate(members):
            for other_size, other_letters, other in members[i + 1 :]:
                if other_size - size > _MAX_EDITS:
                    break
                if (
                    (is_fresh(sid) or is_fresh(other))
                    and not groups.together(sid, other)
                    and Levenshtein.distance(letters, other_letters, score_cutoff=_MAX_EDITS) <= _MAX_EDITS
                    and same_sentence(words[sid], words[other])
                ):
                    groups.join(sid, other)
    kept = known or {}
    return {sid: first for sid, first in groups.firsts().items() if sid in texts or sid in kept}


def _candidate_buckets(first_of: Mapping[tuple[str, ...], int]) -> list[list[tuple[int, str, int]]]:
    """Sentences sharing their first or last words, each as (letter count, letters, id), sorted."""
    buckets: defaultdict[tuple[str, tuple[str, ...]], list[tuple[int, str, int]]] = defaultdict(list)
    for key, sid in first_of.items():
        letters = "".join(key)
        buckets["head", key[:_EDGE_WORDS]].append((len(letters), letters, sid))
        buckets["tail", key[-_EDGE_WORDS:]].append((len(letters), letters, sid))
    return [sorted(members) for members in buckets.values() if len(members) > 1]


class _Groups:
    """Union-find over sentence ids; a group is named by its smallest id."""

    def __init__(self) -> None:
        self._parent: dict[int, int] = {}

    def _root(self, sid: int) -> int:
        parent = self._parent
        while parent.get(sid, sid) != sid:
            parent[sid] = parent.get(parent[sid], parent[sid])  # path halving
            sid = parent[sid]
        return sid

    def join(self, a: int, b: int) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def together(self, a: int, b: int) -> bool:
        return self._root(a) == self._root(b)

    def firsts(self) -> dict[int, int]:
        """Every id joined to another -> its group's smallest id."""
        firsts = {sid: self._root(sid) for sid in list(self._parent)}
        return firsts | {first: first for first in set(firsts.values())}


def same_sentence(a: list[str], b: list[str]) -> bool:
    """Whether two word sequences differ only by the variants the module docstring allows."""
    differences = 0
    blocks = _differing_blocks(a, b)
    for a_words, b_words in blocks:
        a_text, b_text = "".join(a_words), "".join(b_words)
        if a_text == b_text:
            continue  # the same characters, split differently
        if _DIGIT.search(a_text) or _DIGIT.search(b_text) or len(a_words) != 1 or len(b_words) != 1:
            return False
        shorter = min(len(a_text), len(b_text))
        allowed = 0 if shorter < 4 else 1 if shorter < 8 else 2
        if Levenshtein.distance(a_text, b_text, score_cutoff=allowed) > allowed:
            return False
        differences += 1
    return len(blocks) <= _MAX_DIFFERENCES and differences <= _MAX_DIFFERENCES


def _differing_blocks(a: list[str], b: list[str]) -> list[tuple[list[str], list[str]]]:
    """The runs of words where `a` and `b` differ, adjacent edits merged into one run."""
    blocks: list[tuple[list[str], list[str]]] = []
    run: list[int] | None = None  # [a_start, a_end, b_start, b_end]
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            if run is not None:
                blocks.append((a[run[0] : run[1]], b[run[2] : run[3]]))
                run = None
            continue
        if run is None:
            run = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            run[1], run[3] = op.src_end, op.dest_end
    if run is not None:
        blocks.append((a[run[0] : run[1]], b[run[2] : run[3]]))
    return blocks
