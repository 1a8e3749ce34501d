"""What every `qabot` command shares: the consoles, the options, settings, progress and reindexing."""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
from rich.progress import Progress as ProgressBar

from index import (
    Curator,
    Engine,
    IndexSummary,
    Progress,
    ReindexInProgress,
    Settings,
    StoreUnavailable,
    load_settings,
)

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # messages stay whole lines when piped

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML settings file (default ./qabot.toml).")]
CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Corpus folder or .jsonl file.")]
IndexOpt = Annotated[Path | None, typer.Option("--index", help="Index folder.")]
GuildOpt = Annotated[
    int | None, typer.Option("--guild", help="The server whose corpus this is (with guild_corpora set).")
]


def settings_or_exit(config: Path | None, **flags: object) -> Settings:
    try:
        return load_settings(Settings, config, **flags)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"[red]Settings error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None


@contextmanager
def embedding_progress(description: str) -> Iterator[Progress]:
    """A progress bar on stderr for the embedding stage of a reindex; yields its callback."""
    bar = ProgressBar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
    with bar:
        task = bar.add_task(description, total=None)

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage == "embed":
                bar.update(task, completed=done, total=max(total, 1))

        yield on_progress


def actor() -> str:
    """Who is changing the corpus, as the audit log records it."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "cli"


class IndexBusy(typer.Exit):
    """Another process holds the reindex lock (exit status 1)."""


def reindex(
    engine: Engine, full: bool = False, build_only_if_missing: bool = False, recorded: bool = False
) -> IndexSummary | None:
    """Run (or, for `ask`, maybe run) a reindex with a progress bar on stderr.

    `recorded`: a reindex asked for (`qabot index`) goes into the audit log; the build that
    `ask --build` or `eval` needs first is not a change to the corpus and does not.
    """
    with embedding_progress("Embedding sentences") as on_progress:
        try:
            if build_only_if_missing:
                return engine.load(build_if_missing=True, progress=on_progress)
            if recorded:
                return Curator(engine).reindex(actor(), full=full, progress=on_progress)
            return engine.reindex(full=full, progress=on_progress)
        except ReindexInProgress as exc:
            err.print(f"[yellow]{exc}[/]: try again when it has finished.")
            raise IndexBusy(1) from None
        except StoreUnavailable as exc:  # store = milvus and Milvus is away
            err.print(f"[red]{escape(str(exc))}[/]\nThe index is unchanged; try again when the store is back.")
            raise typer.Exit(1) from None
        except FileNotFoundError as exc:
            err.print(f"[red]{escape(str(exc))}[/]")
            raise typer.Exit(2) from None
        except (OSError, sqlite3.Error) as exc:  # disk full, permission denied, read-only folder
            folder = engine.settings.index_dir
            err.print(
                f"[red]Could not write the index in {escape(str(folder))}:[/] {escape(str(exc))}\n"
                "The previous index, if any, is unchanged and keeps serving."
            )
            raise typer.Exit(1) from None


def print_summary(summary: IndexSummary) -> None:
    for skipped in summary.skipped:
        err.print(f"[yellow]skipped[/] {escape(str(skipped))}")
    err.print(f"Indexed: {summary.line()}")
