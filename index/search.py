"""Search one published index version: rank sentences, collapse duplicates, decide to abstain.

Ranking: candidates come from FAISS (meaning) and BM25 (rare words); each is scored
`cosine + lexical_weight * coverage`, where coverage is the idf-weighted share of the
question's words the sentence contains. Below `min_score` the reply abstains and offers the
closest sentences as related, not as an answer.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from . import store
from .embed import Embedder
from .lexical import LexicalIndex, tokenize
from .question import is_definition_question
from .records import Answer, ArticleRef, Result
from .settings import Settings


class QuestionRejected(ValueError):
    """The question cannot be searched; the message is a polite reply for the asker."""


def check_question(question: str, max_chars: int) -> str:
    """Trim a question, or refuse it politely when it is empty or too long."""
    cleaned = " ".join(question.split())
    if not re.search(r"\w", cleaned):
        raise QuestionRejected("Please ask a question in words, for example: who reported the strikes?")
    if len(cleaned) > max_chars:
        raise QuestionRejected(
            f"That question is {len(cleaned):,} characters long; please keep it under {max_chars:,}."
        )
    return cleaned


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article as `/sources` lists it."""

    ref: ArticleRef
    sentence_count: int
    indexed_at: float


class Snapshot:
    """One index version loaded for reading: vectors, metadata and lexical index."""

    def __init__(self, version: Path) -> None:
        self.version = version
        self.manifest = store.read_manifest(version)
        self.vectors: faiss.Index = store.read_vectors(version / store.VECTORS_FILE)
        self.db: sqlite3.Connection = store.connect(version / store.META_FILE, readonly=True)
        try:
            self.lexical = LexicalIndex.load(version / store.LEXICAL_DIR)
            self.db.execute("SELECT COUNT(*) FROM sentences").fetchone()
        except (OSError, ValueError, sqlite3.DatabaseError) as exc:
            self.db.close()
            raise store.IndexCorrupted(f"cannot read index files in {version}: {exc}") from None

    @property
    def size(self) -> int:
        return int(self.vectors.ntotal)

    def close(self) -> None:
        self.db.close()


