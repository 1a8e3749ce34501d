"""Settings from CLI flags, then `QABOT_*` environment variables, then a TOML file, then defaults.

The TOML file is `--config PATH`, else `$QABOT_CONFIG`, else `./qabot.toml` when it exists.
"""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from index.answer.search import SearchSettings
from index.ingest.fetch import FetchPolicy
from index.store.milvus import MilvusStore
from index.store.vectors import LocalVectors, VectorStore

DEFAULT_CONFIG_FILE = Path("qabot.toml")

# The settings by what they govern, as `qabot config` prints them; a test checks that each field
# of `Settings` is in exactly one group. The bot's own settings (`bot/settings.py`) print as "discord".
GROUPS: dict[str, tuple[str, ...]] = {
    "paths and corpora": (
        "corpus",
        "index_dir",
        "base_corpus",
        "guild_corpora",
        "share_base_corpus",
        "max_loaded_guilds",
    ),
    "models": ("model", "tuned_first_stage", "device", "backend", "batch_size", "faiss_threads"),
    "index": ("title_weight", "exact_limit", "nprobe", "store", "milvus_uri"),
    "ranking": (
        "top_k",
        "candidates",
        "bm25_candidates",
        "lexical_weight",
        "lead_weight",
        "definition_lead_weight",
        "min_score",
        "related_score",
        "first_stage_threshold",
        "context_sentences",
    ),
    "judge": (
        "judge",
        "judge_threads",
        "judge_candidates",
        "judge_weight",
        "position_weight",
        "answer_threshold",
        "related_threshold",
    ),
    "fetch": ("allowed_hosts", "allowed_networks", "fetch_max_mb", "fetch_timeout_seconds"),
    "limits": ("max_question_chars", "max_article_mb"),
    "records": ("database_url",),
}


