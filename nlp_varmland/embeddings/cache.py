"""The SQLite embedding cache and ``embed``, which puts it in front of any embedder.

Vectors are keyed by (model_id, prefix, sha256(text)), so only unseen texts are encoded.

>>> from nlp_varmland.embeddings import get_embedder
>>> vecs = embed(["Brist på bostäder"], get_embedder("e5"), cache=False)
>>> vecs.shape
(1, 384)
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlp_varmland.embeddings.backends import Embedder
from nlp_varmland.errors import EmbedderError

__all__ = ["EmbeddingCache", "embed", "default_cache_path", "text_hash", "CachedEmbedder"]


# --------------------------------------------------------------------------- cache

def default_cache_path() -> Path:
    """``embeddings.sqlite`` in the user cache folder (``nlp_varmland.paths.cache_dir``:
    ``$NLP_VARMLAND_CACHE_DIR``, else the platform's user cache folder from platformdirs,
    ``$XDG_CACHE_HOME/nlp_varmland`` or ``~/.cache/nlp_varmland`` on Linux).

    >>> default_cache_path().name
    'embeddings.sqlite'
    """
    from nlp_varmland.paths import cache_dir

    return cache_dir() / "embeddings.sqlite"


def text_hash(text: str) -> str:
    """sha256 of the UTF-8 text, the cache key of a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model_id  TEXT NOT NULL,
    prefix    TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    dim       INTEGER NOT NULL,
    vector    BLOB NOT NULL,
    PRIMARY KEY (model_id, prefix, text_hash)
) WITHOUT ROWID
"""


class EmbeddingCache:
    """SQLite cache of float32 vectors keyed by (model_id, prefix, sha256(text)).

    WAL journal and a busy timeout let several processes read and write the same file;
    every ``put_many`` is one transaction. One connection per process (re-opened after fork).

    >>> import tempfile, numpy as np
    >>> cache = EmbeddingCache(Path(tempfile.mkdtemp()) / "e.sqlite")
    >>> cache.put_many("m", "query: ", ["hej"], np.ones((1, 3), np.float32))
    >>> cache.get_many("m", "query: ", ["hej", "då"])[1] is None
    True
    """

    _CHUNK = 500  # SQL variables per SELECT ... IN (...)

    def __init__(self, path: str | os.PathLike | None = None, timeout: float = 60.0):
        self.path = Path(path).expanduser() if path is not None else default_cache_path()
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"EmbeddingCache({str(self.path)!r})"

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=self.timeout, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise EmbedderError(
                f"cannot open the embedding cache {self.path}: {exc}; delete it or pass "
                "another path (NLP_VARMLAND_CACHE_DIR)"
            ) from exc
        self._conn, self._pid = conn, os.getpid()
        return conn

    def close(self) -> None:
        """Close the connection (it is re-opened on the next use)."""
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        with self._lock:
            return int(self._connect().execute("SELECT COUNT(*) FROM embeddings").fetchone()[0])

    def get_many(self, model_id: str, prefix: str, texts: Sequence[str]) -> list[np.ndarray | None]:
        """Cached vectors for ``texts`` in order, ``None`` for a miss."""
        hashes = [text_hash(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._lock:
            conn = self._connect()
            unique = list(dict.fromkeys(hashes))
            for start in range(0, len(unique), self._CHUNK):
                chunk = unique[start:start + self._CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT text_hash, dim, vector FROM embeddings WHERE model_id = ? "
                    f"AND prefix = ? AND text_hash IN ({marks})", (model_id, prefix, *chunk))
                for h, dim, blob in rows:
                    if len(blob) == 4 * dim:
                        found[h] = np.frombuffer(blob, dtype=np.float32).copy()
        return [found.get(h) for h in hashes]

    def put_many(self, model_id: str, prefix: str, texts: Sequence[str],
                 vectors: np.ndarray) -> None:
        """Store ``vectors[i]`` for ``texts[i]`` in one transaction (existing rows replaced)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(texts) != len(vectors):
            raise ValueError(f"{len(texts)} texts but {len(vectors)} vectors")
        rows = [(model_id, prefix, text_hash(t), int(v.shape[0]), v.tobytes())
                for t, v in zip(texts, vectors)]
        if not rows:
            return
        with self._lock:
            conn = self._connect()
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?, ?)", rows)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def clear(self, model_id: str | None = None) -> None:
        """Delete every vector (or only those of ``model_id``)."""
        with self._lock:
            conn = self._connect()
            if model_id is None:
                conn.execute("DELETE FROM embeddings")
            else:
                conn.execute("DELETE FROM embeddings WHERE model_id = ?", (model_id,))


# --------------------------------------------------------------------------- embed

def _resolve_cache(cache: EmbeddingCache | str | os.PathLike | bool | None,
                   embedder: Embedder) -> EmbeddingCache | None:
    if cache is False or not getattr(embedder, "cacheable", True):
        return None
    if cache is None or cache is True:
        return EmbeddingCache()
    if isinstance(cache, EmbeddingCache):
        return cache
    return EmbeddingCache(cache)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _table_hits(texts: list[str], embedder: Embedder, prefix: str) -> dict[str, np.ndarray]:
    """{text: vector} of the ``texts`` in the shipped word table of the embedder's model."""
    if not texts or not getattr(embedder, "cacheable", True):
        return {}
    from nlp_varmland.embeddings.words import word_table

    table = word_table(embedder.model_id, prefix)
    return table.lookup(texts) if table is not None else {}


