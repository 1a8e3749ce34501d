"""Where the repository's own test material lives."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_CORPUS = REPO / "corpus"
SEED_FILE = SEED_CORPUS / "coalition-strikes-isis-syria.md"
TEST_DATA = REPO / "tests" / "data"
