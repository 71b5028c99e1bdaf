"""2-D coordinates for the report's theme map, and the numbers that say whether a map is honest.

``theme_layout`` (the default) is a theme-aware layout: theme centres are placed by classical
MDS of the theme centroids (so themes that are alike sit near each other), and every statement
sits at its theme's centre plus its own offset, the first two principal components of its
position inside the theme, scaled to the theme's spread. Outliers are placed by PCA of the whole
corpus, scaled to the map. It is linear in n, deterministic and needs numpy only.

``pca_layout`` is the plain baseline. ``measure`` gives trustworthiness (scikit-learn), the
share of statements whose nearest 2-D neighbour has the same theme, and the share of distinct
positions. benchmarks/themes.py compares these with openTSNE/UMAP.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> X = np.vstack([rng.normal(c, 1, (30, 8)) for c in (0, 6, 12)]).astype(np.float32)
>>> labels = np.repeat([0, 1, 2], 30)
>>> xy = theme_layout(X, labels)
>>> xy.shape, round(same_theme_neighbour_rate(xy, labels), 2)
((90, 2), 1.0)
"""
from __future__ import annotations

import numpy as np

#: Radius of a theme on the map relative to the distance between theme centres.
THEME_RADIUS = 0.35
#: Principal directions are fitted on at most this many (evenly spread) rows.
PCA_FIT_ROWS = 400


