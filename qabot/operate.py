"""`qabot invite` and `qabot doctor`: an operator's first two commands (docs/operating.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from index import load_settings
from index.health import Check, check_setup

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

MARKS = {"ok": "[green]ok  [/]", "warn": "[yellow]warn[/]", "fail": "[red]FAIL[/]"}


def invite_command(
    application_id: Annotated[
        int | None,
        typer.Option("--application-id", help="The application's id (developer portal, General Information)."),
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML settings file (default ./qabot.toml).")] = None,
) -> None:
    """Print the link that adds the bot to a server, with exactly the scopes and permissions it uses."""
    from bot.deploy import PERMISSION_NAMES, REQUIRED_PERMISSIONS, SCOPES, application_id_from_token, invite_url
    from bot.settings import BotSettings

    if application_id is None:
        try:
            settings = load_settings(BotSettings, config)
        except (FileNotFoundError, ValidationError, ValueError) as exc:
            err.print(f"[red]Settings error:[/] {escape(str(exc))}")
            raise typer.Exit(2) from None
        token = settings.discord_token.get_secret_value() if settings.discord_token else ""
        application_id = application_id_from_token(token) if token else None
        if application_id is None:
            err.print(
                "No application id: pass --application-id (developer portal -> your application -> "
                "General Information), or set DISCORD_TOKEN to the bot's token, which encodes it."
            )
            raise typer.Exit(2)
    out.print(invite_url(application_id))
    err.print(f"scopes: {' '.join(SCOPES)}; permissions ({REQUIRED_PERMISSIONS.value}): {', '.join(PERMISSION_NAMES)}")


def doctor_command(
    config: Annotated[Path | None, typer.Option("--config", help="TOML settings file (default ./qabot.toml).")] = None,
) -> None:
    """Check the settings, the token's shape, the model files, the index and the folders; each
    problem with its fix. Exit status 1 when any check fails."""
    from bot.deploy import check_token
    from bot.settings import BotSettings

    try:
        settings = load_settings(BotSettings, config)
    except (FileNotFoundError, ValidationError, ValueError) as exc:
        _report([Check("settings", "fail", str(exc), "correct the settings file or the QABOT_* variable it names")])
        raise typer.Exit(1) from None
    token = settings.discord_token.get_secret_value() if settings.discord_token else None
    checks = check_setup(settings, config)
    checks.insert(1, check_token(token))
    _report(checks)
    failed = sum(check.status == "fail" for check in checks)
    warned = sum(check.status == "warn" for check in checks)
    out.print(f"{len(checks)} checks: {failed} failed, {warned} warnings.")
    if failed:
        raise typer.Exit(1)


def _report(checks: list[Check]) -> None:
    for check in checks:
        out.print(f"{MARKS[check.status]} {escape(check.name)}: {escape(check.detail)}")
        if check.fix and check.status != "ok":
            out.print(f"      fix: {escape(check.fix)}")
