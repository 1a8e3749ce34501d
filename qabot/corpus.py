"""`qabot corpus`: add, remove, list, show and log the corpus's articles."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

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


def _curator(
    config: Path | None, corpus: Path | None, index: Path | None, guild: int | None, create: bool = False
) -> Curator:
    """The base corpus's curator, or server `guild`'s (its folder and index made when `create`)."""
    settings = settings_or_exit(config, corpus=corpus, index_dir=index)
    if guild is not None and settings.guild_corpora is None:
        err.print("[red]--guild needs per-server corpora:[/] set guild_corpora (QABOT_GUILD_CORPORA) first.")
        raise typer.Exit(2)
    return Corpora(Engine(settings)).curator(guild, create=create)


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


@corpus_app.command("add")
def corpus_add(
    source: Annotated[str, typer.Argument(help="A file (.txt, .md, .html, .jsonl) or an http(s) link.")],
    guild: GuildOpt = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Add an article from a file or a web page, then reindex: it is quoted from the next question."""
    curator = _curator(config, corpus, index, guild, create=True)
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


@corpus_app.command("remove")
def corpus_remove(
    article_id: ArticleIdArg,
    guild: GuildOpt = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Remove an article from the corpus, then reindex: it is never quoted again."""
    curator = _curator(config, corpus, index, guild)
    change = _change(curator, lambda progress: curator.remove(article_id, actor(), progress))
    out.print(f"Removed “{escape(change.articles[0].title)}” ({escape(article_id)})", soft_wrap=True)
    err.print(f"Indexed: {change.summary.line()}")


@corpus_app.command("list")
def corpus_list(
    guild: GuildOpt = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per article.")] = False,
    config: ConfigOpt = None,
) -> None:
    """The indexed articles: id, title, outlet, date, sentences."""
    curator = _curator(config, corpus, index, guild)
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


@corpus_app.command("show")
def corpus_show(
    article_id: ArticleIdArg,
    guild: GuildOpt = None,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    config: ConfigOpt = None,
) -> None:
    """One article's metadata, sentence count, and who added it when."""
    curator = _curator(config, corpus, index, guild)
    info = curator.article(article_id)
    if info is None:
        err.print(f"[red]No article {escape(article_id)!r} in the index.[/] `qabot corpus list` shows the ids.")
        raise typer.Exit(1)
    for label, value in article_details(info, curator.added(article_id)):
        out.print(f"{label + ':':<11} {escape(value)}", soft_wrap=True)


@corpus_app.command("log")
def corpus_log(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many of the latest events.")] = 20,
    guild: GuildOpt = None,
    index: IndexOpt = None,
    config: ConfigOpt = None,
) -> None:
    """The latest adds, removes and reindexes: who, when, what, and how each ended."""
    audit = _curator(config, None, index, guild).audit
    events = audit.latest(limit)
    for event in events:
        out.print(escape(event.line()), soft_wrap=True)
    if not events:
        err.print(f"No changes recorded yet in {escape(str(audit.path))}.")
