"""Sentence segmenters compared on news paragraphs: qabot's pysbd pipeline against well-kept others.

Labelled sample: `benchmarks/segmentation_gold.jsonl`, 40 paragraphs of invented news written
for qabot, each with its sentences as a reader would cut them (abbreviations, initials,
decimals and currency, times, quotations and the sentences they close, lists, e-mail and web
addresses, a headline line without a full stop, an ellipsis). Written for this comparison,
before any segmenter was run on it.

Scores: precision, recall and F1 of the sentence boundaries inside each paragraph (a boundary
is where a sentence ends, whitespace aside), and the share of paragraphs cut exactly right.
Speed: characters per second over the first 300 bbc-news articles (from `../shared/eval`,
read, never stored), one process, after one warm-up article.

    pip install syntok sentencex blingfire sentence-splitter   # the candidates (not dependencies)
    python -m benchmarks.segmenters

pySBD's own "golden rules" are not included: they live in pySBD's test files, which this
repository does not copy.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from index.ingest.segment import split_sentences

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "benchmarks" / "segmentation_gold.jsonl"
BBC = REPO.parent / "shared" / "eval" / "bbc-news" / "articles.jsonl"

Segmenter = Callable[[str], list[str]]


def qabot_pysbd(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def candidates() -> dict[str, Segmenter]:
    found: dict[str, Segmenter] = {"qabot (pysbd, windowed)": qabot_pysbd}
    try:
        import syntok.segmenter as syntok

        def run_syntok(text: str) -> list[str]:
            return ["".join(str(token) for token in sentence) for para in syntok.analyze(text) for sentence in para]

        found["syntok 1.4"] = run_syntok
    except ImportError:
        pass
    try:
        import sentencex

        found["sentencex"] = lambda text: list(sentencex.segment("en", text))
    except ImportError:
        pass
    try:
        import blingfire

        found["blingfire"] = lambda text: blingfire.text_to_sentences(text).split("\n")
    except ImportError:
        pass
    try:
        from sentence_splitter import SentenceSplitter

        moses = SentenceSplitter(language="en")
        found["sentence-splitter (Moses rules)"] = moses.split
    except ImportError:
        pass
    return found


def boundaries(text: str, sentences: list[str]) -> set[int]:
    """Where each sentence but the last ends in `text`, whitespace aside (a piece not found in
    the text, as a segmenter that rewrites it would give, marks no boundary)."""
    ends, position = [], 0
    for sentence in sentences:
        piece = sentence.strip()
        found = text.find(piece, position) if piece else -1
        if found >= 0:
            position = found + len(piece)
            ends.append(position)
    return set(ends[:-1])


def score(segment: Segmenter, cases: list[dict[str, object]]) -> tuple[float, float, float, float, list[str]]:
    true_positive = predicted = expected = exact = 0
    wrong: list[str] = []
    for case in cases:
        text, gold = str(case["text"]), list(case["sentences"])  # type: ignore[call-overload]
        want, got = boundaries(text, gold), boundaries(text, segment(text))
        true_positive += len(want & got)
        predicted += len(got)
        expected += len(want)
        if want == got:
            exact += 1
        else:
            wrong.append(str(case["id"]))
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, exact / len(cases), wrong


def speed(segment: Segmenter, texts: list[str]) -> float:
    segment(texts[0])
    started = time.perf_counter()
    for text in texts:
        segment(text)
    return sum(len(t) for t in texts) / (time.perf_counter() - started)


def main() -> None:
    cases = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    texts: list[str] = []
    if BBC.exists():
        with BBC.open(encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for _, line in zip(range(300), lines)]
    print(f"{len(cases)} paragraphs, {sum(len(c['sentences']) for c in cases)} sentences")
    print("| segmenter | boundary P | R | F1 | paragraphs exact | chars/s (bbc-news) | paragraphs wrong |")
    print("|---|---|---|---|---|---|---|")
    for name, segment in candidates().items():
        precision, recall, f1, exact, wrong = score(segment, cases)
        rate = f"{speed(segment, texts):,.0f}" if texts else "-"
        print(f"| {name} | {precision:.3f} | {recall:.3f} | {f1:.3f} | {exact:.3f} | {rate} | {', '.join(wrong)} |")


if __name__ == "__main__":
    main()
