"""`qabot invite` and `qabot doctor`, run as an operator runs them: real processes."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import discord

from index import Engine, Settings
from index.settings import GROUPS
from tests.support.cli import qabot

APP_ID = 1187654321098765432
# Shaped like a bot token (the id in base64, a timestamp, an HMAC); not a real one.
TOKEN = base64.urlsafe_b64encode(str(APP_ID).encode()).decode().rstrip("=") + ".GhQx1a.5s2Vt8kq0wN4pLm7RzYcXb1dEfGhIjKl"
USED = {"read_messages", "send_messages", "send_messages_in_threads", "embed_links", "read_message_history"}


def _env(tmp_path: Path, **more: str) -> dict[str, str]:
    return {"QABOT_CONFIG": str(tmp_path / "absent.toml"), "DISCORD_TOKEN": "", **more}


def test_invite_asks_for_exactly_the_scopes_and_permissions_the_bot_uses(tmp_path: Path) -> None:
    run = qabot("invite", "--application-id", str(APP_ID), cwd=tmp_path, env=_env(tmp_path))
    assert run.returncode == 0, run.stderr
    url = urlsplit(run.stdout.strip())
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    query = parse_qs(url.query)
    assert query["client_id"] == [str(APP_ID)]
    assert query["scope"] == ["bot applications.commands"]
    granted = {name for name, allowed in discord.Permissions(int(query["permissions"][0])) if allowed}
    # read_messages is discord.py's name for View Channel
    assert granted == USED
    assert "administrator" not in granted and "manage_messages" not in granted


def test_invite_reads_the_application_id_from_the_token_or_says_what_it_needs(tmp_path: Path) -> None:
    from_token = qabot("invite", cwd=tmp_path, env=_env(tmp_path, DISCORD_TOKEN=TOKEN))
    assert from_token.returncode == 0, from_token.stderr
    assert f"client_id={APP_ID}&" in from_token.stdout
    assert TOKEN not in from_token.stdout + from_token.stderr  # the token itself never prints

    neither = qabot("invite", cwd=tmp_path, env=_env(tmp_path))
    assert neither.returncode == 2
    assert "--application-id" in neither.stderr and neither.stdout == ""


def test_doctor_passes_a_working_setup_without_printing_the_token(seed_engine: Engine, tmp_path: Path) -> None:
    settings = seed_engine.settings
    paths = {"QABOT_INDEX_DIR": str(settings.index_dir), "QABOT_CORPUS": str(settings.corpus)}
    run = qabot("doctor", cwd=tmp_path, env=_env(tmp_path, DISCORD_TOKEN=TOKEN, **paths))
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    names = ("settings", "discord token", "embedding model", "answer judge", "index", "vector store", "records")
    names = (*names, "index folder")
    for name in (*names, "corpus folder"):
        assert any(line.startswith("ok") and f" {name}:" in line for line in lines), (name, run.stdout)
    assert "17 sentences, every file intact" in run.stdout
    assert lines[-1] == "9 checks: 0 failed, 0 warnings."
    assert TOKEN not in run.stdout + run.stderr


def test_doctor_names_each_problem_with_its_fix(seed_engine: Engine, tmp_path: Path) -> None:
    settings = seed_engine.settings
    env = _env(tmp_path, DISCORD_TOKEN="Bot " + TOKEN, QABOT_INDEX_DIR=str(tmp_path / "nowhere"))
    run = qabot("doctor", cwd=tmp_path, env=env)
    assert run.returncode == 1
    assert "FAIL discord token: the token starts with 'Bot '" in run.stdout
    assert "FAIL index: no index in" in run.stdout and "fix: run `qabot index`" in run.stdout

    (version,) = [p for p in settings.index_dir.iterdir() if p.is_dir() and p.name.startswith("v")]
    damaged = next(p for p in version.iterdir() if p.suffix == ".faiss")
    damaged.write_bytes(damaged.read_bytes()[:-8] + b"\x00" * 8)
    env = _env(tmp_path, DISCORD_TOKEN="mfa.not-a-bot-token", QABOT_INDEX_DIR=str(settings.index_dir))
    run = qabot("doctor", cwd=tmp_path, env=env)
    assert run.returncode == 1
    assert "FAIL discord token: not shaped like a bot token" in run.stdout
    assert "index file damaged" in run.stdout and "fix: run `qabot index --full`" in run.stdout


def test_doctor_reports_a_settings_file_it_cannot_read(tmp_path: Path) -> None:
    bad = tmp_path / "qabot.toml"
    bad.write_text("top_k = 'three'\n")
    run = qabot("doctor", "--config", str(bad), cwd=tmp_path, env={"DISCORD_TOKEN": TOKEN})
    assert run.returncode == 1
    assert run.stdout.startswith("FAIL settings:") and "top_k" in run.stdout


def test_config_prints_each_setting_with_where_it_came_from_and_never_the_token(tmp_path: Path) -> None:
    settings_file = tmp_path / "qabot.toml"
    settings_file.write_text('top_k = 4\ncorpus = "news"\n')
    env = {"QABOT_CONFIG": str(settings_file), "DISCORD_TOKEN": TOKEN, "QABOT_ANSWER_THRESHOLD": "0.7"}
    run = qabot("config", cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    lines = set(run.stdout.splitlines())
    assert "top_k = 4  (file)" in lines
    assert 'corpus = "news"  (file)' in lines
    assert "answer_threshold = 0.7  (environment QABOT_ANSWER_THRESHOLD)" in lines
    assert 'discord_token = "**********"  (environment DISCORD_TOKEN)' in lines
    assert "judge_candidates = 5  (default)" in lines
    assert TOKEN not in run.stdout + run.stderr
    headings = [line for line in run.stdout.splitlines() if line.startswith("# ")]
    assert headings == [f"# {group}" for group in [*GROUPS, "discord"]]
    after = run.stdout.split("# discord\n", 1)[1]
    assert "discord_token" in after and "top_k" not in after  # each setting under its own group


def test_each_setting_is_in_exactly_one_group() -> None:
    grouped = [name for names in GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(Settings.model_fields)
