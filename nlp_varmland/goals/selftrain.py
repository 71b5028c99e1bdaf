"""Self-training: the corpus teaches the "does any goal fit?" decision.

The calibrated z (``goals/background.py``) says how far a statement scores above ordinary text
for each goal. On its own it is a fixed cut (``min_z``) that cannot suit every goal file and kind
of text. So the corpus is *pseudo-labelled* with it:

- a statement whose best z is at least ``min_z + 0.5`` is an example of its best goal;
- a statement whose best z is below ``min_z - 0.5`` is an example of "none", and so is every
  bundled background sentence (not with a corpus-fitted embedder, where they have no place),
  together weighing at most as much as the corpus's own "none" statements;
- analyst-labelled examples (``GoalMapper.fit(examples=…)``; goal id ``""`` = "no goal") join as
  rows of weight ``EXAMPLE_WEIGHT`` and replace the pseudo-label of the same statement;
- every goal's name + description (and its examples in the goal file) is a row of its goal, so
  every goal is a class even when no statement is confidently on it.

A multinomial logistic regression on the vectors then scores every statement. The decision score
of statement i for goal j is

    d_ij = 0.75 * (min_z + ln(p_ij / p_i,none)) + 0.25 * z_ij

i.e. mostly "``min_z`` plus the log-odds of goal j against no goal" (``>= min_z`` when the
classifier finds goal j at least as likely as "none"), with a quarter of the goal file's own z
(``Z_WEIGHT``), which alone sees the keywords and excludes. The mapper's rule (best goal when its
score clears ``min_z``) is unchanged. The margin band (±0.5 around ``min_z``) leaves the uncertain
statements to the classifier; the regularisation is scikit-learn's default (``C = 1``) and the
classes are balanced: nothing is fitted to one goal file. Measured (``python -m benchmarks.goals
--fast``): the classifier alone (``Z_WEIGHT = 0``) rescues more on-topic statements on
names-and-descriptions files, a quarter of z keeps what a goal file with many examples and
keywords knows (workshop notes); iterating (re-labelling with the classifier) lost off-topic
rejection (SuperLim 0.72 -> 0.56).

Too few pseudo-labels (fewer than ``MIN_POSITIVES`` statements on a goal or fewer than
``MIN_NEGATIVES`` off every goal, counting labelled examples) and :func:`self_train` returns
``None``: the mapper keeps the z decision (a tiny corpus, one theme centroid).

>>> rng = np.random.default_rng(0)
>>> X = np.repeat(np.eye(8)[:3], [15, 15, 10], axis=0) + 0.1 * rng.normal(size=(40, 8))
>>> Z = np.zeros((40, 2)); Z[:15, 0] = 4.0; Z[15:30, 1] = 4.0    # 3 clusters: goal 0, goal 1, none
>>> D = self_train(X, Z, X[:0], min_z=2.5)
>>> D.shape, bool((D[:15].argmax(axis=1) == 0).all()), bool((D[30:].max(axis=1) < 2.5).all())
((40, 2), True, True)
>>> self_train(X[:5], Z[:5], X[:0], min_z=2.5) is None
True
"""
from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["self_train", "BAND", "MIN_POSITIVES", "MIN_NEGATIVES", "EXAMPLE_WEIGHT", "Z_WEIGHT"]

#: Pseudo-labels only outside ``min_z ± BAND`` (in background spreads): the uncertain band is
#: what the classifier decides.
BAND = 0.5
#: At least this many statements confidently on some goal, and this many confidently off every
#: goal (labelled examples count), or no classifier (the z decision stays).
MIN_POSITIVES = 10
MIN_NEGATIVES = 10
#: An analyst's label weighs this many (class-balanced) rows of its own class. (Measured: rows of
#: the *rarest* class let a few "no goal" judgements outweigh the corpus's whole "none" class;
#: workshop notes lost up to 0.08 with 10-40 % judged.)
EXAMPLE_WEIGHT = 3.0
#: The decision score is this share of the calibrated z plus the rest of the classifier's score.
Z_WEIGHT = 0.25
#: Floor of the classifier's probabilities (no infinite log-odds).
_EPS = 1e-9


