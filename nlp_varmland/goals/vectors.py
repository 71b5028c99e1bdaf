"""Embedder glue for goals: the default embedder, and encoding through the embedding cache.

Goal descriptions and examples are embedded once per machine: they go through the same SQLite
cache as the statements (``nlp_varmland.embeddings.embed``).

>>> X = _encode(_default_embedder(), ["Bostäder: fler hyresrätter"], "query: ")   # doctest: +SKIP
>>> X.shape                                                                          # doctest: +SKIP
(1, 384)
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def _default_embedder() -> Any:
    from nlp_varmland.embeddings import get_embedder

    return get_embedder("e5")


def _encode(embedder: Any, texts: Sequence[str], prefix: str | None, cache: Any = None) -> np.ndarray:
    """``embed`` through the cache (``cache=None``: the default cache; ``False``: none)."""
    from nlp_varmland.embeddings import embed

    return embed(list(texts), embedder, prefix=prefix, cache=cache, progress=False)
