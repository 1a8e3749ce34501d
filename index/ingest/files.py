"""Read the corpus: `.txt`, `.md` with YAML front matter, `.html` pages and `.jsonl` bulk files.

A file that cannot be read is skipped and named with the reason; it never stops the rest.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import logging
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from index.errors import CorpusEditRefused
from index.records import Article, Skipped

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
BULK_SUFFIXES = {".jsonl"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | BULK_SUFFIXES

# Front-matter keys accepted for each metadata field; anything else is kept in `extra`.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at", "published_range"),  # a range ("2004-2005") last
    "author": ("author", "byline"),
}


# A run this long with no sentence end or line break is no sentence (segment.LONGEST cuts it).
_RUN_ON = re.compile(r"[^.!?\u2026\u3002\uff01\uff1f\n]{1000,}")
PROSE_MIN_CHARS = 5_000  # shorter texts are never refused as not prose


def not_prose(text: str) -> str:
    """Why `text` is not prose an answer could quote, or "" when it is.

    More than half of a long text in runs of 1,000 characters or more with no sentence end nor
    line break (a dump of keywords, a minified page, a table flattened to one line) would be cut
    into arbitrary "sentences" at word boundaries, thousands of them for a megabyte, none a
    quotable sentence. Such text is refused by name; an article that merely lacks a final stop
    is not."""
    if len(text) < PROSE_MIN_CHARS:
        return ""
    run_on = sum(len(match.group()) for match in _RUN_ON.finditer(text))
    if run_on * 2 <= len(text):
        return ""
    return (
        f"not prose: {run_on:,} of its {len(text):,} characters run on for 1,000 or more without a "
        "sentence end or line break"
    )


class UnreadableFile(Exception):
    """Raised with a reason a person can act on (binary, bad encoding, empty...)."""


@dataclass(slots=True)
class CorpusScan:
    """Everything read from a corpus, and everything that had to be skipped."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def load_corpus(corpus: Path, max_article_bytes: int = 10_000_000, base: Path | None = None) -> CorpusScan:
    """Read every supported file under `corpus` (a folder, or one `.jsonl`/`.md`/`.txt` file).

    `base`: a shared corpus read after it (a server's corpus and the base every server
    searches); an article of `corpus` wins over a base article with the same id.
    """
    scan = _load_one(Path(corpus), max_article_bytes)
    if base is not None and Path(base).exists():
        shared = _load_one(Path(base), max_article_bytes)
        ids = {article.id for article in scan.articles}
        scan.skipped.extend(shared.skipped)
        for article in shared.articles:
            if article.id in ids:
                scan.skipped.append(Skipped(article.id, "duplicate article id (this server's own article is used)"))
            else:
                scan.articles.append(article)
    return scan


def _load_one(corpus: Path, max_article_bytes: int) -> CorpusScan:
    scan = CorpusScan()
    if corpus.is_file():
        root, files = corpus.parent, [corpus]
    elif corpus.is_dir():
        root, files = corpus, sorted(_walk(corpus))
    else:
        raise FileNotFoundError(f"corpus not found: {corpus}")
    resolved_root = root.resolve()
    seen_ids: set[str] = set()
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            if path.is_symlink() and not path.resolve().is_relative_to(resolved_root):
                raise UnreadableFile("symlink pointing outside the corpus")
            suffix = path.suffix.lower()
            if suffix not in SUPPORTED_SUFFIXES:
                raise UnreadableFile(unsupported(suffix or path.name))
            if suffix in BULK_SUFFIXES:
                with path.open("rb") as lines:
                    articles = list(_read_jsonl(lines, rel, scan.skipped, max_article_bytes))
            else:
                articles = [_read_document(path, rel, max_article_bytes)]
        except (UnreadableFile, OSError) as exc:
            reason = str(exc) if isinstance(exc, UnreadableFile) else f"cannot read ({exc.strerror})"
            scan.skipped.append(Skipped(rel, reason))
            log.warning("skipped %s: %s", rel, reason)
            continue
        for article in articles:
            if article.id in seen_ids:
                scan.skipped.append(Skipped(article.id, "duplicate article id"))
                continue
            seen_ids.add(article.id)
            scan.articles.append(article)
    return scan


def parse_file(name: str, data: bytes, max_article_bytes: int = 10_000_000) -> CorpusScan:
    """The articles of one file given as bytes (an upload), read exactly as the corpus reader would.

    `name` gives the type by its suffix and becomes the article id (`name#id` for JSONL lines).
    """
    scan = CorpusScan()
    suffix = Path(name).suffix.lower()
    try:
        if suffix not in SUPPORTED_SUFFIXES:
            raise UnreadableFile(unsupported(suffix or name))
        if suffix in BULK_SUFFIXES:
            scan.articles = list(_read_jsonl(io.BytesIO(data), name, scan.skipped, max_article_bytes))
        else:
            _check_size(len(data), max_article_bytes)
            scan.articles = [_parse_document(name, suffix, data, default_title=_title_from_name(Path(name)))]
    except UnreadableFile as exc:
        scan.skipped.append(Skipped(name, str(exc)))
    return scan


def unsupported(what: str) -> str:
    return f"unsupported file type '{what}' (expected .txt, .md, .html or .jsonl)"


