"""The documentation a newcomer reads: the README stays a front page, and every relative link
in it and in docs/ leads somewhere that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.paths import REPO

DOCS = sorted([REPO / "README.md", REPO / "CHANGELOG.md", *REPO.glob("docs/**/*.md"), *REPO.glob("**/MODEL_CARD.md")])
DOCS = [path for path in DOCS if ".venv" not in path.parts]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+ (.+)$", markdown, flags=re.M)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


@pytest.mark.parametrize("document", DOCS, ids=lambda path: str(path.relative_to(REPO)))
def test_every_relative_link_resolves(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target):
            continue  # https:, mailto:
        path_part, _, anchor = target.partition("#")
        resolved = (document.parent / path_part).resolve() if path_part else document
        if not resolved.exists() or (
            anchor and resolved.is_file() and anchor not in _anchors(resolved.read_text(encoding="utf-8"))
        ):
            broken.append(target)
    assert broken == [], f"{document.relative_to(REPO)} links to what does not exist"


def test_the_readme_is_a_front_page() -> None:
    assert len((REPO / "README.md").read_text(encoding="utf-8").splitlines()) <= 300
