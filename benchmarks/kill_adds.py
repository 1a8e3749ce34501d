"""SIGKILL `qabot corpus add` at random moments and count half-applied adds.

    python -m benchmarks.kill_adds [--kills 20] [--seed 7]

For a file and for a link (a page served on 127.0.0.1), `--kills` times each: start `qabot
corpus add` on a new article, kill it after a random time within one uninterrupted add's
duration, and go on. A last add, not killed, settles what the killed ones left (every change
does). Then every article tried must be in all three of the corpus folder, the index and the
audit log (as ok), or in none of them; and no audit record may be left pending. Prints the
counts; `tests/index/test_transactions.py` runs a few kills of the same loop.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from index import AuditLog, Engine, Settings

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpus"


def article_text(number: int) -> str:
    """A short article of its own (no two alike, so no add is refused as a duplicate)."""
    return (
        f"The harbour board of Port Number {number} approved a new breakwater on Tuesday. "
        f"Work on the {number}-metre wall will start in the spring, the board's chair said. "
        "Fishing crews have asked for the wall since the storms of last winter."
    )


def slug(number: int) -> str:
    """The id the article gets: from the file's name (`port-N.txt`) or the link's path (`/port-N`)."""
    return f"port-{number}.md"


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        number = int(self.path.rsplit("-", 1)[-1])
        body = article_text(number).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@dataclass
class Outcome:
    tried: list[int] = field(default_factory=list)
    complete: int = 0  # in the corpus, the index and the audit log
    absent: int = 0  # in none of them
    half_applied: list[str] = field(default_factory=list)
    missing_from_audit: list[str] = field(default_factory=list)
    pending_left: int = 0


def _add(work: Path, source: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "qabot", "corpus", "add", source],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_loop(work: Path, kills: int, seed: int = 7, first: int = 0) -> dict[str, Outcome]:
    """`kills` killed adds of files, then of links, in `work` (made with a copy of the seed corpus)."""
    corpus = work / "corpus"
    if not corpus.exists():
        shutil.copytree(SEED, corpus)
    env = {**os.environ, "PYTHONPATH": str(REPO), "QABOT_ALLOWED_NETWORKS": "127.0.0.1/32"}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rng = random.Random(seed)
    number = first
    results: dict[str, Outcome] = {}
    try:
        for kind in ("file", "link"):

            def source(n: int, kind: str = kind) -> str:
                if kind == "link":
                    return f"http://127.0.0.1:{server.server_address[1]}/port-{n}"
                path = work / f"port-{n}.txt"
                path.write_text(article_text(n), encoding="utf-8")
                return str(path)

            started = time.monotonic()  # one add run to its end: how long the window to kill in is
            _add(work, source(number), env).wait()
            duration = time.monotonic() - started
            number += 1
            outcome = results[kind] = Outcome()
            for _ in range(kills):
                process = _add(work, source(number), env)
                outcome.tried.append(number)
                number += 1
                time.sleep(rng.uniform(0.05, 1.1 * duration))  # now and then after it finished
                process.kill()
                process.wait()
        settle = _add(work, source(number), env)  # the next change settles what was left
        if settle.wait() != 0:
            raise RuntimeError("the add after the kills failed")
        results["settle"] = Outcome(tried=[number])  # not killed: it must be found complete
    finally:
        server.shutdown()
    settings = Settings(corpus=corpus, index_dir=work / ".qabot" / "index")
    with Engine(settings, judge=None) as engine:
        indexed = {info.ref.id for info in engine.articles()}
    audit = AuditLog(settings.index_dir, settings.records_url())
    for outcome in results.values():
        outcome.pending_left = len(audit.pending())
        for tried in outcome.tried:
            name = slug(tried)
            states = ((corpus / name).exists(), name in indexed, audit.added(name) is not None)
            if all(states):
                outcome.complete += 1
            elif not any(states):
                outcome.absent += 1
            else:
                outcome.half_applied.append(f"{name}: corpus, index, audit = {states}")
            if states[0] and not states[2]:
                outcome.missing_from_audit.append(name)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qabot-kills-") as work:
        results = kill_loop(Path(work), args.kills, args.seed)
    columns = ["add of a", "kills", "in (corpus, index, audit)", "out (none of them)", "half-applied"]
    columns += ["in corpus, not in audit", "pending left"]
    print("| " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|")
    for kind, outcome in results.items():
        print(
            f"| {kind} | {len(outcome.tried)} | {outcome.complete} | {outcome.absent} | {len(outcome.half_applied)} "
            f"| {len(outcome.missing_from_audit)} | {outcome.pending_left} |"
        )
        for line in outcome.half_applied:
            print(f"  half-applied: {line}")


if __name__ == "__main__":
    main()
