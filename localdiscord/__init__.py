"""The local services qabot's tests and benchmarks run against, on 127.0.0.1 only.

- `server.FakeDiscord`: enough of Discord's gateway and REST API for the real discord.py
  client, recording every request and refusing what Discord would refuse;
- `rules.DiscordRules`: the request checks, from Discord's own OpenAPI description
  (`openapi.json`, MIT; `OPENAPI.md` says where it comes from);
- `check`: `python -m localdiscord.check RECORD` validates recorded requests a second,
  independent way (openapi-core);
- `web.local_web`: a web server for link ingestion (pages, redirects, errors, slow answers).

It needs the test extra (aiohttp comes with discord.py; jsonschema, referencing, openapi-core).
"""
