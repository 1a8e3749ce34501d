"""The vectors on Milvus (`store = "milvus"`): the same answers as the local FAISS store, built
incrementally, older versions' collections dropped, a damaged version never served, and a
reindex in one process never showing a mix of versions to another. Milvus Lite is the real
engine, embedded (a file URI) or as its own server process (an http URI)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index import Engine, Settings
from index.answer.evaluate import read_questions
from index.store import versions as store
from index.store.milvus import RECORD_FILE, MilvusStore
from tests.index.test_transactions import HARBOUR, HARBOUR_ID, _ask, _serve
from tests.support.cli import qabot
from tests.support.encoders import CountingEncoder
from tests.support.paths import PAGES, REPO, SEED_CORPUS
from tests.support.ports import free_port

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

SEED_QUESTIONS = read_questions(REPO / "tests/data/seed_questions.jsonl")
NEW_ARTICLE = """---
title: Lantern festival returns to Oakridge
source: The Oakridge Courier
published: 2026-10-02
---
The Oakridge lantern festival returned on Saturday after a three-year pause.
Organisers said about 4,000 lanterns were launched from the river bank.
The mayor, Ruth Calder, said the town would hold the festival every autumn.
"""


def _milvus(index_dir: Path, uri: Path | str, corpus: Path) -> Settings:
    return Settings(corpus=corpus, index_dir=index_dir, store="milvus", milvus_uri=str(uri))


def _asked(tmp_path: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    """`qabot ask - --json` with every seed question: one reply object each."""
    questions = "".join(q.question + "\n" for q in SEED_QUESTIONS)
    run = qabot("ask", "-", "--json", stdin=questions, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_qabot_index_then_ask_on_milvus_quotes_the_seed_questions_as_the_local_store(tmp_path: Path) -> None:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    milvus = {"QABOT_STORE": "milvus", "QABOT_MILVUS_URI": str(tmp_path / "milvus.db")}
    milvus["QABOT_INDEX_DIR"] = str(tmp_path / "on-milvus")
    assert qabot("index", cwd=tmp_path, env=milvus).returncode == 0
    version = store.IndexStore(tmp_path / "on-milvus").current()
    assert version is not None and (version / RECORD_FILE).is_file()
    assert not (version / store.VECTORS_FILE).exists() and store.read_manifest(version)["store"] == "milvus"
    assert qabot("index", cwd=tmp_path).returncode == 0  # the default: the local store
    local, on_milvus = _asked(tmp_path, {}), _asked(tmp_path, milvus)
    assert len(local) == len(on_milvus) == len(SEED_QUESTIONS)
    for want, got in zip(local, on_milvus, strict=True):
        seen = [(a["quote"], a["attributed_to"], a["sentence_index"]) for a in got["answers"]]
        assert (got["tier"], seen) == (
            want["tier"],
            [(a["quote"], a["attributed_to"], a["sentence_index"]) for a in want["answers"]],
        ), want["question"]
        assert [a["score"] for a in got["answers"]] == pytest.approx([a["score"] for a in want["answers"]], abs=1e-4)


@pytest.fixture
def on_milvus(tmp_path: Path, seed_corpus: Path, embedder: CountingEncoder) -> Iterator[tuple[Engine, MilvusStore]]:
    """An engine on Milvus Lite over the seed corpus (first stage alone), loaded, and its store."""
    settings = _milvus(tmp_path / "index", tmp_path / "milvus.db", seed_corpus)
    engine = Engine(settings, encoder=embedder, judge=None)
    engine.load()
    yield engine, MilvusStore(settings.milvus_uri, settings.index_dir)
    engine.close()


def test_a_reindex_embeds_only_what_changed_and_keeps_two_versions_on_milvus(
    on_milvus: tuple[Engine, MilvusStore], seed_corpus: Path, embedder: CountingEncoder
) -> None:
    engine, milvus = on_milvus
    (seed_corpus / "lanterns.md").write_text(NEW_ARTICLE, encoding="utf-8")
    embedder.embedded.clear()
    summary = engine.reindex()
    assert (summary.added, summary.sentences_embedded) == (1, 3)
    assert not any("ISIS" in text for text in embedder.embedded)  # the seed article's vectors came from Milvus
    assert engine.ask("How many lanterns were launched at Oakridge?").answers[0].quote.startswith("Organisers said")
    (seed_corpus / "lanterns.md").unlink()
    engine.reindex()
    versions = store.IndexStore(engine.settings.index_dir).versions()
    ours = sorted(c for c in milvus.client.list_collections() if c.startswith(milvus.alias + "_"))
    assert ours == sorted(milvus.collection_of(v) for v in versions) and len(ours) == 2
    aliases = milvus.client.describe_alias(milvus.alias)
    assert aliases["collection_name"] == milvus.collection_of(versions[-1])
    assert not any("lantern" in a.quote for a in engine.ask("How many lanterns were launched at Oakridge?").answers)


def test_a_version_whose_collection_is_gone_is_set_aside_and_rebuilt(
    on_milvus: tuple[Engine, MilvusStore], embedder: CountingEncoder
) -> None:
    engine, milvus = on_milvus
    damaged = engine.snapshot.version
    engine.close()
    milvus.client.drop_collection(milvus.collection_of(damaged))
    again = Engine(engine.settings, encoder=embedder, judge=None)
    summary = again.load()
    assert summary is not None and summary.sentences_embedded > 0  # rebuilt from the corpus
    assert again.snapshot.version != damaged
    assert damaged.with_name(damaged.name + store.CORRUPT_SUFFIX).is_dir()
    assert again.ask("Where were the missile strikes launched from?").answers[0].quote.startswith("On December 20")
    again.close()


def test_an_unreachable_milvus_is_named_and_nothing_is_published(tmp_path: Path) -> None:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    away = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    run = qabot(
        "ask",
        "--build",
        "Where were the strikes launched from?",
        cwd=tmp_path,
        env={"QABOT_STORE": "milvus", "QABOT_MILVUS_URI": away},
    )
    assert run.returncode == 1
    assert f"cannot reach Milvus at {away}" in run.stderr and "Traceback" not in run.stderr
    assert "The index is unchanged" in run.stderr
    assert store.IndexStore(tmp_path / ".qabot" / "index").current() is None


def test_doctor_checks_the_milvus_store(tmp_path: Path) -> None:
    def store_line(env: dict[str, str]) -> tuple[str, str]:
        """(status, what it says) of the doctor's vector store line."""
        run = qabot("doctor", cwd=tmp_path, env=env)
        status, _, said = next(line for line in run.stdout.splitlines() if " vector store: " in line).partition(" ")
        return status, said.strip()

    assert store_line({}) == ("ok", "vector store: FAISS files in each index version's folder (store = local)")
    lite = store_line({"QABOT_STORE": "milvus", "QABOT_MILVUS_URI": str(tmp_path / "m.db")})
    assert lite == ("ok", f"vector store: Milvus Lite in {tmp_path / 'm.db'} (one process at a time)")
    away = f"http://127.0.0.1:{free_port()}"
    status, said = store_line({"QABOT_STORE": "milvus", "QABOT_MILVUS_URI": away})
    assert status == "FAIL" and said.startswith(f"vector store: nothing answers at {away}")


