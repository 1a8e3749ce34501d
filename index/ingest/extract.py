"""A web page's article: its main text and metadata, extracted with trafilatura.

trafilatura drops navigation, ads, comments and boilerplate and keeps the article's
paragraphs, one per line; it also reads the title, author, date, site name and canonical
URL from the page's metadata (Open Graph, JSON-LD, meta tags). The text it returns is what
qabot stores and quotes, so every quote is verbatim text of the page as extracted.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.errors import CorpusEditRefused

MIN_WORDS = 20  # less main text than this is a link page, a paywall or an error page, not an article


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    title: str | None
    author: str | None
    published: str | None
    source: str | None
    url: str | None


def extract_article(html: str, url: str | None = None) -> Extracted:
    """The article in `html`; raises CorpusEditRefused when the page has no main text."""
    import trafilatura  # lazily: lxml and its friends load only when a page is read

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
    )
    text = (getattr(document, "text", None) or "").strip()
    title = getattr(document, "title", None) or None
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title.strip():
            text = rest.strip()  # the headline is the title, not a sentence of the article
    if len(text.split()) < MIN_WORDS:
        raise CorpusEditRefused("the page has no article text (nothing left once menus and boilerplate were removed)")
    return Extracted(
        text=text,
        title=title,
        author=getattr(document, "author", None) or None,
        published=getattr(document, "date", None) or None,
        source=getattr(document, "sitename", None) or None,
        url=getattr(document, "url", None) or url,
    )
