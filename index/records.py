"""Plain records that flow through the pipeline: corpus -> sentences -> answers.

They carry data only; every step that produces or consumes them lives in its own module.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Tier = Literal["answer", "related", "nothing"]


@dataclass(frozen=True, slots=True)
class Article:
    """One article of the corpus, with the exact text its sentences are cut from."""

    id: str
    path: str
    title: str
    text: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Hash of text and metadata: a reindex re-embeds an article only when this changes."""
        meta = [self.title, self.source, self.url, self.published, self.author, self.extra]
        payload = json.dumps(meta, sort_keys=True, default=str) + "\x00" + self.text
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A corpus file (or one line of a `.jsonl`) that was not indexed, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of its article's text, with who the text says made the claim."""

    article_id: str
    position: int
    start: int
    end: int
    text: str
    attributed_to: str | None


@dataclass(frozen=True, slots=True)
class StoredSentence:
    """A sentence as the index stores it: its id, place, text, attribution, lexical tokens and, when
    it is one of several near-duplicates (`index/ingest/near_duplicates.py`), its group."""

    id: int
    article_id: str
    position: int
    text: str
    attributed_to: str | None
    tokens: str
    text_hash: str = ""
    group: int | None = None  # near-duplicates share the first sentence id of their group


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """The article metadata shown beside a quote.

    `id` is unique in the corpus: the file's path, or `path#id` for a line of a JSONL file
    (two files may both have an article "1"). `own_id` is the id the article gives itself.
    """

    id: str
    title: str
    source: str | None
    url: str | None
    published: str | None
    path: str

    @property
    def own_id(self) -> str:
        """The JSONL record's own `id` (or its line number), else the file's path."""
        prefix = f"{self.path}#"
        return self.id[len(prefix) :] if self.id.startswith(prefix) else self.id

    def to_dict(self) -> dict[str, Any]:
        """Public JSON: the article's own id, and the file it is in as `path`."""
        return {**asdict(self), "id": self.own_id}


@dataclass(frozen=True, slots=True)
class Answer:
    """One quoted sentence: verbatim corpus text, its score, its place and its attribution."""

    quote: str
    score: float
    sentence_index: int
    attributed_to: str | None
    context_before: list[str]
    context_after: list[str]
    article: ArticleRef
    sentence_id: int
    also_in: list[ArticleRef] = field(default_factory=list)
    answer_probability: float | None = None  # the judge's; None when the judge is off

    def citation(self, with_url: bool = True) -> str:
        """`according to X · "Title", sentence N · outlet · date · url`, as people cite a quote."""
        parts = [f"according to {self.attributed_to}"] if self.attributed_to else []
        parts.append(f'"{self.article.title}", sentence {self.sentence_index + 1}')
        extras = (self.article.source, self.article.published, self.article.url if with_url else None)
        parts.extend(part for part in extras if part)
        return " · ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape of `qabot ask --json` (keep it stable)."""
        data = asdict(self)
        data["article"] = self.article.to_dict()
        data["also_in"] = [ref.to_dict() for ref in self.also_in]
        data["score"] = round(self.score, 4)
        if self.answer_probability is not None:
            data["answer_probability"] = round(self.answer_probability, 4)
        return data


@dataclass(frozen=True, slots=True)
class Result:
    """The reply to one question, in one of three tiers.

    answer:  the first quotes answer the question;
    related: nothing answers it, but the quotes are on its topic (shown for reference only);
    nothing: nothing in the corpus is even on its topic (no quotes).

    `sources_differ` > 0: the first that many answers come from different articles and give
    different figures for the same thing, newest first where dated (`index/answer/disagreement.py`).
    """

    question: str
    abstained: bool
    answers: list[Answer]
    tier: Tier | None = None  # None: derived from `abstained` and `answers`
    sources_differ: int = 0  # the first N answers give different figures for the same thing

    def __post_init__(self) -> None:
        if self.tier is None:
            tier: Tier = "answer" if not self.abstained else "related" if self.answers else "nothing"
            object.__setattr__(self, "tier", tier)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "abstained": self.abstained,
            "tier": self.tier,
            "sources_differ": self.sources_differ,
            "answers": [answer.to_dict() for answer in self.answers],
        }
