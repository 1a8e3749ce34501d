"""/ask end to end: the real discord.py client, a local Discord, the real index."""

from __future__ import annotations

import shutil

from bot.client import QABot
from localdiscord.server import FakeDiscord
from tests.support.paths import DIFFERING_CORPUS


async def test_ask_quotes_the_answer_with_its_attribution(fake_discord: FakeDiscord, running_bot: QABot) -> None:
    token = await fake_discord.command("ask", {"question": "Where were the missile strikes launched from?"})
    callback = await fake_discord.callback(token)

    assert callback.body["type"] == 4
    data = callback.body["data"]
    assert data["allowed_mentions"] == {"parse": []}
    header, first, *_rest = data["embeds"]
    assert header["title"] == "From the corpus, quoted verbatim"
    assert header["footer"]["text"] == "Q: Where were the missile strikes launched from?"
    assert first["description"].startswith("> On December 20, Al Hadath TV reported")
    assert '— according to Al Hadath TV · "Coalition missile strikes on ISIS in Syria", sentence 1' in first[
        "description"
    ].replace("\\", "")
    buttons = [c["custom_id"] for row in data["components"] for c in row["components"]]
    assert buttons[0].startswith("qabot:ctx:") and "qabot:more:3" in buttons


async def test_off_topic_question_gets_nothing(fake_discord: FakeDiscord, running_bot: QABot) -> None:
    token = await fake_discord.command("ask", {"question": "Who won the 2018 World Cup?", "results": 2})
    data = (await fake_discord.callback(token)).body["data"]
    assert [e["title"] for e in data["embeds"]] == ["Nothing in the corpus answers this"]  # no quote at all
    assert data["embeds"][0]["description"] == (
        "Nothing in the corpus comes close enough to show as related reading either, so there is nothing to quote."
    )
    assert not data.get("components")  # no context, no "more answers" to a non-answer


async def test_near_topic_question_labels_the_closest_sentences_related(
    fake_discord: FakeDiscord, running_bot: QABot
) -> None:
    """On the article's topic, but the article does not say: quotes shown as related, not as an answer."""
    token = await fake_discord.command("ask", {"question": "How many missiles were fired from Ash Shaddadi?"})
    data = (await fake_discord.callback(token)).body["data"]
    header, *related = data["embeds"]
    assert header["title"] == "Nothing in the corpus answers this"
    assert "related reading, not as an answer" in header["description"]
    assert len(related) == 3 and all(e["color"] == 0x979C9F for e in related)  # grey, not the answer green
    buttons = [c["custom_id"] for row in data["components"] for c in row["components"]]
    assert not any(b.startswith("qabot:more:") for b in buttons)


async def test_show_context_reveals_the_neighbouring_sentences(fake_discord: FakeDiscord, running_bot: QABot) -> None:
    token = await fake_discord.command("ask", {"question": "Who vowed to retaliate against ISIS?", "results": 1})
    await fake_discord.callback(token)
    message = fake_discord.messages[fake_discord.originals[token]]
    context_id = message["components"][0]["components"][0]["custom_id"]

    click = await fake_discord.click(message, context_id)
    data = (await fake_discord.callback(click)).body["data"]

    assert data["flags"] == 64  # only the person who asked for it sees it
    description = data["embeds"][0]["description"].replace("\\", "")
    assert description.index("This approach has been a cornerstone") < description.index(
        "> Previously, President Donald Trump"
    )
    assert description.index("> Previously") < description.index("This promise, made during")


async def test_more_results_continues_after_the_shown_quotes(fake_discord: FakeDiscord, running_bot: QABot) -> None:
    token = await fake_discord.command(
        "ask", {"question": "Where were the missile strikes launched from?", "results": 2}
    )
    await fake_discord.callback(token)
    message = fake_discord.messages[fake_discord.originals[token]]
    first_quotes = [e["description"] for e in message["embeds"][1:]]

    click = await fake_discord.click(message, "qabot:more:2")
    data = (await fake_discord.callback(click)).body["data"]
    more = data["embeds"][1:]
    assert more and more[0]["title"].startswith("3. ")
    assert not {e["description"] for e in more} & set(first_quotes)


async def test_mention_gets_a_reply(fake_discord: FakeDiscord, running_bot: QABot) -> None:
    message_id = await fake_discord.say(f"<@{running_bot.user.id}> who vowed to retaliate against ISIS?")
    reply = await fake_discord.wait_for(lambda r: r.method == "POST" and r.path.endswith("/messages"))
    assert str(reply.body["message_reference"]["message_id"]) == message_id
    assert reply.body["allowed_mentions"]["parse"] == [] and reply.body["allowed_mentions"]["replied_user"] is False
    assert reply.body["embeds"][1]["description"].startswith("> Previously, President Donald Trump")


async def test_differing_figures_are_shown_together_newest_first_with_a_warning(
    fake_discord: FakeDiscord, running_bot: QABot
) -> None:
    for article in DIFFERING_CORPUS.iterdir():
        shutil.copy(article, running_bot.engine.settings.corpus)
    running_bot.engine.reindex()

    token = await fake_discord.command("ask", {"question": "What was the unemployment rate in Marlow in March?"})
    header, first, second, *_ = (await fake_discord.callback(token)).body["data"]["embeds"]

    assert header["title"] == "From the corpus, quoted verbatim"
    assert header["description"].startswith("**Sources differ:** the first 2 quotes")
    assert first["description"].startswith("> Unemployment in Marlow stood at 5.2% in March")
    assert "Coast Radio · 2026-04-20" in first["description"]
    assert second["description"].startswith("> Unemployment in Marlow fell to 5.4% in March")
    assert "Marlow Gazette · 2026-04-02" in second["description"]
