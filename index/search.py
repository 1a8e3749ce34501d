"""Search one index version: first-stage candidates, fused scores, duplicates, abstention.

    question -> encoder -> FAISS top `candidates` (+ BM25, opt-in) -> fused score (ranking.fuse)
             -> best first -> collapse duplicates (ranking.collapse) -> abstain below min_score

Single and batch questions share one implementation: `Engine.ask(q)` is
`Engine.ask_batch([q])[0]`, and one encoder call embeds a whole batch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .encoder import Encoder
from .errors import QuestionRejected
from .lexical import tokenize
from .question import is_definition_question
from .ranking import FusionWeights, Scored, collapse, fuse, order
from .records import Answer, ArticleRef, Result, StoredSentence
from .settings import Settings
from .snapshot import Snapshot
from .store import set_search_depth

_HAS_WORD = re.compile(r"\w")


def check_question(question: str, max_chars: int) -> str:
    """Trim a question, or raise QuestionRejected when it has no words or is too long."""
    cleaned = " ".join(question.split())
    if not _HAS_WORD.search(cleaned):
        raise QuestionRejected("no_words")
    if len(cleaned) > max_chars:
        raise QuestionRejected("too_long", len(cleaned), max_chars)
    return cleaned


class Searcher:
    """Answers questions from one snapshot; thread-safe for concurrent reads."""

    def __init__(self, snapshot: Snapshot, encoder: Encoder, settings: Settings) -> None:
        self.snapshot = snapshot
        self.encoder = encoder
        self.settings = settings
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
        groups = collapse(self.candidates(question, vector), k)
        answers = self._answers(groups)
        abstained = not answers or answers[0].score < self.settings.min_score
        return Result(question=question, abstained=abstained, answers=answers)

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
        rows = self.snapshot.catalog.sentences(list(cosine))
        lead = settings.definition_lead_weight if is_definition_question(question) else settings.lead_weight
        fused = fuse(
            np.array([cosine[row.id] for row in rows], dtype=np.float32),
            self.snapshot.lexical.coverage(query_tokens, [row.tokens.split() for row in rows]),
            np.array([row.position == 0 for row in rows]),
            FusionWeights(lexical=settings.lexical_weight, lead=lead),
        )
        scores_list = [float(score) for score in fused]
        return [(scores_list[i], rows[i]) for i in order(scores_list, [row.id for row in rows])]

    def _answers(self, groups: list[list[Scored]]) -> list[Answer]:
        """Each group's leader as an answer, with its context and the other articles holding it."""
        catalog = self.snapshot.catalog
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
            answers.append(_to_answer(sentence, score, refs[sentence.article_id], others, context))
        return answers

    def answer_for(self, sentence_id: int, score: float = 0.0) -> Answer | None:
        """Rebuild one answer by sentence id (buttons that outlive a restart use this)."""
        found = self.snapshot.catalog.sentences([sentence_id])
        if not found:
            return None
        sentence = found[0]
        ref = self.snapshot.catalog.article_refs([sentence.article_id])[sentence.article_id]
        context = self.snapshot.catalog.contexts(
            [(sentence.article_id, sentence.position)], self.settings.context_sentences
        )
        return _to_answer(sentence, score, ref, [], context[0])


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
