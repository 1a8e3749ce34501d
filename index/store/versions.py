"""On-disk index: immutable versions, published atomically.

    index_dir/
      CURRENT          name of the version that serves (replaced with os.replace)
      .lock            held while a reindex builds
      v<ns>/           one complete version: vectors.faiss, meta.sqlite (see `catalog`),
                       lexical/, manifest.json

A reindex writes a new `v<ns>.building/` folder beside the serving one, and only when it is
complete renames it and points CURRENT at it. A crash at any point leaves CURRENT naming a
complete version: the old one or the new one, never a mix.

The manifest records the sha256 of every other file of its version; `verify` checks them
before a version serves. A damaged version is set aside (`v<ns>.corrupt/`) and the newest
intact one serves until a rebuild replaces it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from index.errors import IndexCorrupted, ReindexInProgress

CURRENT = "CURRENT"
BUILDING_SUFFIX = ".building"
CORRUPT_SUFFIX = ".corrupt"
_VERSION_NAME = re.compile(r"v\d+")
VECTORS_FILE = "vectors.faiss"
META_FILE = "meta.sqlite"
MANIFEST_FILE = "manifest.json"
LEXICAL_DIR = "lexical"


class IndexStore:
    """Finds, creates, publishes and cleans up index versions under one folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def current(self) -> Path | None:
        """The serving version's folder, or None when nothing was ever published.

        Without a CURRENT pointer (deleted by hand, lost with a copy) the newest complete
        version serves: a version folder is complete once renamed, and it is verified before it
        serves like any other.
        """
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            versions = self.versions() if self.root.is_dir() else []
            return versions[-1] if versions else None
        version = self.root / name
        return version if name and version.is_dir() else None

    def pointer_state(self) -> tuple[int, int] | None:
        """What identifies the CURRENT pointer now (its inode and change time): a publish by any
        process replaces the file, so a reader compares this, a `stat`, before each question."""
        try:
            info = os.stat(self.root / CURRENT)
        except FileNotFoundError:
            return None
        return info.st_ino, info.st_mtime_ns

    def lock(self) -> contextlib.AbstractContextManager[None]:
        """Hold the reindex lock (across processes); refuse at once if it is taken.

        Only writers take it: a reader of a read-only index (a read-only volume, a replica)
        never needs it (`writable`)."""
        return exclusive(self.root / ".lock", "a reindex is already running")

    def writable(self) -> bool:
        """Whether this process may write here (a reindex, leftovers to clean)."""
        return os.access(self.root if self.root.exists() else self.root.parent, os.W_OK)

    def clean_leftovers(self) -> None:
        """Remove half-built versions of crashed or failed builds (call with the lock held)."""
        for leftover in self.root.glob(f"v*{BUILDING_SUFFIX}"):
            shutil.rmtree(leftover, ignore_errors=True)

    def new_version(self) -> Path:
        """A fresh folder to build into; leftovers of crashed builds are removed first."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.clean_leftovers()
        path = self.root / f"v{time.time_ns()}{BUILDING_SUFFIX}"
        path.mkdir()
        return path

    def publish(self, building: Path, keep: int = 2) -> Path:
        """Make `building` the serving version atomically, then drop all but `keep` versions."""
        final = building.with_name(building.name.removesuffix(BUILDING_SUFFIX))
        _fsync_tree(building)
        os.replace(building, final)
        pointer = self.root / f"{CURRENT}.tmp"
        with open(pointer, "w", encoding="utf-8") as handle:
            handle.write(final.name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer, self.root / CURRENT)
        _fsync_dir(self.root)
        for old in self.versions()[:-keep]:
            if old != final:
                shutil.rmtree(old, ignore_errors=True)
        return final

    def versions(self) -> list[Path]:
        """Complete versions (not building, not set aside), oldest first."""
        return sorted(p for p in self.root.glob("v*") if p.is_dir() and _VERSION_NAME.fullmatch(p.name))

    def set_aside(self, version: Path) -> Path | None:
        """Take a damaged version out of service; the newest intact version serves instead.

        Returns that version, or None when there is none (CURRENT is then removed). The damaged
        folder is kept as `<name>.corrupt` for a person to inspect (only the latest one).
        """
        for older in self.root.glob(f"v*{CORRUPT_SUFFIX}"):
            shutil.rmtree(older, ignore_errors=True)
        if version.is_dir():
            os.replace(version, version.with_name(version.name + CORRUPT_SUFFIX))
        for candidate in reversed(self.versions()):
            try:
                verify(candidate)
            except IndexCorrupted:
                os.replace(candidate, candidate.with_name(candidate.name + CORRUPT_SUFFIX))
                continue
            self.point_at(candidate)
            return candidate
        (self.root / CURRENT).unlink(missing_ok=True)
        return None

    def point_at(self, version: Path) -> None:
        """Make `version` the serving one (with the lock held)."""
        pointer = self.root / f"{CURRENT}.tmp"
        pointer.write_text(version.name, encoding="utf-8")
        os.replace(pointer, self.root / CURRENT)
        _fsync_dir(self.root)


@contextlib.contextmanager
def exclusive(path: Path, busy: str) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` across processes, or raise ReindexInProgress(busy)
    at once. The kernel releases it when the process dies, however it dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReindexInProgress(busy) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_tree(path: Path) -> None:
    for file in path.rglob("*"):
        if file.is_file():
            with open(file, "rb") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- the files of one version -------------------------------------------------------------


def new_vector_index(dim: int) -> faiss.Index:
    """Exact inner product over normalized vectors (cosine), addressed by sentence id."""
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))


def is_approximate(index: faiss.Index) -> bool:
    return isinstance(faiss.downcast_index(index), faiss.IndexIVF)


def fit_vectors(index: faiss.Index, exact_limit: int, seed: int = 0) -> faiss.Index:
    """Exact search up to `exact_limit` vectors, IVF above it (and back below half of it).

    IVF rather than HNSW: it removes vectors by id, which incremental reindexing needs. The
    number of lists is about 4·sqrt(n); `nprobe` (set when searching) trades speed for recall.
    """
    n = int(index.ntotal)
    approximate = is_approximate(index)
    if (not approximate and n <= exact_limit) or (approximate and n >= exact_limit // 2):
        return index
    ids, vectors = all_vectors(index)
    dim = vectors.shape[1] if n else index.d
    if approximate:
        fitted = new_vector_index(dim)
    else:
        nlist = max(1, int(4 * np.sqrt(n)))
        quantizer = faiss.IndexFlatIP(dim)
        fitted = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        fitted.set_direct_map_type(faiss.DirectMap.Hashtable)  # type: ignore[attr-defined]  # missing from faiss's stubs
        sample = np.random.default_rng(seed).choice(n, size=min(n, nlist * 64), replace=False)
        fitted.train(vectors[np.sort(sample)])
    if n:
        fitted.add_with_ids(vectors, ids)
    return fitted


def all_vectors(index: faiss.Index) -> tuple[np.ndarray, np.ndarray]:
    """(ids, vectors) of every entry, whatever the index type."""
    index = faiss.downcast_index(index)
    ivf: Any = index  # faiss's stubs type downcast_index as the base class
    if isinstance(index, faiss.IndexIDMap2):
        ids = faiss.vector_to_array(index.id_map).astype(np.int64)
        return ids, index.index.reconstruct_n(0, index.ntotal)
    invlists = ivf.invlists
    ids_parts, vector_parts = [], []
    for list_no in range(ivf.nlist):
        size = invlists.list_size(list_no)
        if size == 0:
            continue
        ids_parts.append(faiss.rev_swig_ptr(invlists.get_ids(list_no), size).copy())
        codes = faiss.rev_swig_ptr(invlists.get_codes(list_no), size * invlists.code_size).copy()
        vector_parts.append(codes.view(np.float32).reshape(size, index.d))
    if not ids_parts:
        return np.zeros(0, dtype=np.int64), np.zeros((0, index.d), dtype=np.float32)
    return np.concatenate(ids_parts).astype(np.int64), np.vstack(vector_parts)


def set_search_depth(index: object, nprobe: int) -> None:
    """How many IVF lists a search visits (no effect on exact indexes, or vectors outside FAISS)."""
    if isinstance(index, faiss.Index) and is_approximate(index):
        ivf: Any = faiss.downcast_index(index)  # faiss's stubs type it as the base class
        ivf.nprobe = nprobe


def remove_vectors(index: faiss.Index, ids: list[int]) -> None:
    """Remove the vectors of these sentence ids (no-op for an empty list)."""
    if ids:
        index.remove_ids(ids_array(ids))  # type: ignore[arg-type]  # the SWIG wrapper takes an id array too


def write_vectors(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def read_vectors(path: Path) -> faiss.Index:
    try:
        return faiss.read_index(str(path))
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable"
        raise IndexCorrupted(f"cannot read vector index {path}: {first}") from None


def write_manifest(version: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest, with the sha256 of every other file of the version (write it last)."""
    files = {str(f.relative_to(version)): file_sha256(f) for f in sorted(version.rglob("*")) if f.is_file()}
    files.pop(MANIFEST_FILE, None)
    (version / MANIFEST_FILE).write_text(json.dumps({**manifest, "files": files}, indent=2), encoding="utf-8")


def verify(version: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is present with its recorded sha256.

    Raises IndexCorrupted naming the first file that is missing or changed.
    """
    manifest = read_manifest(version)
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexCorrupted(f"index manifest {version / MANIFEST_FILE} lists no file checksums")
    for name, digest in files.items():
        path = version / name
        if not path.is_file():
            raise IndexCorrupted(f"index file missing: {path}")
        if file_sha256(path) != digest:
            raise IndexCorrupted(f"index file damaged (checksum mismatch): {path}")
    return manifest


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(version: Path) -> dict[str, Any]:
    path = version / MANIFEST_FILE
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorrupted(f"cannot read index manifest {path}: {exc}") from None
    if not isinstance(manifest, dict):
        raise IndexCorrupted(f"index manifest is not an object: {path}")
    return manifest


def ids_array(ids: list[int]) -> np.ndarray:
    return np.asarray(ids, dtype=np.int64)
