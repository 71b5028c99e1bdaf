"""Embedders (e5, sentence-transformers, tf-idf) and the SQLite embedding cache.

Every embedder follows the ``Embedder`` protocol: ``model_id``, ``dim``, ``backend``,
``prefix`` and ``encode(texts, *, prefix=None) -> float32 (n, dim)`` with L2-normalised rows
(``backends``). ``embed`` puts the cache in front of an embedder so that only unseen texts are
encoded (``cache``).

>>> from nlp_varmland.embeddings import get_embedder, embed
>>> vectors = embed(["Bussarna går för sällan"], get_embedder("e5"))
>>> vectors.shape
(1, 384)
"""
from __future__ import annotations

from nlp_varmland.embeddings.backends import (
    EMBEDDER_SPECS,
    PASSAGE,
    QUERY,
    E5Embedder,
    Embedder,
    SentenceTransformerEmbedder,
    TfidfEmbedder,
    get_embedder,
)
from nlp_varmland.embeddings.cache import CachedEmbedder, EmbeddingCache, default_cache_path, embed, text_hash

__all__ = [
    "Embedder",
    "E5Embedder",
    "SentenceTransformerEmbedder",
    "TfidfEmbedder",
    "get_embedder",
    "EmbeddingCache",
    "embed",
    "default_cache_path",
    "text_hash",
    "EMBEDDER_SPECS",
    "QUERY",
    "PASSAGE",
    "CachedEmbedder",
]