@pytest.fixture
def milvus_server(tmp_path: Path) -> Iterator[str]:
    """Milvus Lite as its own server process: the http URI every process shares, as with a cluster."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(tmp_path / "milvus"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the Milvus Lite server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_reindex_in_one_process_never_shows_another_a_mix_of_versions(tmp_path: Path, milvus_server: str) -> None:
    """A serving process asks without pause while another process adds and removes an article
    twice over one Milvus server: every reply is what one complete version answers."""
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    env = {"QABOT_STORE": "milvus", "QABOT_MILVUS_URI": milvus_server}
    assert qabot("index", cwd=tmp_path, env=env).returncode == 0
    os.environ.update(env)  # the serving child inherits them
    try:
        child = _serve(tmp_path)
    finally:
        for name in env:
            del os.environ[name]
    without = _ask(child, HARBOUR)
    seen: list[list[str]] = []
    failed: list[BaseException] = []
    stop = threading.Event()

    def asking() -> None:
        try:
            while not stop.is_set():
                seen.append(_ask(child, HARBOUR))
        except BaseException as exc:  # the child died or answered nothing: the test names it
            failed.append(exc)

    asker = threading.Thread(target=asking)
    asker.start()
    try:
        added = qabot("corpus", "add", str(PAGES / "harbour.html"), cwd=tmp_path, env=env)
        assert added.returncode == 0, added.stderr
        time.sleep(1)  # a few questions against the version with the article
        removed = qabot("corpus", "remove", HARBOUR_ID, cwd=tmp_path, env=env)
        assert removed.returncode == 0, removed.stderr
        time.sleep(1)
    finally:
        stop.set()
        asker.join(timeout=120)
        child.kill()
        child.wait()
    assert failed == [] and not asker.is_alive()
    with_harbour = [
        quotes for quotes in seen if quotes and quotes[0].startswith("Harbour master Ines Roth said fourteen")
    ]
    assert with_harbour and seen[-1] == without
    assert all(quotes in (without, with_harbour[0]) for quotes in seen)  # one version or the other, whole
