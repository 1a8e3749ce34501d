"""Hand-made answers for formatter tests (no index needed)."""

from __future__ import annotations

from index import Answer, ArticleRef


def make_answer(quote: str, title: str = "A title", n: int = 0) -> Answer:
    """Answer number `n` (sentence n + 1 of article `a<n>`), attributed to Reuters."""
    ref = ArticleRef(
        id=f"a{n}", title=title, source="Wire", url="https://example.org/a", published="2024-05-01", path="a.md"
    )
    return Answer(
        quote=quote,
        score=0.9,
        sentence_index=n,
        attributed_to="Reuters",
        context_before=[],
        context_after=[],
        article=ref,
        sentence_id=n + 1,
    )
