"""`qabot` as a user runs it: a real process, real model, JSON on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.paths import REPO


def qabot(*args: str, stdin: str | None = None, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qabot", *args],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO)},
    )


def test_ask_json_quotes_the_first_sentence_and_abstains_off_topic(tmp_path: Path, seed_corpus: Path) -> None:
    questions = "Where were the missile strikes launched from?\n\nWhat is the capital of France?\n"
    run = qabot(
        "ask",
        "--json",
        "-",
        "--corpus",
        str(seed_corpus),
        "--index",
        str(tmp_path / "ix"),
        stdin=questions,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    first, off_topic = [json.loads(line) for line in run.stdout.splitlines()]

    assert first["question"] == "Where were the missile strikes launched from?"
    assert first["abstained"] is False
    top = first["answers"][0]
    assert top["quote"].startswith("On December 20, Al Hadath TV reported")
    assert top["attributed_to"] == "Al Hadath TV"
    assert top["sentence_index"] == 0
    assert top["context_before"] == [] and top["context_after"][0].startswith("This operation")
    assert top["article"] == {
        "id": "coalition-strikes-isis-syria.md",
        "title": "Coalition missile strikes on ISIS in Syria",
        "source": None,
        "url": None,
        "published": None,
        "path": "coalition-strikes-isis-syria.md",
    }
    seed_text = (seed_corpus / "coalition-strikes-isis-syria.md").read_text(encoding="utf-8")
    assert all(answer["quote"] in seed_text for answer in first["answers"])  # verbatim

    assert off_topic["abstained"] is True
    assert off_topic["answers"], "related sentences are still offered"
    assert "Indexed:" in run.stderr  # the index was built on first use


def test_ask_prints_readable_quotes_and_refuses_empty_questions(tmp_path: Path, seed_corpus: Path) -> None:
    args = ("--corpus", str(seed_corpus), "--index", str(tmp_path / "ix"))
    run = qabot("ask", "Who vowed to retaliate against ISIS?", *args, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Previously, President Donald Trump had publicly vowed" in " ".join(run.stdout.split())
    assert '"Coalition missile strikes on ISIS in Syria", sentence 11' in " ".join(run.stdout.split())

    empty = qabot("ask", "   ", *args, cwd=tmp_path)
    assert empty.returncode == 0
    assert "Please ask a question" in empty.stderr


def test_index_reports_skipped_files_and_summary(tmp_path: Path, seed_corpus: Path) -> None:
    (seed_corpus / "broken.md").write_text("---\ntitle: [oops\n---\ntext", encoding="utf-8")
    run = qabot("index", "--corpus", str(seed_corpus), "--index", str(tmp_path / "ix"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "skipped broken.md: broken front matter" in run.stderr
    assert "1 added, 0 changed, 0 removed, 1 skipped; 17 sentences embedded" in " ".join(run.stderr.split())
