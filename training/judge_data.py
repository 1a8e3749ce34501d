"""Training pairs for the answer judge, built from the permissively licensed sets in shared/train.

Each pair is (question, sentence, title, label): label 1 when the sentence answers the
question, 0 when it does not. Negatives look like the bot's failures: other sentences of the
same passage, SQuAD 2.0's plausible-answer sentences of unanswerable questions, Adversarial
SQuAD's distractor sentences (written to share the question's words without answering it),
a sentence of another passage, and, when an encoder is given, the sentence of another article
that the bot's own first stage ranks highest for the question (`mined_negatives`: the search is
corpus-wide, so its top candidates from other articles are the near misses the judge must
reject). Passages are split with the project's own segmenter, so the judge sees sentences cut
exactly as the index cuts them.

Never reads shared/eval: the evaluation sets stay out of training.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.encode.encoder import Encoder
from index.ingest.segment import split_sentences

SQUAD_SETS = (
    "squad2_train_prefix/train-v2.0.json.gz",
    "squad2_dev_half_cs224n/dev-v2.0.json.gz",
    "xquad_en/xquad.en.json.gz",
    "squadshifts_new_wiki/new_wiki_v1.0.json.gz",
)
ADVERSARIAL_SETS = (
    "adversarial_squad/sample1k-HCVerifyAll.json.gz",
    "adversarial_squad/sample1k-HCVerifySample.json.gz",
)
QED_SHARDS = tuple(f"qed/nq-train-0{i}-qed.jsonlines.gz" for i in range(6))
SELQA_SETS = ("selqa_ass/selqa-ass-dev.json.gz", "selqa_ass/selqa-ass-test.json.gz")
# WikiQA-dev gold sentences that also occur in training passages (shared/train/README.md):
# passages holding them are dropped, to be strict about leakage.
LEAKED = (
    "Using this binding mechanism, an antibody can tag a microbe",
    "The total number of voting representatives is fixed by law at 435.",
    "It is the county seat of Duval County",
)


@dataclass(frozen=True, slots=True)
class Pair:
    question: str
    sentence: str
    title: str
    label: float  # 1 answers, 0 does not; in distillation the target probability (`training.distil`)
    origin: str
    before: str = ""  # the sentence before in its passage, "" for the first
    teacher: float | None = None  # the teacher's logit, when distilling


@dataclass(slots=True)
class Passage:
    title: str
    sentences: list[str]
    spans: list[tuple[int, int]]

    def index_at(self, offset: int) -> int | None:
        for i, (start, end) in enumerate(self.spans):
            if start <= offset < end:
                return i
        return None


def _load_json(path: Path) -> Any:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _passage(title: str, context: str) -> Passage:
    spans = split_sentences(context)
    return Passage(title.replace("_", " "), [context[s:e] for s, e in spans], spans)


def _leaks(text: str) -> bool:
    return any(leak in text for leak in LEAKED)


def _before(sentences: list[str], i: int) -> str:
    return sentences[i - 1] if i > 0 else ""


def _squad_pairs(data: Any, origin: str, rng: random.Random, negatives: int) -> Iterator[Pair]:
    for article in data["data"]:
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            if _leaks(context):
                continue
            passage = _passage(article.get("title", ""), context)
            if len(passage.sentences) < 2:
                continue
            for qa in paragraph["qas"]:
                question = qa["question"].strip()
                answers = qa.get("answers") or []
                found = {passage.index_at(a["answer_start"]) for a in answers}
                gold = {i for i in found if i is not None}
                if qa.get("is_impossible"):
                    gold = set()
                    for plausible in qa.get("plausible_answers") or []:
                        i = passage.index_at(plausible["answer_start"])
                        if i is not None:
                            before = _before(passage.sentences, i)
                            yield Pair(question, passage.sentences[i], passage.title, 0, origin + ":plausible", before)
                elif len(gold) != 1:
                    continue  # no answer sentence found, or answers disagree on it
                for i in gold:
                    yield Pair(question, passage.sentences[i], passage.title, 1, origin, _before(passage.sentences, i))
                others = [i for i in range(len(passage.sentences)) if i not in gold]
                for i in rng.sample(others, min(negatives, len(others))):
                    before = _before(passage.sentences, i)
                    yield Pair(question, passage.sentences[i], passage.title, 0, origin + ":passage", before)


def _lead_pairs(data: Any, origin: str) -> Iterator[Pair]:
    """The article's first sentence for each question of its later paragraphs, when it does not
    hold the answer: a lead sums up the topic without answering most questions about it, which is
    the near miss a news corpus is full of (every article has a lead)."""
    for article in data["data"]:
        paragraphs = article["paragraphs"]
        if len(paragraphs) < 2 or _leaks(paragraphs[0]["context"]):
            continue
        first = _passage(article.get("title", ""), paragraphs[0]["context"])
        if not first.sentences:
            continue
        lead = first.sentences[0]
        for paragraph in paragraphs[1:]:
            for qa in paragraph["qas"]:
                answers = [a["text"] for a in qa.get("answers") or []]
                if qa.get("is_impossible") or not answers or any(a in lead for a in answers):
                    continue
                yield Pair(qa["question"].strip(), lead, first.title, 0, origin + ":lead")


def _adversarial_pairs(data: Any, origin: str) -> Iterator[Pair]:
    """The appended distractor sentence of each adversarial paragraph, as a hard negative."""
    originals: dict[str, str] = {}
    adversarial: list[tuple[str, str, str]] = []
    for article in data["data"]:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                if "-" in qa["id"]:
                    adversarial.append((qa["id"][:24], qa["question"].strip(), paragraph["context"]))
                else:
                    originals[qa["id"]] = paragraph["context"]
    for original_id, question, context in adversarial:
        original = originals.get(original_id)
        if original is None or not context.startswith(original) or _leaks(context):
            continue
        distractor = context[len(original) :].strip()
        if distractor:
            last = split_sentences(original)[-1:]  # the distractor follows the paragraph's last sentence
            before = original[last[0][0] : last[0][1]] if last else ""
            yield Pair(question, distractor, "", 0, origin + ":distractor", before)


def _qed_pairs(path: Path, rng: random.Random, negatives: int) -> Iterator[Pair]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            example = json.loads(line)
            if example.get("answer_type") != "single_sentence":
                continue  # "multi_sentence" is not a clean negative (see the data README)
            text = example["paragraph_text"]
            if _leaks(text):
                continue
            starts = example["sentence_starts"] + [len(text)]
            sentences = [text[starts[i] : starts[i + 1]].strip() for i in range(len(starts) - 1)]
            bridge = example.get("answer_bridge_span") or []
            anchor = bridge[0] if bridge and bridge[0] >= 0 else example["answer_spans"][0][0]
            before = [i for i in range(len(starts) - 1) if starts[i] <= anchor]
            if anchor < 0 or not before:
                continue
            gold = before[-1]
            question = example["question_text"].strip() + "?"
            title = example.get("title_text", "")
            yield Pair(question, sentences[gold], title, 1, "qed", _before(sentences, gold))
            others = [i for i in range(len(sentences)) if i != gold and sentences[i]]
            for i in rng.sample(others, min(negatives, len(others))):
                yield Pair(question, sentences[i], title, 0, "qed:passage", _before(sentences, i))


def _selqa_pairs(data: Any, rng: random.Random, negatives: int) -> Iterator[Pair]:
    for item in data:
        candidates = item["candidates"]
        gold = set(item["answers"])
        title = item.get("article", "")
        for i in gold:
            yield Pair(item["question"].strip(), candidates[i], title, 1, "selqa", _before(candidates, i))
        others = [i for i in range(len(candidates)) if i not in gold]
        for i in rng.sample(others, min(negatives, len(others))):
            yield Pair(item["question"].strip(), candidates[i], title, 0, "selqa:passage", _before(candidates, i))


def mined_negatives(pairs: list[Pair], encoder: Encoder, depth: int = 10) -> list[Pair]:
    """For each answered question, the sentence of another article its first stage (`encoder`,
    cosine over every training sentence) ranks highest: a negative from the corpus-wide search.

    Another article, not only another passage: the sets overlap (XQuAD is part of SQuAD's dev
    set), so a sentence of the same article may well answer the question too."""
    import faiss  # the index's own dependency

    sentences: dict[str, tuple[str, str]] = {}  # text: (title, the sentence before)
    for pair in pairs:
        sentences.setdefault(pair.sentence, (pair.title, pair.before))
    texts = list(sentences)
    vectors = encoder.encode(texts).astype(np.float32)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    positives = [p for p in pairs if p.label == 1]
    _, found = index.search(encoder.encode([p.question for p in positives]).astype(np.float32), depth)
    mined: list[Pair] = []
    for pair, row in zip(positives, found, strict=True):
        for i in row:
            text = texts[i]
            title, before = sentences[text]
            if i >= 0 and text != pair.sentence and title != pair.title and not _leaks(text):
                mined.append(Pair(pair.question, text, title, 0, "mined", before))
                break
    return mined


@dataclass(frozen=True)
class TrainingData:
    """Which pairs a training run reads from `folder` (../shared/train), as every trainer takes it.

    `only`: the sets whose folder name starts with it (for example "xquad", in tests); `limit`:
    a random subset of that many pairs (the CPU smoke path); with `limit`, `favour` keeps every
    pair of the sets whose folder name starts with one of its prefixes ("qed", "selqa": questions
    written as searches) and fills the rest at random; `seed` draws and shuffles them.
    """

    folder: Path
    only: str | None = None
    limit: int | None = None
    favour: tuple[str, ...] = ()
    seed: int = 13


def build_pairs(
    data: TrainingData, negatives: int = 3, encoder: Encoder | None = None, leads: bool = False
) -> list[Pair]:
    """All training pairs `data` names, shuffled; `negatives` other sentences of the passage per
    question, `encoder` adds `mined_negatives`, `leads` adds `_lead_pairs`."""
    train_dir, only, limit, favour = data.folder, data.only, data.limit, data.favour
    rng = random.Random(data.seed)
    pairs: list[Pair] = []

    def wanted(name: str) -> bool:
        return only is None or name.startswith(only)

    lead_pairs: list[Pair] = []
    for name in filter(wanted, SQUAD_SETS):
        data = _load_json(train_dir / name)
        pairs.extend(_squad_pairs(data, name.split("/")[0], rng, negatives))
        if leads:
            lead_pairs.extend(_lead_pairs(data, name.split("/")[0]))
    for name in filter(wanted, ADVERSARIAL_SETS):
        pairs.extend(_adversarial_pairs(_load_json(train_dir / name), "adversarial_squad"))
    for name in filter(wanted, QED_SHARDS):
        pairs.extend(_qed_pairs(train_dir / name, rng, negatives))
    for name in filter(wanted, SELQA_SETS):
        pairs.extend(_selqa_pairs(_load_json(train_dir / name), rng, negatives))
    # A sentence of another passage, for every second question: off-topic must score low too.
    positives = [p for p in pairs if p.label == 1]
    pool = [p for p in pairs if p.label == 0 and p.origin.endswith(":passage")]
    for p in positives[::2] if pool else []:
        other = rng.choice(pool)
        if other.title != p.title:
            pairs.append(Pair(p.question, other.sentence, other.title, 0, "random", other.before))
    if encoder is not None:
        pairs.extend(mined_negatives(pairs, encoder))
    pairs.extend(lead_pairs)  # after the others, so that without `leads` the pairs stay as they were
    rng.shuffle(pairs)
    if limit and favour:
        first = [p for p in pairs if p.origin.startswith(favour)]
        pairs = (first + [p for p in pairs if not p.origin.startswith(favour)])[:limit]
        rng.shuffle(pairs)
    return pairs[:limit] if limit else pairs
