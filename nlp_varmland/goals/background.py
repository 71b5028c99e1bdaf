"""Calibration of "does any goal fit?" against a background of off-topic text.

The raw score of a text for a goal (embedding similarity plus keyword evidence) has no fixed
scale: it depends on the embedder, the goal file's wording and the kind of text. So each goal's
raw scores are put on a common scale by comparing them with the scores of *background* text for
the same goal: a bundled set of generic Swedish sentences on many subjects
(``data/goal_background_sv.txt``). For goal j,

    z = (raw - median_j) / spread_j

where median_j and spread_j (1.4826 x the median absolute deviation) are robust statistics of the
background sentences' raw scores for goal j. Robust, because a few background sentences may be
on the goal's subject; they do not move a median. ``z`` is "how many background spreads above
ordinary text" a statement scores: a calibrated decision that does not depend on one goal file.

The corpus sharpens it (:func:`refine`): statements that clearly fit a goal (z >= ``min_z``) give
that goal a prototype in the corpus's own style (their mean vector); similarity to it is
z-scored against the background in the same way, and the two z's are averaged.

>>> bank = background_sentences()
>>> len(bank) > 80 and all(s.strip() for s in bank)
True
>>> robust_z(np.array([[1.0], [3.0]]), np.array([[0.0], [1.0], [2.0]])).ravel().round(2).tolist()
[0.0, 1.35]
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np

__all__ = ["BACKGROUND_FILE", "background_sentences", "robust_stats", "robust_z", "refine"]

BACKGROUND_FILE = Path(__file__).resolve().parents[1] / "data" / "goal_background_sv.txt"


@cache
def _read(path: str) -> tuple[str, ...]:
    with open(path, encoding="utf-8") as fh:
        return tuple(s.strip() for s in fh if s.strip() and not s.lstrip().startswith("#"))


def background_sentences() -> list[str]:
    """The bundled generic Swedish sentences (one a line in ``data/goal_background_sv.txt``)."""
    return list(_read(str(BACKGROUND_FILE)))


def robust_stats(ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per column: the median and the spread (1.4826 x MAD, at least 1e-6) of ``ref`` (n, G)."""
    med = np.median(ref, axis=0)
    spread = 1.4826 * np.median(np.abs(ref - med), axis=0)
    return med, np.maximum(spread, 1e-6)


def robust_z(S: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """``S`` (n, G) in background spreads above the background median of each column."""
    med, spread = robust_stats(ref)
    return (S - med) / spread


def refine(X: np.ndarray, Z: np.ndarray, X_background: np.ndarray, *, min_z: float,
           min_members: int = 3, floor: float = 0.0) -> np.ndarray:
    """Z-scores against corpus prototypes: per goal, the mean vector of the statements whose best
    goal it is with ``Z >= min_z`` (at least ``min_members`` of them), scored against the
    background like the goal texts are. Goals without a prototype keep their ``Z``; the result
    is the average of the two z's. The spread is at least ``floor`` x the reference's standard
    deviation (a corpus-fitted space, where most similarities are ~0 and so is the MAD).

    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(6, 4)); X /= np.linalg.norm(X, axis=1, keepdims=True)
    >>> Z = np.zeros((6, 2)); Z[:3, 0] = 5
    >>> refine(X, Z, X[3:], min_z=2.0).shape
    (6, 2)
    """
    n, G = Z.shape
    if n == 0:
        return Z
    best, top = Z.argmax(axis=1), Z.max(axis=1)
    out = Z.copy()
    for j in range(G):
        sel = (best == j) & (top >= min_z)
        if int(sel.sum()) < min_members:
            continue
        p = X[sel].mean(axis=0)
        p = p / max(float(np.linalg.norm(p)), 1e-12)
        ref = X_background @ p
        med, spread = robust_stats(ref[:, None])
        z2 = (X @ p - med[0]) / max(float(spread[0]), floor * float(ref.std()))
        out[:, j] = 0.5 * Z[:, j] + 0.5 * z2
    return out
