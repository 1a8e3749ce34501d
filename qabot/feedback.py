"""`qabot feedback export`: readers' votes as `qabot eval` questions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from index import FeedbackLog

from .common import ConfigOpt, IndexOpt, err, settings_or_exit

feedback_app = typer.Typer(help="Readers' 👍 / 👎 on answers.", no_args_is_help=True, rich_markup_mode=None)


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
    settings = settings_or_exit(config, index_dir=index)
    records = FeedbackLog(settings.index_dir, settings.records_url()).export(guild)
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    if out_file is None:
        sys.stdout.write(lines)
    else:
        out_file.write_text(lines, encoding="utf-8")
    ups = sum(1 for record in records if record["feedback"] == "up")
    err.print(f"{len(records)} votes exported ({ups} 👍, {len(records) - ups} 👎).")
