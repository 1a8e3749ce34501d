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
import errno
import hashlib
import io
import json
import logging
import os
import re
import stat
import threading
import unicodedata
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml

from . import store
from .audit import AuditLog, Event
from .build import IndexSummary, Progress
from .catalog import ArticleInfo
from .engine import Engine
from .errors import AlreadyInCorpus, CorpusEditRefused, IndexProblem, QabotError
from .extract import extract_article
from .fetch import Fetched
from .ingest import SUPPORTED_SUFFIXES, load_corpus, not_prose, parse_file, unsupported
from .records import Article

T = TypeVar("T")
log = logging.getLogger(__name__)
CHANGES_LOCK = ".changes.lock"  # in the index folder: held from an add's intent to its outcome


@dataclass(frozen=True, slots=True)
class Draft:
    """An article that parsed and is ready to be written into the corpus."""

    title: str
    text: str
    origin: str  # the link it was fetched from, or the uploaded file's name
    source: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_article(cls, article: Article, origin: str) -> Draft:
        fields = {"source": article.source, "url": article.url, "published": article.published}
        return cls(article.title, article.text, origin, author=article.author, extra=dict(article.extra), **fields)


@dataclass(frozen=True, slots=True)
class Change:
    """What an add or a remove did: the articles concerned, and the reindex that applied it."""

    articles: list[Article]
    summary: IndexSummary


def drafts_from_file(name: str, data: bytes, max_bytes: int = 10_000_000) -> list[Draft]:
    """The articles of an uploaded file (`.txt`, `.md`, `.html`, `.jsonl`); all of them or none.

    Raises CorpusEditRefused naming the reason (too big, binary, not UTF-8, no text, a broken
    JSONL line): a file with one bad part adds nothing.
    """
    name = Path(name).name or "upload.txt"
    scan = parse_file(name, data, max_bytes)
    if scan.skipped:
        reasons = "; ".join(str(item) for item in scan.skipped[:3])
        more = f" (and {len(scan.skipped) - 3} more)" if len(scan.skipped) > 3 else ""
        raise CorpusEditRefused(f"nothing was added: {reasons}{more}")
    if not scan.articles:
        raise CorpusEditRefused(f"nothing was added: {name} holds no article")
    return [Draft.from_article(article, origin=name) for article in scan.articles]


def drafts_from_path(path: Path, max_bytes: int = 10_000_000) -> list[Draft]:
    """The articles of a file on this machine (`qabot corpus add FILE`), as `drafts_from_file`.

    The corpus's rule for links holds here too: a symbolic link that leads outside the corpus is
    never read, and an added file always comes from outside it, so a link is refused by name
    (opened without following links, so it cannot be swapped in after the check). Only a regular
    file is read: not a device, a pipe or a folder.
    """
    refused = f"{path} is a symbolic link: qabot reads no link that leads outside the corpus; add the file itself"
    if path.is_symlink():
        raise CorpusEditRefused(refused)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise CorpusEditRefused(f"no such file: {path}") from None
    except OSError as exc:
        reason = refused if exc.errno == errno.ELOOP else f"cannot read {path}: {exc.strerror}"
        raise CorpusEditRefused(reason) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise CorpusEditRefused(f"{path} is not a regular file")
        data = handle.read(max_bytes + 1)
    return drafts_from_file(path.name, data, max_bytes)


