"""The catalogue: every SQLite statement qabot runs, with named columns, in one place.

A version's `meta.sqlite` holds the articles and their sentences; FAISS holds the vectors
under the same sentence ids. Nothing else in the project writes SQL: build, search,
benchmarks and tests all go through `Catalog`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass
from pathlib import Path

from index.errors import IndexCorrupted
from index.records import Article, ArticleRef, Sentence, StoredSentence

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    url TEXT,
    published TEXT,
    author TEXT,
    extra TEXT NOT NULL DEFAULT '{}',
    content_hash TEXT NOT NULL,
    sentence_count INTEGER NOT NULL,
    indexed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    attributed_to TEXT,
    tokens TEXT NOT NULL DEFAULT '',
    text_hash TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS quote_groups (sentence_id INTEGER PRIMARY KEY, first_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS quote_keys (sentence_id INTEGER PRIMARY KEY, head TEXT NOT NULL, tail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS quote_keys_by_head ON quote_keys(head);
CREATE INDEX IF NOT EXISTS quote_keys_by_tail ON quote_keys(tail);
CREATE UNIQUE INDEX IF NOT EXISTS sentences_by_article ON sentences(article_id, position);
"""

_REF_COLUMNS = "id, title, source, url, published, path"
_SENTENCE_COLUMNS = "s.id, s.article_id, s.position, s.text, s.attributed_to, s.tokens, s.text_hash"


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article as `/sources` lists it."""

    ref: ArticleRef
    sentence_count: int
    indexed_at: float


def text_hash(text: str) -> str:
    """The fingerprint of a sentence's text, stored beside it at build and checked before quoting."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _ref(row: sqlite3.Row) -> ArticleRef:
    return ArticleRef(row["id"], row["title"], row["source"], row["url"], row["published"], row["path"])


def _sentence(row: sqlite3.Row) -> StoredSentence:
    return StoredSentence(
        row["id"],
        row["article_id"],
        row["position"],
        row["text"],
        row["attributed_to"],
        row["tokens"],
        row["text_hash"],
        row["group_id"],
    )


def _marks(values: Sized) -> str:
    return ",".join("?" * len(values))


