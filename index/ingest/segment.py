"""Cut article text into sentences with exact character offsets.

pysbd decides the boundaries; offsets are found in the original text, so every sentence is
`article.text[start:end]` and every quote is verbatim.

pysbd's time grows with the square of its input (a 64,000-character paragraph: 56 s), so it
never sees more than `WINDOW` characters at once: a long paragraph is read window by window,
each window restarting at the last sentence the previous one found, and a run with no
sentence boundary is cut at a word boundary every `LONGEST` characters. Time is then linear
in the text, whatever the text.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import pysbd

log = logging.getLogger(__name__)

# Blank lines always end a sentence (paragraphs, headings, list blocks).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_HAS_WORD = re.compile(r"\w")
# Without one of these (or a line break) pysbd finds no boundary: the window is one run.
_MAY_END_SENTENCE = re.compile(r"[.!?\u2026\u3002\uff01\uff1f\n]")
_END_OF_SENTENCE = re.compile(r"[.!?\u2026]['\"\u2019\u201d)]*(?=\s)")
# Closing marks at the start of a sentence: `"` or `’` before a space (an opening quote or an
# elision such as `’Tis` precedes a word), or `”`; with any more of them and closing brackets.
_CLOSING_QUOTES = re.compile(r"(?:[\"\u2019](?=\s|$)|\u201d)[\"\u201d\u2019)\]]*")
# A sentence end, its closing mark if any, space, then an opening mark and a capital.
_REOPENED_QUOTE = re.compile(r"(?<=[.!?])([\"\u201d\u2019]?)\s+(?=[\"\u201c][A-Z])")
# Quotation marks pysbd treats as a unit (it never cuts inside a quotation), and the test for
# a span that may hold more than one sentence inside one: an end of sentence, space, a capital.
_QUOTE_MARKS = '"\u201c\u201d'
_MASK = str.maketrans(dict.fromkeys(_QUOTE_MARKS, " "))
_INNER_END = re.compile(r"[.!?][\"\u201d\u2019]?\s+[A-Z]")
WINDOW = 2_000  # characters given to pysbd at once
LONGEST = 1_000  # a stored sentence is at most this long; longer runs are cut at a word boundary


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False, char_span=False)


def split_sentences(text: str, language: str = "en") -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of `text`, in order, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    block_start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        block_end = match.start() if match else len(text)
        spans.extend(_split_block(text, block_start, block_end, language))
        if match:
            block_start = match.end()
    return spans


def _split_block(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = start
    while position < end:
        stop = end if end - position <= WINDOW else _word_boundary(text, position, position + WINDOW)
        if _MAY_END_SENTENCE.search(text, position, stop):
            found = _pysbd_spans(text, position, stop, language)
        else:
            found = _trimmed(text, position, stop)
        if stop == end or len(found) < 2:
            spans.extend(found)
            position = stop
        else:  # the window's last sentence may go on past it: read it again in the next window
            spans.extend(found[:-1])
            position = found[-1][0]
    spans = [piece for span in _closing_quotes_attached(text, spans) for piece in _reopened_quotes_split(text, span)]
    spans = [piece for span in spans for piece in _quoted_sentences_split(text, span, language)]
    return [piece for span in spans for piece in _at_most_longest(text, span)]


def _reopened_quotes_split(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """`span` cut where a sentence ends and a quoted one begins (`… drop. "In the 20th …`).

    pysbd keeps such sentences together when the quotation marks of a paragraph do not pair
    up, as news prose has them (a quotation reopened without being closed): 1,554 such joins
    in bbc-news and newsqa-dev, each a new sentence in a sample read by hand.
    """
    start, end = span
    pieces: list[tuple[int, int]] = []
    for match in _REOPENED_QUOTE.finditer(text, start, end):
        if match.start() > start and match.end() < end:
            pieces.extend(_trimmed(text, start, match.end(1)))
            start = match.end()
    return pieces + _trimmed(text, start, end)


def _quoted_sentences_split(text: str, span: tuple[int, int], language: str) -> list[tuple[int, int]]:
    """`span` cut between the sentences of a quotation it holds (`"Our assets were seized. We want
    them back," he said.`).

    pysbd never cuts inside quotation marks, so a quotation of several sentences stayed one
    sentence (943 of bbc-news's 38,614). The span is segmented again with its quotation marks
    read as spaces (same length, so offsets hold), so pysbd's own rules (abbreviations,
    initials, decimals) decide; a cut is kept only where a piece ends with `.`, `!` or `?` and
    the next one starts with a capital. Each piece takes back the quotation marks that touch
    it, so the quote stays verbatim text of the article, marks included.
    """
    start, end = span
    if not any(mark in text[start:end] for mark in _QUOTE_MARKS) or not _INNER_END.search(text, start, end):
        return [span]
    masked = text[:end].translate(_MASK)
    pieces: list[tuple[int, int]] = []
    for found_start, found_end in _pysbd_spans(masked, start, end, language):
        piece_start, piece_end = found_start, found_end
        while piece_start > start and text[piece_start - 1] in _QUOTE_MARKS:
            piece_start -= 1
        while piece_end < end and text[piece_end] in _QUOTE_MARKS:
            piece_end += 1
        if pieces and not (_ends_sentence(text, pieces[-1]) and _starts_capital(text, piece_start)):
            pieces[-1] = (pieces[-1][0], piece_end)
        else:
            pieces.append((piece_start, piece_end))
    return pieces or [span]


def _ends_sentence(text: str, span: tuple[int, int]) -> bool:
    return text[span[0] : span[1]].rstrip(_QUOTE_MARKS + "'\u2019)").endswith((".", "!", "?"))


def _starts_capital(text: str, start: int) -> bool:
    head = text[start : start + 3].lstrip(_QUOTE_MARKS + "'\u2018(")
    return head[:1].isupper()


def _closing_quotes_attached(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A closing quotation mark belongs to the sentence it closes, not to the next one.

    pysbd cuts `…we will win." It is…` after the full stop, so the next sentence would start
    with `" It is…` (557 of the 37,073 sentences of bbc-news). A sentence that starts with `"`
    followed by a space, or with a curly closing mark, right after the previous sentence gives
    those marks back to it. Only the boundary moves: both stay verbatim text of the article.
    """
    fixed: list[tuple[int, int]] = []
    for start, end in spans:
        closing = _CLOSING_QUOTES.match(text, start, end)
        if fixed and closing and not text[fixed[-1][1] : start].strip():
            fixed[-1] = (fixed[-1][0], closing.end())
            rest = _trimmed(text, closing.end(), end)
            fixed.extend(rest)
            continue
        fixed.append((start, end))
    limits = [next_start for next_start, _ in fixed[1:]] + [len(text)] if fixed else []
    return [_with_touching_marks(text, span, limit) for span, limit in zip(fixed, limits, strict=True)]


