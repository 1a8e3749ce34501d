"""`database_url`: the audit log and the feedback in one PostgreSQL database, shared by every
process and machine, against a real PostgreSQL server the tests start (tests/support/postgres.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index import AuditLog, FeedbackLog, RecordsUnavailable
from tests.support.cli import qabot
from tests.support.paths import PAGES, SEED_CORPUS

HARBOUR_ID = "kestrel-bay-harbour-reopens-after-nine-day-closure.md"


def test_two_machines_write_and_read_one_audit_log(tmp_path: Path, database_url: str) -> None:
    here = AuditLog(tmp_path / "machine-a", database_url)
    there = AuditLog(tmp_path / "machine-b", database_url)
    started = here.record("discord:1 (mara)", "add", "harbour.md", "pending", "“Harbour” from harbour.html")
    assert [e.target for e in there.pending()] == ["harbour.md"]  # the other machine sees it at once
    there.finish(started, "ok")
    assert here.pending() == []
    assert [(e.id, e.outcome) for e in here.latest()] == [(started.id, "ok")]
    assert here.added("harbour.md") == there.latest()[0]
    # Each server's corpus has its own log in the same database.
    server = AuditLog(tmp_path / "machine-a" / "guilds" / "7", database_url, scope="guild_7")
    assert server.latest() == []
    server.record("cli:ines", "reindex", "", "ok")
    assert [e.action for e in here.latest()] == ["add"]
    assert not any(path.suffix == ".sqlite3" for path in tmp_path.rglob("*"))  # nothing on the machines' disks


def test_feedback_from_two_processes_is_one_record_with_one_vote_per_person(tmp_path: Path, database_url: str) -> None:
    reply = {"guild_id": 7, "question": "Where were the strikes launched from?", "tier": "answer"}
    first, second = FeedbackLog(tmp_path / "a", database_url), FeedbackLog(tmp_path / "b", database_url)
    quotes = ["The strikes were launched from Ash Shaddadi."]
    assert not first.record(message_id=11, user_id=5, vote="up", sentence_ids=[3], quotes=quotes, **reply)
    # The same person changes their mind through the other process: their vote is replaced, not added.
    assert second.record(message_id=11, user_id=5, vote="down", sentence_ids=[3], quotes=quotes, **reply)
    assert first.record(message_id=11, user_id=6, vote="up", sentence_ids=[3], quotes=quotes, **reply) is False
    votes = first.votes()
    assert sorted(v.vote for v in votes) == ["down", "up"] and all(v.quotes == quotes for v in votes)
    assert sorted(len(record["gold"]) for record in second.export(7)) == [0, 1]  # a 👍 gives gold, a 👎 none
    assert second.votes(guild_id=8) == []


def test_qabot_corpus_add_on_one_machine_shows_in_corpus_log_on_another(tmp_path: Path, database_url: str) -> None:
    env = {"QABOT_DATABASE_URL": database_url}
    for machine in ("a", "b"):
        shutil.copytree(SEED_CORPUS, tmp_path / machine / "corpus")
    added = qabot("corpus", "add", str(PAGES / "harbour.html"), cwd=tmp_path / "a", env=env)
    assert added.returncode == 0, added.stderr
    log = qabot("corpus", "log", cwd=tmp_path / "b", env=env)
    assert log.returncode == 0, log.stderr
    assert f"add {HARBOUR_ID} · ok" in log.stdout
    assert database_url not in log.stdout + log.stderr + added.stdout + added.stderr


def test_an_unreachable_database_is_named_and_changes_nothing(tmp_path: Path) -> None:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    before = sorted(p.name for p in (tmp_path / "corpus").iterdir())
    down = {"QABOT_DATABASE_URL": f"postgresql://qabot@/postgres?host={tmp_path}&port=9"}
    added = qabot("corpus", "add", str(PAGES / "harbour.html"), cwd=tmp_path, env=down)
    assert added.returncode == 1
    assert "Stopped: the records database cannot be reached" in added.stderr and "Traceback" not in added.stderr
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == before
    with pytest.raises(RecordsUnavailable):
        AuditLog(tmp_path, down["QABOT_DATABASE_URL"]).latest()


def test_doctor_checks_the_records_database(tmp_path: Path, database_url: str) -> None:
    def records_line(url: str) -> str:
        run = qabot("doctor", cwd=tmp_path, env={"QABOT_DATABASE_URL": url})
        assert url not in run.stdout + run.stderr  # the URL may hold a password
        return next(line for line in run.stdout.splitlines() if " records: " in line)

    assert records_line(database_url).split()[0] == "ok"
    down = records_line(f"postgresql://qabot@/postgres?host={tmp_path}&port=9")
    assert down.startswith("FAIL records: the records database cannot be reached")
