"""Readers' 👍 / 👎 on answers, kept so that a moderator can turn them into a regression set.

Each vote is stored with the question, the quoted sentences (ids and text, since ids change
when an article is reindexed), the reply's tier, the server, the time, and a hash of the
voter's id: the id itself is never stored. The hash is keyed with a random secret kept in the
same database, so it cannot be reversed by hashing every possible Discord id. One vote per
person per reply: a second click replaces the first.

`export` writes `qabot eval`'s question format: a 👍 makes the first quote the gold answer; a
👎 is written with no gold (the right reply might be "nothing answers this", or a sentence
the bot did not find) and `"feedback": "down"`, for a moderator to complete or drop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from index.corpus.logdb import BASE_SCOPE, LogDatabase, Transaction, log_database

FEEDBACK_FILE = "feedback.sqlite3"
Vote = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS secret (key {blob} NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
    message_id   TEXT NOT NULL,   -- the reply voted on
    voter        TEXT NOT NULL,   -- keyed hash of the voter's id, never the id
    vote         TEXT NOT NULL,   -- up, down
    at           TEXT NOT NULL,   -- UTC, ISO 8601
    guild_id     TEXT,            -- the server; NULL in direct messages
    question     TEXT NOT NULL,
    tier         TEXT NOT NULL,   -- answer, related
    sentence_ids TEXT NOT NULL,   -- JSON list, in the order quoted
    quotes       TEXT NOT NULL,   -- JSON list of the quoted sentences' text
    PRIMARY KEY (message_id, voter)
);
"""


@dataclass(frozen=True, slots=True)
class FeedbackVote:
    message_id: str
    vote: Vote
    at: str
    guild_id: str | None
    question: str
    tier: str
    sentence_ids: list[int]
    quotes: list[str]


class FeedbackLog:
    """Votes in `<folder>/feedback.sqlite3`, or in the PostgreSQL database; any thread may record."""

    def __init__(self, folder: Path, database_url: str | None = None) -> None:
        """`folder`: where the SQLite file is; `database_url`: the PostgreSQL database used instead."""
        self.database: LogDatabase = log_database(folder, FEEDBACK_FILE, _SCHEMA, database_url, BASE_SCOPE)

    def _voter(self, db: Transaction, user_id: int) -> str:
        rows = db.execute("SELECT key FROM secret")
        if rows:
            key = bytes(rows[0]["key"])
        else:
            key = secrets.token_bytes(32)
            db.execute("INSERT INTO secret (key) VALUES (?)", (key,))
        return hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()

    def record(
        self,
        *,
        message_id: int,
        user_id: int,
        vote: Vote,
        guild_id: int | None,
        question: str,
        tier: str,
        sentence_ids: Sequence[int],
        quotes: Sequence[str],
    ) -> bool:
        """Store a vote; True when it replaced this person's earlier vote on the same reply."""
        # Microseconds, so that `votes()` lists them in the order they came on either engine.
        at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
        with self.database.transaction() as db:
            voter = self._voter(db, user_id)
            replaced = db.execute("SELECT 1 FROM votes WHERE message_id = ? AND voter = ?", (str(message_id), voter))
            db.execute(
                "INSERT INTO votes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id, voter) DO UPDATE SET "
                "vote = excluded.vote, at = excluded.at, guild_id = excluded.guild_id, question = excluded.question, "
                "tier = excluded.tier, sentence_ids = excluded.sentence_ids, quotes = excluded.quotes",
                (
                    str(message_id),
                    voter,
                    vote,
                    at,
                    None if guild_id is None else str(guild_id),
                    question,
                    tier,
                    json.dumps(list(sentence_ids)),
                    json.dumps(list(quotes), ensure_ascii=False),
                ),
            )
        return bool(replaced)

    def votes(self, guild_id: int | None = None) -> list[FeedbackVote]:
        """Every vote, oldest first; only one server's when `guild_id` is given."""
        if not self.database.exists():
            return []
        where, params = ("WHERE guild_id = ?", (str(guild_id),)) if guild_id is not None else ("", ())
        with self.database.transaction() as db:
            rows = db.execute(
                "SELECT message_id, vote, at, guild_id, question, tier, sentence_ids, quotes "
                f"FROM votes {where} ORDER BY at, message_id, voter",
                params,
            )
        return [
            FeedbackVote(
                **{**row, "sentence_ids": json.loads(row["sentence_ids"]), "quotes": json.loads(row["quotes"])}
            )
            for row in rows
        ]

    def export(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """The votes as `qabot eval` questions (one per voted reply and vote)."""
        records = []
        for number, vote in enumerate(self.votes(guild_id), start=1):
            record: dict[str, Any] = {
                "id": f"feedback-{number}",
                "question": vote.question,
                "gold": vote.quotes[:1] if vote.vote == "up" else [],
                "feedback": vote.vote,
                "tier": vote.tier,
                "quoted": vote.quotes,
                "at": vote.at,
            }
            records.append(record)
        return records
