"""The local Discord refuses what Discord refuses: each rule, tested with a payload that breaks it.

These tests talk to the local Discord directly over HTTP (no bot), so that a rule the bot's own
tests never exercise is still known to hold.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from localdiscord import check as check_requests
from localdiscord.server import APP_ID, CHANNEL_ID, FakeDiscord

Message = dict[str, Any]


def valid_message() -> Message:
    """A message the bot could send: content, two embeds with fields, a row of buttons."""
    return {
        "content": "Quoted from the corpus.",
        "embeds": [
            {
                "title": "1. The title",
                "description": "> A quoted sentence.",
                "url": "https://example.org/story#q1",
                "color": 0x2ECC71,
                "fields": [{"name": "Source", "value": "Example News", "inline": True}],
                "footer": {"text": "sentence 3 of 12"},
            },
            {"title": "2. Another", "description": "> Another sentence.", "url": "https://example.org/story#q2"},
        ],
        "components": [
            {"type": 1, "components": [{"type": 2, "style": 2, "custom_id": "qabot:ctx:1", "label": "Show context"}]}
        ],
        "allowed_mentions": {"parse": []},
    }


@pytest.fixture
async def session(fake_discord: FakeDiscord) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(fake_discord.api_url + "/", headers={"Authorization": "Bot a-token"}) as client:
        yield client


async def post(
    session: aiohttp.ClientSession, path: str, body: Any, method: str = "POST"
) -> tuple[int, dict[str, Any]]:
    async with session.request(method, path.lstrip("/"), json=body) as response:
        return response.status, await response.json(content_type=None)


async def respond(fake: FakeDiscord, session: aiohttp.ClientSession, body: Any, kind: int = 2) -> tuple[int, Any]:
    """The initial response to a fresh interaction."""
    interaction = fake.open_interaction(kind)
    return await post(session, f"/interactions/{interaction.id}/{interaction.token}/callback", body)


def errors_at(body: dict[str, Any], *path: str | int) -> list[dict[str, str]]:
    node: Any = body["errors"]
    for key in path:
        node = node[str(key)]
    return node["_errors"]


def breaks(path: list[str | int], value: Any) -> Message:
    """A valid message with the value at `path` replaced."""
    message = valid_message()
    node: Any = message
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return message


def button(custom_id: str, **changes: Any) -> dict[str, Any]:
    return {"type": 2, "style": 2, "custom_id": custom_id, "label": "Show context", **changes}


def row(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(buttons)}


EMBED_0, ROW_0, BUTTON_0 = ["embeds", 0], ["components", 0], ["components", 0, "components", 0]
# (what breaks, where in the message, the value that breaks it, where Discord names the error)
LIMITS: list[tuple[str, list[str | int], Any, list[str | int] | None]] = [
    ("content over 2,000", ["content"], "x" * 2001, None),
    ("11 embeds", ["embeds"], [{"description": "d"}] * 11, None),
    ("title over 256", [*EMBED_0, "title"], "t" * 257, None),
    ("description over 4,096", ["embeds", 1, "description"], "d" * 4097, None),
    ("26 fields", [*EMBED_0, "fields"], [{"name": "n", "value": "v"}] * 26, None),
    ("field value over 1,024", [*EMBED_0, "fields", 0, "value"], "v" * 1025, None),
    ("footer over 2,048", [*EMBED_0, "footer"], {"text": "f" * 2049}, [*EMBED_0, "footer", "text"]),
    ("6,000 across embeds", ["embeds"], [{"description": "d" * 3500}, {"description": "d" * 3500}], None),
    ("url without a scheme", [*EMBED_0, "url"], "www.example.org/story", None),
    ("javascript: url", ["embeds", 1, "url"], "javascript:alert(1)", None),
    ("6 action rows", ["components"], [row(button(f"r{i}")) for i in range(6)], None),
    ("6 buttons in a row", ROW_0, row(*[button(f"b{i}") for i in range(6)]), [*ROW_0, "components"]),
    ("custom_id over 100", [*BUTTON_0, "custom_id"], "c" * 101, None),
    ("label over 80", [*BUTTON_0, "label"], "l" * 81, None),
    ("the same custom_id twice", ROW_0, row(button("a"), button("a")), [*ROW_0, "components", 1, "custom_id"]),
    ("link button without a url", BUTTON_0, button("a", style=5), [*BUTTON_0, "url"]),
    ("embeds not a list (schema)", ["embeds"], "many", None),
    ("colour not a number (schema)", [*EMBED_0, "color"], "green", None),
]  # fmt: skip


@pytest.mark.parametrize(("path", "value", "where"), [c[1:] for c in LIMITS], ids=[c[0] for c in LIMITS])
async def test_a_message_over_a_documented_limit_is_refused_with_discords_error_tree(
    fake_discord: FakeDiscord,
    session: aiohttp.ClientSession,
    path: list[str | int],
    value: Any,
    where: list[str | int] | None,
) -> None:
    status, body = await respond(fake_discord, session, {"type": 4, "data": breaks(path, value)})
    assert status == 400 and body["code"] == 50035 and body["message"] == "Invalid Form Body"
    assert errors_at(body, "data", *(where or path))  # the bad field is named where Discord names it
    assert len(fake_discord.take_refusals()) == 1


async def test_the_same_rules_hold_for_followups_edits_and_channel_messages(
    fake_discord: FakeDiscord, session: aiohttp.ClientSession
) -> None:
    interaction = fake_discord.open_interaction(2)
    status, _ = await post(session, f"/interactions/{interaction.id}/{interaction.token}/callback", {"type": 5})
    assert status == 200
    too_long = breaks([*EMBED_0, "title"], "t" * 257)
    webhook = f"/webhooks/{APP_ID}/{interaction.token}"
    routes = [
        ("POST", webhook),
        ("PATCH", f"{webhook}/messages/@original"),
        ("POST", f"/channels/{CHANNEL_ID}/messages"),
    ]
    for method, path in routes:
        status, body = await post(session, path, too_long, method)
        assert (status, body["code"]) == (400, 50035) and errors_at(body, "embeds", 0, "title")
    assert len(fake_discord.take_refusals()) == 3


async def test_a_valid_message_is_accepted_everywhere(
    fake_discord: FakeDiscord, session: aiohttp.ClientSession
) -> None:
    status, body = await respond(fake_discord, session, {"type": 4, "data": valid_message()})
    assert status == 200 and body["resource"]["message"]["embeds"][1]["title"] == "2. Another"
    status, _ = await post(session, f"/channels/{CHANNEL_ID}/messages", valid_message())
    assert status == 200 and not fake_discord.refusals


async def test_routes_of_the_bot_need_its_token_and_unknown_routes_do_not_exist(
    fake_discord: FakeDiscord, session: aiohttp.ClientSession
) -> None:
    async with aiohttp.ClientSession() as anonymous:
        url = f"{fake_discord.api_url}/channels/{CHANNEL_ID}/messages"
        async with anonymous.post(url, json=valid_message()) as response:
            assert (response.status, (await response.json())["message"]) == (401, "401: Unauthorized")
    status, _ = await post(session, f"/channels/{CHANNEL_ID}/no-such-thing", {})
    assert status == 404
    assert len(fake_discord.take_refusals()) == 2


async def test_reply_ids_as_numbers_are_tolerated_but_not_ids_that_are_not_snowflakes(
    fake_discord: FakeDiscord, session: aiohttp.ClientSession
) -> None:
    """discord.py sends message_reference ids as numbers; Discord accepts them (README: Discord)."""
    reference = {"message_id": 1_575_514_256_768_499_715, "fail_if_not_exists": False}
    reply: dict[str, Any] = {"content": "a reply", "message_reference": reference}
    assert (await post(session, f"/channels/{CHANNEL_ID}/messages", reply))[0] == 200
    reply["message_reference"]["message_id"] = "not-an-id"
    status, body = await post(session, f"/channels/{CHANNEL_ID}/messages", reply)
    assert status == 400 and errors_at(body, "message_reference", "message_id")
    assert len(fake_discord.take_refusals()) == 1


async def test_an_interaction_takes_exactly_one_initial_response(
    fake_discord: FakeDiscord, session: aiohttp.ClientSession
) -> None:
    interaction = fake_discord.open_interaction(2)
    callback = f"/interactions/{interaction.id}/{interaction.token}/callback"
    assert (await post(session, callback, {"type": 4, "data": {"content": "first"}}))[0] == 200
    status, body = await post(session, callback, {"type": 4, "data": {"content": "second"}})
    assert (status, body["code"]) == (400, 40060)
    assert len(fake_discord.take_refusals()) == 1


async def test_an_initial_response_after_the_window_is_an_unknown_interaction(
    fake_discord: FakeDiscord, session: aiohttp.ClientSession
) -> None:
    fake_discord.response_window = 0.05
    interaction = fake_discord.open_interaction(2)
    await asyncio.sleep(0.1)
    status, body = await post(session, f"/interactions/{interaction.id}/{interaction.token}/callback", {"type": 5})
    assert (status, body) == (404, {"message": "Unknown interaction", "code": 10062})
    assert len(fake_discord.take_refusals()) == 1


async def test_followups_need_an_initial_response_and_a_live_token(
    fake_discord: FakeDiscord, session: aiohttp.ClientSession
) -> None:
    interaction = fake_discord.open_interaction(2)
    followup = f"/webhooks/{APP_ID}/{interaction.token}"
    status, body = await post(session, followup, {"content": "too early"})
    assert (status, body["code"]) == (404, 10015)  # Unknown Webhook: nothing to follow up yet
    await post(session, f"/interactions/{interaction.id}/{interaction.token}/callback", {"type": 5})
    fake_discord.token_lifetime = 0.05
    await asyncio.sleep(0.1)
    status, body = await post(session, followup, {"content": "too late"})
    assert (status, body["code"]) == (401, 50027)  # Invalid Webhook Token: past its 15 minutes
    assert len(fake_discord.take_refusals()) == 2


async def test_a_followup_after_a_defer_fills_the_deferred_message_and_keeps_its_visibility(
    fake_discord: FakeDiscord, session: aiohttp.ClientSession
) -> None:
    interaction = fake_discord.open_interaction(2)
    await post(session, f"/interactions/{interaction.id}/{interaction.token}/callback", {"type": 5})
    status, filled = await post(
        session, f"/webhooks/{APP_ID}/{interaction.token}", {"content": "meant to be private", "flags": 64}
    )
    assert status == 200 and filled["id"] == fake_discord.originals[interaction.token]
    assert filled["content"] == "meant to be private" and filled["flags"] == 0  # public, as deferred
    _, second = await post(session, f"/webhooks/{APP_ID}/{interaction.token}", {"content": "a new message"})
    assert second["id"] != filled["id"]


async def test_updates_are_for_components_and_edit_the_message_they_are_on(
    fake_discord: FakeDiscord, session: aiohttp.ClientSession
) -> None:
    status, body = await respond(fake_discord, session, {"type": 7, "data": {"content": "edited"}}, kind=2)
    assert (status, body["code"]) == (400, 50035) and errors_at(body, "type")
    assert len(fake_discord.take_refusals()) == 1

    _, sent = await post(session, f"/channels/{CHANNEL_ID}/messages", valid_message())
    click = fake_discord.open_interaction(3, sent["id"])
    callback = f"/interactions/{click.id}/{click.token}/callback"
    assert (await post(session, callback, {"type": 7, "data": {"content": "page 2"}}))[0] == 200
    assert fake_discord.messages[sent["id"]]["content"] == "page 2"

    deferred = fake_discord.open_interaction(3, sent["id"])
    await post(session, f"/interactions/{deferred.id}/{deferred.token}/callback", {"type": 6})
    await post(session, f"/webhooks/{APP_ID}/{deferred.token}/messages/@original", {"content": "page 3"}, "PATCH")
    assert fake_discord.messages[sent["id"]]["content"] == "page 3"
    assert not fake_discord.refusals


def test_the_independent_check_refuses_what_the_local_discord_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def record(body: Any) -> str:
        path = "/interactions/1575514256768499715/token-1575514256768499715/callback"
        return json.dumps(
            {"method": "POST", "path": path, "query": {"with_response": "true"}, "headers": {}, "body": body}
        )

    reply = {"content": "a reply", "message_reference": {"message_id": 1_575_514_256_768_499_715}}
    mention = {"method": "POST", "path": f"/channels/{CHANNEL_ID}/messages", "query": {}, "body": reply}
    mention["headers"] = {"Authorization": "Bot a-token"}
    good = tmp_path / "good.jsonl"
    good.write_text(record({"type": 4, "data": valid_message()}) + "\n" + json.dumps(mention) + "\n", encoding="utf-8")
    assert check_requests.main(str(good)) == 0
    assert "2 requests checked against Discord's OpenAPI description: 0 refused" in capsys.readouterr().out

    bad = tmp_path / "bad.jsonl"
    bad.write_text(record({"type": 4, "data": breaks(["content"], "x" * 2001)}) + "\n", encoding="utf-8")
    assert check_requests.main(str(bad)) == 1
    assert "1 refused" in capsys.readouterr().out