def self_train(X: np.ndarray, Z: np.ndarray, background: np.ndarray, *, min_z: float,
               goal_vectors: np.ndarray | None = None, goal_rows: np.ndarray | None = None,
               examples: tuple[np.ndarray, np.ndarray] | None = None, C: float = 1.0,
               band: float = BAND, z_weight: float = Z_WEIGHT) -> np.ndarray | None:
    """Decision scores (n, G), ``(1 - z_weight) * (min_z + ln(p_goal / p_none)) + z_weight * Z``,
    from a classifier trained on the
    pseudo-labelled ``X`` (calibrated scores ``Z``, (n, G)), the ``background`` vectors ("none"),
    ``goal_vectors`` labelled ``goal_rows`` (goal indices) and analyst ``examples``
    ``(vectors, goal index or -1 for "none")``; ``None`` when there are too few labels.
    """
    n, G = Z.shape
    if n == 0 or G == 0:
        return None
    best, top = Z.argmax(axis=1), Z.max(axis=1)
    y = np.full(n, -2)                      # -2: no pseudo-label
    y[top >= min_z + band] = best[top >= min_z + band]
    y[top < min_z - band] = -1
    ex_X = np.zeros((0, X.shape[1]), dtype=np.float32)
    ex_y = np.zeros(0, dtype=int)
    if examples is not None and len(examples[0]):
        ex_X, ex_y = np.asarray(examples[0], dtype=np.float32), np.asarray(examples[1], dtype=int)
        # a labelled statement replaces its own pseudo-label (and gets its label, below)
        sims = _unit(X) @ _unit(ex_X).T
        same = sims.max(axis=1) > 0.9999
        judged = ex_y[sims.argmax(axis=1)]
        y[same] = -2
    n_pos = int((y >= 0).sum() + (ex_y >= 0).sum())
    n_neg = int((y == -1).sum() + (ex_y == -1).sum())
    if n_pos < MIN_POSITIVES or n_neg < MIN_NEGATIVES:
        return None
    rows = [X[y > -2], background, ex_X]
    labels = [y[y > -2], np.full(len(background), -1), ex_y]
    # a negative weight: an analyst's label (see _fit_predict)
    # the background weighs at most as much as the corpus's own negatives: on a small corpus it
    # would otherwise teach "no goal = background style" and the corpus's off-topic text gets goals
    bw = min(1.0, int((y == -1).sum()) / len(background)) if len(background) else 1.0
    weights = [np.ones(int((y > -2).sum())), np.full(len(background), bw), np.full(len(ex_y), -EXAMPLE_WEIGHT)]
    if goal_vectors is not None and len(goal_vectors):
        rows.append(goal_vectors)
        labels.append(np.asarray(goal_rows, dtype=int))
        weights.append(np.ones(len(goal_vectors)))
    Xtr = np.vstack(rows).astype(np.float64)
    ytr = np.concatenate(labels).astype(int)
    wtr = np.concatenate(weights)
    if len(set(ytr.tolist())) < 2 or -1 not in ytr:
        return None
    P, classes = _fit_predict(Xtr, ytr, wtr, X, C)
    PG = np.zeros((n, G))
    for k, c in enumerate(classes):
        if c >= 0:
            PG[:, c] = P[:, k]
    none = np.log(np.clip(P[:, classes.index(-1)], _EPS, 1.0))
    logp = np.log(np.clip(PG, _EPS, None))
    # a share of the goal file's own calibrated z: the keywords and excludes live only there
    D = (1 - z_weight) * (min_z + logp - none[:, None]) + z_weight * Z
    if examples is not None and len(ex_y) and same.any():  # the analyst's label wins on the statement itself
        for i in np.flatnonzero(same):
            if judged[i] < 0:
                D[i] = np.minimum(D[i], min_z - 1.0)
            else:
                D[i, judged[i]] = max(float(D[i].max()) + 1.0, min_z + 1.0)
    return D


def _fit_predict(Xtr: np.ndarray, ytr: np.ndarray, wtr: np.ndarray, X: np.ndarray,
                 C: float) -> tuple[np.ndarray, list[int]]:
    from sklearn.linear_model import LogisticRegression

    # balanced classes by weight (a goal with few statements counts as much as "none"), then the weights
    classes = np.unique(ytr)
    size = np.where(wtr < 0, 1.0, wtr)           # a labelled row counts once in its class's size
    mass = np.array([size[ytr == c].sum() for c in classes])
    balance = dict(zip(classes.tolist(), (size.sum() / (len(classes) * mass)).tolist()))
    sw = np.array([balance[c] for c in ytr.tolist()])
    # a negative weight w (an analyst's label) weighs |w| balanced rows of its own class
    sw = np.where(wtr < 0, -wtr * sw, sw * wtr)
    clf: Any = LogisticRegression(C=C, max_iter=3000, solver="lbfgs", random_state=0)
    clf.fit(Xtr, ytr, sample_weight=sw)
    return clf.predict_proba(np.asarray(X, dtype=np.float64)), [int(c) for c in clf.classes_]


def _unit(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    return X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
