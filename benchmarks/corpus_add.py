"""From `/corpus add` of a news article to the first answer quoting it, through the local Discord.

The real bot (discord.py client, model, judge, index) runs against the tests' local Discord on
127.0.0.1, over a corpus of 1,000 BBC articles from `../shared/eval/bbc-news` (copied into a
temporary folder, never into the repository). A news page written for the tests
(`tests/data/news/marlow-bay-barrier.md`, rendered as an HTML page with navigation and an
advertisement around it) is served by a local web server. Each round:

1. a moderator sends `/corpus add url:<page>`; the clock starts when the interaction is sent;
2. the bot fetches, extracts, writes the article and reindexes; its reply says "Added";
3. a member asks `/ask` about it; the clock stops when the answer quoting it arrives;
4. the moderator removes it (`/corpus remove`, confirmed) before the next round.

Then the same with the article attached as a file. Prints each round and the medians.
With `--per-server`, the 1,000 articles are the base corpus and the article goes into the
server's own corpus (`guild_corpora`): the first round also makes the server's index, from a
copy of the base index.

    python -m benchmarks.corpus_add [--articles 1000] [--rounds 3] [--per-server]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import frontmatter

from bot.settings import BotSettings
from bot.testing import start_bot, stop_bot
from localdiscord.server import MOD_ROLE_ID, FakeDiscord, Recorded, Upload
from localdiscord.web import Route, local_web

REPO = Path(__file__).resolve().parent.parent
BBC = REPO.parent / "shared" / "eval" / "bbc-news" / "articles.jsonl"
ARTICLE = REPO / "tests" / "data" / "news" / "marlow-bay-barrier.md"
QUESTION = "How much did the Marlow Bay tidal barrier cost?"
MODERATOR = {"roles": [MOD_ROLE_ID]}


def news_page() -> bytes:
    """The test article as a news site would serve it: metadata, menus and an advert around it."""
    post = frontmatter.load(ARTICLE)
    paragraphs = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in post.content.split("\n\n") if p.strip())
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(str(post["title"]))} | qabot test desk</title>
<meta property="og:site_name" content="{html.escape(str(post["source"]))}">
<meta property="article:published_time" content="{post["published"]}">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="advert">Subscribe for one euro a month.</div>
<article><h1>{html.escape(str(post["title"]))}</h1>
{paragraphs}</article><footer>© 2026 qabot test desk</footer></body></html>""".encode()


async def reply_with(fake: FakeDiscord, token: str, marker: str) -> Recorded:
    def done(r: Recorded) -> bool:
        return r.method in ("PATCH", "POST") and token in r.path and marker in ((r.body or {}).get("content") or "")

    return await fake.wait_for(done, timeout=300)


async def answer_quoting(fake: FakeDiscord, needle: str) -> tuple[Recorded, bool]:
    token = await fake.command("ask", {"question": QUESTION})
    callback = await fake.callback(token, timeout=60)
    if callback.body["type"] == 5:
        callback = await fake.wait_for(lambda r: r.method == "POST" and r.path.endswith(f"/{token}"), 60)
    data = callback.body.get("data", callback.body)
    first = data["embeds"][1]["description"] if len(data["embeds"]) > 1 else ""
    return callback, needle in first


async def remove(fake: FakeDiscord, article_id: str) -> None:
    token = await fake.command("corpus", {"article": article_id}, subcommand="remove", **MODERATOR)
    await fake.callback(token)
    message = fake.messages[fake.originals[token]]
    buttons = {c["label"]: c["custom_id"] for row in message["components"] for c in row["components"]}
    click = await fake.click(message, buttons["Remove"], **MODERATOR)
    await reply_with(fake, click, "**Removed**")


async def measure(articles: int, rounds: int, per_server: bool = False) -> dict[str, Any]:
    fake = FakeDiscord(validate=False)
    await fake.start()
    figures: dict[str, Any] = {"link": [], "file": [], "reindex_link": [], "reindex_file": []}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        with BBC.open(encoding="utf-8") as lines:
            for n, line in zip(range(articles), lines):
                record = json.loads(line)
                (corpus / f"bbc-{n:04d}.txt").write_text(f"{record['title']}\n\n{record['text']}\n", encoding="utf-8")
        settings = BotSettings(
            corpus=corpus,
            index_dir=Path(tmp) / "index",
            discord_token="benchmark-token",
            api_base_url=fake.api_url,
            gateway_url=fake.gateway_url,
            ask_cooldown_seconds=0,
            moderator_role_ids=[MOD_ROLE_ID],
            allowed_networks=["127.0.0.1/32"],
            progress_interval_seconds=0.5,
            guild_corpora=Path(tmp) / "servers" if per_server else None,
        )
        started = time.perf_counter()
        bot, task = await start_bot(settings)
        figures["ready_s"] = time.perf_counter() - started
        figures["articles"], figures["sentences"] = bot.engine.snapshot.catalog.counts()
        page = news_page()
        loop = asyncio.get_running_loop()
        async with local_web() as web:
            web.routes["/news/marlow-bay-barrier"] = Route(body=page)
            link = web.url("/news/marlow-bay-barrier")
            _, before = await answer_quoting(fake, "412 million euros")
            assert not before, "the article is already quoted before it was added"
            for _ in range(rounds):
                for how in ("link", "file"):
                    options: dict[str, Any] = (
                        {"url": link}
                        if how == "link"
                        else {"file": Upload("marlow-bay-barrier.html", page, "text/html")}
                    )
                    sent = loop.time()
                    token = await fake.command("corpus", options, subcommand="add", **MODERATOR)
                    added = await reply_with(fake, token, "**Added**")
                    answer, quoted = await answer_quoting(fake, "412 million euros")
                    assert quoted, f"the first answer does not quote the new article: {answer.body}"
                    figures[how].append(answer.at - sent)
                    figures[f"reindex_{how}"].append(added.at - sent)
                    article_id = added.body["content"].split("as `", 1)[1].split("`", 1)[0]
                    await remove(fake, article_id)
                    _, still = await answer_quoting(fake, "412 million euros")
                    assert not still, "a removed article was quoted"
        await stop_bot(bot, task)
    await fake.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-server", action="store_true", help="add to a server's own corpus (guild_corpora)")
    args = parser.parse_args()
    print(
        f"qabot /corpus add benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}",
        flush=True,
    )
    figures = asyncio.run(measure(args.articles, args.rounds, args.per_server))
    if args.per_server:
        print("per-server corpora: the articles are the base corpus; the article goes into the server's own")
    print(
        f"corpus: {figures['articles']} BBC articles, {figures['sentences']} sentences; "
        f"bot ready (index built) in {figures['ready_s']:.1f} s"
    )
    for how in ("link", "file"):
        rounds = ", ".join(f"{x:.2f}" for x in figures[how])
        print(
            f"/corpus add by {how} -> first answer quoting it: median {statistics.median(figures[how]):.2f} s "
            f"(rounds: {rounds}); of which until the 'Added' reply: "
            f"median {statistics.median(figures[f'reindex_{how}']):.2f} s"
        )


if __name__ == "__main__":
    main()
