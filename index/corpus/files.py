"""The corpus folder's files as a curator changes them: duplicates, names, atomic writes.

The corpus stays the single source of truth, so a change to it is written the safe way: a
hidden temporary file beside the target, flushed to disk, then renamed over it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import unicodedata
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

from index.corpus.drafts import Draft
from index.errors import AlreadyInCorpus, CorpusEditRefused
from index.records import Article


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


def refuse_duplicates(drafts: Sequence[Draft], existing: Sequence[Article]) -> None:
    links: dict[str, Article] = {}
    texts: dict[str, Article] = {}
    for article in existing:
        for link in (article.url, article.extra.get("origin")):
            key = same_link(link if isinstance(link, str) else None)
            if key:
                links.setdefault(key, article)
        texts.setdefault(fingerprint(article.text), article)
    for draft in drafts:
        for link in (draft.origin, draft.article.url):
            key = same_link(link)
            if key and key in links:
                found = links[key]
                raise AlreadyInCorpus(f"{link} is already in the corpus as “{found.title}” ({found.id})", found.id)
        found_text = texts.get(fingerprint(draft.article.text))
        if found_text is not None:
            raise AlreadyInCorpus(
                f"the same text is already in the corpus as “{found_text.title}” ({found_text.id})", found_text.id
            )
        texts[fingerprint(draft.article.text)] = draft.article


def slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")[:60].rstrip("-") or "article"


def free_name(folder: Path, slug: str, taken: set[str]) -> Path:
    """`<slug>.md`, or `<slug>-2.md`…: no file there, and no article of the base corpus by that id."""
    path, number = folder / f"{slug}.md", 1
    while path.exists() or path.name in taken:
        number += 1
        path = folder / f"{slug}-{number}.md"
    return path


def inside(folder: Path, relative: str) -> Path:
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise CorpusEditRefused(f"{relative} is outside the corpus folder")
    return path


def atomic_write(path: Path, data: bytes) -> None:
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


def without_line(data: bytes, local_id: str) -> bytes:
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
