"""Every exception the `index` library raises on purpose, under one base class.

    QabotError                  anything qabot raises on purpose
    ├── QuestionRejected        the question cannot be searched (empty, too long); `.reason`
    │                           says why, so each front end words its own reply
    ├── ReindexInProgress       another reindex holds the lock; this one is refused, not queued
    ├── IndexProblem            the index cannot serve
    │   ├── IndexMissing        nothing was ever built (and building was not asked for)
    │   ├── IndexCorrupted      a file of a version cannot be read; the message names it
    │   └── StoreUnavailable    the vector store (Milvus) cannot be reached or refused a call
    ├── JudgeUnavailable        the answer judge's model cannot be loaded (names its folder)
    ├── RecordsUnavailable      the records database (`database_url`) cannot be reached
    └── CorpusEditRefused       an article cannot be added to or removed from the corpus;
        │                       the message is the reason, and nothing was changed
        ├── FetchFailed         a link could not be fetched: refused address, timeout, 404,
        │                       not a page, too large
        └── AlreadyInCorpus     the same link or the same text is there; `.existing` is its id

Messages say what happened in plain words and, where it helps, what would have been valid.
`QuestionRejected.advice` is the one reply every front end gives the asker.
"""

from __future__ import annotations

from typing import Literal


class QabotError(Exception):
    """Base class of every exception qabot raises on purpose."""


class QuestionRejected(QabotError, ValueError):
    """The question cannot be searched.

    `reason` is "no_words" (nothing to search for) or "too_long" (`length` > `limit`).
    """

    def __init__(self, reason: Literal["no_words", "too_long"], length: int = 0, limit: int = 0) -> None:
        self.reason = reason
        self.length = length
        self.limit = limit
        if reason == "too_long":
            message = f"the question is {length:,} characters long; the limit is {limit:,}"
        else:
            message = "the question has no words to search for"
        super().__init__(message)

    @property
    def advice(self) -> str:
        """What to tell the asker, in the words every front end uses (the terminal, Discord)."""
        if self.reason == "too_long":
            return f"That question is {self.length:,} characters long; please keep it under {self.limit:,}."
        return "Please ask a question in words, for example: who reported the strikes?"


class ReindexInProgress(QabotError, RuntimeError):
    """Another reindex holds the lock; this one is refused rather than queued."""


class IndexProblem(QabotError, RuntimeError):
    """The index cannot serve questions."""


class IndexMissing(IndexProblem):
    """No index has been built yet (and building one was not asked for)."""


class IndexCorrupted(IndexProblem):
    """A file of an index version cannot be read; the message names it."""


class StoreUnavailable(IndexProblem):
    """The vector store (`store = "milvus"`) cannot be reached or refused a call; the message
    names the address. Nothing is set aside: the index is intact, its store is away."""


class JudgeUnavailable(QabotError, RuntimeError):
    """The answer judge's files are missing or unreadable; the message names the folder."""


class RecordsUnavailable(QabotError, RuntimeError):
    """The records database (`database_url`: the audit log, the feedback) cannot be reached."""


class CorpusEditRefused(QabotError, ValueError):
    """An article cannot be added or removed; the message says why, and nothing changed."""


class FetchFailed(CorpusEditRefused):
    """A link could not be fetched (refused address, timeout, HTTP error, not a page, too large)."""


class AlreadyInCorpus(CorpusEditRefused):
    """The same link or the same text is already in the corpus, as article `existing`."""

    def __init__(self, message: str, existing: str) -> None:
        super().__init__(message)
        self.existing = existing