class Searcher:
    """Answers questions from one snapshot; thread-safe for concurrent reads."""

    def __init__(self, snapshot: Snapshot, embedder: Embedder, settings: Settings) -> None:
        self.snapshot = snapshot
        self.embedder = embedder
        self.settings = settings
        store.set_search_depth(snapshot.vectors, settings.nprobe)

    def ask(self, question: str, k: int | None = None) -> Result:
        return self.ask_many([question], k)[0]

    def ask_many(self, questions: list[str], k: int | None = None) -> list[Result]:
        """Answer several questions with one embedding batch (raises the first QuestionRejected)."""
        results = self.answer_batch(questions, [k] * len(questions))
        for result in results:
            if isinstance(result, QuestionRejected):
                raise result
        return results  # type: ignore[return-value]

    def answer_batch(self, questions: list[str], ks: list[int | None]) -> list[Result | QuestionRejected]:
        """One embedding call for many questions; a refused question does not fail the others."""
        outcomes: list[Result | QuestionRejected | None] = [None] * len(questions)
        accepted: list[tuple[int, str]] = []
        for i, question in enumerate(questions):
            try:
                accepted.append((i, check_question(question, self.settings.max_question_chars)))
            except QuestionRejected as exc:
                outcomes[i] = exc
        vectors = self.embedder.encode([q for _, q in accepted])
        for (i, question), vector in zip(accepted, vectors):
            outcomes[i] = self._answer(question, vector, ks[i] or self.settings.top_k)
        return outcomes  # type: ignore[return-value]

    def _answer(self, question: str, vector: np.ndarray, k: int) -> Result:
        ranked = self.rank(question, vector)
        answers = self._collapse(ranked, k)
        abstained = not answers or answers[0].score < self.settings.min_score
        return Result(question=question, abstained=abstained, answers=answers)

    def rank(self, question: str, vector: np.ndarray) -> list[tuple[float, sqlite3.Row]]:
        """All candidates, best first, as (fused score, sentence row)."""
        if self.snapshot.size == 0:
            return []
        n = min(self.settings.candidates, self.snapshot.size)
        scores, ids = self.snapshot.vectors.search(vector[None, :], n)
        cosine = {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}
        query_tokens = tokenize([question])[0]
        for sid in self.snapshot.lexical.top(query_tokens, self.settings.bm25_candidates):
            if sid not in cosine:
                cosine[sid] = float(self.snapshot.vectors.reconstruct(sid) @ vector)
        rows = self._sentences(list(cosine))
        fused = self._score(question, query_tokens, rows, cosine)
        return sorted(zip(fused, rows), key=lambda pair: (-pair[0], pair[1]["id"]))

    def _score(
        self, question: str, query_tokens: list[str], rows: list[sqlite3.Row], cosine: dict[int, float]
    ) -> list[float]:
        """cosine + lexical_weight * coverage + a lead bonus for an article's first sentence.

        Both additions hold for news and encyclopedic prose: rare question words matter
        (coverage), and the first sentence of an article states its subject (lead), most of
        all what a definition question ("what is X?") asks for.
        """
        settings = self.settings
        lead = settings.definition_lead_weight if is_definition_question(question) else settings.lead_weight
        coverage = self.snapshot.lexical.coverage(query_tokens, [r["tokens"].split() for r in rows])
        return [
            cosine[r["id"]] + settings.lexical_weight * float(c) + lead * (r["position"] == 0)
            for r, c in zip(rows, coverage)
        ]

    def _collapse(self, ranked: list[tuple[float, sqlite3.Row]], k: int) -> list[Answer]:
        """Keep the best k distinct texts; the same sentence in other articles lists them too.

        Such texts (case, spacing, punctuation) store the same tokens, bar case-folding corners
        like "ß"/"SS", so once k texts are kept only candidates whose tokens match are compared.
        """
        groups: dict[str, list[tuple[float, sqlite3.Row]]] = {}
        kept_tokens: set[str] = set()
        for score, row in ranked:
            if len(groups) >= k and row["tokens"] not in kept_tokens:
                continue
            key = _dedupe_key(row["text"])
            if key in groups or len(groups) < k:
                groups.setdefault(key, []).append((score, row))
                kept_tokens.add(row["tokens"])
        article_ids = {row["article_id"] for group in groups.values() for _, row in group}
        refs = self._article_refs(article_ids)
        leaders = [group[0][1] for group in groups.values()]
        contexts = self._contexts([(row["article_id"], row["position"]) for row in leaders])
        answers = []
        for group, context in zip(groups.values(), contexts):
            score, row = group[0]
            others = []
            for _, dup in group[1:]:
                ref = refs[dup["article_id"]]
                if ref != refs[row["article_id"]] and ref not in others:
                    others.append(ref)
            answers.append(self._to_answer(row, score, refs[row["article_id"]], others, context))
        return answers

    def answer_for(self, sentence_id: int, score: float = 0.0) -> Answer | None:
        """Rebuild one answer by sentence id (buttons that outlive a restart use this)."""
        rows = self._sentences([sentence_id])
        if not rows:
            return None
        row = rows[0]
        ref = self._article_refs({row["article_id"]})[row["article_id"]]
        return self._to_answer(row, score, ref, [], self._contexts([(row["article_id"], row["position"])])[0])

    def articles(self) -> list[ArticleInfo]:
        rows = self.snapshot.db.execute(
            "SELECT id, title, source, url, published, path, sentence_count, indexed_at "
            "FROM articles ORDER BY title COLLATE NOCASE, id"
        ).fetchall()
        return [ArticleInfo(_ref(r), r["sentence_count"], r["indexed_at"]) for r in rows]

    def _to_answer(
        self,
        row: sqlite3.Row,
        score: float,
        ref: ArticleRef,
        also_in: list[ArticleRef],
        context: tuple[list[str], list[str]],
    ) -> Answer:
        return Answer(
            quote=row["text"],
            score=score,
            sentence_index=row["position"],
            attributed_to=row["attributed_to"],
            context_before=context[0],
            context_after=context[1],
            article=ref,
            sentence_id=row["id"],
            also_in=also_in,
        )

    def _contexts(self, places: list[tuple[str, int]]) -> list[tuple[list[str], list[str]]]:
        """The sentences before and after each (article, position), in one query for all."""
        n = self.settings.context_sentences
        if n == 0 or not places:
            return [([], []) for _ in places]
        where = " OR ".join(["(article_id = ? AND position BETWEEN ? AND ?)"] * len(places))
        params = [value for article_id, position in places for value in (article_id, position - n, position + n)]
        found = {
            (article_id, position): text
            for article_id, position, text in self.snapshot.db.execute(
                f"SELECT article_id, position, text FROM sentences WHERE {where}", params
            )
        }
        return [
            (
                [found[(a, p)] for p in range(position - n, position) if (a, p) in found],
                [found[(a, p)] for p in range(position + 1, position + n + 1) if (a, p) in found],
            )
            for a, position in places
        ]

    def _sentences(self, ids: list[int]) -> list[sqlite3.Row]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return self.snapshot.db.execute(
            f"SELECT id, article_id, position, text, attributed_to, tokens FROM sentences WHERE id IN ({marks})",
            ids,
        ).fetchall()

    def _article_refs(self, article_ids: set[str]) -> dict[str, ArticleRef]:
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        rows = self.snapshot.db.execute(
            f"SELECT id, title, source, url, published, path FROM articles WHERE id IN ({marks})",
            list(article_ids),
        ).fetchall()
        return {r["id"]: _ref(r) for r in rows}


def _ref(row: sqlite3.Row) -> ArticleRef:
    return ArticleRef(row["id"], row["title"], row["source"], row["url"], row["published"], row["path"])


def _dedupe_key(text: str) -> str:
    """Texts that differ only in case, spacing or punctuation are one quote."""
    return " ".join(re.findall(r"\w+", text.casefold()))

