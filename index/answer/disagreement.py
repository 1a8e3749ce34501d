"""When sources differ: answering quotes from different articles that give different figures.

News updates its figures, and outlets disagree: a jobless rate of 5.4% in one report and 5.2%
in a later one. A reader shown only one of them cannot tell. Among a reply's answering quotes,
the first that states a figure is compared with each later one from another article:

- they are about the same thing when they share at least `MIN_SHARED` content words (the
  stemmed, stop-word-free tokens the index stores) and those make up at least `MIN_OVERLAP` of
  the shorter quote's;
- they differ when their figures differ (numbers as written, years 1900-2099 left out: "in
  2004" and "in 2005" date a claim, they do not contradict it).

Such quotes are shown first and together, newest first where their articles' dates are known,
and the reply says that sources differ. Pure functions: no model, no index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.answer.timeframe import date_key

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
MIN_SHARED = 3
MIN_OVERLAP = 0.6


def figures(text: str) -> frozenset[str]:
    """The numbers a sentence states, thousands separators dropped, years left out."""
    found = (number.replace(",", "") for number in _NUMBER.findall(text))
    return frozenset(n for n in found if not _YEAR.fullmatch(n))


def _content(tokens: str) -> set[str]:
    return {token for token in tokens.split() if not any(c.isdigit() for c in token)}


def disagreeing(texts: Sequence[str], tokens: Sequence[str], articles: Sequence[str]) -> list[int]:
    """Indices of the quotes that disagree, the first quote with a figure first; [] when none do.

    `texts`, `tokens` (space-separated stored tokens) and `articles` (article ids) describe the
    answering quotes in reply order.
    """
    stated = [figures(text) for text in texts]
    anchor = next((i for i, found in enumerate(stated) if found), None)
    if anchor is None:
        return []
    words = _content(tokens[anchor])
    differing = []
    for i in range(anchor + 1, len(texts)):
        if articles[i] == articles[anchor] or not stated[i] or stated[i] == stated[anchor]:
            continue
        other = _content(tokens[i])
        shared = len(words & other)
        if shared >= MIN_SHARED and shared >= MIN_OVERLAP * min(len(words), len(other)):
            differing.append(i)
    return [anchor, *differing] if differing else []


def newest_first(indices: Sequence[int], published: Sequence[str | None]) -> list[int]:
    """`indices` ordered by their date, newest first; undated ones after, in their given order."""
    dated = [i for i in indices if date_key(published[i]) is not None]
    undated = [i for i in indices if date_key(published[i]) is None]
    return sorted(dated, key=lambda i: date_key(published[i]) or (0, 0, 0), reverse=True) + undated