class Settings(BaseSettings):
    """What the index and the search need; the bot extends this with its Discord settings."""

    model_config = SettingsConfigDict(env_prefix="QABOT_", extra="ignore")

    corpus: Path = Field(Path("corpus"), description="Corpus folder, or one .jsonl/.md/.txt file.")
    index_dir: Path = Field(Path(".qabot/index"), description="Where index versions are written.")
    guild_corpora: Path | None = Field(
        None,
        description="Per-server corpora: server N's own articles in <this>/N/, its index in <index_dir>/guilds/N/; "
        "`corpus` is then the base every server searches too. Unset: one corpus for every server.",
    )
    share_base_corpus: bool = Field(True, description="With guild_corpora: every server also searches `corpus`.")
    max_loaded_guilds: int = Field(
        20, ge=1, description="Servers' indexes kept loaded; the least recently used beyond this are unloaded."
    )
    base_corpus: Path | None = Field(
        None, description="Set by qabot for a server's index: the shared corpus read beside the server's own."
    )
    model: str = Field(
        "",
        description="Sentence-transformers model path or name; empty uses the packaged all-MiniLM-L6-v2.",
    )
    tuned_first_stage: bool = Field(
        True,
        description="With `model` empty: lay qabot's fine-tuned weights (index/models/first_stage) over the packaged "
        "model; false for the plain all-MiniLM-L6-v2. Either way a change rebuilds the index.",
    )
    device: str = Field("cpu", description="Torch device for embedding.")
    backend: Literal["auto", "onnx", "torch"] = Field(
        "auto", description="auto: ONNX when installed and equal to torch (faster on CPU), else torch."
    )
    faiss_threads: int = Field(
        1, ge=1, description="OpenMP threads for FAISS; 1 avoids fighting the embedder for the cores."
    )
    exact_limit: int = Field(200_000, ge=1, description="Above this many sentences the vectors move to an IVF index.")
    nprobe: int = Field(64, ge=1, description="IVF lists visited per search (recall vs speed).")
    store: Literal["local", "milvus"] = Field(
        "local",
        description="Where the vectors live: local (a FAISS file in each version's folder) or milvus "
        "(a collection per version on `milvus_uri`; needs the milvus extra). docs/deployment.md.",
    )
    milvus_uri: str = Field(
        "",
        description="store = milvus: a file path runs Milvus Lite in this process (one process per file), "
        "http://host:19530 a Milvus server shared by every process; empty: <index_dir>/milvus.db.",
    )
    batch_size: int = Field(
        32,
        ge=1,
        description="Sentences per embedding batch (32: 1.05-1.2x faster than 64, `python -m benchmarks.indexing`, "
        "2026-11-26).",
    )
    title_weight: float = Field(
        0.5,
        ge=0,
        le=4,
        description="Weight of the article title's embedding added to each sentence's (0: the sentence alone; "
        "changing it re-embeds all).",
    )
    top_k: int = Field(3, ge=1, le=50, description="Quotes returned per question.")
    candidates: int = Field(50, ge=5, description="Candidates from each retriever before re-scoring.")
    bm25_candidates: int = Field(
        0,
        ge=0,
        description="Candidates added from BM25 (0: dense only; no gain in `qabot eval` on WikiQA dev and the "
        "seed set, 2026-11-24).",
    )
    lexical_weight: float = Field(
        0.2,
        ge=0.0,
        description="Weight of query-term coverage added to the cosine score (`qabot eval` on WikiQA dev, "
        "2026-11-24, with "
        "the packaged first stage; not re-tuned for the fine-tuned one of 2026-11-28).",
    )
    lead_weight: float = Field(
        0.03,
        description="Bonus for an article's first sentence (`qabot eval` on WikiQA dev, 2026-11-24, packaged first "
        "stage).",
    )
    definition_lead_weight: float = Field(
        0.10,
        description="The same bonus for definition questions such as 'what is X?' (`qabot eval` on WikiQA dev, "
        "2026-11-24, "
        "packaged first stage).",
    )
    min_score: float = Field(
        0.35,
        description="Below this best first-stage score no quote is an answer: with the judge the reply is related "
        "reading at most (keeps 1 of 30 off-topic bbc-news questions out, costs no answer on any dev set: "
        "`python -m benchmarks.calibration`, 2026-12-07); with judge = none it quotes nothing "
        "(`python -m benchmarks.abstention` on bbc-news, 2026-11-28).",
    )
    related_score: float = Field(
        0.4,
        description="A reply that is not an answer quotes related reading when the best first-stage score reaches "
        "this (with the judge: or when the judge finds one related, `related_threshold`); otherwise the tier is "
        "'nothing'. With the judge, 0.40 against 0.50: NewsQA dev answerable questions given nothing 0.7% -> 0.2% "
        "(checking half), off-topic ones on the hand-written sets unchanged, on the blind bbc-news set 13 -> 9 of 30 "
        "given nothing (the rest related reading, none an answer) (`python -m benchmarks.calibration`, 2026-12-07).",
    )
    first_stage_threshold: float = Field(
        0.63,
        description="With judge = none: an answer when the best first-stage score reaches this (the first stage's "
        "macro-best threshold in `python -m benchmarks.judge`, 2026-11-27, packaged first stage).",
    )
    judge: str = Field(
        "", description="Answer judge folder; empty: the packaged one; 'none': first stage only (no judge)."
    )
    judge_candidates: int = Field(
        5,
        ge=1,
        le=50,
        description="First-stage candidates the judge re-scores (`python -m benchmarks.judge --max-n 5`, 2026-11-26).",
    )
    judge_weight: float = Field(
        2.0,
        ge=0.0,
        description="Order judged candidates by probability + this × first-stage score (`python -m benchmarks.judge`, "
        "2026-11-26).",
    )
    position_weight: float = Field(
        0.4,
        ge=0.0,
        description="And + this × probability × exp(-position / 10): news states its main facts first "
        "(`python -m benchmarks.judge --max-n 5 --threshold 0.6`, 2026-11-28, fine-tuned first stage).",
    )
    answer_threshold: float = Field(
        0.35,
        ge=0.0,
        le=1.0,
        description="A quote is an answer when the judge's calibrated probability reaches this: the best macro F1 "
        "over WikiQA dev, NewsQA dev (their halves not used to calibrate), the hand-written and the blind bbc-news "
        "sets with near-topic questions kept out >= 80% (`python -m benchmarks.calibration`, 2026-12-07).",
    )
    related_threshold: float = Field(
        0.10,
        ge=0.0,
        le=1.0,
        description="With the judge: a reply that is not an answer quotes related reading when some candidate's "
        "calibrated probability reaches this (or the first stage's `related_score`), else it is 'nothing' "
        "(`python -m benchmarks.calibration`, 2026-12-07).",
    )
    judge_threads: int = Field(2, ge=1, description="ONNX Runtime threads of the judge.")
    context_sentences: int = Field(1, ge=0, le=5, description="Neighbouring sentences kept as context.")
    max_question_chars: int = Field(1000, ge=1, description="Longer questions get a polite refusal.")
    max_article_mb: float = Field(10.0, gt=0, description="Larger corpus files are skipped and named.")
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Host names an added link may reach even on a private address (an intranet's news site).",
    )
    allowed_networks: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Networks (CIDR, e.g. 10.20.0.0/16) an added link may reach although they are not public.",
    )
    fetch_max_mb: float = Field(5.0, gt=0, description="Largest web page an added link may download.")
    fetch_timeout_seconds: float = Field(10.0, gt=0, description="Connect and read timeout of an added link.")
    database_url: SecretStr | None = Field(
        None,
        description="PostgreSQL (postgresql://user:password@host/db) holding the audit log and the feedback of every "
        "process and machine; unset: SQLite files beside each index.",
    )

    @field_validator("allowed_hosts", "allowed_networks", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        """Accept `a,b` from the environment as well as a TOML list."""
        if isinstance(value, str):
            return [part for part in value.replace(" ", ",").split(",") if part]
        return value

    @field_validator("allowed_networks")
    @classmethod
    def _check_networks(cls, value: list[str]) -> list[str]:
        FetchPolicy.build(allowed_networks=value)  # a bad network fails at start, named
        return value

    def search(self) -> SearchSettings:
        """The values the question path reads (ranking, judge, limits), for `Searcher`."""
        return SearchSettings(**{f.name: getattr(self, f.name) for f in fields(SearchSettings)})

    def vector_store(self) -> VectorStore:
        """Where the index versions of `index_dir` keep their vectors (`store`)."""
        if self.store == "local":
            return LocalVectors()
        return MilvusStore(self.milvus_address(), self.index_dir)

    def milvus_address(self) -> str:
        """The Milvus a `store = milvus` index uses: `milvus_uri`, else Milvus Lite in index_dir."""
        return self.milvus_uri or str(self.index_dir / "milvus.db")

    def records_url(self) -> str | None:
        """The PostgreSQL URL of the audit log and the feedback; None: SQLite files."""
        return self.database_url.get_secret_value() if self.database_url else None

    def fetch_policy(self) -> FetchPolicy:
        """What an added link may reach (`index/ingest/fetch.py`); a bad network raises ValueError."""
        return FetchPolicy.build(
            self.allowed_hosts,
            self.allowed_networks,
            max_bytes=int(self.fetch_max_mb * 1_000_000),
            connect_timeout=self.fetch_timeout_seconds,
            read_timeout=self.fetch_timeout_seconds,
            total_timeout=3 * self.fetch_timeout_seconds,
        )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


SettingsT = TypeVar("SettingsT", bound=Settings)


def load_settings(
    cls: type[SettingsT] = Settings,  # type: ignore[assignment]  # mypy cannot bind a TypeVar default
    config_file: Path | None = None,
    **overrides: Any,
) -> SettingsT:
    """Build settings; `overrides` are CLI flags, and a None flag means "not given"."""
    path = config_file or os.environ.get("QABOT_CONFIG") or DEFAULT_CONFIG_FILE
    path = Path(path)
    if config_file is not None and not path.is_file():
        raise FileNotFoundError(f"config file not found: {path}")
    configured = type(cls.__name__, (cls,), {"model_config": {**cls.model_config, "toml_file": path}})
    given = {key: value for key, value in overrides.items() if value is not None}
    settings: SettingsT = configured(**given)
    return settings
