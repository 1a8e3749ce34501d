"""Search one index version: first-stage candidates, the answer judge, duplicates, tiers.

    question -> encoder -> FAISS top `candidates` (+ BM25, opt-in) -> fused score (ranking.fuse)
             -> judge the top `judge_candidates` (judge.Judge; one call per question)
             -> re-order (ranking.rejudge) -> collapse duplicates (ranking.collapse)
             -> tier "answer" when the first quote's calibrated probability reaches
                answer_threshold and its first-stage score min_score; a question naming a year
                is answered only from an article dated in it or naming it (timeframe), one asking
                in a unit ("how many minutes") only by a sentence stating it (question); not an
                answer: tier "related" when some judged candidate's calibrated probability
                reaches related_threshold or the best first-stage score related_score, else
                "nothing"
             -> answering quotes whose figures disagree first, newest first (disagreement)

With `judge = none` the first stage decides alone: below min_score or related_score tier
"nothing", below first_stage_threshold tier "related", else "answer" (the year and unit rules hold
here too).

Single and batch questions share one implementation: `Engine.ask(q)` is
`Engine.ask_batch([q])[0]`, and one encoder call embeds a whole batch.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from index.answer.disagreement import disagreeing, newest_first
from index.answer.judge import Judge, judge_pair_text
from index.answer.question import asked_unit, is_definition_question, states_unit
from index.answer.ranking import FusionWeights, Scored, collapse, fuse, is_fragment, order, rejudge
from index.answer.timeframe import in_timeframe, years_in
from index.encode.encoder import Encoder
from index.errors import QuestionRejected
from index.records import Answer, ArticleRef, Result, StoredSentence
from index.store.catalog import text_hash
from index.store.lexical import tokenize
from index.store.snapshot import Snapshot
from index.store.versions import set_search_depth

log = logging.getLogger(__name__)

_HAS_WORD = re.compile(r"\w")
_LONE_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")  # not an escaped byte (U+DC80-U+DCFF)


def as_text(question: str) -> str:
    """The question as valid Unicode: undecodable bytes (which Python keeps as escaped lone
    surrogates, as in a command-line argument) and other lone surrogates become U+FFFD."""
    try:
        question.encode("utf-8")
    except UnicodeEncodeError:
        unescaped = _LONE_SURROGATE.sub("\ufffd", question)
        return unescaped.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return question


def check_question(question: str, max_chars: int) -> str:
    """Trim a question, or raise QuestionRejected when it has no words or is too long."""
    cleaned = " ".join(as_text(question).split())
    if not _HAS_WORD.search(cleaned):
        raise QuestionRejected("no_words")
    if len(cleaned) > max_chars:
        raise QuestionRejected("too_long", len(cleaned), max_chars)
    return cleaned


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """What the question path reads, passed in explicitly (`Settings.search()` builds it; each
    value's meaning, and the benchmark that chose it, is in `index/settings.py`)."""

    top_k: int
    candidates: int
    bm25_candidates: int
    lexical_weight: float
    lead_weight: float
    definition_lead_weight: float
    min_score: float
    related_score: float
    first_stage_threshold: float
    judge_candidates: int
    judge_weight: float
    position_weight: float
    answer_threshold: float
    related_threshold: float
    context_sentences: int
    nprobe: int
    max_question_chars: int


class Searcher:
    """Answers questions from one snapshot; thread-safe for concurrent reads."""

    def __init__(
        self, snapshot: Snapshot, encoder: Encoder, settings: SearchSettings, judge: Judge | None = None
    ) -> None:
        self.snapshot = snapshot
        self.encoder = encoder
        self.settings = settings
        self.judge = judge
        set_search_depth(snapshot.vectors, settings.nprobe)

    def search_batch(self, questions: Sequence[str], ks: Sequence[int | None]) -> list[Result | QuestionRejected]:
        """One encoder call for all questions; a rejected question does not fail the others."""
        outcomes: list[Result | QuestionRejected | None] = [None] * len(questions)
        accepted: list[tuple[int, str]] = []
        for i, question in enumerate(questions):
            try:
                accepted.append((i, check_question(question, self.settings.max_question_chars)))
            except QuestionRejected as exc:
                outcomes[i] = exc
        vectors = self.encoder.encode([q for _, q in accepted])
        for (i, question), vector in zip(accepted, vectors):
            outcomes[i] = self._answer(question, vector, ks[i] or self.settings.top_k)
        return [outcome for outcome in outcomes if outcome is not None]

    def _answer(self, question: str, vector: np.ndarray, k: int) -> Result:
        settings = self.settings
        ranked = self.candidates(question, vector)
        nothing = Result(question=question, abstained=True, answers=[], tier="nothing")
        if self.judge is None:  # the first stage decides: a cosine gate, then its thresholds
            if not ranked or ranked[0][0] < settings.min_score:
                return nothing
            groups = collapse(ranked, k)
            answers = self._answers(groups)
            answering = [a.score >= settings.first_stage_threshold for a in answers]
            related = ranked[0][0] >= settings.related_score
        else:  # the judge decides, by its calibrated probability
            if not ranked:
                return nothing
            refs = self.snapshot.catalog.article_refs(s.article_id for _, s in ranked)  # one read for both uses
            probabilities = self.judged(question, ranked, refs)
            reordered = rejudge(
                ranked,
                [probabilities[s.id] for _, s in ranked[: len(probabilities)]],
                settings.judge_weight,
                settings.position_weight,
            )
            groups = collapse(reordered, k)
            calibrated = {sid: self.judge.calibration(p) for sid, p in probabilities.items()}
            answers = self._answers(groups, calibrated, refs)
            # The first stage keeps one say: far off topic (below `min_score`), no quote is an answer.
            on_topic = ranked[0][0] >= settings.min_score
            answering = [on_topic and (a.answer_probability or 0.0) >= settings.answer_threshold for a in answers]
            # Related reading when the judge finds a candidate related, or the first stage scores one
            # as on the subject: "nothing" only when no candidate is even related.
            related = (
                max(calibrated.values(), default=0.0) >= settings.related_threshold
                or ranked[0][0] >= settings.related_score
            )
        answering = self._in_timeframe(question, answers, answering)
        unit = asked_unit(question)
        if unit is not None:  # "How many minutes …" is not answered by "15 to 20 hours a week"
            answering = [yes and states_unit(a.quote, unit) for a, yes in zip(answers, answering, strict=True)]
        if not answering[0]:
            if not related:  # no answer, and nothing close enough to read either
                return nothing
            return Result(question, True, answers, tier="related")
        answers, differ = _sources_differ(answers, [group[0][1] for group in groups], answering)
        return Result(question, False, answers, tier="answer", sources_differ=differ)

    def _in_timeframe(self, question: str, answers: list[Answer], answering: list[bool]) -> list[bool]:
        """An answer to a question naming a year only from an article dated in it or naming it."""
        asked = years_in(question)
        if not asked or not any(answering):
            return answering
        articles = [a.article.id for a, yes in zip(answers, answering) if yes]
        texts = self.snapshot.catalog.texts_naming(articles, [str(year) for year in asked])
        named = {article: years_in(" ".join(found)) for article, found in texts.items()}
        return [
            yes and in_timeframe(asked, a.article.published, named.get(a.article.id, frozenset()))
            for a, yes in zip(answers, answering)
        ]

    def judged(self, question: str, ranked: Sequence[Scored], refs: dict[str, ArticleRef]) -> dict[int, float]:
        """The judge's probability for each of the first `judge_candidates`, by sentence id.

        One judge call per question, never one for a batch's questions together: the judge's
        int8 activations are scaled over each call's input, so a question read beside others
        would score differently with different company (up to 0.038 in probability, measured;
        docs/performance.md), and one question must always get one reply."""
        if self.judge is None:
            return {}
        head = [sentence for _, sentence in ranked[: self.settings.judge_candidates]]
        texts = self.judge_texts(head, refs)
        return {s.id: float(p) for s, p in zip(head, self.judge.probabilities(question, texts))}

    def judge_texts(self, head: Sequence[StoredSentence], refs: dict[str, ArticleRef]) -> list[str]:
        """What the judge reads for each sentence: with its title, and the sentence before it
        when the judge was trained with that context (one catalog read for all)."""
        befores = [""] * len(head)
        if self.judge is not None and self.judge.context == "before":
            contexts = self.snapshot.catalog.contexts([(s.article_id, s.position) for s in head], 1)
            befores = [before[-1] if before else "" for before, _ in contexts]
        return [judge_pair_text(s.text, refs[s.article_id].title, b) for s, b in zip(head, befores, strict=True)]

    def candidates(self, question: str, vector: np.ndarray) -> list[Scored]:
        """First-stage candidates, best first, as (fused score, sentence)."""
        if self.snapshot.size == 0:
            return []
        settings = self.settings
        n = min(settings.candidates, self.snapshot.size)
        scores, ids = self.snapshot.vectors.search(vector[None, :], n)
        cosine = {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}
        query_tokens = tokenize([question])[0]
        for sid in self.snapshot.lexical.top(query_tokens, settings.bm25_candidates):
            if sid not in cosine:
                cosine[sid] = float(self.snapshot.vectors.reconstruct(sid) @ vector)
        rows = [
            row
            for row in self.snapshot.catalog.sentences(list(cosine))
            if _intact(row, cosine[row.id]) and not is_fragment(row.text)  # a fragment is never quoted alone
        ]
        lead = settings.definition_lead_weight if is_definition_question(question) else settings.lead_weight
        fused = fuse(
            np.array([cosine[row.id] for row in rows], dtype=np.float32),
            self.snapshot.lexical.coverage(query_tokens, [row.tokens.split() for row in rows]),
            np.array([row.position == 0 for row in rows]),
            FusionWeights(lexical=settings.lexical_weight, lead=lead),
        )
        scores_list = [float(score) for score in fused]
        return [(scores_list[i], rows[i]) for i in order(scores_list, [row.id for row in rows])]

    def _answers(
        self,
        groups: list[list[Scored]],
        probabilities: dict[int, float] | None = None,
        refs: dict[str, ArticleRef] | None = None,
    ) -> list[Answer]:
        """Each group's leader as an answer, with its context and the other articles holding it."""
        catalog = self.snapshot.catalog
        if refs is None:
            refs = catalog.article_refs(sentence.article_id for group in groups for _, sentence in group)
        leaders = [group[0][1] for group in groups]
        contexts = catalog.contexts([(s.article_id, s.position) for s in leaders], self.settings.context_sentences)
        answers = []
        for group, context in zip(groups, contexts):
            score, sentence = group[0]
            others: list[ArticleRef] = []
            for _, duplicate in group[1:]:
                ref = refs[duplicate.article_id]
                if ref != refs[sentence.article_id] and ref not in others:
                    others.append(ref)
            answer = _to_answer(sentence, score, refs[sentence.article_id], others, context)
            if probabilities is not None:
                # Beyond the judged head a candidate was not read by the judge: it counts as 0.
                answer = replace(answer, answer_probability=probabilities.get(sentence.id, 0.0))
            answers.append(answer)
        return answers

    def answer_for(self, sentence_id: int, score: float = 0.0) -> Answer | None:
        """Rebuild one answer by sentence id (buttons that outlive a restart use this)."""
        found = self.snapshot.catalog.sentences([sentence_id])
        if not found or not _intact(found[0], 0.0):
            return None
        sentence = found[0]
        ref = self.snapshot.catalog.article_refs([sentence.article_id])[sentence.article_id]
        context = self.snapshot.catalog.contexts(
            [(sentence.article_id, sentence.position)], self.settings.context_sentences
        )
        return _to_answer(sentence, score, ref, [], context[0])


def _sources_differ(
    answers: list[Answer], leaders: list[StoredSentence], answering: list[bool]
) -> tuple[list[Answer], int]:
    """Answers whose figures disagree first, newest first, and how many they are (0: none)."""
    n = answering.index(False) if False in answering else len(answering)  # the answering head
    head = leaders[:n]
    differ = disagreeing([s.text for s in head], [s.tokens for s in head], [s.article_id for s in head])
    if not differ:
        return answers, 0
    shown = newest_first(differ, [a.article.published for a in answers])
    return [answers[i] for i in shown] + [a for i, a in enumerate(answers) if i not in differ], len(differ)


def _intact(sentence: StoredSentence, cosine: float) -> bool:
    """Defence in depth: a sentence whose text no longer matches its fingerprint, or whose vector
    scores outside what normalized vectors can, is never quoted (the damage is logged)."""
    if text_hash(sentence.text) != sentence.text_hash or not -1.001 <= cosine <= 1.001:
        log.error("index damaged: sentence %d (%r, cosine %.3f) is not quoted; run `qabot index`", sentence.id,
                  sentence.text[:60], cosine)  # fmt: skip
        return False
    return True


def _to_answer(
    sentence: StoredSentence,
    score: float,
    ref: ArticleRef,
    also_in: list[ArticleRef],
    context: tuple[list[str], list[str]],
) -> Answer:
    return Answer(
        quote=sentence.text,
        score=score,
        sentence_index=sentence.position,
        attributed_to=sentence.attributed_to,
        context_before=context[0],
        context_after=context[1],
        article=ref,
        sentence_id=sentence.id,
        also_in=also_in,
    )