class Catalog:
    """One version's metadata. Read-only catalogues are shared by the search threads."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            if not path.is_file():
                raise IndexCorrupted(f"index metadata missing: {path}")
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(path)
            self.db.executescript(SCHEMA)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self._group_column = "NULL"  # versions built before near-duplicate groups have no table
        try:
            if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'quote_groups'").fetchone():
                self._group_column = "(SELECT first_id FROM quote_groups g WHERE g.sentence_id = s.id)"
        except sqlite3.DatabaseError:
            pass  # `check` names the damage

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    def copy_to(self, other: Catalog) -> None:
        """Copy every row into `other` (the start of an incremental build)."""
        self.db.backup(other.db)
        other.db.executescript(SCHEMA)  # tables a version built by an older qabot lacks

    def check(self) -> None:
        """Raise IndexCorrupted unless the tables can be read."""
        try:
            self.db.execute("SELECT COUNT(*) FROM sentences").fetchone()
        except sqlite3.DatabaseError as exc:
            raise IndexCorrupted(f"cannot read index metadata {self.path}: {exc}") from None

    # --- writing (build) -------------------------------------------------------------------

    def content_hashes(self) -> dict[str, str]:
        """article id -> content hash, to decide what a reindex re-embeds."""
        return {row["id"]: row["content_hash"] for row in self.db.execute("SELECT id, content_hash FROM articles")}

    def delete_articles(self, article_ids: Sequence[str]) -> list[int]:
        """Delete articles and their sentences; returns the sentence ids that were removed."""
        if not article_ids:
            return []
        marks = _marks(article_ids)
        ids = [
            row[0] for row in self.db.execute(f"SELECT id FROM sentences WHERE article_id IN ({marks})", article_ids)
        ]
        for table in ("quote_keys", "quote_groups"):
            self.db.execute(
                f"DELETE FROM {table} WHERE sentence_id IN (SELECT id FROM sentences WHERE article_id IN ({marks}))",
                article_ids,
            )
        self.db.execute(f"DELETE FROM sentences WHERE article_id IN ({marks})", article_ids)
        self.db.execute(f"DELETE FROM articles WHERE id IN ({marks})", article_ids)
        return ids

    def insert(
        self, articles: Sequence[Article], sentences: Sequence[Sentence], tokens: Iterable[list[str]]
    ) -> list[int]:
        """Insert articles and their sentences; new sentence ids continue after the largest ever used."""
        now = time.time()
        counts: dict[str, int] = {}
        for sentence in sentences:
            counts[sentence.article_id] = counts.get(sentence.article_id, 0) + 1
        self.db.executemany(
            "INSERT INTO articles (id, path, title, source, url, published, author, extra, content_hash,"
            " sentence_count, indexed_at) VALUES (:id, :path, :title, :source, :url, :published, :author,"
            " :extra, :content_hash, :sentence_count, :indexed_at)",
            [
                {
                    "id": a.id,
                    "path": a.path,
                    "title": a.title,
                    "source": a.source,
                    "url": a.url,
                    "published": a.published,
                    "author": a.author,
                    "extra": json.dumps(a.extra),
                    "content_hash": a.content_hash,
                    "sentence_count": counts.get(a.id, 0),
                    "indexed_at": now,
                }
                for a in articles
            ],
        )
        first = self._next_sentence_id()
        ids = list(range(first, first + len(sentences)))
        self.db.executemany(
            "INSERT INTO sentences (id, article_id, position, start, end, text, attributed_to, tokens, text_hash)"
            " VALUES (:id, :article_id, :position, :start, :end, :text, :attributed_to, :tokens, :text_hash)",
            [
                {
                    "id": i,
                    "article_id": s.article_id,
                    "position": s.position,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "attributed_to": s.attributed_to,
                    "tokens": " ".join(t),
                    "text_hash": text_hash(s.text),
                }
                for i, s, t in zip(ids, sentences, tokens)
            ],
        )
        self.db.execute(
            "INSERT OR REPLACE INTO counters (name, value) VALUES ('next_sentence_id', ?)", (first + len(sentences),)
        )
        return ids

    def reattribute(self, attribute: Callable[[list[str]], list[str | None]]) -> int:
        """Recompute every sentence's speaker with `attribute` (an article's sentences in order ->
        one speaker each); returns how many changed. Text, ids and vectors stay as they are."""
        rows = self.db.execute(
            "SELECT id, article_id, text, attributed_to FROM sentences ORDER BY article_id, position"
        )
        by_article: dict[str, list[tuple[int, str, str | None]]] = {}
        for row in rows:
            by_article.setdefault(row["article_id"], []).append((row["id"], row["text"], row["attributed_to"]))
        changed = []
        for sentences in by_article.values():
            speakers = attribute([text for _, text, _ in sentences])
            changed += [(new, sid) for (sid, _, old), new in zip(sentences, speakers) if new != old]
        self.db.executemany("UPDATE sentences SET attributed_to = ? WHERE id = ?", changed)
        return len(changed)

    def sentences_without_quote_keys(self) -> dict[int, str]:
        """id -> text of the sentences not yet keyed: this build's new ones (all, in a version
        built before near-duplicate grouping)."""
        rows = self.db.execute(
            "SELECT s.id, s.text FROM sentences s LEFT JOIN quote_keys k ON k.sentence_id = s.id"
            " WHERE k.sentence_id IS NULL"
        )
        return {row["id"]: row["text"] for row in rows}

    def add_quote_keys(self, keys: dict[int, tuple[str, str]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO quote_keys (sentence_id, head, tail) VALUES (?, ?, ?)",
            [(sid, head, tail) for sid, (head, tail) in keys.items()],
        )

    def quote_candidates(self, heads: set[str], tails: set[str]) -> dict[int, str]:
        """id -> text of every sentence whose first or last words are among `heads` or `tails`."""
        found: dict[int, str] = {}
        for column, values in (("head", sorted(heads - {""})), ("tail", sorted(tails - {""}))):
            for start in range(0, len(values), 900):  # within SQLite's limit on parameters
                chunk = values[start : start + 900]
                rows = self.db.execute(
                    f"SELECT s.id, s.text FROM quote_keys k JOIN sentences s ON s.id = k.sentence_id"
                    f" WHERE k.{column} IN ({_marks(chunk)})",
                    chunk,
                )
                found.update((row["id"], row["text"]) for row in rows)
        return found

    def quote_groups(self) -> dict[int, int]:
        """sentence id -> the first id of its near-duplicate group (grouped sentences only)."""
        return {row[0]: row[1] for row in self.db.execute("SELECT sentence_id, first_id FROM quote_groups")}

    def set_quote_groups(self, groups: dict[int, int]) -> None:
        """Replace the near-duplicate groups: sentence id -> the first id of its group."""
        self.db.execute("DELETE FROM quote_groups")
        self.db.executemany("INSERT INTO quote_groups (sentence_id, first_id) VALUES (?, ?)", groups.items())

    def _next_sentence_id(self) -> int:
        row = self.db.execute("SELECT value FROM counters WHERE name = 'next_sentence_id'").fetchone()
        if row:
            return int(row["value"])
        return 1 + int(self.db.execute("SELECT COALESCE(MAX(id), 0) FROM sentences").fetchone()[0])

    # --- reading (search, /sources, benchmarks) -------------------------------------------

    def counts(self) -> tuple[int, int]:
        """(articles, sentences)."""
        articles = self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        sentences = self.db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0]
        return int(articles), int(sentences)

    def all_tokens(self) -> tuple[list[int], list[list[str]]]:
        """Every sentence id and its stored tokens, in id order (the lexical statistics)."""
        rows = self.db.execute("SELECT id, tokens FROM sentences ORDER BY id").fetchall()
        return [row["id"] for row in rows], [row["tokens"].split() for row in rows]

    def texts(self, ids: Sequence[int] | None = None) -> dict[int, str]:
        """id -> text of the given sentences (all of them when `ids` is None)."""
        if ids is None:
            return {row["id"]: row["text"] for row in self.db.execute("SELECT id, text FROM sentences ORDER BY id")}
        if not ids:
            return {}
        rows = self.db.execute(f"SELECT id, text FROM sentences WHERE id IN ({_marks(ids)})", list(ids))
        return {row["id"]: row["text"] for row in rows}

    def sentences(self, ids: Sequence[int]) -> list[StoredSentence]:
        if not ids:
            return []
        rows = self.db.execute(
            f"SELECT {_SENTENCE_COLUMNS}, {self._group_column} AS group_id FROM sentences s"
            f" WHERE s.id IN ({_marks(ids)})",
            list(ids),
        )
        return [_sentence(row) for row in rows]

    def article_refs(self, article_ids: Iterable[str]) -> dict[str, ArticleRef]:
        wanted = list(set(article_ids))
        if not wanted:
            return {}
        rows = self.db.execute(f"SELECT {_REF_COLUMNS} FROM articles WHERE id IN ({_marks(wanted)})", wanted)
        return {row["id"]: _ref(row) for row in rows}

    def texts_naming(self, article_ids: Iterable[str], needles: Iterable[str]) -> dict[str, list[str]]:
        """The title and the sentences of each article that contain one of `needles`, by article id
        (only articles with one)."""
        wanted, words = list(set(article_ids)), list(set(needles))
        if not wanted or not words:
            return {}
        like = " OR ".join(["{column} LIKE ?"] * len(words))
        patterns = [f"%{word}%" for word in words]
        rows = self.db.execute(
            f"SELECT article_id AS id, text FROM sentences WHERE article_id IN ({_marks(wanted)})"
            f" AND ({like.format(column='text')})"
            f" UNION ALL SELECT id, title FROM articles WHERE id IN ({_marks(wanted)})"
            f" AND ({like.format(column='title')})",
            [*wanted, *patterns, *wanted, *patterns],
        )
        found: dict[str, list[str]] = {}
        for row in rows:
            found.setdefault(row["id"], []).append(row["text"])
        return found

    def titles(self) -> dict[str, str]:
        return {row["id"]: row["title"] for row in self.db.execute("SELECT id, title FROM articles")}

    def articles(self) -> list[ArticleInfo]:
        rows = self.db.execute(
            f"SELECT {_REF_COLUMNS}, sentence_count, indexed_at FROM articles ORDER BY title COLLATE NOCASE, id"
        )
        return [ArticleInfo(_ref(row), row["sentence_count"], row["indexed_at"]) for row in rows]

    def contexts(self, places: Sequence[tuple[str, int]], n: int) -> list[tuple[list[str], list[str]]]:
        """The `n` sentences before and after each (article, position), in one query for all."""
        if n == 0 or not places:
            return [([], []) for _ in places]
        where = " OR ".join(["(article_id = ? AND position BETWEEN ? AND ?)"] * len(places))
        params = [value for article_id, position in places for value in (article_id, position - n, position + n)]
        found = {
            (row["article_id"], row["position"]): row["text"]
            for row in self.db.execute(f"SELECT article_id, position, text FROM sentences WHERE {where}", params)
        }
        return [
            (
                [found[(a, p)] for p in range(position - n, position) if (a, p) in found],
                [found[(a, p)] for p in range(position + 1, position + n + 1) if (a, p) in found],
            )
            for a, position in places
        ]
