"""What Discord refuses: request bodies against its OpenAPI description and its documented limits.

`DiscordRules.check(method, path, body, headers)` returns the status and error body for a request
Discord would refuse (HTTP 400, code 50035 "Invalid Form Body", with the `errors` tree that names
each bad field; 401 without a bot token where the route needs one; 404 for a route Discord does
not have), or None. Two sources, each checked on every request:

- the schema of the operation's request body in the vendored OpenAPI description
  (`localdiscord/openapi.json`, see `OPENAPI.md` beside it), with `jsonschema` and `referencing`;
- the limits in Discord's developer documentation that the schema does not carry: 6,000
  characters across a message's embeds, the per-field embed limits, five buttons per action row,
  custom ids unique within a message, and the URL schemes Discord accepts for links and images.

One deviation is tolerated, by name: discord.py 2.7.1 sends a reply's `message_reference` ids
as JSON numbers where the description types snowflakes as strings. Discord accepts both; the
README says why qabot leaves it (`TOLERATED`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = Path(__file__).with_name("openapi.json")
SPEC_URI = "urn:discord-openapi"

# Documented in https://discord.com/developers/docs/resources/message#embed-object-embed-limits
# and .../interactions/message-components (checked here even where the schema also has them,
# so a limit holds whatever the schema's version says).
CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
EMBEDS_TOTAL_MAX = 6000
ACTION_ROWS_MAX = 5
ROW_BUTTONS_MAX = 5
CUSTOM_ID_MAX = 100
LABEL_MAX = 80
LINK_SCHEMES = ("http", "https")
BUTTON_URL_SCHEMES = ("http", "https", "discord")
IMAGE_SCHEMES = ("http", "https", "attachment")

# (path inside the body, why Discord's behaviour differs from its description)
TOLERATED = {
    ("message_reference", "message_id"): "discord.py 2.7.1 sends reply ids as integers; Discord accepts them",
    ("message_reference", "channel_id"): "as above",
    ("message_reference", "guild_id"): "as above",
}

Errors = dict[str, Any]


def invalid_form_body(errors: Errors) -> dict[str, Any]:
    """Discord's 400 body for a request it refuses field by field."""
    return {"message": "Invalid Form Body", "code": 50035, "errors": errors}


def _put(tree: Errors, path: list[str | int], code: str, message: str) -> None:
    node = tree
    for key in path:
        node = node.setdefault(str(key), {})
    node.setdefault("_errors", []).append({"code": code, "message": message})