def _walk(root: Path) -> Iterator[Path]:
    """Files under root, skipping hidden ones (editor swap files, .git...)."""
    for path in root.rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.is_file() or path.is_symlink():
            yield path


def decode_bytes(data: bytes) -> str:
    """Decode a corpus file: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"not valid UTF-16 ({exc.reason})") from None
    if b"\x00" in data:  # anywhere: a NUL inside a sentence would be quoted
        raise UnreadableFile("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise UnreadableFile(f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:g} MB)")


def _read_document(path: Path, rel: str, max_bytes: int) -> Article:
    _check_size(path.stat().st_size, max_bytes)
    return _parse_document(rel, path.suffix.lower(), path.read_bytes(), default_title=_title_from_name(path))


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases: `*name` would let a few hundred bytes of front matter
    expand to gigabytes (nested aliases, "billion laughs"), and an article's fields never need
    one. The file is skipped and named, like any broken front matter."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter, as they can expand without bound", mark
            )
        return super().compose_node(parent, index)


class _FrontMatterHandler(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_FrontMatterLoader)  # a SafeLoader subclass


_FRONT_MATTER = _FrontMatterHandler()


def _parse_document(rel: str, suffix: str, data: bytes, default_title: str) -> Article:
    text = decode_bytes(data)
    meta: dict[str, Any] = {}
    if suffix in HTML_SUFFIXES:
        from .extract import extract_article  # lazily: lxml loads only for a page

        try:
            page = extract_article(text)
        except CorpusEditRefused as exc:
            raise UnreadableFile(str(exc)) from None
        text = page.text
        meta = {"title": page.title, "source": page.source, "url": page.url, "published": page.published}
        meta["author"] = page.author
    if suffix in MARKDOWN_SUFFIXES and text.lstrip().startswith("---"):
        try:
            post = frontmatter.loads(text, handler=_FRONT_MATTER)
        except yaml.YAMLError as exc:
            first_line = str(exc).strip().splitlines()[0]
            raise UnreadableFile(f"broken front matter ({first_line})") from None
        if not isinstance(post.metadata, dict):
            raise UnreadableFile("broken front matter (not a mapping of fields)")
        meta, text = dict(post.metadata), post.content
    if not text.strip():
        raise UnreadableFile("empty (no text to index)")
    return _article(rel, rel, text, meta, default_title=default_title)


def _prose(text: str) -> str:
    """`text`, when it is prose; else UnreadableFile saying why (`not_prose`)."""
    reason = not_prose(text)
    if reason:
        raise UnreadableFile(reason)
    return text


def _read_jsonl(lines: Iterator[bytes], rel: str, skipped: list[Skipped], max_bytes: int) -> Iterator[Article]:
    """One article per line; a broken line is skipped and named, the good ones are kept."""
    for number, raw in enumerate(lines, start=1):
        where = f"{rel}:{number}"
        if not raw.strip():
            continue
        try:
            if len(raw) > max_bytes:
                raise UnreadableFile(f"article too large ({len(raw) / 1e6:.1f} MB)")
            try:
                record = json.loads(decode_bytes(raw))
            except json.JSONDecodeError as exc:
                raise UnreadableFile(f"not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise UnreadableFile("not a JSON object")
            text = record.pop("text", None)
            if not isinstance(text, str) or not text.strip():
                raise UnreadableFile("no 'text' field with article text")
            local_id = str(record.pop("id", number))
            yield _article(f"{rel}#{local_id}", rel, text, record, default_title=local_id)
        except UnreadableFile as exc:
            skipped.append(Skipped(where, str(exc)))
            log.warning("skipped %s: %s", where, exc)


def _article(article_id: str, rel: str, text: str, meta: dict[str, Any], default_title: str) -> Article:
    text = _prose(text)
    fields: dict[str, str | None] = {}
    for name, aliases in FIELD_ALIASES.items():
        # The first alias with a value: `"published": null` beside a `published_range` is not a date.
        values = [_as_text(meta.pop(alias)) for alias in aliases if alias in meta]
        fields[name] = next((value for value in values if value), None)
    extra = {str(key): value for key, value in meta.items()}
    url = normalise_url(fields["url"])
    if fields["url"] is not None and url != fields["url"]:
        extra["url_raw"] = fields["url"]  # kept as written; only an absolute http(s) URL is linked
    fields["url"] = url
    return Article(
        id=article_id,
        path=rel,
        title=fields.pop("title") or default_title,
        text=text,
        extra=json.loads(json.dumps(extra, default=str)),
        **fields,
    )


_HOST = re.compile(r"(?i)^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:[/?#].*)?$")


def normalise_url(raw: str | None) -> str | None:
    """An absolute http(s) URL, or None.

    `www.example.org/story` (no scheme, but a host name) becomes `https://www.example.org/story`;
    anything else that is not an absolute http(s) URL with a host (a relative path, `mailto:`,
    `javascript:`, spaces) is not linked: one bad field must never cost a reply.
    """
    if raw is None:
        return None
    value = raw.strip()
    if not value or any(c.isspace() for c in value) or len(value) > 2000:
        return None
    if "://" not in value:
        return f"https://{value}" if _HOST.match(value) else None
    parsed = urllib.parse.urlsplit(value)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.hostname:
        return None
    return value


def _as_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _title_from_name(path: Path) -> str:
    words = path.stem.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else path.name
