"""`qabot` as a user runs it: a real process, real model, JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from qabot import cli
from tests.support.cli import qabot
from tests.support.paths import DIFFERING_CORPUS, REPO


def test_ask_json_quotes_the_first_sentence_and_abstains_off_topic(tmp_path: Path, seed_corpus: Path) -> None:
    questions = "Where were the missile strikes launched from?\n\nWhat is the capital of France?\n"
    run = qabot(
        "ask",
        "--json",
        "--build",
        "-",
        "--corpus",
        str(seed_corpus),
        "--index",
        str(tmp_path / "ix"),
        stdin=questions,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    first, blank, off_topic = [json.loads(line) for line in run.stdout.splitlines()]  # one reply per line
    assert blank == {
        "question": "",
        "abstained": True,
        "tier": "nothing",
        "answers": [],
        "error": "Please ask a question in words, for example: who reported the strikes?",
    }

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
    assert off_topic["tier"] == "nothing" and off_topic["answers"] == []  # nothing in the corpus is on topic
    assert "No index in" in run.stderr and "Indexed:" in run.stderr  # built, as --build asked, and said so


def test_ask_without_an_index_says_where_it_looked_and_how_to_build_it(tmp_path: Path, seed_corpus: Path) -> None:
    """A mistyped --index is an error at once, not a silent build of the whole corpus."""
    mistyped = tmp_path / "idnex"
    args = ("--corpus", str(seed_corpus), "--index", str(mistyped))
    run = qabot("ask", "--json", "Who vowed to retaliate?", *args, cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == "" and "Traceback" not in run.stderr
    said = " ".join(run.stderr.split())
    assert f"No index in {mistyped}" in said
    assert f"qabot index --corpus {seed_corpus} --index {mistyped}" in said and "--build" in said
    assert not mistyped.exists()  # nothing was built


def test_help_shows_flags_without_type_noise() -> None:
    run = qabot("ask", "--help", cwd=REPO)
    assert run.returncode == 0
    assert "--build" in run.stdout and "--json" in run.stdout
    assert "<bool>" not in run.stdout and "╭" not in run.stdout


def test_ask_prints_readable_quotes_and_refuses_empty_questions(tmp_path: Path, seed_corpus: Path) -> None:
    args = ("--corpus", str(seed_corpus), "--index", str(tmp_path / "ix"))
    run = qabot("ask", "--build", "Who vowed to retaliate against ISIS?", *args, cwd=tmp_path)
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


def test_bytes_that_are_not_utf8_never_crash_ask(tmp_path: Path, seed_corpus: Path) -> None:
    """An undecodable argument is answered; on stdin a bad line is answered and the batch goes on."""
    args = ["--build", "--corpus", str(seed_corpus), "--index", str(tmp_path / "ix")]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "qabot", "ask", "--json"]
    argument = subprocess.run(
        [*command, b"Where were the missile strikes \xff launched from?", *args],
        capture_output=True, cwd=tmp_path, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert argument.returncode == 0, argument.stderr.decode()
    reply = json.loads(argument.stdout)
    assert reply["question"] == "Where were the missile strikes \ufffd launched from?"
    assert reply["answers"][0]["quote"].startswith("On December 20, Al Hadath TV reported")

    lines = b"who reported \xff\xfe the strikes?\n\xc3\x28\nWho vowed to retaliate against ISIS?\n"
    batch = subprocess.run(
        [*command, "-", *args], input=lines, capture_output=True, cwd=tmp_path, env=env, timeout=300, check=False
    )
    assert batch.returncode == 0, batch.stderr.decode()
    replies = [json.loads(line) for line in batch.stdout.decode().splitlines()]
    assert [r["question"] for r in replies] == [
        "who reported \ufffd\ufffd the strikes?",
        "\ufffd(",
        "Who vowed to retaliate against ISIS?",
    ]
    assert "error" not in replies[0] and "error" not in replies[2]
    assert replies[2]["answers"][0]["quote"].startswith("Previously, President Donald Trump")


def test_printed_scores_round_down_so_under_a_threshold_never_reads_as_equal() -> None:
    assert cli.floor2(0.277) == "0.27"  # under 0.28: never printed as 0.28
    assert cli.floor2(0.28) == "0.28" and cli.floor2(0.29) == "0.29"  # exact values stay exact
    assert cli.floor2(1.1749) == "1.17" and cli.floor2(-0.101) == "-0.11"


def test_ask_shows_differing_figures_with_their_dates_newest_first(tmp_path: Path) -> None:
    args = ("--corpus", str(DIFFERING_CORPUS), "--index", str(tmp_path / "ix"))
    run = qabot("ask", "--build", "What was the unemployment rate in Marlow in March?", *args, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    shown = " ".join(run.stdout.split())
    assert "Sources differ: the first 2 quotes, from different articles, give different figures" in shown
    revised = shown.index("“Unemployment in Marlow stood at 5.2% in March, according to revised council figures.”")
    first = shown.index("“Unemployment in Marlow fell to 5.4% in March, the council said.”")
    assert revised < first
    assert '"Council revises Marlow jobless figures", sentence 1 · Coast Radio · 2026-04-20' in shown
    assert '"Marlow jobless rate falls", sentence 1 · Marlow Gazette · 2026-04-02' in shown
