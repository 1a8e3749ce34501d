"""The vectors of each index version in a Milvus collection (`store = "milvus"`).

    qabot_<corpus>_<version>      one collection per version: `id` (the sentence id, primary
                                  key) and `vector` (FLAT index, inner product: exact cosine
                                  over normalized vectors, the same ranking as the local store)
    qabot_<corpus>                an alias moved to the serving version's collection after each
                                  publish, for other readers of the engine

`<corpus>` is a short hash of the index folder's absolute path, so per-server corpora each get
their own collections. A version's folder records its collection and row count in
`vectors.milvus.json` (covered by the manifest's checksums); loading checks the count, so a
version whose collection is missing or short is never served. Collections of versions that
are no longer kept are dropped after each publish: the previous version stays, so a process
still answering from it finishes its question.

`milvus_uri` is a file path (Milvus Lite: the engine embedded in this process; one process
per file) or `http://host:19530` (a Milvus server, standalone or cluster, shared by every bot
process and machine). Requires the `milvus` extra (pymilvus, milvus-lite).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from index.errors import IndexCorrupted, StoreUnavailable
from index.store import versions as store

log = logging.getLogger(__name__)

RECORD_FILE = "vectors.milvus.json"
PREFIX = "qabot"  # of every collection and alias qabot makes
INSERT_BATCH = 4096  # rows per insert call: well under Milvus's 64 MB message limit at 384 floats
READ_BATCH = 4096
_clients: dict[str, Any] = {}
_clients_lock = threading.Lock()


def _client(uri: str) -> Any:
    """One client per URI in this process (Milvus Lite allows one process per file)."""
    with _clients_lock:
        if uri not in _clients:
            try:
                from pymilvus import MilvusClient
            except ImportError:
                raise StoreUnavailable(
                    "store = milvus needs the milvus extra: pip install -c requirements.lock -e '.[milvus]'"
                ) from None
            try:
                _clients[uri] = MilvusClient(uri)
            except Exception as exc:  # pymilvus raises its own, gRPC's and OS errors alike
                raise StoreUnavailable(f"cannot reach Milvus at {uri}: {_first_line(exc)}") from None
        return _clients[uri]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class MilvusVectors:
    """A version's collection, searched like a FAISS index (the `VectorIndex` protocol)."""

    def __init__(self, client: Any, collection: str, count: int, dim: int) -> None:
        self._client = client
        self.collection = collection
        self.d = dim
        self._count = count

    @property
    def ntotal(self) -> int:
        return self._count

    def search(self, x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores = np.full((len(x), k), -np.inf, dtype=np.float32)
        ids = np.full((len(x), k), -1, dtype=np.int64)
        if k == 0 or len(x) == 0:
            return scores, ids
        try:
            hits = self._client.search(self.collection, data=[row.tolist() for row in x], limit=k, output_fields=[])
        except Exception as exc:
            raise StoreUnavailable(f"Milvus search in {self.collection} failed: {_first_line(exc)}") from None
        for row, found in enumerate(hits):
            for col, hit in enumerate(found[:k]):
                ids[row, col], scores[row, col] = int(hit["id"]), float(hit["distance"])
        return scores, ids

    def reconstruct(self, key: int) -> np.ndarray:
        try:
            rows = self._client.get(self.collection, ids=[int(key)], output_fields=["vector"])
        except Exception as exc:
            raise StoreUnavailable(f"Milvus read in {self.collection} failed: {_first_line(exc)}") from None
        if not rows:
            raise KeyError(key)
        return np.asarray(rows[0]["vector"], dtype=np.float32)


class MilvusStore:
    """The `VectorStore` on Milvus, for the index versions under one `index_dir`."""

    kind = "milvus"

    def __init__(self, uri: str, index_dir: Path) -> None:
        self.uri = uri
        corpus = hashlib.sha256(str(Path(index_dir).resolve()).encode()).hexdigest()[:10]
        self.alias = f"{PREFIX}_{corpus}"

    @property
    def client(self) -> Any:
        return _client(self.uri)

    def collection_of(self, version: Path) -> str:
        name = version.name.removesuffix(store.BUILDING_SUFFIX)
        return f"{self.alias}_{name}"

    def save(self, vectors: faiss.Index, version: Path) -> None:
        from pymilvus import DataType

        client, name = self.client, self.collection_of(version)
        ids, rows = store.all_vectors(vectors)
        dim = int(vectors.d)
        try:
            if client.has_collection(name):  # left by a build that failed before its publish
                client.drop_collection(name)
            schema = client.create_schema(auto_id=False)
            schema.add_field("id", DataType.INT64, is_primary=True)
            schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
            index = client.prepare_index_params()
            index.add_index("vector", index_type="FLAT", metric_type="IP")
            client.create_collection(name, schema=schema)
            client.create_index(name, index, sync=False)  # FLAT is built at once; waiting polls a call Lite lacks
            for start in range(0, len(ids), INSERT_BATCH):
                batch = zip(ids[start : start + INSERT_BATCH].tolist(), rows[start : start + INSERT_BATCH])
                client.insert(name, [{"id": sid, "vector": vector.tolist()} for sid, vector in batch])
            client.flush(name)
        except Exception as exc:
            raise StoreUnavailable(f"cannot write the vectors to Milvus ({name}): {_first_line(exc)}") from None
        record = {"collection": name, "count": len(ids), "dim": dim}
        (version / RECORD_FILE).write_text(json.dumps(record), encoding="utf-8")

    def load(self, version: Path) -> MilvusVectors:
        record = self._record(version)
        client, name = self.client, record["collection"]
        try:
            present = client.has_collection(name)
            if present:
                client.load_collection(name)
                count = int(client.get_collection_stats(name)["row_count"])
        except Exception as exc:
            raise StoreUnavailable(f"cannot read {name} from Milvus at {self.uri}: {_first_line(exc)}") from None
        if not present:
            raise IndexCorrupted(f"index vectors missing: Milvus collection {name} of {version} is gone")
        if count != record["count"]:
            raise IndexCorrupted(f"index vectors damaged: Milvus collection {name} holds {count} of {record['count']}")
        return MilvusVectors(client, name, count, int(record["dim"]))

    def working_copy(self, version: Path) -> faiss.Index:
        served = self.load(version)
        ids: list[int] = []
        vectors: list[list[float]] = []
        iterator = self.client.query_iterator(served.collection, batch_size=READ_BATCH, output_fields=["vector"])
        while batch := iterator.next():
            ids.extend(int(row["id"]) for row in batch)
            vectors.extend(row["vector"] for row in batch)
        iterator.close()
        index = store.new_vector_index(served.d)
        if ids:
            index.add_with_ids(np.asarray(vectors, dtype=np.float32), store.ids_array(ids))
        return index

    def published(self, kept: Sequence[Path]) -> None:
        if not kept:
            return
        client, serving = self.client, self.collection_of(kept[-1])
        wanted = {self.collection_of(version) for version in kept}
        try:
            if self.alias in client.list_aliases().get("aliases", []):
                client.alter_alias(serving, self.alias)
            else:  # the first publish
                client.create_alias(serving, self.alias)
            for name in client.list_collections():
                if name.startswith(self.alias + "_") and name not in wanted:
                    client.drop_collection(name)
        except Exception as exc:  # the version is published; a stale alias or collection is logged, not fatal
            log.warning("Milvus housekeeping after publishing %s failed: %s", serving, _first_line(exc))

    def _record(self, version: Path) -> dict[str, Any]:
        try:
            record = json.loads((version / RECORD_FILE).read_text(encoding="utf-8"))
            if not isinstance(record, dict) or not {"collection", "count", "dim"} <= record.keys():
                raise ValueError("fields missing")
        except (OSError, ValueError) as exc:
            raise IndexCorrupted(f"cannot read {version / RECORD_FILE}: {exc}") from None
        return record
