"""Per-server corpora: one engine per Discord server, one model for all of them.

Without `guild_corpora` every server shares the one corpus (`corpus`, `index_dir`). With it,
server N's own articles live in `<guild_corpora>/N/` and its index in `<index_dir>/guilds/N/`;
`corpus` becomes the base corpus that every server searches too (unless
`share_base_corpus = false`) and that direct messages use alone. An answer in one server
never quotes another server's articles: their articles are in different indexes.

A server that has added nothing of its own is answered from the base index (nothing is
copied). Its first own article seeds its index from a copy of the base index, so the base's
sentences are not embedded again: the reindex embeds only the new article. The encoder and
the answer judge are loaded once, in the base engine, and shared; a server's index loads on
first use, and beyond `max_loaded_guilds` the least recently used is unloaded (questions in
flight keep it until they finish). Curators hold no engine between changes: each is made for
one change, with the server's engine looked up then, so an unloaded engine is really gone.
A server with no index of its own costs one `stat` per question; one made or changed by
another process (`qabot corpus add --guild`) is seen at the next question, like the base's.
"""

from __future__ import annotations

import shutil
import threading
from collections import OrderedDict
from pathlib import Path

from index.corpus.audit import AuditLog
from index.corpus.curate import Curator
from index.engine import Engine
from index.settings import Settings
from index.store import versions as store

GUILDS_FOLDER = "guilds"


class Corpora:
    """The engine and the curator for each server (None: direct messages)."""

    def __init__(self, base: Engine) -> None:
        self.base = base
        self.settings = base.settings
        self._engines: OrderedDict[int, Engine] = OrderedDict()
        self._base_curator = Curator(base)
        self._change_locks: dict[int, threading.Lock] = {}  # one change at a time per server
        self._lock = threading.Lock()

    @property
    def per_server(self) -> bool:
        return self.settings.guild_corpora is not None

    def folder(self, guild_id: int) -> Path:
        """Server `guild_id`'s own corpus folder (under `guild_corpora`)."""
        assert self.settings.guild_corpora is not None
        return Path(self.settings.guild_corpora) / str(int(guild_id))

    def index_dir(self, guild_id: int) -> Path:
        return Path(self.settings.index_dir) / GUILDS_FOLDER / str(int(guild_id))

    def engine(self, guild_id: int | None) -> Engine:
        """The engine that answers in `guild_id`: its own, or the base one when it has none (yet)."""
        if guild_id is None or not self.per_server:
            return self.base
        with self._lock:
            engine = self._engines.get(guild_id)
            if engine is not None:
                self._engines.move_to_end(guild_id)
                return engine
            if store.IndexStore(self.index_dir(guild_id)).pointer_state() is None:
                return self.base  # nothing of its own (yet)
            return self._load(guild_id)

    def curator(self, guild_id: int | None, create: bool = True) -> Curator:
        """What changes `guild_id`'s corpus; creates the server's folder and index on first use.

        `create=False` (reading: show, log) creates nothing: a server with no corpus of its own
        yet gets the base engine with its own, empty, audit log.
        """
        if guild_id is None or not self.per_server:
            return self._base_curator
        if not create and self.engine(guild_id) is self.base:
            return Curator(self.base, self.audit(guild_id), read_only=True)
        with self._lock:
            engine = self._engines.get(guild_id)
            if engine is None:
                folder, index_dir = self.folder(guild_id), self.index_dir(guild_id)
                folder.mkdir(parents=True, exist_ok=True)
                if store.IndexStore(index_dir).current() is None:
                    self._seed(index_dir)
                engine = self._load(guild_id)
            lock = self._change_locks.setdefault(guild_id, threading.Lock())
        return Curator(engine, self.audit(guild_id), lock=lock)

    def audit(self, guild_id: int) -> AuditLog:
        """Server `guild_id`'s own audit log: a file beside its index, or its schema of the records database."""
        return AuditLog(self.index_dir(guild_id), self.settings.records_url(), scope=f"guild_{int(guild_id)}")

    def _load(self, guild_id: int) -> Engine:
        """A server's engine over its index (called with the lock held)."""
        updates = {
            "corpus": self.folder(guild_id),
            "index_dir": self.index_dir(guild_id),
            "base_corpus": self.settings.corpus if self.settings.share_base_corpus else None,
            "guild_corpora": None,
        }
        settings: Settings = self.settings.model_copy(update=updates)
        engine = Engine(settings, encoder=self.base.encoder, judge=self.base.judge)
        self._engines[guild_id] = engine
        while len(self._engines) > self.settings.max_loaded_guilds:
            _, evicted = self._engines.popitem(last=False)
            evicted.release()  # closed when its last question in flight ends
        return engine

    def _seed(self, index_dir: Path) -> None:
        """Start a server's index from a copy of the base index, so the base is not embedded again."""
        if not self.settings.share_base_corpus:
            return
        base_store = store.IndexStore(self.settings.index_dir)
        version = base_store.current()
        if version is None:
            return
        target = store.IndexStore(index_dir)
        target.root.mkdir(parents=True, exist_ok=True)
        building = target.new_version()
        try:
            shutil.rmtree(building)
            shutil.copytree(version, building)  # a published version never changes; it may be pruned
        except OSError:
            shutil.rmtree(building, ignore_errors=True)
            return  # the server's first reindex then embeds the base too
        target.publish(building)
