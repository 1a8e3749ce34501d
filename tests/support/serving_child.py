"""A serving process for the two-process tests: it loads its engines once, then answers each
question read from stdin (`<guild id or -> <question>`) with one JSON line of its first quotes.

It never restarts and is never told of changes: what another process publishes (a `qabot
corpus remove`, an add to a server's corpus) it must notice on its own.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from index import Corpora, Engine, Settings


def main(corpus: Path, index_dir: Path, guild_corpora: str) -> None:
    settings = Settings(
        corpus=corpus, index_dir=index_dir, guild_corpora=Path(guild_corpora) if guild_corpora else None
    )
    base = Engine(settings)
    base.load()
    corpora = Corpora(base)
    print("ready", flush=True)
    for line in sys.stdin:
        guild, _, question = line.rstrip("\n").partition(" ")
        engine = corpora.engine(None if guild == "-" else int(guild))
        answers = engine.ask(question, k=5).answers
        print(json.dumps([answer.quote for answer in answers]), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "")
