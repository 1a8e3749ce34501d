"""Discord settings, on top of the index settings (same sources: flags > env > TOML > defaults)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from index import Settings

DISCORD_API = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"


class BotSettings(Settings):
    """Everything `qabot run` needs. The token is a SecretStr: it never prints."""

    model_config = SettingsConfigDict(env_prefix="QABOT_", extra="ignore", populate_by_name=True)

    discord_token: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("DISCORD_TOKEN", "QABOT_DISCORD_TOKEN", "discord_token"),
        description="Bot token from the Discord developer portal.",
    )
    guild_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="Sync commands to these guilds at start (instant; for development)."
    )
    moderator_role_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="Roles allowed to /reindex besides Manage Server."
    )
    api_base_url: str = Field(DISCORD_API, description="Discord REST base URL (a proxy, or the tests' fake).")
    gateway_url: str = Field(DISCORD_GATEWAY, description="Discord gateway URL.")
    ask_cooldown_rate: int = Field(5, ge=1, description="Questions a user may ask per cooldown window.")
    ask_cooldown_seconds: float = Field(30.0, ge=0, description="Cooldown window in seconds (0 disables).")
    message_content_intent: bool = Field(
        False, description="Request the privileged message-content intent (not needed for mentions)."
    )
    answer_timeout_seconds: float = Field(
        2.0, gt=0, le=2.8, description="Answer directly if ready this fast, else defer first."
    )
    progress_interval_seconds: float = Field(1.0, gt=0, description="How often /reindex edits its progress message.")
    max_batch: int = Field(
        4,
        ge=1,
        description="Most questions embedded in one batch. A batch's answers are sent together, so a large "
        "batch makes its first askers wait for its last: 4 keeps the 32-user burst's p95 under 1 s.",
    )
    search_threads: int = Field(2, ge=1, description="Threads that embed and search off the event loop.")
    log_level: str = Field("INFO", description="Logging level.")
    shard_count: int | None = Field(
        None,
        ge=1,
        description="Gateway shards in all (Discord requires sharding from 2,500 servers); unset: one connection, "
        "no sharding.",
    )
    shard_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="With shard_count: the shards this process runs (empty: all of them); the other processes "
        "run the rest.",
    )

    @field_validator("guild_ids", "moderator_role_ids", "shard_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        """Accept `123,456` from the environment as well as a TOML list."""
        if isinstance(value, str):
            return [int(part) for part in value.replace(" ", ",").split(",") if part]
        if isinstance(value, int):
            return [value]
        return value

    @model_validator(mode="after")
    def _check_shards(self) -> BotSettings:
        if self.shard_ids and self.shard_count is None:
            raise ValueError("shard_ids needs shard_count (how many shards there are in all)")
        wrong = [shard for shard in self.shard_ids if not 0 <= shard < (self.shard_count or 0)]
        if wrong:
            raise ValueError(f"shard_ids {wrong} are not among the shards 0 to {(self.shard_count or 1) - 1}")
        return self