def _centre(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    X = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    return X - X.mean(axis=0)


def _pca2(X: np.ndarray, fit_rows: int = PCA_FIT_ROWS) -> np.ndarray:
    """First two principal components, fixed signs. Beyond ``fit_rows`` rows the directions are
    found on an evenly spread sample of that many rows (an n x n Gram matrix, cheap) and every
    row is projected on them, so the cost stays linear in n."""
    X = np.asarray(X, dtype=np.float64)
    if len(X) < 2:
        return np.zeros((len(X), 2))
    mean = X.mean(axis=0)
    S = X[np.linspace(0, len(X) - 1, fit_rows).astype(int)] if len(X) > fit_rows else X
    Sc = S - mean
    vals, vecs = np.linalg.eigh(Sc @ Sc.T)
    top = np.argsort(-vals)[:2]
    comps = Sc.T @ (vecs[:, top] / np.sqrt(np.maximum(vals[top], 1e-12)))
    if comps.shape[1] < 2:
        comps = np.pad(comps, ((0, 0), (0, 2 - comps.shape[1])))
    Y = (X - mean) @ comps
    return Y * np.sign(Y[np.argmax(np.abs(Y), axis=0), range(2)] + 1e-300)


def pca_layout(X: np.ndarray, labels: np.ndarray | None = None) -> np.ndarray:
    """The plain PCA map of the (normalised, centred) embeddings."""
    return _pca2(_centre(X)) if len(X) else np.zeros((0, 2))


def _mds(C: np.ndarray) -> np.ndarray:
    """Classical MDS of the rows of ``C`` (cosine geometry) into 2-D."""
    k = len(C)
    if k == 1:
        return np.zeros((1, 2))
    D2 = ((C[:, None, :] - C[None, :, :]) ** 2).sum(-1)
    J = np.eye(k) - 1.0 / k
    B = -0.5 * J @ D2 @ J
    vals, vecs = np.linalg.eigh(B)
    order = np.argsort(-vals)[:2]
    Y = vecs[:, order] * np.sqrt(np.maximum(vals[order], 1e-12))
    if Y.shape[1] < 2:
        Y = np.pad(Y, ((0, 0), (0, 2 - Y.shape[1])))
    return Y * np.sign(Y[np.argmax(np.abs(Y), axis=0), range(2)] + 1e-300)


def theme_layout(X: np.ndarray, labels: np.ndarray, *, radius: float = THEME_RADIUS) -> np.ndarray:
    """Theme-aware 2-D map: MDS of theme centres plus each statement's within-theme PCA offset.

    Each theme gets a disc of ``radius`` times the distance to its nearest other theme centre
    (at most the median such distance), so themes never overlap. Offsets inside the discs share
    one scale, so the spread inside a disc is the statements' own spread.
    """
    n = len(X)
    labels = np.asarray(labels, dtype=int)
    if n == 0:
        return np.zeros((0, 2))
    Z = _centre(X)
    ids = sorted(set(labels[labels >= 0].tolist()))
    base = _pca2(Z)
    if len(ids) < 2:
        return base
    C = np.stack([Z[labels == c].mean(axis=0) for c in ids])
    P = _mds(C)
    scale = np.sqrt(((P - P.mean(0)) ** 2).sum(1).mean()) or 1.0
    P = P / scale
    D = np.sqrt(((P[:, None] - P[None]) ** 2).sum(-1)) + np.eye(len(P)) * 1e9
    nearest = D.min(axis=1)
    room = np.minimum(nearest, np.median(nearest)) * radius  # an isolated theme is not blown up
    offsets = {c: _pca2(Z[labels == c]) for c in ids}
    r90 = np.array([np.quantile(np.sqrt((offsets[c] ** 2).sum(1)), 0.9) if len(offsets[c]) > 1 else 0.0
                    for c in ids])
    ok = r90 > 0
    # One scale for every theme, so a loose theme looks loose and a tight one tight; a point
    # beyond its theme's disc is pulled onto the rim so that discs never overlap.
    scale = float(np.median(room[ok] / r90[ok])) if ok.any() else 1.0
    xy = np.zeros((n, 2))
    for j, c in enumerate(ids):
        off = offsets[c] * scale
        r = np.sqrt((off ** 2).sum(1, keepdims=True))
        off = np.where(r > room[j], off / np.maximum(r, 1e-12) * room[j], off)
        xy[labels == c] = P[j] + off
    out = labels < 0
    if out.any():
        b = base / (np.abs(base).max() or 1.0)
        xy[out] = b[out] * (np.abs(P).max() + room.max())
    return xy


def same_theme_neighbour_rate(xy: np.ndarray, labels: np.ndarray, *,
                              max_points: int = 4000) -> float:
    """Share of themed statements whose nearest other point on the map has the same theme."""
    labels = np.asarray(labels, dtype=int)
    idx = np.flatnonzero(labels >= 0)
    if len(idx) > max_points:
        idx = idx[np.linspace(0, len(idx) - 1, max_points).astype(int)]
    if len(idx) < 2:
        return float("nan")
    P = np.asarray(xy, dtype=np.float64)[idx]
    d = ((P[:, None, :] - P[None, :, :]) ** 2).sum(-1)
    d[np.arange(len(P)), np.arange(len(P))] = np.inf
    nn = d.argmin(axis=1)
    return float((labels[idx][nn] == labels[idx]).mean())


def distinct_share(xy: np.ndarray, decimals: int = 1) -> float:
    """Share of points with a position of their own (after rounding to the drawn precision)."""
    if len(xy) == 0:
        return float("nan")
    keys = {(round(float(a), decimals), round(float(b), decimals)) for a, b in xy}
    return len(keys) / len(xy)


def measure(X: np.ndarray, xy: np.ndarray, labels: np.ndarray, *, n_neighbors: int = 10,
            max_points: int = 4000, seed: int = 0) -> dict[str, float]:
    """Trustworthiness (on a drawn sample), same-theme nearest-neighbour rate, distinct share."""
    from sklearn.manifold import trustworthiness

    n = len(X)
    idx = np.arange(n)
    if n > max_points:
        idx = np.sort(np.random.default_rng(seed).choice(n, max_points, replace=False))
    Z = _centre(np.asarray(X)[idx])
    tw = trustworthiness(Z, np.asarray(xy)[idx], n_neighbors=min(n_neighbors, len(idx) // 2 - 1))
    span = float(np.ptp(np.asarray(xy)[idx], axis=0).max() or 1.0)
    return {"trustworthiness": round(float(tw), 3),
            "same_theme_nn": round(same_theme_neighbour_rate(np.asarray(xy)[idx], np.asarray(labels)[idx]), 3),
            "distinct": round(distinct_share(np.asarray(xy)[idx] / span * 760), 3)}
