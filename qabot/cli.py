"""`qabot`: build the index, ask questions, evaluate answers, curate the corpus, run the bot.

The command line is a front end of the `index` library (and starts the bot lazily): the
library never imports it. One module per group of commands: `answers` (index, ask, eval),
`corpus`, `feedback`, `operate` (run, sync, invite, doctor, config); what they share is in
`common`.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from . import answers, corpus, feedback, operate
from .answers import floor2, print_result

__all__ = ["app", "floor2", "print_result"]

# Plain help (no rich panels): a flag reads `--full`, not `--full <bool>`.
app = typer.Typer(
    help="Answer questions with verbatim, attributed quotes from a news corpus.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
)
BOT_COMMANDS = ("run", "sync", "invite", "doctor", "config")  # they set up logging the discord.py way, or none


@app.callback()
def main(
    ctx: typer.Context,
    log_level: Annotated[str | None, typer.Option("--log-level", help="DEBUG, INFO, WARNING or ERROR.")] = None,
) -> None:
    ctx.obj = log_level
    if ctx.invoked_subcommand in BOT_COMMANDS:
        return
    log_level = log_level or "WARNING"
    level = logging.getLevelName(log_level.upper())
    if not isinstance(level, int):
        raise typer.BadParameter(f"unknown log level {log_level!r}", param_hint="--log-level")
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Libraries that log chatty internals at INFO/DEBUG stay at WARNING unless asked for DEBUG.
    for name in ("bm25s", "faiss.loader", "sentence_transformers", "httpx"):
        logging.getLogger(name).setLevel(max(level, logging.WARNING) if level > logging.DEBUG else level)


app.command("index")(answers.index_command)
app.command("ask")(answers.ask_command)
app.command("eval")(answers.eval_command)
app.add_typer(corpus.corpus_app, name="corpus")
app.add_typer(feedback.feedback_app, name="feedback")
app.command("run")(operate.run_command)
app.command("sync")(operate.sync_command)
app.command("invite")(operate.invite_command)
app.command("doctor")(operate.doctor_command)
app.command("config")(operate.config_command)


if __name__ == "__main__":
    app()
