"""Concept views: a statement's vector blended with the vectors of the content words it uses.

A short note is embedded as a whole by e5, and the whole includes how it is said: "saknas",
"behöver", "det är svårt att", a bullet or a quote. Two notes about different things said the
same way then sit close, and grab-bag themes form. The *concept view* adds what the note is
about, word by word::

    v = unit(x + WEIGHT * unit(sum_w idf(w) * e(w) / sum_w idf(w)))

where ``x`` is the statement's vector, ``w`` runs over its content lemmas (stop words already
removed by preprocessing; place names, ``data/sv_places.txt``, left out: "i Torsby" says where,
not what, and notes that only share a place formed grab-bag themes), ``e(w)`` is the
embedding of the lemma alone (through the same embedder and cache, so each word is embedded
once per machine; the 30,000 most frequent Swedish lemmas come with the package,
``embeddings.words``, so a first run embeds only the rarer ~25 %) and ``idf`` is taken over
the statements of the run, so words many statements share ("kommun", "behov") weigh less
than the words that tell them apart ("fiber", "förlossning"). A statement without content lemmas keeps its vector.

Measured with ``benchmarks/themes.py`` (``ours``, Louvain seeds 0-2, meeting-sized draws of 10
per topic; see its docstring): the supervised ceiling of the vectors rises on every labelled
set (workshop notes 0.731 -> 0.738, blind sets 0.67-0.72 -> 0.76-0.77, SIB-200 0.58 -> 0.60,
SuperLim 0.840 -> 0.835) and so does the theme NMI, most at meeting size.

>>> import numpy as np
>>> class Toy:
...     backend = "toy"
...     def encode(self, texts):
...         return np.array([[1.0, 0.0] if t == "fiber" else [0.0, 1.0] for t in texts], dtype=np.float32)
>>> concept_vectors(np.array([[0.0, 1.0]], dtype=np.float32), ["fiber"], Toy()).astype(float).round(3).tolist()
[[0.707, 0.707]]
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = ["WEIGHT", "concept_vectors", "word_weights", "not_concepts", "blend"]

#: Weight of the words' mean against the statement's own vector (both unit length): equal.
WEIGHT = 1.0

#: Backends whose vector of a single word means nothing on its own (tf-idf + SVD).
_NOT_WORDS = frozenset({"tfidf"})


@lru_cache(maxsize=1)
def not_concepts() -> frozenset[str]:
    """Lemmas that never count as what a statement is about: place names (lower case).

    >>> "torsby" in not_concepts(), "buss" in not_concepts()
    (True, False)
    """
    from nlp_varmland.preprocessing.resources import wordset

    return frozenset(wordset("sv_places.txt", lower=True))


def word_weights(lemma_docs: Sequence[str], idf: Callable[[str], float] | None = None) -> tuple[list[str], Any]:
    """The vocabulary of ``lemma_docs`` (space-separated lemmas) and a sparse (n, vocab) matrix
    whose rows hold each statement's idf weights, summing to 1 (empty rows stay 0). ``idf``
    (word -> weight) defaults to the smoothed idf over ``lemma_docs`` themselves,
    ``ln((1 + n) / (1 + df)) + 1``; the goal mapper passes the idf of the run's statements.

    >>> vocab, W = word_weights(["fiber bygd", "fiber", ""])
    >>> vocab, W.toarray().round(2).tolist()
    (['bygd', 'fiber'], [[0.57, 0.43], [0.0, 1.0], [0.0, 0.0]])
    """
    from scipy import sparse

    docs = [sorted(set(d.split())) for d in lemma_docs]
    vocab = sorted({w for d in docs for w in d})
    index = {w: i for i, w in enumerate(vocab)}
    rows = [r for r, d in enumerate(docs) for _ in d]
    cols = [index[w] for d in docs for w in d]
    if idf is None:
        df = np.bincount(cols, minlength=len(vocab)).astype(np.float64)
        weights = np.log((1 + len(docs)) / (1 + df)) + 1.0
    else:
        weights = np.array([idf(w) for w in vocab], dtype=np.float64)
    W = sparse.csr_matrix((weights[cols], (rows, cols)), shape=(len(docs), len(vocab)))
    sums = np.asarray(W.sum(axis=1)).ravel()
    W = sparse.diags(np.where(sums > 0, 1.0 / np.maximum(sums, 1e-12), 0.0)) @ W
    return vocab, W.tocsr()


def blend(X: np.ndarray, M: np.ndarray, weight: float = WEIGHT) -> np.ndarray:
    """``unit(x + weight * unit(m))`` per row; a row whose ``m`` is 0 keeps its ``x``.

    >>> blend(np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[2.0, 0.0], [0.0, 0.0]])).round(3).tolist()
    [[0.707, 0.707], [1.0, 0.0]]
    """
    X, M = np.asarray(X), np.asarray(M)
    dtype = np.result_type(X.dtype, M.dtype)  # float32 stays float32
    norms = np.linalg.norm(M, axis=1, keepdims=True)
    has = norms[:, 0] > 0
    out = X.copy()
    mixed = X[has].astype(dtype) + weight * M[has] / norms[has]
    out[has] = mixed / np.maximum(np.linalg.norm(mixed, axis=1, keepdims=True), 1e-12)
    return out


def concept_vectors(vectors: np.ndarray, lemma_docs: Sequence[str], embedder: Any, *,
                    weight: float = WEIGHT, skip: Collection[str] | None = None) -> np.ndarray:
    """``vectors`` (one row per statement, unit length) blended with the idf-weighted mean of
    their content lemmas' embeddings (see the module docstring), leaving out the lemmas in
    ``skip`` (default :func:`not_concepts`). Returned unchanged when the embedder is not
    neural (tf-idf), the weight is 0 or no statement has a lemma."""
    X = np.asarray(vectors, dtype=np.float32)
    if weight <= 0 or not len(X) or getattr(embedder, "backend", "") in _NOT_WORDS:
        return X.copy()
    leave = not_concepts() if skip is None else frozenset(skip)
    vocab, W = word_weights([" ".join(w for w in d.split() if w not in leave) for d in lemma_docs])
    if not vocab:
        return X.copy()
    E = np.asarray(embedder.encode(vocab), dtype=np.float32)
    return blend(X, np.asarray(W @ E, dtype=np.float32), weight)
