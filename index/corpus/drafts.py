"""Drafts of articles to add: from an uploaded file, a file on this machine, or a fetched page.

A draft is an article not yet in the corpus: its text and metadata, and where it came from.
Everything here refuses by name what cannot become an article (too big, binary, not UTF-8, no
text, not prose, a symbolic link), before anything is written (`curate.Curator.add` writes).
"""

from __future__ import annotations

import errno
import os
import stat
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import CorpusEditRefused
from index.ingest.extract import extract_article
from index.ingest.fetch import Fetched
from index.ingest.files import SUPPORTED_SUFFIXES, not_prose, parse_file, unsupported
from index.records import Article


@dataclass(frozen=True, slots=True)
class Draft:
    """An article that parsed and is ready to be written into the corpus, and where it came from
    (the link it was fetched from, or the uploaded file's name). Its article's id and path are
    that origin until `Curator.add` writes it."""

    article: Article
    origin: str

    @classmethod
    def of(cls, origin: str, title: str, text: str, **metadata: Any) -> Draft:
        """A draft named by its origin; `metadata`: the Article's source, url, published, author, extra."""
        return cls(Article(origin, origin, title, text, **metadata), origin)


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
    return [Draft(article, origin=name) for article in scan.articles]


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
        title = extracted.title or title_from_url(page.url)
        if not_prose(extracted.text):
            raise CorpusEditRefused(f"{page.url} is {not_prose(extracted.text)}")
        return Draft.of(
            origin,
            title,
            extracted.text,
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
    return Draft.of(origin, title_from_url(page.url), text, url=page.url)


def title_from_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    last = Path(urllib.parse.unquote(parts.path)).stem.replace("-", " ").replace("_", " ").strip()
    return (last[:1].upper() + last[1:]) if last else (parts.hostname or url)
