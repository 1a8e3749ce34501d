"""Hostile links, files and questions through `qabot` as an operator runs it (issue 38's cases):
each is refused by name or answered, and nothing leaks, hangs or crashes."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.ingest.fetch import FetchPolicy
from localdiscord.web import local_web
from tests.support.cli import qabot
from tests.support.paths import PAGES, REPO, SEED_CORPUS

LOCAL = {"QABOT_ALLOWED_NETWORKS": "127.0.0.1/32"}
STRIKES = "Where were the missile strikes launched from?"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    shutil.copytree(SEED_CORPUS, tmp_path / "corpus")
    return tmp_path / "corpus"


def _log(tmp_path: Path) -> str:
    run = qabot("corpus", "log", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    return run.stdout


async def test_a_link_with_credentials_is_refused_before_any_request_and_never_stored(
    tmp_path: Path, corpus: Path
) -> None:
    async with local_web() as server:
        server.page("/page", PAGES / "harbour.html")
        secret_link = server.url("/page").replace("http://", "http://editor:s3cret@")
        run = await asyncio.to_thread(qabot, "corpus", "add", secret_link, cwd=tmp_path, env=LOCAL)
        assert run.returncode == 1
        assert "carries a user name or password" in run.stderr and server.url("/page") in run.stderr
        # A redirect to a link with credentials is refused the same way.
        hop = server.redirect("/hop", secret_link)
        redirected = await asyncio.to_thread(qabot, "corpus", "add", hop, cwd=tmp_path, env=LOCAL)
        assert redirected.returncode == 1 and "carries a user name or password" in redirected.stderr
    assert server.hits.get("/page", 0) == 0  # never sent, not even once
    for output in (run.stdout, run.stderr, redirected.stdout, redirected.stderr, _log(tmp_path)):
        assert "s3cret" not in output and "editor:" not in output
    assert sorted(p.name for p in corpus.iterdir()) == ["coalition-strikes-isis-syria.md"]


EMBEDDING_IPV4 = {
    "64:ff9b::7f00:1": "loopback",  # NAT64 of 127.0.0.1
    "64:ff9b::a9fe:a9fe": "link-local",  # NAT64 of 169.254.169.254, the cloud metadata service
    "64:ff9b:1::a00:1": "private",  # local-use NAT64 of 10.0.0.1
    "2002:7f00:1::": "loopback",  # 6to4 of 127.0.0.1
    "::127.0.0.1": "loopback",  # IPv4-compatible
    "::ffff:10.1.2.3": "private",  # IPv4-mapped
    "2001:0:4136:e378:8000:63bf:80ff:fffe": "loopback",  # Teredo, client 127.0.0.1
}


@pytest.mark.parametrize("address", sorted(EMBEDDING_IPV4))
def test_an_ipv6_address_is_judged_by_the_ipv4_address_it_embeds(address: str, tmp_path: Path, corpus: Path) -> None:
    assert not FetchPolicy().address_allowed(ipaddress.ip_address(address))
    run = qabot("corpus", "add", f"http://[{address}]/page", cwd=tmp_path)
    assert run.returncode == 1
    shown = ipaddress.ip_address(address).compressed  # as the link's host is written back
    assert f"{shown} is a {EMBEDDING_IPV4[address]} address; only public addresses can be fetched" in run.stderr


def test_public_addresses_in_those_forms_stay_allowed() -> None:
    policy = FetchPolicy()
    for public in ("64:ff9b::808:808", "2002:808:808::1", "2606:4700:4700::1111", "8.8.8.8"):
        assert policy.address_allowed(ipaddress.ip_address(public)), public


ALIAS_BOMB = "---\ntitle: Bomb\na: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefg", "bcdefgh")
)


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path, corpus: Path) -> None:
    bomb = tmp_path / "bomb.md"
    bomb.write_text(ALIAS_BOMB + "---\nThe council met on Monday. It voted to close the pier.\n", encoding="utf-8")
    assert len(bomb.read_bytes()) < 400
    started = time.monotonic()
    run = qabot("corpus", "add", str(bomb), cwd=tmp_path)
    assert run.returncode == 1, run.stdout
    assert "aliases (*name) are not allowed in front matter" in run.stderr
    shutil.copy(bomb, corpus / "bomb.md")  # put there by hand: skipped and named by the indexer
    index = qabot("index", cwd=tmp_path)
    assert index.returncode == 0 and "bomb.md" in index.stderr + index.stdout
    assert time.monotonic() - started < 120  # it used to expand to 1.5 GB over minutes


def test_a_symbolic_link_is_not_followed_out_of_the_corpus(tmp_path: Path, corpus: Path) -> None:
    secret = tmp_path / "outside" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash. Daemon account. Nobody account.\n", encoding="utf-8")
    link = tmp_path / "innocent.txt"
    link.symlink_to(secret)
    run = qabot("corpus", "add", str(link), cwd=tmp_path)
    assert run.returncode == 1 and "is a symbolic link" in run.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["coalition-strikes-isis-syria.md"]
    assert "root:x" not in _log(tmp_path)


def test_a_page_that_is_not_prose_is_refused_by_name(tmp_path: Path, corpus: Path) -> None:
    words = tmp_path / "keywords.txt"
    words.write_text(("river council budget minister report water north " * 25_000)[:1_000_000], encoding="utf-8")
    run = qabot("corpus", "add", str(words), cwd=tmp_path)
    assert run.returncode == 1 and "not prose: 1,000,000 of its 1,000,000 characters run on" in run.stderr
    shutil.copy(words, corpus / "keywords.txt")
    index = qabot("index", cwd=tmp_path)
    assert index.returncode == 0 and "keywords.txt" in index.stderr + index.stdout and "not prose" in index.stderr


@pytest.mark.parametrize("length", [1, 500, 999, 1000])
def test_questions_up_to_the_limit_are_answered_not_crashed(length: int, tmp_path: Path, corpus: Path) -> None:
    question = (STRIKES + " ") * 30
    question = "W" if length == 1 else question[:length]
    run = qabot("ask", "--json", "--build", question, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    reply = json.loads(run.stdout)
    assert "error" not in reply and reply["tier"] in ("answer", "related", "nothing")
    if length >= 500:
        assert reply["tier"] == "answer" and "Ash Shaddadi" in reply["answers"][0]["quote"]


def test_without_the_current_pointer_the_newest_intact_version_serves(tmp_path: Path, corpus: Path) -> None:
    assert qabot("index", cwd=tmp_path).returncode == 0
    (tmp_path / ".qabot" / "index" / "CURRENT").unlink()
    run = qabot("ask", "--json", STRIKES, cwd=tmp_path)
    assert run.returncode == 0 and "Ash Shaddadi" in json.loads(run.stdout)["answers"][0]["quote"]
    index = qabot("index", cwd=tmp_path)
    assert index.returncode == 0 and "0 sentences embedded; 1 articles, 17 sentences" in index.stderr
    assert (tmp_path / ".qabot" / "index" / "CURRENT").is_file()  # the pointer is back


def _read_only_mount(folder: Path) -> list[str] | None:
    """A command prefix that runs with `folder` mounted read-only (a private mount namespace,
    as on a read-only volume; root ignores file modes, not a read-only mount), or None."""
    unshare = shutil.which("unshare")
    if unshare is None or os.geteuid() != 0:
        return None
    probe = subprocess.run([unshare, "-m", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        return None
    script = f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && exec "$@"'
    return [unshare, "-m", "sh", "-c", script, "sh"]


def test_a_read_only_index_answers(tmp_path: Path, corpus: Path) -> None:
    index_dir = tmp_path / ".qabot" / "index"
    assert qabot("index", cwd=tmp_path).returncode == 0
    (index_dir / ".lock").unlink()
    prefix = _read_only_mount(index_dir)
    if prefix is None:
        pytest.skip("cannot mount a folder read-only here (needs root and unshare)")
    run = subprocess.run(
        [*prefix, sys.executable, "-m", "qabot", "ask", "--json", STRIKES],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Ash Shaddadi" in json.loads(run.stdout)["answers"][0]["quote"]
    assert not (index_dir / ".lock").exists()
