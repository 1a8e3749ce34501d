"""👍 / 👎 on an answer: recorded without the voter's id, one vote per person, exported as eval questions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from bot.client import QABot
from bot.settings import BotSettings
from index.answer.evaluate import read_questions
from localdiscord.server import USER_ID, FakeDiscord
from tests.support.cli import qabot

FIRST = "On December 20, Al Hadath TV reported a significant escalation"


async def test_votes_are_recorded_once_per_person_and_exported_for_qabot_eval(
    fake_discord: FakeDiscord, running_bot: QABot, bot_settings: BotSettings, tmp_path: Path
) -> None:
    token = await fake_discord.command("ask", {"question": "Where were the missile strikes launched from?"})
    await fake_discord.callback(token)
    message = fake_discord.messages[fake_discord.originals[token]]
    buttons = {
        c.get("emoji", {}).get("name"): c["custom_id"] for row in message["components"] for c in row["components"]
    }
    assert buttons["👍"].startswith("qabot:fb:up:a:") and buttons["👎"].startswith("qabot:fb:down:a:")

    replies = []
    for emoji, user in (("👍", USER_ID), ("👎", USER_ID), ("👍", USER_ID + 5)):
        click = await fake_discord.click(message, buttons[emoji], user_id=user)
        replies.append((await fake_discord.reply(click))["content"])
    assert replies[0] == "Thank you: your 👍 is recorded. Moderators use it to check the answers."
    assert "your 👎 is recorded (it replaces your earlier vote on this reply)" in replies[1]

    database = bot_settings.index_dir / "feedback.sqlite3"
    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT voter, vote, guild_id, question, tier FROM votes ORDER BY at, rowid").fetchall()
    assert [row[1:] for row in stored] == [
        ("down", "2000000000000001", "Where were the missile strikes launched from?", "answer"),
        ("up", "2000000000000001", "Where were the missile strikes launched from?", "answer"),
    ]
    assert str(USER_ID) not in database.read_bytes().decode("latin-1")  # only a keyed hash of the id

    out = tmp_path / "regression.jsonl"
    run = qabot("feedback", "export", "--out", str(out), "--index", str(bot_settings.index_dir), cwd=tmp_path)
    assert run.returncode == 0 and "2 votes exported (1 👍, 1 👎)." in run.stderr
    down, up = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert up["feedback"] == "up" and up["gold"][0].startswith(FIRST) and up["quoted"][0] == up["gold"][0]
    assert down["feedback"] == "down" and down["gold"] == []
    assert [q.question for q in read_questions(out)] == ["Where were the missile strikes launched from?"] * 2
