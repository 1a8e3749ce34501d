"""A second, independent check of what the bot sent: the recorded requests against Discord's spec.

The local Discord checks each request as it arrives (`discord_rules`, on jsonschema). This
script checks them again afterwards with a different implementation, openapi-core, which also
matches each request to its operation, its path and query parameters and its security scheme:

    QABOT_DISCORD_RECORD=requests.jsonl python -m pytest tests/bot
    python -m localdiscord.check requests.jsonl

It prints one line per request that fails and a summary, and exits 1 when any fails. The one
tolerated deviation (`discord_rules.TOLERATED`: reply ids as numbers) is counted apart.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest

from localdiscord.rules import SPEC

SERVER = "https://discord.com"
PREFIX = "/api/v10"


def load_api() -> OpenAPI:
    return OpenAPI.from_dict(json.loads(SPEC.read_text(encoding="utf-8")), config=Config(spec_validator_cls=None))


def problem(api: OpenAPI, record: dict[str, Any]) -> str | None:
    """Why Discord's description does not allow this request, or None."""
    body = record["body"]
    request = MockRequest(
        SERVER,
        record["method"].lower(),
        PREFIX + record["path"],
        headers=record["headers"],
        args=record["query"],
        data=json.dumps(body).encode() if body is not None else None,
        content_type="application/json" if body is not None else None,
    )
    try:
        api.validate_request(request)
    except Exception as error:  # openapi-core raises one class per kind of mismatch
        cause = error.__cause__
        details = [f"{list(e.absolute_path)}: {e.message[:120]}" for e in getattr(cause, "schema_errors", [])]
        return f"{type(error).__name__}: {str(error)[:200]} {details}"
    return None


def tolerated(record: dict[str, Any]) -> dict[str, Any] | None:
    """The record with reply ids as strings, when they were numbers (the one known deviation)."""
    reference = (record["body"] or {}).get("message_reference") if isinstance(record["body"], dict) else None
    if not reference or not any(isinstance(v, int) for k, v in reference.items() if k.endswith("_id")):
        return None
    fixed = {k: str(v) if k.endswith("_id") and isinstance(v, int) else v for k, v in reference.items()}
    return {**record, "body": {**record["body"], "message_reference": fixed}}


def main(path: str) -> int:
    api = load_api()
    records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line]
    kinds: Counter[str] = Counter()
    failures = 0
    for record in records:
        found = problem(api, record)
        retried = tolerated(record) if found else None
        if found and retried is not None and problem(api, retried) is None:
            kinds["tolerated: reply ids as numbers"] += 1
        elif found:
            failures += 1
            print(f"{record['method']} {record['path']}: {found}")
        else:
            kinds[f"{record['method']} {_template(record['path'])}"] += 1
    print(f"{len(records)} requests checked against Discord's OpenAPI description: {failures} refused")
    for kind, count in sorted(kinds.items()):
        print(f"  {count:5d}  {kind}")
    return 1 if failures or not records else 0


def _template(path: str) -> str:
    parts = path.split("/")
    return "/".join("{id}" if p.isdigit() else "{token}" if p.startswith("token-") else p for p in parts)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
