"""Quote-only question answering over a news corpus: ingest, embed, index, search.

The library of qabot: it never imports the application (the CLI in `qabot/`, the Discord
bot in `bot/`). Front ends use only what is exported here; `Engine` is the façade.
"""

from .audit import AuditLog, Event
from .build import IndexSummary, Progress, build_index, segment_article
from .catalog import ArticleInfo
from .corpora import Corpora
from .curate import Change, Curator, article_details
from .drafts import Draft, check_upload, draft_from_page, drafts_from_file, drafts_from_path
from .embed import Embedder
from .encoder import Encoder
from .engine import Engine
from .errors import (
    AlreadyInCorpus,
    CorpusEditRefused,
    FetchFailed,
    IndexCorrupted,
    IndexMissing,
    IndexProblem,
    JudgeUnavailable,
    QabotError,
    QuestionRejected,
    ReindexInProgress,
)
from .feedback import FeedbackLog
from .fetch import Fetched, FetchPolicy, fetch
from .ingest import CorpusScan, load_corpus
from .judge import Judge
from .records import Answer, Article, ArticleRef, Result, Sentence, Skipped
from .search import check_question
from .settings import Settings, load_settings

__all__ = [
    "AlreadyInCorpus",
    "Answer",
    "Article",
    "ArticleInfo",
    "ArticleRef",
    "AuditLog",
    "Change",
    "Corpora",
    "CorpusEditRefused",
    "CorpusScan",
    "Curator",
    "Draft",
    "Embedder",
    "Encoder",
    "Engine",
    "Event",
    "FeedbackLog",
    "FetchFailed",
    "FetchPolicy",
    "Fetched",
    "IndexCorrupted",
    "IndexMissing",
    "IndexProblem",
    "IndexSummary",
    "Judge",
    "JudgeUnavailable",
    "Progress",
    "QabotError",
    "QuestionRejected",
    "ReindexInProgress",
    "Result",
    "Sentence",
    "Settings",
    "Skipped",
    "article_details",
    "build_index",
    "check_question",
    "check_upload",
    "draft_from_page",
    "drafts_from_file",
    "drafts_from_path",
    "fetch",
    "load_corpus",
    "load_settings",
    "segment_article",
]