def check_upload(name: str, size: int, max_bytes: int) -> None:
    """Refuse an upload by its name and stated size, before it is downloaded."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusEditRefused(unsupported(suffix or name))
    if size > max_bytes:
        raise CorpusEditRefused(f"{name} is too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:g} MB)")


def draft_from_page(page: Fetched, requested: str | None = None) -> Draft:
    """The article of a fetched page: trafilatura's main text for HTML, the text itself otherwise."""
    origin = requested or page.url
    if page.kind == "html":
        extracted = extract_article(page.text(), page.url)
        title = extracted.title or _title_from_url(page.url)
        if not_prose(extracted.text):
            raise CorpusEditRefused(f"{page.url} is {not_prose(extracted.text)}")
        return Draft(
            title,
            extracted.text,
            origin,
            source=extracted.source,
            url=extracted.url or page.url,
            published=extracted.published,
            author=extracted.author,
        )
    text = page.text().strip()
    if not text:
        raise CorpusEditRefused(f"{page.url} is empty")
    if not_prose(text):
        raise CorpusEditRefused(f"{page.url} is {not_prose(text)}")
    return Draft(_title_from_url(page.url), text, origin, url=page.url)


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
        self.audit = audit or AuditLog(engine.settings.index_dir)
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
                _refuse_duplicates(drafts, existing)
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
                    _atomic_write(path, data)
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
                _inside(self.folder, event.target).unlink(missing_ok=True)
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
                path = _inside(folder, article.path)
                before = path.read_bytes()
                if article.id == article.path:
                    path.unlink()
                else:
                    _atomic_write(path, _without_line(before, article.id.removeprefix(f"{article.path}#")))
            except (CorpusEditRefused, OSError) as exc:
                self.audit.record(actor, "remove", article_id, "refused", _reason(exc))
                raise
            try:
                summary = self.engine.reindex(progress=progress)
            except BaseException as exc:
                _atomic_write(path, before)
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
        meta = {
            key: value
            for key, value in (
                ("title", draft.title),
                ("source", draft.source),
                ("url", draft.url),
                ("published", draft.published),
                ("author", draft.author),
            )
            if value
        }
        meta.update({key: value for key, value in draft.extra.items() if key not in added})
        meta.update(added)
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
        data = f"---\n{front}---\n{draft.text.strip()}\n".encode()
        path = _free_name(folder, _slug(draft.title), taken)
        taken.add(path.name)
        read_back = parse_file(path.name, data, max(self._max_bytes, len(data)))
        if len(read_back.articles) != 1 or read_back.articles[0].text.strip() != draft.text.strip():
            raise CorpusEditRefused(f"“{draft.title}” would not read back unchanged from the corpus; nothing was added")
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


# --- duplicates ----------------------------------------------------------------------------


def fingerprint(text: str) -> str:
    """The same text whatever its spacing and line breaks."""
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()


def same_link(url: str | None) -> str | None:
    """A link as compared for duplicates: no fragment, no trailing slash, host in lower case, http = https."""
    if not url:
        return None
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}"


def _refuse_duplicates(drafts: Sequence[Draft], existing: Sequence[Article]) -> None:
    links: dict[str, Article] = {}
    texts: dict[str, Article] = {}
    for article in existing:
        for link in (article.url, article.extra.get("origin")):
            key = same_link(link if isinstance(link, str) else None)
            if key:
                links.setdefault(key, article)
        texts.setdefault(fingerprint(article.text), article)
    for draft in drafts:
        for link in (draft.origin, draft.url):
            key = same_link(link)
            if key and key in links:
                found = links[key]
                raise AlreadyInCorpus(f"{link} is already in the corpus as “{found.title}” ({found.id})", found.id)
        found_text = texts.get(fingerprint(draft.text))
        if found_text is not None:
            raise AlreadyInCorpus(
                f"the same text is already in the corpus as “{found_text.title}” ({found_text.id})", found_text.id
            )
        texts[fingerprint(draft.text)] = Article(draft.origin, draft.origin, draft.title, draft.text)


# --- files ---------------------------------------------------------------------------------


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:60].rstrip("-") or "article"


def _free_name(folder: Path, slug: str, taken: set[str]) -> Path:
    """`<slug>.md`, or `<slug>-2.md`…: no file there, and no article of the base corpus by that id."""
    path, number = folder / f"{slug}.md", 1
    while path.exists() or path.name in taken:
        number += 1
        path = folder / f"{slug}-{number}.md"
    return path


def _inside(folder: Path, relative: str) -> Path:
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise CorpusEditRefused(f"{relative} is outside the corpus folder")
    return path


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a hidden temporary file beside `path` (the corpus reader skips it), then rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _without_line(data: bytes, local_id: str) -> bytes:
    """A `.jsonl` file's bytes without the article whose id (or line number) is `local_id`."""
    kept = []
    for number, line in enumerate(io.BytesIO(data), start=1):  # lines as the corpus reader counts them
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        own = str(record.get("id", number)) if isinstance(record, dict) else None
        if own != local_id:
            kept.append(line)
    return b"".join(kept)


def _title_from_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    last = Path(urllib.parse.unquote(parts.path)).stem.replace("-", " ").replace("_", " ").strip()
    return (last[:1].upper() + last[1:]) if last else (parts.hostname or url)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, QabotError | OSError):
        return str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {exc}"
