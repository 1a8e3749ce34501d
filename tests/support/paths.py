"""Where the repository's own test material lives."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_CORPUS = REPO / "corpus"
SEED_FILE = SEED_CORPUS / "coalition-strikes-isis-syria.md"
TEST_DATA = REPO / "tests" / "data"
# Two articles written for the tests that give different figures for one thing (a first
# estimate and its revision, with their dates): "sources differ".
PAGES = TEST_DATA / "pages"  # web pages written for the link-ingestion tests
DIFFERING_CORPUS = TEST_DATA / "differing"
