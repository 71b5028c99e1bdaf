"""2-D coordinates for the report's theme map, and the numbers that say whether a map is honest.

``theme_layout`` (the default) is a theme-aware layout. Each theme is a disc whose area grows
with its size, one place per statement on a sunflower spiral, so no two dots sit on each other
however dense a theme is. The discs start where classical MDS of the theme centroids puts them
(themes that are alike sit near each other) and are pushed apart until a gap separates any two,
keeping their arrangement; a map too wide for its dots is pulled together the same way. Inside
its disc a statement keeps its own place relative to the others (the first two principal
components of its position in the theme). An outlier sits in an outer ring of the theme it is
most like. It is deterministic and needs numpy only; 4,000 statements take about a second.

``pca_layout`` is the plain baseline. ``measure`` gives trustworthiness (scikit-learn), the
share of statements whose nearest 2-D neighbour has the same theme, the share of distinct
positions and the share of statements inside another theme's disc. benchmarks/layout.py times
and measures the layouts at 200, 4,000 and 100k statements; benchmarks/themes.py compares them
with openTSNE/UMAP.

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

#: Empty space between two themes' discs on the map, in dot spacings.
THEME_GAP = 3.0
#: Sunflower spiral: the k-th place is SPIRAL * sqrt(k) from the centre (places >= 1 unit apart).
SPIRAL = 0.65
GOLDEN_ANGLE = np.pi * (3 - np.sqrt(5))
#: A dot spacing is at least 1/MAP_UNITS of the map's width (drawn 760 wide, about ASPECT
#: times as wide as high): a layout wider than that is pulled together (:func:`_compact`).
#: 80 places across leave room for the report's largest dots (radius 4.5 of 760); a sparse map
#: of far-apart themes drew them at 3/4 of that size with 150 (tester set themes_blind7).
MAP_UNITS = 80.0
ASPECT = 1.4
#: Principal directions are fitted on at most this many (evenly spread) rows.
PCA_FIT_ROWS = 400


def _centre(X: np.ndarray, dtype: type = np.float64) -> np.ndarray:
    """Rows scaled to unit length, then the mean row subtracted."""
    X = np.asarray(X, dtype=dtype)
    X = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
    return X - X.mean(axis=0, dtype=np.float64).astype(dtype)


def _pca2(X: np.ndarray, fit_rows: int = PCA_FIT_ROWS) -> np.ndarray:
    """First two principal components, fixed signs (:func:`_axes`: beyond ``fit_rows`` rows the
    directions come from an evenly spread sample, so the cost stays linear in n)."""
    X = np.asarray(X, dtype=np.float64)
    if len(X) < 2:
        return np.zeros((len(X), 2))
    mean, comps = _axes(X, fit_rows)
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


def _axes(X: np.ndarray, fit_rows: int = PCA_FIT_ROWS) -> tuple[np.ndarray, np.ndarray]:
    """Mean and first two principal directions (unit columns) of the rows of ``X``: a few rounds
    of subspace iteration from a fixed start (deterministic, linear in the rows) instead of a
    full eigendecomposition, which took 8 of the 10 seconds of a 4,000-statement map."""
    mean = X.mean(axis=0)
    S = X[np.linspace(0, len(X) - 1, fit_rows).astype(int)] if len(X) > fit_rows else X
    Sc = S - mean
    V = np.random.default_rng(0).standard_normal((X.shape[1], min(8, X.shape[1])))
    for _ in range(6):
        V, _r = np.linalg.qr(Sc.T @ (Sc @ V))
    B = Sc @ V
    vals, W = np.linalg.eigh(B.T @ B)
    top = np.argsort(-vals)[:2]
    comps = V @ W[:, top]
    comps[:, vals[top] < 1e-12] = 0.0  # identical rows: no direction
    if comps.shape[1] < 2:
        comps = np.pad(comps, ((0, 0), (0, 2 - comps.shape[1])))
    return mean, comps


def _slots(n: int) -> np.ndarray:
    """``n`` places on a sunflower (Vogel) spiral, innermost first, no two closer than one unit.

    >>> P = _slots(50); d = np.sqrt(((P[:, None] - P[None]) ** 2).sum(-1)) + np.eye(50) * 9
    >>> bool(d.min() >= 0.99)
    True
    """
    i = np.arange(n)
    rho, angle = SPIRAL * np.sqrt(i + 0.5), i * GOLDEN_ANGLE
    return np.stack([rho * np.cos(angle), rho * np.sin(angle)], axis=1)


def _fill(offsets: np.ndarray, slots: np.ndarray) -> np.ndarray:
    """Give each row of ``offsets`` (its own 2-D position inside its theme) one of ``slots`` (as
    many), keeping the rows' order both ways: rows and slots are cut into the same number of
    equal strips from left to right, and inside a strip matched from bottom to top. So the dots
    sit one spacing apart while near statements stay near (a 2-D sort; matching by distance
    from the centre and angle kept fewer neighbours: trustworthiness 0.917 against 0.928 on a
    4,000-statement draw).

    >>> _fill(np.array([[5.0, 0], [-5, 0], [0, 1]]), np.array([[-1.0, 0], [0, 0], [1, 0]])).tolist()
    [[1.0, 0.0], [-1.0, 0.0], [0.0, 0.0]]
    """
    m = len(offsets)
    out = np.zeros((m, 2))
    if m == 0:
        return out
    strips = max(1, int(round(np.sqrt(m))))
    by_x_slots = np.argsort(slots[:, 0], kind="stable")
    by_x_rows = np.argsort(offsets[:, 0], kind="stable")
    for s_idx, rows in zip(np.array_split(by_x_slots, strips), np.array_split(by_x_rows, strips)):
        s_idx = s_idx[np.argsort(slots[s_idx, 1], kind="stable")]
        rows = rows[np.argsort(offsets[rows, 1], kind="stable")]
        out[rows] = slots[s_idx]
    return out


def _separate(P: np.ndarray, radii: np.ndarray, gap: float, max_rounds: int = 60) -> np.ndarray:
    """Move disc centres ``P`` apart until no two discs (plus ``gap``) overlap: each overlapping
    pair is pushed apart along the line between them, the smaller disc moving more (force-scan
    style), so the layout's arrangement and its order stay; if rounds of pushing do not settle,
    the whole map grows a little and pushing resumes."""
    Q = np.asarray(P, dtype=np.float64).copy()
    k = len(Q)
    if k < 2:
        return Q
    need = radii[:, None] + radii[None, :] + gap
    area = radii ** 2 + 1e-9
    share = area[None, :] / (area[:, None] + area[None, :])  # i moves by j's share of the pair's area
    ii, jj = np.triu_indices(k, 1)
    fixed = np.stack([np.cos(ii * 2.399963 + jj), np.sin(ii * 2.399963 + jj)], axis=1)
    for _ in range(max_rounds):
        for _ in range(50):
            diff = Q[jj] - Q[ii]
            d = np.sqrt((diff ** 2).sum(1))
            over = need[ii, jj] - d
            if over.max() <= 1e-6:
                return Q
            u = np.where(d[:, None] > 1e-9, diff / np.maximum(d, 1e-9)[:, None], fixed)
            push = np.maximum(over, 0)[:, None] * u * 0.5
            move = np.zeros_like(Q)
            np.add.at(move, ii, -push * share[ii, jj][:, None])
            np.add.at(move, jj, push * share[jj, ii][:, None])
            Q += move
        Q = Q.mean(0) + (Q - Q.mean(0)) * 1.05
    return Q


def _width(Q: np.ndarray, radii: np.ndarray) -> float:
    """Width of the smallest map box (ASPECT wide per unit high) that holds every disc."""
    span = (Q + radii[:, None]).max(0) - (Q - radii[:, None]).min(0)
    return float(max(span[0], span[1] * ASPECT))


def _compact(Q: np.ndarray, radii: np.ndarray, gap: float, max_width: float = MAP_UNITS) -> np.ndarray:
    """Pull a map wider than ``max_width`` together: shrink it towards its middle step by step,
    pushing overlapping discs apart again after each step, until it fits or stops shrinking. Near
    themes stay near and the arrangement stays; only the empty space between far themes goes."""
    width = _width(Q, radii)
    for _ in range(40):
        if width <= max_width:
            break
        mid = ((Q + radii[:, None]).max(0) + (Q - radii[:, None]).min(0)) / 2
        Q2 = _separate(mid + (Q - mid) * 0.85, radii, gap)
        width2 = _width(Q2, radii)
        if width2 > width * 0.99:
            break
        Q, width = Q2, width2
    return Q


def theme_layout(X: np.ndarray, labels: np.ndarray, *, gap: float = THEME_GAP) -> np.ndarray:
    """Theme-aware 2-D map: theme discs placed by MDS of the theme centroids, none overlapping,
    and every statement on its own place inside its theme's disc.

    A theme is a disc whose area grows with its size (one place per statement, one unit apart).
    The discs start where classical MDS of the centroids puts them, scaled so that a typical
    theme just clears its nearest neighbour, and are pushed apart until ``gap`` units of empty
    space separate any two (:func:`_separate`). Inside a disc, statements keep their own
    arrangement (the first two principal components of their position in the theme) on the
    sunflower of places (:func:`_slots`, :func:`_fill`). An outlier sits in an outer ring of the theme whose
    centroid is most like it, grey on the map and beside the statements it is closest to.
    """
    n = len(X)
    labels = np.asarray(labels, dtype=int)
    if n == 0:
        return np.zeros((0, 2))
    Z = _centre(X, np.float32)  # half the memory and time of float64 at 100k; positions are ranks
    ids = sorted(set(labels[labels >= 0].tolist()))
    home = labels.copy()
    if not ids:  # no themes: one disc of outliers
        ids, home = [0], np.zeros(n, dtype=int)
        C = Z.mean(axis=0, keepdims=True, dtype=np.float64)
    else:
        C = np.stack([Z[labels == c].mean(axis=0, dtype=np.float64) for c in ids])
        out = np.flatnonzero(labels < 0)
        if len(out):
            Cn = C / np.maximum(np.linalg.norm(C, axis=1, keepdims=True), 1e-12)
            home[out] = np.asarray(ids)[np.argmax(Z[out] @ Cn.T, axis=1)]
    sizes = np.array([(home == c).sum() for c in ids])
    radii = SPIRAL * np.sqrt(sizes) + 0.5
    P = _mds(C)
    if len(ids) > 1:
        D = np.sqrt(((P[:, None] - P[None]) ** 2).sum(-1)) + np.eye(len(P)) * 1e18
        nn = D.argmin(axis=1)
        # a typical theme just clears its nearest neighbour; the rest is pushing apart
        P = P * float(np.median((radii + radii[nn] + gap) / np.maximum(D.min(axis=1), 1e-9)))
        if not np.isfinite(P).all() or np.abs(P).max() > 1e12:  # identical centroids
            P = np.zeros_like(P)
    centres = _compact(_separate(P, radii, gap), radii, gap)
    from threadpoolctl import threadpool_limits  # scikit-learn's dependency

    xy = np.zeros((n, 2))
    # small products: one BLAS thread (on a busy machine the threads' waiting took 0.4 s a theme)
    with threadpool_limits(1, user_api="blas"):
        for j, c in enumerate(ids):
            rows = np.flatnonzero(home == c)
            members = rows[labels[rows] >= 0] if labels[rows].max() >= 0 else rows
            strays = np.setdiff1d(rows, members)
            mean, comps = _axes(Z[members])
            slots = _slots(len(rows))
            xy[members] = centres[j] + _fill((Z[members] - mean) @ comps, slots[:len(members)])
            if len(strays):
                xy[strays] = centres[j] + _fill((Z[strays] - mean) @ comps, slots[len(members):])
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


def interleaved(xy: np.ndarray, labels: np.ndarray) -> float:
    """Share of themed points that lie inside another theme's bounding disc (centred on the
    theme's mean position, out to its farthest point): 0 when every theme has its own place.

    >>> interleaved(np.array([[0, 0], [1, 0], [5, 0], [6, 0.]]), np.array([0, 0, 1, 1]))
    0.0
    >>> interleaved(np.array([[0, 0], [4, 0], [1, 0], [3, 0.]]), np.array([0, 0, 1, 1]))  # theme 1 sits inside theme 0
    0.5
    """
    labels = np.asarray(labels, dtype=int)
    P = np.asarray(xy, dtype=np.float64)[labels >= 0]
    lab = labels[labels >= 0]
    if len(P) == 0:
        return float("nan")
    inside = np.zeros(len(P), dtype=bool)
    for c in np.unique(lab):
        own = lab == c
        centre = P[own].mean(axis=0)
        d = np.sqrt(((P - centre) ** 2).sum(1))
        inside |= ~own & (d < d[own].max())
    return float(inside.mean())


def distinct_share(xy: np.ndarray, decimals: int = 1) -> float:
    """Share of points with a position of their own (after rounding to the drawn precision)."""
    if len(xy) == 0:
        return float("nan")
    keys = {(round(float(a), decimals), round(float(b), decimals)) for a, b in xy}
    return len(keys) / len(xy)


def measure(X: np.ndarray, xy: np.ndarray, labels: np.ndarray, *, n_neighbors: int = 10,
            max_points: int = 4000, seed: int = 0) -> dict[str, float]:
    """Trustworthiness (on a drawn sample), same-theme nearest-neighbour rate, distinct share and
    the share of themed points inside another theme's disc (:func:`interleaved`)."""
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
            "distinct": round(distinct_share(np.asarray(xy)[idx] / span * 760), 3),
            "in_other_disc": round(interleaved(np.asarray(xy)[idx], np.asarray(labels)[idx]), 3)}
