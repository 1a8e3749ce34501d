"""Moderators' changes to the corpus: add articles (a file or a web page), remove one, reindex.

The corpus folder stays the single source of truth. An added article becomes one Markdown
file with YAML front matter (title, outlet, link, date, author, where it came from, who
added it and when), written only once it parsed and its text reads back unchanged, and
visible to questions after the incremental reindex that follows. If that reindex fails,
the file is taken back out: nothing is ever half-added, and the old index keeps serving.
A removed article's file is deleted (or its line dropped from a `.jsonl`) and the reindex
drops its sentences, so it is never quoted again; a failed reindex puts the file back.

Every add, remove and reindex is recorded in the audit log, whatever its outcome.

    curator = Curator(engine)
    change = curator.add(drafts_from_file("storm.html", data), actor="cli:mara")
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from index.corpus.audit import AuditLog, Event
from index.corpus.drafts import Draft
from index.corpus.files import atomic_write, free_name, inside, refuse_duplicates, slug, without_line
from index.engine import Engine
from index.errors import CorpusEditRefused, IndexProblem, QabotError
from index.ingest.files import load_corpus, parse_file
from index.records import Article
from index.store import versions as store
from index.store.build import IndexSummary, Progress
from index.store.catalog import ArticleInfo

log = logging.getLogger(__name__)
CHANGES_LOCK = ".changes.lock"  # in the index folder: held from an add's intent to its outcome


@dataclass(frozen=True, slots=True)
class Change:
    """What an add or a remove did: the articles concerned, and the reindex that applied it."""

    articles: list[Article]
    summary: IndexSummary


class Curator:
    """Adds and removes articles in `engine`'s corpus folder, reindexes, and keeps the audit log.

    One change at a time per process (a lock); another process's reindex makes a change fail
    with ReindexInProgress, after which the corpus is as it was.
    """

    def __init__(
        self,
        engine: Engine,
        audit: AuditLog | None = None,
        read_only: bool = False,
        lock: threading.Lock | None = None,
    ) -> None:
        """`lock`: shared by every curator of the same corpus in this process (`Corpora`)."""
        self.engine = engine
        self.audit = audit or AuditLog(engine.settings.index_dir, engine.settings.records_url())
        self.read_only = read_only  # reads another corpus (a server's view of the base): changes nothing
        self._lock = lock or threading.Lock()

    @property
    def folder(self) -> Path:
        if self.read_only:
            raise CorpusEditRefused("this view of the corpus is read-only")
        corpus = Path(self.engine.settings.corpus)
        if not corpus.is_dir():
            raise CorpusEditRefused(
                f"the corpus is {corpus}, not a folder: articles can be added and removed only in a corpus folder"
            )
        return corpus

    # --- reading -----------------------------------------------------------------------------

    def articles(self) -> list[ArticleInfo]:
        """The indexed articles, by title."""
        return self.engine.articles()

    def article(self, article_id: str) -> ArticleInfo | None:
        return next((info for info in self.engine.articles() if info.ref.id == article_id), None)

    def added(self, article_id: str) -> Event | None:
        """Who added the article through qabot, and when (None for articles put there by hand)."""
        return self.audit.added(article_id)

    # --- changing ----------------------------------------------------------------------------

    def add(self, drafts: Sequence[Draft], actor: str, progress: Progress | None = None) -> Change:
        """Write the drafts as new files, then reindex; refused (nothing written) for a duplicate.

        One transaction as the moderator sees it: the audit log records each article as pending
        before its file appears, and ok or failed after the reindex. A process killed in
        between leaves a pending record, which the next change to this corpus, in any process,
        settles first (`_recover`): the article is then either in the corpus, the index and the
        log, or in none of them.
        """
        origin = drafts[0].origin if drafts else ""
        with self._lock, self._changing():
            self._recover()
            try:
                folder = self.folder
                existing = load_corpus(folder, self._max_bytes, base=self.engine.settings.base_corpus).articles
                refuse_duplicates(drafts, existing)
                taken = {article.id for article in existing}
                planned = [self._prepare(folder, draft, actor, taken) for draft in drafts]
            except CorpusEditRefused as exc:
                self.audit.record(actor, "add", origin, "refused", str(exc))
                raise
            intents = [
                self.audit.record(actor, "add", article.id, "pending", f"“{article.title}” from {origin}")
                for _, _, article in planned
            ]
            try:
                for path, data, _ in planned:
                    atomic_write(path, data)
                summary = self.engine.reindex(progress=progress)
            except BaseException as exc:
                for path, _, _ in planned:
                    path.unlink(missing_ok=True)
                for intent in intents:
                    self.audit.finish(intent, "failed", f"reindex failed, nothing added: {_reason(exc)}")
                raise
            for intent in intents:
                self.audit.finish(intent, "ok")
        return Change([article for _, _, article in planned], summary)

    def _changing(self) -> contextlib.AbstractContextManager[None]:
        """Hold this corpus's change lock across processes (released by the kernel if the
        process dies): while it is held, no other process is between an intent and its outcome."""
        path = Path(self.engine.settings.index_dir) / CHANGES_LOCK
        return store.exclusive(path, "another change to this corpus is running")

    def _recover(self) -> None:
        """Settle the adds a killed process left pending (called with the change lock held).

        An article the index already holds was added but for its record: the record is
        finished as ok. Any other is undone: its file, if written, is deleted, and the record
        says the add was interrupted and added nothing.
        """
        pending = [event for event in self.audit.pending() if event.action == "add"]
        if not pending:
            return
        try:
            indexed = {info.ref.id for info in self.engine.articles()}
        except IndexProblem:
            indexed = set()
        for event in pending:
            if event.target in indexed:
                self.audit.finish(event, "ok", f"{event.detail} (its process stopped after indexing it)")
                continue
            with contextlib.suppress(CorpusEditRefused, OSError):
                inside(self.folder, event.target).unlink(missing_ok=True)
            log.warning("an add of %s was interrupted before it was indexed: undone", event.target)
            self.audit.finish(event, "failed", "interrupted before it was indexed (its process stopped); nothing added")

    def refused(self, actor: str, origin: str, reason: CorpusEditRefused) -> None:
        """Record an add refused before it reached `add` (a link that failed, a bad upload)."""
        self.audit.record(actor, "add", origin, "refused", str(reason))

    def remove(self, article_id: str, actor: str, progress: Progress | None = None) -> Change:
        """Delete the article from the corpus, then reindex; a failed reindex puts it back."""
        with self._lock, self._changing():
            self._recover()
            try:
                folder = self.folder
                article = next((a for a in load_corpus(folder, self._max_bytes).articles if a.id == article_id), None)
                if article is None:
                    raise CorpusEditRefused(self._missing(article_id))
                path = inside(folder, article.path)
                before = path.read_bytes()
                if article.id == article.path:
                    path.unlink()
                else:
                    atomic_write(path, without_line(before, article.id.removeprefix(f"{article.path}#")))
            except (CorpusEditRefused, OSError) as exc:
                self.audit.record(actor, "remove", article_id, "refused", _reason(exc))
                raise
            try:
                summary = self.engine.reindex(progress=progress)
            except BaseException as exc:
                atomic_write(path, before)
                self.audit.record(actor, "remove", article_id, "failed", f"reindex failed, kept: {_reason(exc)}")
                raise
        self.audit.record(actor, "remove", article_id, "ok", f"“{article.title}”")
        return Change([article], summary)

    def reindex(self, actor: str, full: bool = False, progress: Progress | None = None) -> IndexSummary:
        """A reindex on request (`/reindex`, `qabot index`), recorded in the audit log."""
        with self._lock, self._changing():
            if not self.read_only and Path(self.engine.settings.corpus).is_dir():
                self._recover()
            return self._recorded(actor, lambda: self.engine.reindex(full=full, progress=progress), full)

    def _recorded(self, actor: str, work: Callable[[], IndexSummary], full: bool) -> IndexSummary:
        target = "full" if full else ""
        try:
            summary = work()
        except BaseException as exc:
            self.audit.record(actor, "reindex", target, "failed", _reason(exc))
            raise
        self.audit.record(actor, "reindex", target, "ok", summary.line())
        return summary

    def _missing(self, article_id: str) -> str:
        base = self.engine.settings.base_corpus
        if base is not None and any(a.id == article_id for a in load_corpus(base, self._max_bytes).articles):
            return f"{article_id!r} is in the shared base corpus, which only the bot's operator can change"
        return f"no article {article_id!r} in the corpus"

    @property
    def _max_bytes(self) -> int:
        return int(self.engine.settings.max_article_mb * 1_000_000)

    def _prepare(self, folder: Path, draft: Draft, actor: str, taken: set[str]) -> tuple[Path, bytes, Article]:
        """One draft as the bytes of `<slug>.md` and its path; it must read back with the very same text."""
        added = {"origin": draft.origin, "added_by": actor, "added_at": _now()}
        draft_article = draft.article
        meta = {
            key: value
            for key in ("title", "source", "url", "published", "author")
            if (value := getattr(draft_article, key))
        }
        meta.update({key: value for key, value in draft_article.extra.items() if key not in added})
        meta.update(added)
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
        text, title = draft_article.text.strip(), draft_article.title
        data = f"---\n{front}---\n{text}\n".encode()
        path = free_name(folder, slug(title), taken)
        taken.add(path.name)
        read_back = parse_file(path.name, data, max(self._max_bytes, len(data)))
        if len(read_back.articles) != 1 or read_back.articles[0].text.strip() != text:
            raise CorpusEditRefused(f"“{title}” would not read back unchanged from the corpus; nothing was added")
        article = read_back.articles[0]
        relative = path.relative_to(folder).as_posix()
        return path, data, replace(article, id=relative, path=relative)


def article_details(info: ArticleInfo, added: Event | None) -> list[tuple[str, str]]:
    """What `show` tells about an article, as (label, value) pairs, for every front end."""
    ref = info.ref
    rows = [("Title", ref.title), ("Id", ref.id)]
    rows += [(label, value) for label, value in (("Outlet", ref.source), ("Date", ref.published)) if value]
    rows += [("Link", ref.url)] if ref.url else []
    rows.append(("Sentences", str(info.sentence_count)))
    indexed = dt.datetime.fromtimestamp(info.indexed_at, dt.timezone.utc).isoformat(sep=" ", timespec="seconds")
    rows.append(("Indexed", indexed.replace("+00:00", " UTC")))
    if added is None:
        rows.append(("Added", "on the bot's host, not through qabot"))
    else:
        rows.append(("Added", f"{added.at.replace('T', ' ').replace('+00:00', ' UTC')} by {added.actor}"))
        rows.append(("From", added.detail.rpartition(" from ")[2]))
    return rows


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, QabotError | OSError):
        return str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"
