"""Quote-only question answering over a news corpus: ingest, embed, index, search.

The Discord bot and the CLI use only what is exported here.
"""

from .build import IndexSummary, build_index, segment_article
from .embed import Embedder
from .engine import Engine, IndexMissing
from .ingest import CorpusScan, load_corpus
from .records import Answer, Article, ArticleRef, Result, Sentence, Skipped
from .search import ArticleInfo, QuestionRejected, Searcher, check_question
from .settings import Settings, load_settings
from .store import IndexCorrupted, ReindexInProgress

__all__ = [
    "Answer",
    "Article",
    "ArticleInfo",
    "ArticleRef",
    "CorpusScan",
    "Embedder",
    "Engine",
    "IndexCorrupted",
    "IndexMissing",
    "IndexSummary",
    "QuestionRejected",
    "ReindexInProgress",
    "Result",
    "Searcher",
    "Sentence",
    "Settings",
    "Skipped",
    "build_index",
    "check_question",
    "load_corpus",
    "load_settings",
    "segment_article",
]
