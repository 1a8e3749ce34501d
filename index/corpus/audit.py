"""The audit log: every change to the corpus and every reindex, who asked, when, and how it ended.

One SQLite file beside the index versions (`<index_dir>/audit.sqlite3`), written by the bot
and the command line alike; WAL mode lets `qabot corpus log` read while the bot writes. With
`database_url`, one PostgreSQL database for every process and machine (`logdb`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from index.corpus.logdb import BASE_SCOPE, LogDatabase, log_database
from index.ingest.fetch import without_credentials

AUDIT_FILE = "audit.sqlite3"

Action = Literal["add", "remove", "reindex"]
Outcome = Literal["ok", "refused", "failed", "pending"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id      {id},
    at      TEXT NOT NULL,  -- UTC, ISO 8601
    actor   TEXT NOT NULL,  -- "discord:<user id> (<name>)" or "cli:<login>"
    action  TEXT NOT NULL,  -- add, remove, reindex
    target  TEXT NOT NULL,  -- article id(s), link or file name; "" for a reindex
    outcome TEXT NOT NULL,  -- ok, refused, failed; pending while an add is under way
    detail  TEXT NOT NULL   -- the reason, or what changed
);
CREATE INDEX IF NOT EXISTS events_target ON events (target);
"""


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    at: str
    actor: str
    action: str
    target: str
    outcome: str
    detail: str

    def line(self) -> str:
        when = self.at[:19].replace("T", " ")
        what = f" {self.target}" if self.target else ""
        detail = f": {self.detail}" if self.detail else ""
        return f"{when} UTC · {self.actor} · {self.action}{what} · {self.outcome}{detail}"


class AuditLog:
    """Append-only, but for an add's outcome: an add is recorded as "pending" before its file
    appears and finished (ok or failed) after its reindex (`Curator.add`). Each call opens its
    own connection, so any thread may record."""

    def __init__(self, folder: Path, database_url: str | None = None, scope: str = BASE_SCOPE) -> None:
        """`folder`: where the SQLite file is; `database_url`, `scope`: the PostgreSQL database
        and the corpus's schema in it, used instead when given."""
        self.database: LogDatabase = log_database(folder, AUDIT_FILE, _SCHEMA, database_url, scope)

    def record(self, actor: str, action: Action, target: str, outcome: Outcome, detail: str = "") -> Event:
        # A link's user name and password never reach the log, whichever path refused it.
        target, detail = without_credentials(target), without_credentials(detail)
        at = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.database.transaction() as db:
            rows = db.execute(
                "INSERT INTO events (at, actor, action, target, outcome, detail) "
                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (at, actor, action, target, outcome, detail),
            )
        return Event(int(rows[0]["id"]), at, actor, action, target, outcome, detail)

    def finish(self, event: Event, outcome: Outcome, detail: str | None = None) -> Event:
        """Set the outcome of a pending event (and its detail, when given)."""
        detail = without_credentials(event.detail if detail is None else detail)
        with self.database.transaction() as db:
            db.execute(
                "UPDATE events SET outcome = ?, detail = ? WHERE id = ? AND outcome = 'pending'",
                (outcome, detail, event.id),
            )
        return Event(event.id, event.at, event.actor, event.action, event.target, outcome, detail)

    def pending(self) -> list[Event]:
        """Events still pending: changes a process began and did not finish, oldest first."""
        if not self.database.exists():
            return []
        with self.database.transaction() as db:
            rows = db.execute("SELECT * FROM events WHERE outcome = 'pending' ORDER BY id")
        return [Event(**row) for row in rows]

    def latest(self, limit: int = 20, target: str | None = None) -> list[Event]:
        """The newest events first; only those about `target` when given."""
        if not self.database.exists():
            return []
        where, params = ("WHERE target = ?", (target,)) if target is not None else ("", ())
        with self.database.transaction() as db:
            rows = db.execute(f"SELECT * FROM events {where} ORDER BY id DESC LIMIT ?", (*params, limit))
        return [Event(**row) for row in rows]

    def added(self, article_id: str) -> Event | None:
        """The successful add that brought `article_id` into the corpus, if it came through qabot."""
        with_target = [e for e in self.latest(50, target=article_id) if e.action == "add" and e.outcome == "ok"]
        return with_target[0] if with_target else None
