"""Child process for the SIGKILL test: reindexes in a loop, printing each stage as it reaches it.

It embeds with the deterministic `HashEncoder` (the store's crash safety does not depend on
the model) so that each run is quick; the parent kills it at random moments.
"""

from __future__ import annotations

import sys
from pathlib import Path

from index import Engine, Settings
from tests.support.encoders import HashEncoder


def main(corpus: Path, index_dir: Path) -> None:
    settings = Settings(corpus=corpus, index_dir=index_dir, batch_size=4, title_weight=0)
    engine = Engine(settings, encoder=HashEncoder())

    def report(stage: str, done: int, total: int) -> None:
        print(f"{stage} {done}/{total}", flush=True)

    print("ready", flush=True)
    while True:
        engine.reindex(full=True, progress=report)
        print("published", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
