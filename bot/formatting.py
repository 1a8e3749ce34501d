"""Results as Discord embeds, within Discord's limits, with quotes that render as written.

Quotes are escaped (so `**x**` shows as `**x**`, not bold), cut at a word boundary with an
ellipsis when a message would exceed a limit, and the citation line is never cut.
"""

from __future__ import annotations

import datetime as dt

import discord

from index import Answer, ArticleInfo, Result

DESCRIPTION_MAX = 4096
TITLE_MAX = 256
FOOTER_MAX = 2048
TOTAL_MAX = 6000
EMBEDS_MAX = 10

ANSWER_COLOUR = discord.Colour.green()
RELATED_COLOUR = discord.Colour.light_grey()
QUESTION_PREFIX = "Q: "


def escape(text: str) -> str:
    """Show text exactly as written: no markdown, no masked links, no headings or lists."""
    return discord.utils.escape_markdown(text, as_needed=False, ignore_links=False)


def shorten(text: str, limit: int) -> str:
    """Cut `text` at a word boundary so that `len(result) <= limit`, ending with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def block_quote(text: str, limit: int) -> str:
    """`> quote` lines, escaped and shortened so the whole block fits in `limit` characters."""
    raw = text
    while True:
        lines = escape(raw).splitlines() or [""]
        block = "\n".join("> " + line for line in lines)
        if len(block) <= limit:
            return block
        over = len(block) - limit
        raw = shorten(raw, max(len(raw) - over - 1, 1))
        if raw == "…":
            return "> …"


def _title(text: str) -> str:
    return shorten(text, TITLE_MAX)


def answer_embed(answer: Answer, number: int, related: bool, budget: int) -> discord.Embed:
    """One quote with its citation; `budget` bounds the embed's total characters."""
    title = _title(f"{number}. {answer.article.title}")
    citation = "— " + escape(answer.citation(with_url=False))
    also = ""
    if answer.also_in:
        names = ", ".join(f'"{ref.title}"' for ref in answer.also_in[:5])
        also = "\n" + escape(shorten(f"Also in {names}", 300))
    room = min(DESCRIPTION_MAX, budget - len(title)) - len(citation) - len(also) - 1
    description = f"{block_quote(answer.quote, max(room, 3))}\n{citation}{also}"
    return discord.Embed(
        title=title,
        url=answer.article.url or None,
        description=description,
        colour=RELATED_COLOUR if related else ANSWER_COLOUR,
    )


def result_embeds(result: Result, answers: list[Answer] | None = None, first_number: int = 1) -> list[discord.Embed]:
    """A header naming the question and the verdict (the reply's tier), then one embed per quote."""
    shown = (answers if answers is not None else result.answers)[: EMBEDS_MAX - 1]
    if result.tier == "answer":
        header = discord.Embed(title="From the corpus, quoted verbatim", colour=ANSWER_COLOUR)
        if result.sources_differ and first_number == 1:
            header.description = (
                f"**Sources differ:** the first {result.sources_differ} quotes, from different articles, "
                "give different figures (newest first where dated)."
            )
    elif result.tier == "related":
        header = discord.Embed(
            title="Nothing in the corpus answers this",
            description="The closest sentences are shown below as related reading, not as an answer.",
            colour=RELATED_COLOUR,
        )
    else:
        header = discord.Embed(
            title="Nothing in the corpus answers this",
            description="Nothing in the corpus comes close enough to show as related reading either, so there is "
            "nothing to quote.",
            colour=RELATED_COLOUR,
        )
    header.set_footer(text=shorten(QUESTION_PREFIX + result.question, FOOTER_MAX))
    if not shown and result.tier != "nothing":
        header.description = "The corpus is empty: ask a moderator to add articles and reindex."
    used = len(header)
    budget = (TOTAL_MAX - used) // max(len(shown), 1)
    embeds = [header]
    linked: set[str] = set()
    for offset, answer in enumerate(shown):
        embed = answer_embed(answer, first_number + offset, result.abstained, budget)
        if embed.url:
            # Discord shows only the first of several embeds that share a URL: the others would
            # vanish. A fragment per quote keeps each embed (and still opens the article).
            if embed.url in linked:
                embed.url = None if "#" in embed.url else f"{embed.url}#qabot-{answer.sentence_id}"
            linked.add(embed.url or "")
        embeds.append(embed)
    return embeds


def question_from(message: discord.Message | None) -> str | None:
    """The question a result message answered (kept in its header footer), for "More results"."""
    if message is None or not message.embeds or not message.embeds[0].footer.text:
        return None
    footer = message.embeds[0].footer.text
    return footer[len(QUESTION_PREFIX) :] if footer.startswith(QUESTION_PREFIX) else None


def context_embed(answer: Answer) -> discord.Embed:
    """The quote between its neighbouring sentences, the quote itself as a block quote."""
    citation = "— " + escape(answer.citation(with_url=False))
    room = DESCRIPTION_MAX - len(citation) - 8
    before = escape(" ".join(answer.context_before))
    after = escape(" ".join(answer.context_after))
    quote = block_quote(answer.quote, max(room // 2, 3))
    side = max((room - len(quote)) // 2, 0)
    parts = [shorten(before, side) if before else "", quote, shorten(after, side) if after else "", citation]
    return discord.Embed(
        title=_title(f"Context: {answer.article.title}"),
        url=answer.article.url or None,
        description="\n".join(part for part in parts if part),
        colour=ANSWER_COLOUR,
    )


def sources_embed(articles: list[ArticleInfo], page: int, per_page: int, ids: bool = False) -> discord.Embed:
    """One page of `/sources`: title, outlet, date, sentence count, last indexed (and the id, with `ids`)."""
    pages = max((len(articles) + per_page - 1) // per_page, 1)
    page = min(max(page, 0), pages - 1)
    shown = articles[page * per_page : (page + 1) * per_page]
    budget = DESCRIPTION_MAX // max(len(shown), 1) - 2  # every line fits, however long its fields
    lines = []
    for info in shown:
        ref = info.ref
        name = escape(shorten(ref.title, 120))
        meta = " · ".join(escape(shorten(p, 80)) for p in (ref.source, ref.published) if p)
        when = discord.utils.format_dt(dt.datetime.fromtimestamp(info.indexed_at, dt.timezone.utc), "R")
        tail = f"{' · ' + meta if meta else ''}\n{info.sentence_count} sentences · indexed {when}"
        if ids:
            tail += f" · `{shorten(ref.id, 100).replace('`', '')}`"
        line = f"[{name}]({ref.url}){tail}" if ref.url else f"**{name}**{tail}"
        if len(line) > budget:  # a long URL: the title stays, unlinked
            line = f"**{name}**{tail}"
        lines.append(line if len(line) <= budget else shorten(line, budget))
    embed = discord.Embed(
        title=shorten(f"Sources: {len(articles)} articles", TITLE_MAX),
        description="\n\n".join(lines) or "The corpus is empty.",
        colour=ANSWER_COLOUR,
    )
    embed.set_footer(text=f"Page {page + 1} of {pages}")
    return embed
