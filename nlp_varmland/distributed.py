"""Embedding on a Dask cluster, for corpora too large for one machine's time budget.

Only the embedding is distributed (see docs/scaling.md): the driver deduplicates the texts,
reads the embedding cache, sends the misses to the workers in chunks, and writes each returned
block to the cache in its own transaction, so a killed job resumes where it stopped. Workers
build the embedder once per process. The vectors equal those of the single-process ``embed``.

>>> from dask.distributed import Client, LocalCluster                 # doctest: +SKIP
>>> with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:
...     X = embed_distributed(texts, "e5", client=client)              # doctest: +SKIP

A corpus-fitted embedder is refused before anything is sent to the cluster:

>>> embed_distributed(["Brist på bostäder"], "tfidf", client=None)
Traceback (most recent call last):
...
nlp_varmland.errors.EmbedderError: 'tfidf' is fitted on the whole corpus and cannot be split over workers; ...
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np

from nlp_varmland.embeddings import Embedder, EmbeddingCache, get_embedder
from nlp_varmland.errors import EmbedderError


@functools.lru_cache(maxsize=4)
def _worker_embedder(spec: str) -> Embedder:
    """One embedder per worker process and spec (the model loads once, not per chunk)."""
    return get_embedder(spec)


def _encode_chunk(spec: str, prefix: str | None, texts: list[str]) -> np.ndarray:
    return _worker_embedder(spec).encode(texts, prefix=prefix)


def embed_distributed(texts: Sequence[str], spec: str = "e5", *, client: Any,
                      cache: EmbeddingCache | bool | None = None, prefix: str | None = None,
                      chunk_size: int = 2000) -> np.ndarray:
    """Embed ``texts`` with the embedder ``spec`` on the workers of a Dask ``client``.

    ``cache``: None = the default embedding cache, False = none, or an ``EmbeddingCache``.
    Corpus-fitted embedders (tf-idf) cannot be split over workers and are refused (``EmbedderError``).
    """
    embedder = get_embedder(spec)
    if not getattr(embedder, "cacheable", True):
        raise EmbedderError(f"{spec!r} is fitted on the whole corpus and cannot be split over workers; "
                            "use an e5 or sentence-transformers embedder")
    from dask.distributed import as_completed

    prefix = embedder.prefix if prefix is None else prefix
    texts = [str(t) for t in texts]
    unique = list(dict.fromkeys(texts))
    store = None if cache is False else (cache if isinstance(cache, EmbeddingCache) else EmbeddingCache())
    found: dict[str, np.ndarray] = {}
    if store is not None:
        found = {t: v for t, v in zip(unique, store.get_many(embedder.model_id, prefix, unique)) if v is not None}
    misses = [t for t in unique if t not in found]
    chunks = [misses[i:i + chunk_size] for i in range(0, len(misses), chunk_size)]
    futures = {client.submit(_encode_chunk, spec, prefix, chunk, pure=False): chunk for chunk in chunks}
    for future in as_completed(futures):
        chunk = futures[future]
        block = np.asarray(future.result(), dtype=np.float32)
        if store is not None:
            store.put_many(embedder.model_id, prefix, chunk, block)
        found.update(zip(chunk, block))
    if not texts:
        return np.empty((0, embedder.dim), dtype=np.float32)
    return np.stack([found[t] for t in texts])