class DiscordRules:
    """The request bodies Discord accepts, per operation of its API description."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._registry: Registry[Any] = Registry().with_resource(
            SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012)
        )
        # Literal segments before placeholders: `/messages/@original` wins over `/messages/{message_id}`.
        self._routes = sorted(
            ((template, operations) for template, operations in spec["paths"].items()),
            key=lambda route: route[0].count("{"),
        )
        self._patterns = {template: re.compile(re.sub(r"\{[^}]+\}", "[^/]+", template)) for template, _ in self._routes}
        self._validators: dict[tuple[str, str], Draft202012Validator | None] = {}

    @classmethod
    @cache
    def load(cls) -> DiscordRules:
        return cls(json.loads(SPEC.read_text(encoding="utf-8")))

    def operation(self, method: str, path: str) -> str | None:
        """The description's path template for `path`, when it has `method`."""
        for template, operations in self._routes:
            if method.lower() in operations and self._patterns[template].fullmatch(path):
                return template
        return None

    def check(
        self, method: str, path: str, body: Any, headers: Mapping[str, str] | None = None
    ) -> tuple[int, dict[str, Any]] | None:
        """The status and error body Discord would refuse this request with, else None."""
        template = self.operation(method, path)
        if template is None:
            return 404, {"message": "404: Not Found", "code": 0}
        if self._needs_bot_token(method, template) and not (headers or {}).get("Authorization", "").startswith("Bot "):
            return 401, {"message": "401: Unauthorized", "code": 0}
        errors: Errors = {}
        validator = self._validator(method, template)
        if validator is not None:
            for error in (leaf for found in validator.iter_errors(body) for leaf in _leaves(found)):
                where = list(error.absolute_path)
                if tuple(str(p) for p in where[-2:]) in TOLERATED and isinstance(error.instance, int):
                    continue
                _put(errors, where, f"BASE_TYPE_{str(error.validator).upper()}", error.message[:300])
        for message_path, message in _messages(template, body):
            for where, code, text in limit_errors(message):
                _put(errors, message_path + where, code, text)
        return (400, invalid_form_body(errors)) if errors else None

    def _needs_bot_token(self, method: str, template: str) -> bool:
        """Routes whose security has no empty alternative (interaction tokens need no bot token)."""
        security = self._registry.contents(SPEC_URI)["paths"][template][method.lower()].get("security", [])
        return bool(security) and {} not in security

    def _validator(self, method: str, template: str) -> Draft202012Validator | None:
        key = (method.lower(), template)
        if key not in self._validators:
            operation = self._registry.contents(SPEC_URI)["paths"][template][key[0]]
            if "requestBody" not in operation:
                self._validators[key] = None
            else:
                pointer = "/".join(
                    part.replace("~", "~0").replace("/", "~1")
                    for part in ("paths", template, key[0], "requestBody", "content", "application/json", "schema")
                )
                schema = {"$ref": f"{SPEC_URI}#/{pointer}"}
                self._validators[key] = Draft202012Validator(schema, registry=self._registry)
        return self._validators[key]


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """The errors under `error` in the union branch the body meant (its `type` selects it), not all seven."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        yield error
        return
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    # A branch whose discriminator (`type`, or the value's own JSON type) fails was not meant.
    meant = [
        subs
        for subs in branches.values()
        if not any(list(s.relative_path) in (["type"], []) and s.validator in ("enum", "const", "type") for s in subs)
    ]
    if len(meant) == 1:
        for sub in meant[0]:
            yield from _leaves(sub)
    else:
        yield error


def _messages(template: str, body: Any) -> Iterator[tuple[list[str | int], dict[str, Any]]]:
    """The message objects inside a request body, with their path in it."""
    if not isinstance(body, dict):
        return
    if template.endswith("/callback"):
        if isinstance(body.get("data"), dict) and body.get("type") in (4, 7):
            yield ["data"], body["data"]
    elif template.startswith(("/webhooks/", "/channels/{channel_id}/messages")):
        yield [], body


def limit_errors(message: dict[str, Any]) -> Iterator[tuple[list[str | int], str, str]]:  # noqa: PLR0912 - one branch per limit
    """Documented limits on one message: (path in it, Discord's error code, message)."""

    def too_long(value: Any, limit: int) -> bool:
        return isinstance(value, str) and len(value) > limit

    def longer(limit: int) -> str:
        return f"Must be {limit} or fewer in length."

    if too_long(message.get("content"), CONTENT_MAX):
        yield ["content"], "BASE_TYPE_MAX_LENGTH", longer(CONTENT_MAX)
    embeds = message.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        yield ["embeds"], "BASE_TYPE_MAX_LENGTH", longer(EMBEDS_MAX)
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        author, footer = embed.get("author") or {}, embed.get("footer") or {}
        fields = embed.get("fields") or []
        for where, value, limit in [
            (["title"], embed.get("title"), EMBED_TITLE_MAX),
            (["description"], embed.get("description"), EMBED_DESCRIPTION_MAX),
            (["author", "name"], author.get("name"), EMBED_AUTHOR_MAX),
            (["footer", "text"], footer.get("text"), EMBED_FOOTER_MAX),
        ]:
            total += len(value) if isinstance(value, str) else 0
            if too_long(value, limit):
                yield ["embeds", i, *where], "BASE_TYPE_MAX_LENGTH", longer(limit)
        if len(fields) > EMBED_FIELDS_MAX:
            yield ["embeds", i, "fields"], "BASE_TYPE_MAX_LENGTH", longer(EMBED_FIELDS_MAX)
        for j, field_ in enumerate(fields):
            for key, limit in (("name", EMBED_FIELD_NAME_MAX), ("value", EMBED_FIELD_VALUE_MAX)):
                value = field_.get(key)
                total += len(value) if isinstance(value, str) else 0
                if too_long(value, limit):
                    yield ["embeds", i, "fields", j, key], "BASE_TYPE_MAX_LENGTH", longer(limit)
        for where, url, schemes in [
            (["url"], embed.get("url"), LINK_SCHEMES),
            (["author", "url"], author.get("url"), LINK_SCHEMES),
            (["author", "icon_url"], author.get("icon_url"), IMAGE_SCHEMES),
            (["footer", "icon_url"], footer.get("icon_url"), IMAGE_SCHEMES),
            (["image", "url"], (embed.get("image") or {}).get("url"), IMAGE_SCHEMES),
            (["thumbnail", "url"], (embed.get("thumbnail") or {}).get("url"), IMAGE_SCHEMES),
        ]:
            if url is not None and not _has_scheme(url, schemes):
                yield ["embeds", i, *where], "URL_TYPE_INVALID_URL", f"Scheme must be one of {list(schemes)}."
    if total > EMBEDS_TOTAL_MAX:
        yield ["embeds"], "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBEDS_TOTAL_MAX}"
    yield from _component_errors(message.get("components") or [])


def _component_errors(rows: list[Any]) -> Iterator[tuple[list[str | int], str, str]]:
    seen: set[str] = set()
    if len(rows) > ACTION_ROWS_MAX:
        yield ["components"], "BASE_TYPE_MAX_LENGTH", f"Must be {ACTION_ROWS_MAX} or fewer in length."
    for i, row in enumerate(rows):
        children = row.get("components") or [] if isinstance(row, dict) else []
        if len(children) > ROW_BUTTONS_MAX:
            yield ["components", i, "components"], "BASE_TYPE_MAX_LENGTH", f"Must be {ROW_BUTTONS_MAX} or fewer."
        for j, child in enumerate(children):
            where: list[str | int] = ["components", i, "components", j]
            if not isinstance(child, dict) or child.get("type") != 2:
                continue
            custom_id, url, label = child.get("custom_id"), child.get("url"), child.get("label")
            if isinstance(custom_id, str) and custom_id in seen:
                yield [*where, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED", "Custom ids must be unique."
            if isinstance(custom_id, str):
                seen.add(custom_id)
            if isinstance(custom_id, str) and len(custom_id) > CUSTOM_ID_MAX:
                yield [*where, "custom_id"], "BASE_TYPE_MAX_LENGTH", f"Must be {CUSTOM_ID_MAX} or fewer in length."
            if isinstance(label, str) and len(label) > LABEL_MAX:
                yield [*where, "label"], "BASE_TYPE_MAX_LENGTH", f"Must be {LABEL_MAX} or fewer in length."
            if child.get("style") == 5:  # a link button: a URL, no custom_id
                if not (isinstance(url, str) and _has_scheme(url, BUTTON_URL_SCHEMES)) or custom_id:
                    yield [*where, "url"], "COMPONENT_INVALID_URL", "A link button needs an http(s) url, no custom_id."
            elif not custom_id or url:
                yield [*where, "custom_id"], "COMPONENT_CUSTOM_ID_REQUIRED", "A button needs a custom_id and no url."


def _has_scheme(url: Any, schemes: tuple[str, ...]) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.scheme in schemes and (bool(parts.netloc) or parts.scheme not in {"http", "https"})
