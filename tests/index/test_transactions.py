"""Changes as one transaction across processes: an add killed at any moment is all in or all
out, and a serving process sees what another process published without a restart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.kill_adds import kill_loop
from tests.support.cli import qabot
from tests.support.paths import PAGES, REPO, SEED_CORPUS

HARBOUR = "How many fishing boats were damaged at Kestrel Bay?"
HARBOUR_ID = "kestrel-bay-harbour-reopens-after-nine-day-closure.md"


def test_adds_killed_at_random_moments_are_all_in_or_all_out(tmp_path: Path) -> None:
    results = kill_loop(tmp_path, kills=3, seed=11)
    assert results.pop("settle").complete == 1  # the check sees an add that landed
    for kind, outcome in results.items():
        assert outcome.half_applied == [], kind
        assert outcome.missing_from_audit == [], kind
        assert outcome.pending_left == 0, kind
        assert outcome.complete + outcome.absent == 3, kind
    log = qabot("corpus", "log", "--limit", "50", cwd=tmp_path).stdout
    assert "pending" not in log


def test_a_half_applied_add_is_undone_by_the_next_change_and_logged(tmp_path: Path) -> None:
    """The state a kill between the intent and the reindex leaves, made by hand: the record
    pending, the file written, the index without it."""
    from index import AuditLog

    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    assert qabot("index", cwd=tmp_path).returncode == 0
    audit = AuditLog(tmp_path / ".qabot" / "index")
    audit.record("cli:ghost", "add", "ghost.md", "pending", "“Ghost” from ghost.txt")
    (tmp_path / "corpus" / "ghost.md").write_text("---\ntitle: Ghost\n---\nA ghost story. It ends.\n")

    added = qabot("corpus", "add", str(PAGES / "harbour.html"), cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert not (tmp_path / "corpus" / "ghost.md").exists()
    log = qabot("corpus", "log", cwd=tmp_path).stdout
    assert "add ghost.md · failed: interrupted before it was indexed (its process stopped); nothing added" in log
    assert f"add {HARBOUR_ID} · ok" in log
    listed = [json.loads(line)["id"] for line in qabot("corpus", "list", "--json", cwd=tmp_path).stdout.splitlines()]
    assert "ghost.md" not in listed and HARBOUR_ID in listed


def _serve(tmp_path: Path, guild_corpora: Path | None = None) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.serving_child",
            str(tmp_path / "corpus"),
            str(tmp_path / ".qabot" / "index"),
            str(guild_corpora or ""),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def _ask(child: subprocess.Popen[str], question: str, guild: int | None = None) -> list[str]:
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(f"{'-' if guild is None else guild} {question}\n")
    child.stdin.flush()
    quotes: list[str] = json.loads(child.stdout.readline())
    return quotes


def test_a_serving_process_stops_quoting_an_article_another_process_removed(tmp_path: Path) -> None:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    assert qabot("corpus", "add", str(PAGES / "harbour.html"), cwd=tmp_path).returncode == 0
    child = _serve(tmp_path)
    try:
        assert _ask(child, HARBOUR)[0].startswith("Harbour master Ines Roth said fourteen fishing boats")
        removed = qabot("corpus", "remove", HARBOUR_ID, cwd=tmp_path)
        assert removed.returncode == 0, removed.stderr
        assert not any("Kestrel" in quote or "Ines Roth" in quote for quote in _ask(child, HARBOUR))
        assert _ask(child, "Where were the missile strikes launched from?")[0].startswith("On December 20")
    finally:
        child.kill()
        child.wait()


def test_a_serving_process_sees_a_server_corpus_another_process_made(tmp_path: Path) -> None:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    guilds = tmp_path / "guilds"
    env = {"QABOT_GUILD_CORPORA": str(guilds)}
    assert qabot("index", cwd=tmp_path, env=env).returncode == 0
    child = _serve(tmp_path, guilds)
    try:
        assert not any("Ines Roth" in quote for quote in _ask(child, HARBOUR, guild=77))
        added = qabot("corpus", "add", "--guild", "77", str(PAGES / "harbour.html"), cwd=tmp_path, env=env)
        assert added.returncode == 0, added.stderr
        assert _ask(child, HARBOUR, guild=77)[0].startswith("Harbour master Ines Roth said fourteen fishing boats")
        assert not any("Ines Roth" in quote for quote in _ask(child, HARBOUR, guild=78))  # other servers: never
    finally:
        child.kill()
        child.wait()
