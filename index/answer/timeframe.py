"""A question that names a year asks about that year: an article that never speaks of it does not answer.

"Who won the 2019 Rugby World Cup?" over a news corpus of 2004 finds the sentence about the 2003
final; it is on the topic, and the judge (or the first-stage score) may call it an answer. It is
not one: nothing in its article is about 2019. A quote keeps its *answer* standing only when its
article, for every year the question names,

- is dated in that year (`published`: a date, "2005-03-14", or a range, "2004-2005"), or
- names the year somewhere in its title or text ("by 2019", "the 2019 final").

Otherwise the quote is shown as related reading. Measured on the dev sets before it was adopted
(README, "Questions about a year"): of the 24 answerable dev questions that name a year, the gold
sentence's article names it in 23. Article dates are read here for the whole library (`date_key`).
Pure functions: no model, no index.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# A year: 1800-2099 standing alone ("in 2019", "2019's"); not part of a figure ("2,019", "$2019", "2019.5").
_YEAR = re.compile(r"(?<![\w$£€])(?<!\d[.,])(1[89]\d\d|20\d\d)(?!\w|[.,]\d)")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\b")
_RANGE_END = re.compile(r"\d{4}\s*[-–/]\s*(\d{4})(?!\d)")  # "2004-2005"


def years_in(text: str) -> frozenset[int]:
    """The years a text names as years."""
    return frozenset(int(year) for year in _YEAR.findall(text))


def date_key(published: str | None) -> tuple[int, int, int] | None:
    """(year, month, day) of an ISO-style date ("2026-03-14", "2026-03", "2004-2005" is 2004)."""
    found = _DATE.match(published.strip()) if published else None
    if found is None:
        return None
    year, month, day = found.groups()
    return int(year), int(month or 0), int(day or 0)


def dated_years(published: str | None) -> range:
    """The years an article's date covers: "2005-03-14" is 2005, "2004-2005" 2004 and 2005; none when undated."""
    start = date_key(published)
    if published is None or start is None:
        return range(0)
    end = _RANGE_END.match(published.strip())
    last = int(end.group(1)) if end else start[0]
    return range(start[0], max(last, start[0]) + 1)


def in_timeframe(asked: Collection[int], published: str | None, named: Collection[int]) -> bool:
    """True when an article dated `published` that names the years `named` speaks of every year `asked`."""
    covered = dated_years(published)
    return all(year in covered or year in named for year in asked)
