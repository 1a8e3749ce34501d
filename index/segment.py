"""Cut article text into sentences with exact character offsets.

pysbd decides the boundaries; offsets are found in the original text, so every sentence is
`article.text[start:end]` and every quote is verbatim.
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
    block = text[start:end]
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
