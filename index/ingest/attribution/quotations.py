"""Quotations: where one opens and closes across sentences, blanking their words (a name inside a
quote is not its speaker), and sharing one speaker among the sentences of one quotation."""

from __future__ import annotations

import re

MARK = re.compile(r"[\"“”]")


_CLOSES = re.compile(r"(?:\s|$|[,.;:!?)])")


_MAX_QUOTATION_SENTENCES = 8  # longer runs are more likely a mark gone missing than one quotation


QUOTED = re.compile(r"[\"“][^\"“”]*(?:[\"”]|$)")


def quotation_state(sentence: str, inside: bool) -> tuple[bool, bool]:
    """(opens inside a quotation, ends inside one). A sentence without marks stays where the one
    before ended (`inside`). Otherwise its own marks decide: its first mark closes a quotation
    when it is `”` or a straight quote right after a word or punctuation and before a space
    ("…device," said); straight marks alternate from there. So one stray mark flips no more than
    the sentences up to the next mark."""
    marks = [(m.start(), m.group()) for m in MARK.finditer(sentence)]
    if not marks:
        return inside, inside
    first_at, first = marks[0]
    closing_first = first == "”" or (
        first == '"'
        and first_at > 0
        and not sentence[first_at - 1].isspace()
        and _CLOSES.match(sentence, first_at + 1) is not None
    )
    inside = closing_first
    for _, mark in marks:
        inside = mark == "“" or (mark == '"' and not inside)
    return closing_first, inside


def share_within_quotations(sources: list[str | None], quotes: list[tuple[bool, bool, bool]]) -> list[str | None]:
    """Sentences joined by one quotation (each ends inside it, the next opens inside it) take the
    speaker one of them names, when they name exactly one and the quotation ends: with a closing
    mark, or where the next sentence starts with an opening one (a quote that goes on into the
    next paragraph). A quotation that just stops is a mark gone missing, and shares nothing.
    `quotes`: (opens inside, ends inside, starts with a mark) per sentence."""
    result = list(sources)
    start = 0
    for index in range(1, len(quotes) + 1):
        if index < len(quotes) and quotes[index - 1][1] and quotes[index][0]:
            continue  # the quotation goes on into the next sentence
        run = range(start, index)
        closes = not quotes[index - 1][1]
        reopened = quotes[index - 1][1] and index < len(quotes) and quotes[index][2]
        named = {sources[i] for i in run if sources[i] is not None}
        if (closes or reopened) and 1 < len(run) <= _MAX_QUOTATION_SENTENCES and len(named) == 1:
            speaker = named.pop()
            for i in run:
                result[i] = speaker
        start = index
    return result


def blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def blank_quotation(quoted: re.Match[str]) -> str:
    """A quotation with its words blanked out and its marks kept: `"…," said X` still reads."""
    text = quoted.group(0)
    closes = text[-1] in {'"', "”"} and len(text) > 1
    return text[0] + " " * (len(text) - 1 - closes) + (text[-1] if closes else "")


def all_quotation(sentence: str) -> bool:
    """The sentence is a quotation from its first character to its last."""
    stripped = sentence.strip()
    return stripped[:1] in {'"', "“"} and not QUOTED.sub("", stripped).strip(" .,;:!?")
