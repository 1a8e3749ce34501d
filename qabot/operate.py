"""The operator's commands: `qabot run` and `sync` (the bot), `invite`, `doctor`, `config` (docs/operating.md)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings
from rich.console import Console
from rich.markup import escape

from index import load_settings
from index.health import Check, check_setup
from index.settings import DEFAULT_CONFIG_FILE, GROUPS

from .common import ConfigOpt, err

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

out = Console(highlight=False, soft_wrap=True)

MARKS = {"ok": "[green]ok  [/]", "warn": "[yellow]warn[/]", "fail": "[red]FAIL[/]"}


def invite_command(
    application_id: Annotated[
        int | None,
        typer.Option("--application-id", help="The application's id (developer portal, General Information)."),
    ] = None,
    config: ConfigOpt = None,
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
    config: ConfigOpt = None,
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


def config_command(
    config: ConfigOpt = None,
) -> None:
    """Print every setting's effective value and where it came from: the environment, the
    settings file, or the default. The token is never printed."""
    from bot.settings import BotSettings

    try:
        settings = load_settings(BotSettings, config)
    except (FileNotFoundError, ValidationError, ValueError) as exc:
        err.print(f"[red]Settings error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    rows = {name: (value, source) for name, value, source in effective_settings(settings, config)}
    others = tuple(name for name in rows if not any(name in names for names in GROUPS.values()))
    for group, names in [*GROUPS.items(), ("discord", others)]:
        out.print(f"\n# {group}", highlight=False)
        for name in names:
            value, source = rows[name]
            out.print(f"{escape(name)} = {escape(value)}  [dim]({source})[/]")


def effective_settings(settings: BaseSettings, config: Path | None) -> list[tuple[str, str, str]]:
    """(name, value as TOML would write it, source) for every field of `settings`."""
    path = Path(config or os.environ.get("QABOT_CONFIG") or DEFAULT_CONFIG_FILE)
    from_file: dict[str, object] = {}
    if path.is_file():
        with open(path, "rb") as handle:
            from_file = tomllib.load(handle)
    prefix = str(settings.model_config.get("env_prefix", ""))
    rows = []
    for name, field in type(settings).model_fields.items():
        aliases = getattr(field.validation_alias, "choices", None) or []
        env_names = [str(alias) for alias in aliases if str(alias).isupper()] or [f"{prefix}{name}".upper()]
        present = next((env for env in env_names if env in os.environ), None)
        source = f"environment {present}" if present else ("file" if name in from_file else "default")
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            shown = '"**********"' if value.get_secret_value() else '""'
        else:
            shown = json.dumps(str(value) if isinstance(value, Path) else value, ensure_ascii=False, default=str)
        rows.append((name, shown, source))
    return rows


def _report(checks: list[Check]) -> None:
    for check in checks:
        out.print(f"{MARKS[check.status]} {escape(check.name)}: {escape(check.detail)}")
        if check.fix and check.status != "ok":
            out.print(f"      fix: {escape(check.fix)}")


def run_command(
    ctx: typer.Context,
    config: ConfigOpt = None,
    shard_count: Annotated[
        int | None, typer.Option("--shard-count", help="Gateway shards in all (needed from 2,500 servers).")
    ] = None,
    shard_ids: Annotated[
        str | None, typer.Option("--shard-ids", help="The shards this process runs, e.g. 0,1 (default: all).")
    ] = None,
) -> None:
    """Start the Discord bot (token from DISCORD_TOKEN or the config file)."""
    from bot.launcher import run

    raise typer.Exit(run(config, log_level=ctx.obj, shard_count=shard_count, shard_ids=shard_ids))


def sync_command(
    ctx: typer.Context,
    guild: Annotated[int | None, typer.Option("--guild", help="Sync to this server only (instant).")] = None,
    config: ConfigOpt = None,
) -> None:
    """Register the bot's slash commands with Discord (globally, or in one server)."""
    from bot.launcher import sync

    raise typer.Exit(sync(config, guild=guild, log_level=ctx.obj))
