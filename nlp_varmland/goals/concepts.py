"""Concept views for the goal mapper: which goal a statement is *about*.

The themes are found on concept views (``nlp_varmland.embeddings.concepts``): a statement's
vector blended with the idf-weighted mean of its content lemmas' vectors, so that what a note is
about outweighs how it is said. The goal mapper uses them to *rank* the goals: every text it
compares -- the statements, the sentences of a longer statement, each goal's name + description
and examples, analysts' examples and the background sentences -- gets its concept view, with the
idf of the run's statements (a word no statement uses weighs as much as the rarest one), and the
mapper scores the batch in that space as it does on whole texts.

Whether *any* goal fits stays with the whole text. Concept views put more statements on some
goal, also off-topic ones: SuperLim debate sentences whose topic the goal file leaves out got a
goal twice as often (``python -m benchmarks.goals --fast``, 2026-12-01). So the mapper combines
the two score matrices per statement (:func:`combine`): the goals are ranked by the mean of both
views, and the best goal's score is the whole text's best score. A statement without a goal on
whole text keeps none, and every goal-less statement stays goal-less.

>>> import numpy as np
>>> combine(np.array([[3.0, 2.9, 0.0]]), np.array([[1.0, 2.0, 0.0]])).round(2).tolist()
[[2.55, 3.0, 0.55]]
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["RunIdf", "combine", "concepts_apply"]


def concepts_apply(embedder: Any) -> bool:
    """Do concept views mean anything for ``embedder``? Not for a corpus-fitted one (tf-idf:
    the vector of a word alone is not a word's meaning)."""
    from nlp_varmland.embeddings.concepts import _NOT_WORDS

    return getattr(embedder, "backend", "") not in _NOT_WORDS and getattr(embedder, "cacheable", True)


def combine(S_text: np.ndarray, S_concept: np.ndarray) -> np.ndarray:
    """Decision scores ranked by the mean of both views, shifted per row so that the best equals
    the whole text's best (``S_text``): the rank comes from both, "does any goal fit" from the
    whole text alone."""
    S_text = np.asarray(S_text, dtype=np.float64)
    if not S_text.size:
        return S_text
    A = 0.5 * (S_text + np.asarray(S_concept, dtype=np.float64))
    return A + (S_text.max(axis=1) - A.max(axis=1))[:, None]


class RunIdf:
    """The idf of the run's statements (``docs``: space-separated content lemmas; place names
    left out), and concept views of any texts under it.

    >>> idf = RunIdf(["fiber bygd", "fiber"])
    >>> round(idf.weight("fiber"), 3), round(idf.weight("bygd"), 3), round(idf.weight("buss"), 3)
    (1.0, 1.405, 2.099)
    """

    def __init__(self, docs: Sequence[str]) -> None:
        from nlp_varmland.embeddings.concepts import not_concepts

        self.skip = not_concepts()
        df: dict[str, int] = {}
        for d in docs:
            for w in set(str(d).split()) - self.skip:
                df[w] = df.get(w, 0) + 1
        self.n = len(docs)
        self.df = df

    def weight(self, word: str) -> float:
        """Smoothed idf, as ``embeddings.concepts.word_weights``: ln((1 + n) / (1 + df)) + 1."""
        return float(np.log((1 + self.n) / (1 + self.df.get(word, 0))) + 1.0)

    def views(self, X: np.ndarray, docs: Sequence[str], word_vectors: Any) -> np.ndarray:
        """``unit(x + unit(sum idf(w) e(w) / sum idf(w)))`` per row (``docs`` aligned with the
        rows of ``X``; a row without content lemmas keeps its vector). ``word_vectors(words)``
        returns the words' vectors (through the embedding cache)."""
        from nlp_varmland.embeddings.concepts import blend, word_weights

        X = np.asarray(X, dtype=np.float32)
        kept = [" ".join(sorted(set(str(d).split()) - self.skip)) for d in docs]
        vocab, W = word_weights(kept, idf=self.weight)
        if not vocab or not len(X):
            return X.copy()
        return blend(X, np.asarray(W @ np.asarray(word_vectors(vocab), dtype=np.float64)))
