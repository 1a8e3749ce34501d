"""/corpus: moderators add an article (a file or a link), remove one, read the log; anyone lists and shows.

A change runs as the bot's one index job (a second is refused while it runs): the article is
parsed first, written into the corpus folder only then, and the incremental reindex that
follows shows its progress in the moderator's reply. Every refusal is an ephemeral reply that
names its reason, and the moderator check runs before anything is downloaded or fetched.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from index import (
    ArticleInfo,
    Change,
    CorpusEditRefused,
    Curator,
    Draft,
    Progress,
    article_details,
    check_upload,
    draft_from_page,
    drafts_from_file,
    fetch,
)

from .. import formatting, replies
from ..checks import actor_of, is_moderator, moderator_only
from ..progress import NO_MENTIONS, ProgressMessage, run_with_progress
from .reindex import BUSY, failure_text
from .sources import sources_page

if TYPE_CHECKING:
    from ..client import QABot

log = logging.getLogger(__name__)

CONFIRM_SECONDS = 120.0
ONE_SOURCE = "Attach a file (.txt, .md, .html or .jsonl) or give a link, one of the two."


def _where(change_title: str, source: str | None, published: str | None) -> str:
    meta = " · ".join(part for part in (source, published) if part)
    return f"“{formatting.escape(change_title)}”" + (f" ({formatting.escape(meta)})" if meta else "")


class ConfirmRemoval(discord.ui.View):
    """Remove or keep, pressed by the moderator who asked (the message is theirs alone)."""

    def __init__(self, cog: Corpus, article_id: str, title: str, owner_id: int) -> None:
        super().__init__(timeout=CONFIRM_SECONDS)
        self.cog = cog
        self.article_id = article_id
        self.title = title
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction[QABot]) -> bool:  # type: ignore[override]
        if interaction.user.id != self.owner_id or not is_moderator(interaction):
            await replies.send_quietly(interaction, "Only the moderator who asked can confirm this removal.")
            return False
        return True

    async def on_error(  # type: ignore[override]  # discord.py types `interaction` without the client
        self, interaction: discord.Interaction[QABot], error: Exception, item: discord.ui.Item[ConfirmRemoval]
    ) -> None:
        await replies.report_error(interaction, error, "the removal confirmation")

    @discord.ui.button(label="Remove", style=discord.ButtonStyle.danger)
    async def remove(self, interaction: discord.Interaction[QABot], button: discord.ui.Button[ConfirmRemoval]) -> None:
        self.stop()
        bot = interaction.client
        if bot.index_busy():
            await interaction.response.edit_message(content=BUSY, view=None)
            return
        await interaction.response.edit_message(content=f"Removing “{formatting.escape(self.title)}”…", view=None)
        message = ProgressMessage(interaction, None)
        job = self.cog.remove_job(message, interaction.guild_id, self.article_id, actor_of(interaction))
        bot.start_index_job(job, "qabot-corpus-remove")

    @discord.ui.button(label="Keep it", style=discord.ButtonStyle.secondary)
    async def keep(self, interaction: discord.Interaction[QABot], button: discord.ui.Button[ConfirmRemoval]) -> None:
        self.stop()
        await interaction.response.edit_message(content=f"Kept “{formatting.escape(self.title)}”.", view=None)


class Corpus(commands.GroupCog, group_name="corpus", group_description="The articles the bot quotes from."):
    def __init__(self, bot: QABot) -> None:
        self.bot = bot
        super().__init__()

    # --- add -----------------------------------------------------------------------------------

    @app_commands.command(name="add", description="Moderators: add an article from a file or a link.")
    @app_commands.describe(file="A .txt, .md, .html or .jsonl file.", url="A link to a news article (http or https).")
    @moderator_only()
    async def add(
        self,
        interaction: discord.Interaction[QABot],
        file: discord.Attachment | None = None,
        url: app_commands.Range[str, 1, 2000] | None = None,
    ) -> None:
        if (file is None) == (url is None):
            await replies.send_quietly(interaction, ONE_SOURCE)
            return
        if self.bot.index_busy():
            await replies.send_quietly(interaction, BUSY)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        actor, origin = actor_of(interaction), file.filename if file is not None else str(url)
        try:
            drafts = await (self._from_attachment(file) if file is not None else self._from_link(str(url)))
        except CorpusEditRefused as exc:
            reader = await self.bot.curator(interaction.guild_id, create=False)  # a refusal makes no corpus
            await self.bot.run_blocking(reader.refused, actor, origin, exc)
            await interaction.followup.send(
                formatting.shorten(f"**Nothing was added:** {formatting.escape(str(exc))}", 2000), ephemeral=True
            )
            return
        curator = await self.bot.curator(interaction.guild_id)
        message = ProgressMessage(interaction, None)
        first = drafts[0].article
        await message.edit(f"Adding {_where(first.title, first.source, first.published)}…")
        self.bot.start_index_job(self.add_job(message, curator, drafts, actor), "qabot-corpus-add")

    async def _from_attachment(self, file: discord.Attachment) -> list[Draft]:
        limit = int(self.bot.settings.max_article_mb * 1_000_000)
        check_upload(file.filename, file.size, limit)  # before downloading
        try:
            data = await file.read()
        except discord.HTTPException as exc:
            raise CorpusEditRefused(f"the attachment could not be downloaded from Discord ({exc.status})") from None
        return await self.bot.run_blocking(drafts_from_file, file.filename, data, limit)

    async def _from_link(self, url: str) -> list[Draft]:
        page = await fetch(url, self.bot.fetch_policy)
        return [await self.bot.run_blocking(draft_from_page, page, url)]

    async def add_job(self, message: ProgressMessage, curator: Curator, drafts: list[Draft], actor: str) -> None:
        async def added(change: Change) -> str:
            return self._added_text(change, await self.bot.run_blocking(curator.articles))

        await self._run_change(message, lambda report: curator.add(drafts, actor, report), "added", added)

    async def _run_change(
        self,
        message: ProgressMessage,
        work: Callable[[Progress], Change],
        verb: Literal["added", "removed"],
        done: Callable[[Change], Awaitable[str]],
    ) -> None:
        """Run an add or a remove as the index job, then put its outcome in the moderator's reply."""
        try:
            change = await run_with_progress(self.bot, message, work)
        except CorpusEditRefused as exc:
            text = f"**Nothing was {verb}:** {formatting.escape(str(exc))}"
        except Exception as exc:
            log.exception("a corpus change failed")
            what = "Adding the article" if verb == "added" else "Removing the article"
            text = failure_text(what, exc) + (
                " Nothing was added." if verb == "added" else " The article is still there."
            )
        else:
            text = await done(change)
        await message.edit(formatting.shorten(text, 2000))

    def _added_text(self, change: Change, articles: list[ArticleInfo]) -> str:
        counts = {info.ref.id: info.sentence_count for info in articles}
        lines = [
            f"**Added** {_where(a.title, a.source, a.published)} as `{a.id}`, {counts.get(a.id, 0)} sentences."
            for a in change.articles
        ]
        summary = change.summary
        lines.append(
            f"It is quoted from the next question: {summary.articles_total} articles, "
            f"{summary.sentences_total} sentences in the index ({summary.seconds:.1f} s)."
        )
        return "\n".join(lines)

    async def _article(
        self, interaction: discord.Interaction[QABot], article: str
    ) -> tuple[Curator, ArticleInfo] | None:
        """The curator of this server and the article named, or None after telling the asker it is not there."""
        curator = await self.bot.curator(interaction.guild_id, create=False)
        info = await self.bot.run_blocking(curator.article, article)
        if info is None:
            await replies.send_quietly(interaction, f"No article `{formatting.escape(article)}` in the corpus.")
            return None
        return curator, info

    # --- remove --------------------------------------------------------------------------------

    @app_commands.command(name="remove", description="Moderators: remove an article; it is never quoted again.")
    @app_commands.describe(article="The article (type to search titles).")
    @moderator_only()
    async def remove(self, interaction: discord.Interaction[QABot], article: str) -> None:
        found = await self._article(interaction, article)
        if found is None:
            return
        _, info = found
        title = info.ref.title
        view = ConfirmRemoval(self, info.ref.id, title, interaction.user.id)
        await interaction.response.send_message(
            f"Remove “{formatting.escape(title)}” (`{info.ref.id}`, {info.sentence_count} sentences) from the corpus? "
            "It will never be quoted again.",
            view=view,
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    async def remove_job(self, message: ProgressMessage, guild_id: int | None, article_id: str, actor: str) -> None:
        async def removed(change: Change) -> str:
            article, summary = change.articles[0], change.summary
            return (
                f"**Removed** “{formatting.escape(article.title)}” (`{article.id}`). It will not be quoted again: "
                f"{summary.articles_total} articles, {summary.sentences_total} sentences in the index."
            )

        curator = await self.bot.curator(guild_id)
        await self._run_change(message, lambda report: curator.remove(article_id, actor, report), "removed", removed)

    # --- list, show, log -----------------------------------------------------------------------

    @app_commands.command(name="list", description="The articles in the corpus, with their ids.")
    @app_commands.describe(page="Page to show (10 articles a page).")
    async def list_articles(
        self, interaction: discord.Interaction[QABot], page: app_commands.Range[int, 1, 10_000] = 1
    ) -> None:
        articles = await self.bot.sources(interaction.guild_id)
        embed, view = sources_page(articles, page - 1, ids=True)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @app_commands.command(name="show", description="One article: its source, sentences, who added it and when.")
    @app_commands.describe(article="The article (type to search titles).")
    async def show(self, interaction: discord.Interaction[QABot], article: str) -> None:
        found = await self._article(interaction, article)
        if found is None:
            return
        curator, info = found
        details = await self.bot.run_blocking(lambda: article_details(info, curator.added(info.ref.id)))
        embed = discord.Embed(title=formatting.shorten(info.ref.title, 256), url=info.ref.url or None)
        for label, value in details[1:]:
            embed.add_field(
                name=label, value=formatting.shorten(formatting.escape(value), 1024), inline=label != "Link"
            )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="log", description="Moderators: the latest additions, removals and reindexes.")
    @app_commands.describe(count="How many of the latest events (at most 25).")
    @moderator_only()
    async def show_log(
        self, interaction: discord.Interaction[QABot], count: app_commands.Range[int, 1, 25] = 10
    ) -> None:
        curator = await self.bot.curator(interaction.guild_id, create=False)
        events = await self.bot.run_blocking(curator.audit.latest, count)
        lines = [f"• {formatting.escape(event.line())}" for event in events] or ["No changes recorded yet."]
        await interaction.response.send_message(formatting.shorten("\n".join(lines), 2000), ephemeral=True)

    @remove.autocomplete("article")
    @show.autocomplete("article")
    async def article_choices(
        self, interaction: discord.Interaction[QABot], current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.casefold().strip()
        choices = []
        for info in await self.bot.sources(interaction.guild_id):
            ref = info.ref
            if len(ref.id) <= 100 and (needle in ref.title.casefold() or needle in ref.id.casefold()):
                room = 100 - len(ref.id) - 3  # the id whole, the title shortened to fit beside it
                title = formatting.shorten(ref.title, room if room >= 20 else 100)
                choices.append(app_commands.Choice(name=f"{title} ({ref.id})" if room >= 20 else title, value=ref.id))
            if len(choices) == 25:
                break
        return choices


async def setup(bot: QABot) -> None:
    await bot.add_cog(Corpus(bot))
