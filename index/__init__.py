"""Quote-only question answering over a news corpus: ingest, embed, index, search.

The library of qabot: it never imports the application (the CLI in `qabot/`, the Discord
bot in `bot/`). Front ends use only what is exported here; `Engine` is the façade.
"""

from index.answer.judge import Judge
from index.answer.search import check_question
from index.corpus.audit import AuditLog, Event
from index.corpus.corpora import Corpora
from index.corpus.curate import Change, Curator, article_details
from index.corpus.drafts import Draft, check_upload, draft_from_page, drafts_from_file, drafts_from_path
from index.corpus.feedback import FeedbackLog
from index.encode.embed import Embedder
from index.encode.encoder import Encoder
from index.engine import Engine
from index.errors import (
    AlreadyInCorpus,
    CorpusEditRefused,
    FetchFailed,
    IndexCorrupted,
    IndexMissing,
    IndexProblem,
    JudgeUnavailable,
    QabotError,
    QuestionRejected,
    RecordsUnavailable,
    ReindexInProgress,
    StoreUnavailable,
)
from index.ingest.fetch import Fetched, FetchPolicy, fetch
from index.ingest.files import CorpusScan, load_corpus
from index.records import Answer, Article, ArticleRef, Result, Sentence, Skipped
from index.settings import Settings, load_settings
from index.store.build import IndexSummary, Progress, build_index, segment_article
from index.store.catalog import ArticleInfo

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
    "RecordsUnavailable",
    "ReindexInProgress",
    "Result",
    "Sentence",
    "Settings",
    "Skipped",
    "StoreUnavailable",
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