def _with_touching_marks(text: str, span: tuple[int, int], limit: int) -> tuple[int, int]:
    """`span` with the quotation marks right after its last character, which pysbd leaves out of
    every sentence when one ends a paragraph whose marks do not pair up (`…activity."`)."""
    start, end = span
    while end < limit and text[end] in _QUOTE_MARKS:
        end += 1
    return start, end


def _word_boundary(text: str, start: int, limit: int) -> int:
    """The last whitespace before `limit` (after `start`), or `limit` itself if there is none."""
    space = max(text.rfind(" ", start + 1, limit), text.rfind("\n", start + 1, limit))
    return space if space > start else limit


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    piece = text[start:end]
    if not _HAS_WORD.search(piece):
        return []
    lead = len(piece) - len(piece.lstrip())
    return [(start + lead, start + len(piece.rstrip()))]


def _at_most_longest(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """`span`, cut where it is too long: after its last end of sentence, else at a word boundary."""
    start, end = span
    pieces: list[tuple[int, int]] = []
    while end - start > LONGEST:
        ends = [m.end() for m in _END_OF_SENTENCE.finditer(text, start + 1, start + LONGEST)]
        cut = ends[-1] if ends else _word_boundary(text, start, start + LONGEST)
        pieces.extend(_trimmed(text, start, cut))
        start = cut
    return pieces + _trimmed(text, start, end)


def _pysbd_spans(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    # pysbd reads the text between two double dashes as one unit, like a quotation, so
    # `A -- b. C. D -- e.` stayed one sentence (CNN's style: 23 such sentences of newsqa-dev
    # held several). Dashes never end a sentence: pysbd reads them as spaces, same length.
    block = text[start:end].replace("--", "  ")
    if not block.strip():
        return []
    spans: list[tuple[int, int]] = []
    cursor = 0
    # The processor's sentences, located here with `find`. `Segmenter.segment` would locate
    # them again with a new regular expression per sentence, each scanning the whole block:
    # half of segmentation time on news (newsqa-dev: 7.2 s -> 3.7 s, identical spans).
    for raw in _segmenter(language).processor(block).process():
        piece = raw.strip()
        if not piece:
            continue
        found = block.find(piece, cursor)
        if found < 0:
            # pysbd altered the text (it should not with clean=False): never quote a changed string.
            log.warning("sentence not found verbatim, skipped: %r", piece[:80])
            continue
        cursor = found + len(piece)
        if _HAS_WORD.search(piece):
            spans.append((start + found, start + cursor))
    return spans