def embed(texts: Sequence[str], embedder: Embedder, *, prefix: str | None = None,
          cache: EmbeddingCache | str | os.PathLike | bool | None = None,
          progress: bool | None = None, chunk_size: int = 1024) -> np.ndarray:
    """Embed ``texts`` through the cache: look every text up, encode only the (deduplicated)
    misses in chunks of ``chunk_size`` and write each chunk back, so a long run streams into
    the cache and an interrupted run keeps what it did (a chunk is large enough for the
    engine's batches, ``E5Embedder.batch_tokens``: 1,024 single words are ~8,000 tokens).
    Texts in the shipped word table (``embeddings.words``: common Swedish lemmas) take its
    vector first, with or without a cache, and are not written to the cache; the package's
    own texts (``embeddings.bundled``) fill cache misses.

    ``cache``: None = the default cache file, False = no cache, or an ``EmbeddingCache``/path.
    ``progress``: None = a tqdm bar on stderr when more than 200 texts must be encoded and
    stderr is a terminal; True/False force it on/off. Returns float32 (len(texts), dim).

    >>> from nlp_varmland.embeddings import get_embedder
    >>> vecs = embed(["Brist på bostäder", "Brist på bostäder"], get_embedder("e5"), cache=False)
    >>> vecs.shape, vecs.dtype
    ((2, 384), dtype('float32'))
    """
    texts = [str(t) for t in texts]
    prefix = embedder.prefix if prefix is None else prefix
    store = _resolve_cache(cache, embedder)
    unique = list(dict.fromkeys(texts))
    # common Swedish words come with their vectors (embeddings.words), before the cache, so a
    # word gets the same vector on a cold and on a warm machine
    found = _table_hits(unique, embedder, prefix)

    if store is None:
        # Corpus-fitted embedders (tf-idf) must see all texts in one call.
        rest = [t for t in unique if t not in found]
        if rest:
            found.update(zip(rest, np.asarray(embedder.encode(rest, prefix=prefix), dtype=np.float32)))
        if not texts:
            return np.empty((0, embedder.dim), dtype=np.float32)
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)

    rest = [t for t in unique if t not in found]
    cached = store.get_many(embedder.model_id, prefix, rest) if rest else []
    found.update((t, v) for t, v in zip(rest, cached) if v is not None)
    misses = [t for t in rest if t not in found]
    if misses:  # the package's own texts (goal files, background, prototypes) come with their vectors
        from nlp_varmland.embeddings.bundled import bundled_vectors

        shipped = bundled_vectors(embedder.model_id)
        hits = [(t, shipped[(prefix, text_hash(t))]) for t in misses if (prefix, text_hash(t)) in shipped]
        if hits:
            store.put_many(embedder.model_id, prefix, [t for t, _ in hits], np.stack([v for _, v in hits]))
            found.update(hits)
            misses = [t for t in misses if t not in found]

    show = progress if progress is not None else (len(misses) > 200 and sys.stderr.isatty())
    bar = None
    if show and misses:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(misses), desc=f"embedding ({embedder.backend})", unit="text",
                   file=sys.stderr)
    try:
        for chunk in _chunks(misses, max(1, chunk_size)):
            vecs = np.asarray(embedder.encode(chunk, prefix=prefix), dtype=np.float32)
            store.put_many(embedder.model_id, prefix, chunk, vecs)
            found.update(zip(chunk, vecs))
            if bar is not None:
                bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()

    if not texts:
        return np.empty((0, embedder.dim), dtype=np.float32)
    return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)


class CachedEmbedder:
    """An embedder whose every ``encode`` goes through the embedding cache.

    The pipeline hands this to the goal mapper and the challenge detector too, so goal texts
    and prototypes are embedded once per machine, not once per run. Attributes mirror the
    wrapped embedder (``model_id``, ``dim``, ``backend``, ``prefix``, ``cacheable``).

    >>> from nlp_varmland.embeddings import get_embedder
    >>> cached = CachedEmbedder(get_embedder("e5"), cache=False)
    >>> cached.model_id == get_embedder("e5").model_id
    True
    """

    def __init__(self, embedder: Embedder, cache: EmbeddingCache | bool | None = None,
                 progress: bool | None = None):
        self.embedder = embedder
        self.cache = cache
        self.progress = progress

    def __getattr__(self, name: str) -> Any:
        if name == "embedder":  # not set yet (e.g. during unpickling)
            raise AttributeError(name)
        return getattr(self.embedder, name)

    def __repr__(self) -> str:
        return f"CachedEmbedder({self.embedder!r})"

    def encode(self, texts: Sequence[str], *, prefix: str | None = None,
               progress: bool | None = None) -> np.ndarray:
        """``embed(texts, ...)`` through the cache (a progress bar only where asked for)."""
        return embed(texts, self.embedder, prefix=prefix, cache=self.cache,
                     progress=self.progress if progress is None else progress)

