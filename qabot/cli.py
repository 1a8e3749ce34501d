"""`qabot`: build the index, ask questions, evaluate answers, run the Discord bot, sync its commands.

The command line is a front end of the `index` library (and starts the bot lazily): the
library never imports it.
"""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import math
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
from rich.progress import Progress as ProgressBar

from index import (
    Change,
    Corpora,
    CorpusEditRefused,
    Curator,
    Engine,
    FeedbackLog,
    IndexMissing,
    IndexSummary,
    Progress,
    QuestionRejected,
    ReindexInProgress,
    Result,
    Settings,
    article_details,
    draft_from_page,
    drafts_from_path,
    fetch,
    load_settings,
    store,
)
from index.evaluate import evaluate, read_questions

from . import operate

# Plain help (no rich panels): a flag reads `--full`, not `--full <bool>`.
app = typer.Typer(
    help="Answer questions with verbatim, attributed quotes from a news corpus.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)
out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # messages stay whole lines when piped

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML settings file (default ./qabot.toml).")]
CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Corpus folder or .jsonl file.")]
IndexOpt = Annotated[Path | None, typer.Option("--index", help="Index folder.")]


@app.callback()
def main(
    ctx: typer.Context,
    log_level: Annotated[str | None, typer.Option("--log-level", help="DEBUG, INFO, WARNING or ERROR.")] = None,
) -> None:
    ctx.obj = log_level
    if ctx.invoked_subcommand in ("run", "sync", "invite", "doctor"):
        return  # the bot sets up logging the discord.py way
    log_level = log_level or "WARNING"
    level = logging.getLevelName(log_level.upper())
    if not isinstance(level, int):
        raise typer.BadParameter(f"unknown log level {log_level!r}", param_hint="--log-level")
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Libraries that log chatty internals at INFO/DEBUG stay at WARNING unless asked for DEBUG.
    for name in ("bm25s", "faiss.loader", "sentence_transformers", "httpx"):
        logging.getLogger(name).setLevel(max(level, logging.WARNING) if level > logging.DEBUG else level)


def _settings(config: Path | None, **flags: object) -> Settings:
    try:
        return load_settings(Settings, config, **flags)
    except (FileNotFoundError, ValueError) as exc:
        err.print(f"[red]Settings error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _progress_bar() -> ProgressBar:
    return ProgressBar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


class IndexBusy(typer.Exit):
    """Another process holds the reindex lock (exit status 1)."""


def _reindex(
    engine: Engine, full: bool = False, build_only_if_missing: bool = False, recorded: bool = False
) -> IndexSummary | None:
    """Run (or, for `ask`, maybe run) a reindex with a progress bar on stderr.

    `recorded`: a reindex asked for (`qabot index`) goes into the audit log; the build that
    `ask --build` or `eval` needs first is not a change to the corpus and does not.
    """
    with _progress_bar() as bar:
        task = bar.add_task("Embedding sentences", total=None)

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage == "embed":
                bar.update(task, completed=done, total=max(total, 1))

        try:
            if build_only_if_missing:
                return engine.load(build_if_missing=True, progress=on_progress)
            if recorded:
                return Curator(engine).reindex(_actor(), full=full, progress=on_progress)
            return engine.reindex(full=full, progress=on_progress)
        except ReindexInProgress as exc:
            err.print(f"[yellow]{exc}[/]: try again when it has finished.")
            raise IndexBusy(1) from None
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


def _print_summary(summary: IndexSummary) -> None:
    for skipped in summary.skipped:
        err.print(f"[yellow]skipped[/] {escape(str(skipped))}")
    err.print(f"Indexed: {summary.line()}")


@app.command("index")
def index_command(
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    full: Annotated[bool, typer.Option("--full", help="Re-embed every article, not only changed ones.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Build the index, or update it: only new or changed articles are embedded."""
    engine = Engine(_settings(config, corpus=corpus, index_dir=index))
    summary = _reindex(engine, full=full, recorded=True)
    assert summary is not None
    _print_summary(summary)


@app.command("ask")
def ask_command(
    question: Annotated[str, typer.Argument(help="The question, or - to read one question per line from stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per question (stable format).")] = False,
    k: Annotated[int | None, typer.Option("--k", "-k", min=1, max=50, help="Quotes per question.")] = None,
    build: Annotated[
        bool, typer.Option("--build", help="Build the index first when there is none (else that is an error).")
    ] = False,
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Answer with verbatim quotes and their sources."""
    engine = Engine(_settings(config, corpus=corpus, index_dir=index))
    folder, corpus_path = escape(str(engine.settings.index_dir)), escape(str(engine.settings.corpus))
    if store.IndexStore(engine.settings.index_dir).current() is None:
        if not build:  # a mistyped --index must not start a silent build of the whole corpus
            err.print(
                f"[red]No index in {folder}[/] (looked for a published index there).\n"
                f"Build it with: qabot index --corpus {corpus_path} --index {folder}\n"
                "or add --build to this command to build it first."
            )
            raise typer.Exit(2)
        err.print(f"No index in {folder}: building it from {corpus_path}.")
    # Bytes that are not UTF-8 (on stdin or in the argument) become U+FFFD, never a crash.
    questions = (
        (raw.decode("utf-8", "replace").rstrip("\r\n") for raw in sys.stdin.buffer)
        if question == "-"
        else iter([question])
    )
    try:
        summary = _reindex(engine, build_only_if_missing=True)
    except IndexBusy:
        if as_json:  # a program still gets one object per question
            for text in questions:
                reply = "The index is being built by another process; try again when it has finished."
                print(
                    json.dumps({"question": text, "abstained": True, "tier": "nothing", "answers": [], "error": reply})
                )
        raise
    if summary is not None:
        _print_summary(summary)
    for text in questions:  # one reply per input line, an error object for a blank one
        try:
            result = engine.ask(text, k)
        except QuestionRejected as exc:
            reply = refusal(exc)
            if as_json:
                print(
                    json.dumps({"question": text, "abstained": True, "tier": "nothing", "answers": [], "error": reply}),
                    flush=True,
                )
            else:
                err.print(f"[yellow]{escape(reply)}[/]")
            continue
        if as_json:
            print(json.dumps(result.to_dict(), ensure_ascii=False), flush=True)
        else:
            _print_result(result)


def refusal(exc: QuestionRejected) -> str:
    """What the command line says when a question cannot be searched."""
    if exc.reason == "too_long":
        return f"That question is {exc.length:,} characters long; please keep it under {exc.limit:,}."
    return "Please ask a question in words, for example: who reported the strikes?"


def floor2(value: float) -> str:
    """Two decimals, rounded down: a value under a threshold never reads as equal to it.

    The epsilon keeps binary fractions whole (0.29 * 100 is 28.999999999999996).
    """
    return f"{math.floor(value * 100 + 1e-9) / 100:.2f}"


def _print_result(result: Result) -> None:
    out.print(f"[bold]Q:[/] {escape(result.question)}\n")
    if result.tier == "related":
        out.print("[yellow]Nothing in the corpus answers this.[/] Closest sentences, for reference only:\n")
    elif result.tier == "nothing":
        out.print("[yellow]Nothing in the corpus answers this[/], and nothing in it comes close enough to quote.\n")
    if result.sources_differ:
        out.print(
            f"[yellow]Sources differ:[/] the first {result.sources_differ} quotes, from different articles, "
            "give different figures (newest first where dated).\n"
        )
    for number, answer in enumerate(result.answers, start=1):
        style = "dim" if result.abstained else ""
        out.print(f"{number:>2}. [{style or 'default'}]“{escape(answer.quote)}”[/]")
        judged = "" if answer.answer_probability is None else f" · answers it: {floor2(answer.answer_probability)}"
        out.print(f"    [cyan]— {escape(answer.citation())}[/]  [dim]score {floor2(answer.score)}{judged}[/]")
        for other in answer.also_in:
            where = " · ".join(part for part in (other.source, other.published) if part) or other.path
            out.print(f'    [dim]also in "{escape(other.title)}" ({escape(where)})[/]')
        out.print()


@app.command("eval")
def eval_command(
    questions_file: Annotated[
        Path, typer.Argument(help="JSONL of {id, question, gold: [...]}.", exists=True, dir_okay=False)
    ],
    corpus: CorpusOpt = None,
    index: IndexOpt = None,
    misses: Annotated[Path, typer.Option("--misses", help="Where to write the misses (JSONL).")] = Path(
        "eval-misses.jsonl"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
    config: ConfigOpt = None,
) -> None:
    """Report R@1, R@5, MRR and answer-triggering P/R/F1 of a question set on a corpus."""
    settings = _settings(config, corpus=corpus)
    if index is None:
        index = settings.index_dir.parent / "eval" / (settings.corpus.resolve().name or "corpus")
    engine = Engine(settings.model_copy(update={"index_dir": index}))
    summary = _reindex(engine, build_only_if_missing=False)
    if summary is not None:
        _print_summary(summary)
    questions = read_questions(questions_file)
    engine.ask("warm up", 1)  # model and index loaded before timing
    started = time.perf_counter()
    results = engine.ask_batch([q.question for q in questions], k=max(10, settings.top_k))
    seconds = time.perf_counter() - started
    judged = engine.judge is not None
    setting = "answer_threshold" if judged else "first_stage_threshold"
    report = evaluate(questions, results, settings.answer_threshold if judged else settings.first_stage_threshold)
    with misses.open("w", encoding="utf-8") as handle:
        for miss in report.misses:
            handle.write(json.dumps(miss, ensure_ascii=False) + "\n")
    figures = {**report.figures(), "ms_per_question": round(1000 * seconds / max(len(questions), 1), 2)}
    if as_json:
        print(json.dumps(figures))
        return
    tiers = report.tiers
    out.print(
        f"{report.questions} questions, {report.answerable} answerable "
        f"({'with the answer judge' if judged else 'first stage only, judge = none'})\n"
        f"R@1 {report.recall_at_1:.3f}  R@5 {report.recall_at_5:.3f}  MRR {report.mrr:.3f}\n"
        f"answer triggering at {setting} {report.threshold:.3f}: precision {report.precision:.3f}  "
        f"recall {report.recall:.3f}  F1 {report.f1:.3f}  ({report.answered} answered)\n"
        f"replies by tier (answer / related / nothing): answerable "
        f"{tiers['answerable']['answer']} / {tiers['answerable']['related']} / {tiers['answerable']['nothing']}, "
        f"unanswerable {tiers['unanswerable']['answer']} / {tiers['unanswerable']['related']} / "
        f"{tiers['unanswerable']['nothing']}\n"
        f"best threshold on this set: {report.best_threshold:.3f} (F1 {report.best_f1:.3f}; "
        f"to use it: {setting} = {report.best_threshold:.3f} in qabot.toml, or QABOT_{setting.upper()})\n"
        f"{figures['ms_per_question']} ms per question; misses written to {misses}"
    )


corpus_app = typer.Typer(
    help="Add, remove and list the corpus's articles; each change reindexes and is kept in the audit log.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(corpus_app, name="corpus")


ArticleIdArg = Annotated[str, typer.Argument(metavar="ID", help="The article's id, as `qabot corpus list` shows.")]
GuildOpt = Annotated[
    int | None, typer.Option("--guild", help="The server whose corpus this is (with guild_corpora set).")
]


def _curator(
    config: Path | None, corpus: Path | None, index: Path | None, guild: int | None, create: bool = False
) -> Curator:
    """The base corpus's curator, or server `guild`'s (its folder and index made when `create`)."""
    settings = _settings(config, corpus=corpus, index_dir=index)
    if guild is not None and settings.guild_corpora is None:
        err.print("[red]--guild needs per-server corpora:[/] set guild_corpora (QABOT_GUILD_CORPORA) first.")
        raise typer.Exit(2)
    return Corpora(Engine(settings)).curator(guild, create=create)


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "cli"


def _change(curator: Curator, work: Callable[[Progress], Change]) -> Change:
    """Run an add or a remove with a progress bar; a refusal or a failure exits with its reason."""
    with _progress_bar() as bar:
        task = bar.add_task("Reindexing", total=None)

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage == "embed":
                bar.update(task, completed=done, total=max(total, 1))

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
        curator.refused(_actor(), source, exc)
        err.print(f"[red]Nothing added:[/] {escape(str(exc))}")
        raise typer.Exit(1) from None
    change = _change(curator, lambda progress: curator.add(drafts, _actor(), progress))
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
    change = _change(curator, lambda progress: curator.remove(article_id, _actor(), progress))
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


feedback_app = typer.Typer(help="Readers' 👍 / 👎 on answers.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("export")
def feedback_export(
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the JSONL here (default: standard output).")
    ] = None,
    guild: Annotated[int | None, typer.Option("--guild", help="Only the votes given in this server.")] = None,
    index: IndexOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Votes as `qabot eval` questions: a 👍 makes the first quote gold; a 👎 has no gold, for review."""
    settings = _settings(config, index_dir=index)
    records = FeedbackLog(settings.index_dir).export(guild)
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    if out_file is None:
        sys.stdout.write(lines)
    else:
        out_file.write_text(lines, encoding="utf-8")
    ups = sum(1 for record in records if record["feedback"] == "up")
    err.print(f"{len(records)} votes exported ({ups} 👍, {len(records) - ups} 👎).")


@app.command("run")
def run_command(ctx: typer.Context, config: ConfigOpt = None) -> None:
    """Start the Discord bot (token from DISCORD_TOKEN or the config file)."""
    from bot.launcher import run

    raise typer.Exit(run(config, log_level=ctx.obj))


@app.command("sync")
def sync_command(
    ctx: typer.Context,
    guild: Annotated[int | None, typer.Option("--guild", help="Sync to this server only (instant).")] = None,
    config: ConfigOpt = None,
) -> None:
    """Register the bot's slash commands with Discord (globally, or in one server)."""
    from bot.launcher import sync

    raise typer.Exit(sync(config, guild=guild, log_level=ctx.obj))


app.command("invite")(operate.invite_command)
app.command("doctor")(operate.doctor_command)


if __name__ == "__main__":
    app()
