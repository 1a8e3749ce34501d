"""`qabot corpus`: add, remove, list, show and log the corpus's articles."""

from __future__ import annotations

import asyncio
import inspect
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from index import (
    Change,
    Corpora,
    CorpusEditRefused,
    Curator,
    Engine,
    IndexMissing,
    Progress,
    RecordsUnavailable,
    ReindexInProgress,
    article_details,
    draft_from_page,
    drafts_from_path,
    fetch,
)

from .common import (
    ConfigOpt,
    CorpusOpt,
    GuildOpt,
    IndexBusy,
    IndexOpt,
    actor,
    embedding_progress,
    err,
    out,
    settings_or_exit,
)

corpus_app = typer.Typer(
    help="Add, remove and list the corpus's articles; each change reindexes and is kept in the audit log.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


ArticleIdArg = Annotated[str, typer.Argument(metavar="ID", help="The article's id, as `qabot corpus list` shows.")]


@dataclass(frozen=True)
class Target:
    """The corpus a `qabot corpus` command works on, from the options every one of them takes."""

    config: Path | None = None
    corpus: Path | None = None
    index: Path | None = None
    guild: int | None = None

    def curator(self, create: bool = False) -> Curator:
        """The base corpus's curator, or server `guild`'s (its folder and index made when `create`)."""
        settings = settings_or_exit(self.config, corpus=self.corpus, index_dir=self.index)
        if self.guild is not None and settings.guild_corpora is None:
            err.print("[red]--guild needs per-server corpora:[/] set guild_corpora (QABOT_GUILD_CORPORA) first.")
            raise typer.Exit(2)
        return Corpora(Engine(settings)).curator(self.guild, create=create)


SHARED_OPTIONS = {"guild": GuildOpt, "corpus": CorpusOpt, "index": IndexOpt, "config": ConfigOpt}


def corpus_command(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register `function(target, ...)` as `qabot corpus NAME`, with the shared options (`--guild`,
    `--corpus`, `--index`, `--config`) declared here once and handed to it as one `Target`."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        own = [p for p in inspect.signature(function, eval_str=True).parameters.values() if p.name != "target"]
        shared = [
            inspect.Parameter(option, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
            for option, annotation in SHARED_OPTIONS.items()
        ]

        def command(*args: Any, **kwargs: Any) -> None:
            target = Target(**{option: kwargs.pop(option, None) for option in SHARED_OPTIONS})
            try:
                function(target, *args, **kwargs)
            except RecordsUnavailable as exc:  # database_url is set and the database is down
                err.print(f"[red]Stopped:[/] {escape(str(exc))} (database_url)")
                raise typer.Exit(1) from None

        command.__name__, command.__doc__ = function.__name__, function.__doc__
        command.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
        corpus_app.command(name)(command)
        return function

    return register


def _change(curator: Curator, work: Callable[[Progress], Change]) -> Change:
    """Run an add or a remove with a progress bar; a refusal or a failure exits with its reason."""
    with embedding_progress("Reindexing") as on_progress:
        try:
            return work(on_progress)
        except CorpusEditRefused as exc:
            err.print(f"[red]Nothing changed:[/] {escape(str(exc))}")
            raise typer.Exit(1) from None
        except ReindexInProgress as exc:
            err.print(f"[yellow]{exc}[/]: nothing changed; try again when it has finished.")
            raise IndexBusy(1) from None
        except (OSError, sqlite3.Error) as exc:
            err.print(f"[red]The reindex failed, so nothing changed:[/] {escape(str(exc))}")
            raise typer.Exit(1) from None


@corpus_command("add")
def corpus_add(
    target: Target,
    source: Annotated[str, typer.Argument(help="A file (.txt, .md, .html, .jsonl) or an http(s) link.")],
) -> None:
    """Add an article from a file or a web page, then reindex: it is quoted from the next question."""
    curator = target.curator(create=True)
    settings = curator.engine.settings
    try:
        if source.startswith(("http://", "https://")):
            page = asyncio.run(fetch(source, settings.fetch_policy()))
            drafts = [draft_from_page(page, source)]
        else:
            path = Path(source)
            if not path.exists() and not path.is_symlink():
                err.print(f"[red]No such file:[/] {escape(source)} (a link must start with http:// or https://)")
                raise typer.Exit(2)
            drafts = drafts_from_path(path, int(settings.max_article_mb * 1_000_000))
    except CorpusEditRefused as exc:
        curator.refused(actor(), source, exc)
        err.print(f"[red]Nothing added:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    change = _change(curator, lambda progress: curator.add(drafts, actor(), progress))
    for article in change.articles:
        out.print(f"Added “{escape(article.title)}” as {escape(article.id)}", soft_wrap=True)
    err.print(f"Indexed: {change.summary.line()}")


@corpus_command("remove")
def corpus_remove(target: Target, article_id: ArticleIdArg) -> None:
    """Remove an article from the corpus, then reindex: it is never quoted again."""
    curator = target.curator()
    change = _change(curator, lambda progress: curator.remove(article_id, actor(), progress))
    out.print(f"Removed “{escape(change.articles[0].title)}” ({escape(article_id)})", soft_wrap=True)
    err.print(f"Indexed: {change.summary.line()}")


@corpus_command("list")
def corpus_list(
    target: Target, as_json: Annotated[bool, typer.Option("--json", help="One JSON object per article.")] = False
) -> None:
    """The indexed articles: id, title, outlet, date, sentences."""
    curator = target.curator()
    try:
        articles = curator.articles()
    except IndexMissing as exc:
        err.print(f"[red]{escape(str(exc))}[/]")
        raise typer.Exit(2) from None
    for info in articles:
        if as_json:
            print(json.dumps({**info.ref.to_dict(), "id": info.ref.id, "sentences": info.sentence_count}))
        else:
            where = " · ".join(part for part in (info.ref.source, info.ref.published) if part)
            line = (
                f"{escape(info.ref.id)}  “{escape(info.ref.title)}”  {escape(where)}  {info.sentence_count} sentences"
            )
            out.print(line, soft_wrap=True)
    if not as_json:
        err.print(f"{len(articles)} articles")


@corpus_command("show")
def corpus_show(target: Target, article_id: ArticleIdArg) -> None:
    """One article's metadata, sentence count, and who added it when."""
    curator = target.curator()
    info = curator.article(article_id)
    if info is None:
        err.print(f"[red]No article {escape(article_id)!r} in the index.[/] `qabot corpus list` shows the ids.")
        raise typer.Exit(1)
    for label, value in article_details(info, curator.added(article_id)):
        out.print(f"{label + ':':<11} {escape(value)}", soft_wrap=True)


@corpus_command("log")
def corpus_log(
    target: Target,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many of the latest events.")] = 20,
) -> None:
    """The latest adds, removes and reindexes: who, when, what, and how each ended."""
    audit = target.curator().audit
    events = audit.latest(limit)
    for event in events:
        out.print(escape(event.line()), soft_wrap=True)
    if not events:
        err.print(f"No changes recorded yet in {escape(audit.database.where)}.")
