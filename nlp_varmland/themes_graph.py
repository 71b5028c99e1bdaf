"""The graph half of the theme model: centring, a kNN cosine graph, Louvain communities
(consensus of seeded runs), Ward merging and a per-theme coherence score. numpy/scipy only; scikit-learn only beyond
``SAMPLE_LIMIT`` statements (MiniBatchKMeans).

>>> from scipy import sparse
>>> A = sparse.csr_matrix(np.kron(np.eye(2), np.ones((3, 3))) - np.eye(6))
>>> lab = louvain(A)
>>> lab.tolist(), np.round(coherence(A, lab), 2).tolist()
([0, 0, 0, 1, 1, 1], [1.0, 1.0])
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

#: Above this many statements the graph is built on a sample and MiniBatchKMeans assigns the rest.
SAMPLE_LIMIT = 4000
#: Below this many statements themes are shown but flagged as tentative in ``params_["message"]``.
FEW_DOCS = 20
#: kNN graph degree. It sets how robust the graph is, not how many themes come out: with 20
#: neighbours crisp topics (SuperLim) stay whole at resolution 2 while loose workshop notes
#: split into specific themes; 5-7 neighbours fragmented short notes (see benchmarks/themes.py).
N_NEIGHBORS = 20
#: Louvain resolution at ``RESOLUTION_N0`` statements; it grows as (n / n0) ** RESOLUTION_EXP
#: because modularity's resolution limit otherwise merges themes as a meeting grows
#: (about 12 themes at 200 notes, 20-25 at 2,500 on the benchmark sets).
RESOLUTION = 2.0
RESOLUTION_N0 = 200
RESOLUTION_EXP = 0.25
#: Louvain runs per resolution whose most typical partition is kept (:func:`consensus_louvain`),
#: and the most statements x runs spent on them (fewer runs on larger graphs, where seeds
#: agree more and a run costs more).
CONSENSUS_RUNS = 10
CONSENSUS_BUDGET = 4000


def default_resolution(n: int) -> float:
    """Louvain resolution for ``n`` statements: 2 up to 200, then slowly rising.

    >>> default_resolution(100), default_resolution(200), round(default_resolution(3200), 2)
    (2.0, 2.0, 4.0)
    """
    return RESOLUTION * max(1.0, n / RESOLUTION_N0) ** RESOLUTION_EXP


def default_min_theme_size(n: int) -> int:
    """Smallest theme kept for ``n`` statements: max(3, sqrt(n)/2.5), i.e. 6 at 200, 22 at 3,000.

    >>> default_min_theme_size(30), default_min_theme_size(200), default_min_theme_size(3000)
    (3, 6, 22)
    """
    return int(max(3, round(np.sqrt(n) / 2.5)))


def silhouette(Z: np.ndarray, labels: np.ndarray, min_size: int = 1) -> float:
    """Mean cosine silhouette of unit rows ``Z`` over the groups of at least ``min_size`` rows.

    Rows labelled -1 or in smaller groups are left out; a row alone in its group scores 0 (as
    scikit-learn). Mean distances to a group come from its vector sum, so the cost is
    O(n k d) and no n x n matrix is built. Below 2 groups the score is -1 (nothing to compare).

    >>> Z = np.array([[1, 0], [0.99, 0.14], [0, 1], [0.14, 0.99]])
    >>> round(silhouette(Z, np.array([0, 0, 1, 1])), 2), silhouette(Z, np.array([0, 0, 0, 0]))
    (0.99, -1.0)
    """
    Z = np.asarray(Z, dtype=np.float64)
    labels = np.asarray(labels, dtype=int)
    sizes = np.bincount(labels[labels >= 0]) if (labels >= 0).any() else np.zeros(0, int)
    ok = (labels >= 0) & (sizes[np.maximum(labels, 0)] >= min_size) if len(sizes) else labels >= 0
    ids = np.unique(labels[ok])
    if len(ids) < 2:
        return -1.0
    code = np.searchsorted(ids, labels[ok])
    Zk = Z[ok]
    size = np.bincount(code).astype(float)
    from scipy import sparse

    onehot = sparse.csr_matrix((np.ones(len(code)), (code, np.arange(len(code)))), shape=(len(ids), len(code)))
    sums = np.asarray(onehot @ Zk)                           # (k, d): each group's vector sum
    dot = Zk @ sums.T                                        # (m, k): z_i . sum of group c
    rows = np.arange(len(Zk))
    own = size[code]
    a = np.where(own > 1, ((own - 1) - (dot[rows, code] - (Zk * Zk).sum(axis=1))) /
                 np.maximum(own - 1, 1), 0.0)                # mean 1 - cos to the others in it
    other = 1.0 - dot / size[None, :]
    other[rows, code] = np.inf
    b = other.min(axis=1)
    s = np.where(own > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(s.mean())


def _unit(A: np.ndarray) -> np.ndarray:
    A = np.asarray(A, dtype=np.float32)
    return A / np.maximum(np.linalg.norm(A, axis=1, keepdims=True), 1e-12)


def theme_centroids(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Unit-length mean of each theme's rows of ``vectors`` (themes 0..k-1; -1 = outlier; a
    theme without rows gets zeros).

    >>> theme_centroids(np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32), np.array([0, 0, -1]), 1).round(3)
    array([[0.707, 0.707]], dtype=float32)
    """
    X = np.asarray(vectors, dtype=np.float32)
    labels = np.asarray(labels)
    dim = X.shape[1] if X.ndim == 2 else 0
    if not k:
        return np.zeros((0, dim), dtype=np.float32)
    return _unit(np.stack([X[labels == c].mean(axis=0) if (labels == c).any() else np.zeros(dim, dtype=np.float32)
                           for c in range(k)]))


class Centerer:
    """Default reducer: subtract the corpus mean and L2-normalise.

    Sentence embeddings share a large common direction (all Swedish statements look alike to
    e5); removing it spreads cosine similarities so neighbours and floors mean something.

    >>> Z = Centerer().fit_transform(np.array([[1.0, 0.1], [1.0, -0.1]]))
    >>> np.round(Z, 3).tolist()
    [[0.0, 1.0], [0.0, -1.0]]
    """

    def fit(self, X: np.ndarray, y: Any = None) -> Centerer:
        self.mean_ = np.asarray(X, dtype=np.float32).mean(axis=0)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        return _unit(np.asarray(X, dtype=np.float32) - self.mean_)

    def fit_transform(self, X: np.ndarray, y: Any = None) -> np.ndarray:
        return self.fit(X).transform(X)


def knn_graph(Z: np.ndarray, n_neighbors: int = 15, block: int = 1024):
    """Symmetric sparse graph: each row linked to its ``n_neighbors`` most cosine-similar rows.

    Edge weight = max(cosine, 0) + 0.01 so that weak links still count; built block-wise so
    memory stays O(n * block).
    """
    from scipy import sparse

    n = len(Z)
    k = int(min(n_neighbors, n - 1))
    rows, cols, vals = [], [], []
    for s in range(0, n, block):
        S = Z[s : s + block] @ Z.T
        S[np.arange(len(S)), np.arange(s, s + len(S))] = -np.inf
        idx = np.argpartition(-S, k - 1, axis=1)[:, :k]
        rows.append(np.repeat(np.arange(s, s + len(S)), k))
        cols.append(idx.ravel())
        vals.append(np.take_along_axis(S, idx, axis=1).ravel())
    w = np.maximum(np.concatenate(vals), 0.0) + 0.01
    W = sparse.csr_matrix((w, (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    return W.maximum(W.T).tocsr()


def louvain(W, resolution: float = 1.0, seed: int = 0, max_levels: int = 10) -> np.ndarray:
    """Louvain modularity communities of a weighted undirected graph (scipy CSR), deterministic.

    >>> from scipy import sparse
    >>> A = sparse.csr_matrix(np.kron(np.eye(2), np.ones((3, 3))) - np.eye(6))
    >>> louvain(A).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    from scipy import sparse

    rng = np.random.default_rng(seed)
    n0 = W.shape[0]
    member = np.arange(n0)
    m2 = float(W.sum())
    if m2 <= 0:
        return member
    for _ in range(max_levels):
        n = W.shape[0]
        # plain Python lists in the node loop: numpy scalar access there was 2.5x slower
        deg = np.asarray(W.sum(axis=1)).ravel().tolist()
        comm = list(range(n))
        tot = list(deg)
        indptr, indices, data = W.indptr.tolist(), W.indices.tolist(), W.data.tolist()
        nbrs = [[(j, w) for j, w in zip(indices[indptr[i]:indptr[i + 1]],
                                         data[indptr[i]:indptr[i + 1]]) if j != i]
                for i in range(n)]
        moved_any, improved = False, True
        while improved:
            improved = False
            for i in rng.permutation(n).tolist():
                ci = comm[i]
                links: dict[int, float] = {}
                for j, w in nbrs[i]:
                    c = comm[j]
                    links[c] = links.get(c, 0.0) + w
                di = deg[i]
                tot[ci] -= di
                scale = resolution * di / m2
                best, best_gain = ci, links.get(ci, 0.0) - scale * tot[ci]
                for c in sorted(links):
                    gain = links[c] - scale * tot[c]
                    if gain > best_gain + 1e-12:
                        best, best_gain = c, gain
                tot[best] += di
                if best != ci:
                    comm[i] = best
                    improved = moved_any = True
        _, comm_a = np.unique(np.asarray(comm), return_inverse=True)
        member = comm_a[member]
        if not moved_any:
            break
        P = sparse.csr_matrix((np.ones(n), (np.arange(n), comm_a)), shape=(n, comm_a.max() + 1))
        W = (P.T @ W @ P).tocsr()
    return member


def consensus_louvain(W, resolution: float = 1.0, seed: int = 0,
                      runs: int = CONSENSUS_RUNS) -> np.ndarray:
    """The most typical of ``runs`` Louvain partitions (Best-of-K consensus, Goder & Filkov 2008).

    Louvain's result depends on the order it visits nodes: on ~100-200 workshop notes two seeds
    can split or merge a pair of topics differently. Each run (seeds ``seed``, ``seed + 7919``,
    ...) says for every edge of ``W`` whether its ends share a community; the share of runs
    that do is the consensus (Lancichinetti & Fortunato 2012), and the run closest to it
    (fewest edges on which it disagrees with the majority share, L1) is returned. It is a real
    Louvain partition, sparse (edges only) and deterministic for a given ``seed``; ``runs=1``
    is plain :func:`louvain`. benchmarks/themes.py, 1 -> 10 runs: workshop notes NMI over 6
    seeds 0.684 -> 0.694 (min 0.669 -> 0.683; seed-to-seed NMI 0.94 -> 0.98), 40 meeting-sized
    draws 0.703 -> 0.708; SIB-200 0.496 -> 0.495, SuperLim 0.840 -> 0.841 (4 runs at ~1,000).
    Through the pipeline the workshop notes' seeds 0-2 went 0.695 / 0.710 / 0.709 -> 0.686 on
    each: the same mean as single runs over seeds 0-5, without the spread. Re-clustering the
    consensus graph until the runs agree (L&F's full scheme) gave the same NMI at 2-3x the cost.

    >>> from scipy import sparse
    >>> A = sparse.csr_matrix(np.kron(np.eye(2), np.ones((3, 3))) - np.eye(6))
    >>> consensus_louvain(A, seed=3).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    from scipy import sparse

    parts = [louvain(W, resolution, int(seed) + i * 7919) for i in range(max(1, int(runs)))]
    if len(parts) == 1:
        return parts[0]
    coo = sparse.triu(W, k=1).tocoo()
    same = np.array([p[coo.row] == p[coo.col] for p in parts], dtype=np.float32)
    off = np.abs(same - same.mean(axis=0)).sum(axis=1)
    return parts[int(np.argmin(off))]


def consensus_runs(n: int) -> int:
    """Louvain runs for :func:`consensus_louvain` on ``n`` statements: ``CONSENSUS_RUNS``, fewer
    past ``CONSENSUS_BUDGET / CONSENSUS_RUNS`` statements so the runs cost at most about
    ``CONSENSUS_BUDGET`` node visits (one run at 4,000: the theme time does not grow there).

    >>> consensus_runs(200), consensus_runs(1000), consensus_runs(4000)
    (10, 4, 1)
    """
    return int(min(CONSENSUS_RUNS, max(1, CONSENSUS_BUDGET // max(int(n), 1))))


def ward_merge(Z: np.ndarray, labels: np.ndarray, n_target: int) -> np.ndarray:
    """Merge clusters pairwise by least Ward cost until ``n_target`` remain (labels -1 untouched).

    >>> Z = np.array([[0, 0], [0, .1], [5, 5], [5, 5.1], [9, 0]], dtype=float)
    >>> ward_merge(Z, np.array([0, 1, 2, 3, 4]), 3).tolist()
    [0, 0, 1, 1, 2]
    """
    labels = np.asarray(labels).copy()
    ids = [c for c in np.unique(labels) if c >= 0]
    cent = {c: Z[labels == c].mean(axis=0) for c in ids}
    size = {c: int((labels == c).sum()) for c in ids}
    while len(cent) > max(n_target, 1):
        keys = sorted(cent)
        C = np.stack([cent[c] for c in keys])
        s = np.array([size[c] for c in keys], dtype=float)
        D = ((C[:, None, :] - C[None, :, :]) ** 2).sum(-1) * (s[:, None] * s[None, :]) / (
            s[:, None] + s[None, :]
        )
        D[np.diag_indices(len(keys))] = np.inf
        a, b = divmod(int(np.argmin(D)), len(keys))
        ca, cb = keys[a], keys[b]
        cent[ca] = (cent[ca] * size[ca] + cent[cb] * size[cb]) / (size[ca] + size[cb])
        size[ca] += size.pop(cb)
        del cent[cb]
        labels[labels == cb] = ca
    _, inv = np.unique(labels[labels >= 0], return_inverse=True)
    labels[labels >= 0] = inv
    return labels


class GraphClusterer:
    """Default clusterer: Louvain communities on a kNN cosine graph; k is found, not given.

    Beyond ``sample_limit`` rows, communities are found on a seeded sample and MiniBatchKMeans
    (initialised at their centroids) assigns and refines all rows, so cost is O(s^2 d + n k d).

    ``resolutions``: candidate resolutions; with more than one, Louvain runs at each and the
    partition with the highest cosine :func:`silhouette` (over communities of at least
    ``min_size``) is kept, first candidate on a tie; ``resolution`` becomes the chosen one and
    ``resolution_scores_`` holds every candidate's score. None = ``resolution`` only.
    Each Louvain is :func:`consensus_louvain` over ``consensus_runs`` seeded runs (None =
    :func:`consensus_runs` of the graph's size; 1 = a single run); ``consensus_runs_`` holds it.

    >>> GraphClusterer(n_neighbors=20, random_state=0)                # doctest: +ELLIPSIS
    <nlp_varmland.themes_graph.GraphClusterer object at ...>
    """

    def __init__(self, n_neighbors: int = N_NEIGHBORS, resolution: float = RESOLUTION,
                 sample_limit: int = SAMPLE_LIMIT, random_state: int | None = 0,
                 resolutions: Sequence[float] | None = None, min_size: int = 1,
                 consensus_runs: int | None = None):
        self.consensus_runs = consensus_runs
        self.n_neighbors = n_neighbors
        self.resolution = resolution
        self.sample_limit = sample_limit
        self.random_state = random_state
        self.resolutions = resolutions
        self.min_size = min_size

    def _communities(self, Z: np.ndarray, W, seed: int) -> np.ndarray:
        """Louvain at ``resolution``, or the best of ``resolutions`` by silhouette. The
        candidates are scored on one run each; the consensus runs only at the chosen one."""
        cands = list(dict.fromkeys(float(r) for r in (self.resolutions or ())))
        if len(cands) < 2:
            self.resolution_scores_ = {}
            return self._louvain(W, cands[0] if cands else self.resolution, seed)
        best: tuple[float, float, np.ndarray] | None = None
        scores = {}
        for r in cands:
            lab = louvain(W, r, seed)
            scores[round(r, 3)] = round(score := silhouette(Z, lab, self.min_size), 4)
            if best is None or score > best[0]:
                best = (score, r, lab)
        assert best is not None
        self.resolution = best[1]
        self.resolution_scores_ = scores
        if self._runs(W) == 1:          # the scored run is the partition (4,000 statements)
            return best[2]
        return self._louvain(W, best[1], seed)

    def _runs(self, W) -> int:
        runs = consensus_runs(W.shape[0]) if self.consensus_runs is None else int(self.consensus_runs)
        self.consensus_runs_ = max(1, runs)
        return self.consensus_runs_

    def _louvain(self, W, resolution: float, seed: int) -> np.ndarray:
        return consensus_louvain(W, resolution, seed, runs=self._runs(W))

    def fit(self, Z: np.ndarray, y: Any = None) -> GraphClusterer:
        Z = _unit(Z)
        n = len(Z)
        seed = 0 if self.random_state is None else int(self.random_state)
        if n <= self.sample_limit:
            self.graph_ = knn_graph(Z, self.n_neighbors)
            self.graph_index_ = np.arange(n)
            self.labels_ = self._communities(Z, self.graph_, seed)
            self.method_ = "louvain-knn"
            return self
        from sklearn.cluster import MiniBatchKMeans

        rng = np.random.default_rng(seed)
        idx = np.sort(rng.choice(n, self.sample_limit, replace=False))
        self.graph_ = knn_graph(Z[idx], self.n_neighbors)
        self.graph_index_ = idx
        sub = self._communities(Z[idx], self.graph_, seed)
        init = np.stack([Z[idx][sub == c].mean(axis=0) for c in range(sub.max() + 1)])
        km = MiniBatchKMeans(n_clusters=len(init), init=init, n_init=1, batch_size=4096,
                             random_state=seed).fit(Z)
        self.labels_ = km.labels_.astype(int)
        self.method_ = f"louvain-knn on {self.sample_limit} sample + MiniBatchKMeans"
        return self

    def fit_predict(self, Z: np.ndarray, y: Any = None) -> np.ndarray:
        return self.fit(Z).labels_


def graph_vote(W, labels: np.ndarray) -> np.ndarray:
    """Each statement in a theme takes the theme its graph neighbours hold most link weight in.

    One round of label propagation: outliers (-1) keep -1 and cast no vote; a statement whose
    neighbours are all outliers keeps its theme; ties go to the lower theme id.

    >>> from scipy import sparse
    >>> W = sparse.csr_matrix(np.array([[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0.]]))
    >>> graph_vote(W, np.array([0, 0, 1, -1])).tolist()
    [0, 0, 0, -1]
    """
    from scipy import sparse

    labels = np.asarray(labels, dtype=int)
    k = int(labels.max(initial=-1) + 1)
    if k == 0:
        return labels.copy()
    kept = np.flatnonzero(labels >= 0)
    M = sparse.csr_matrix((np.ones(len(kept)), (kept, labels[kept])), shape=(len(labels), k))
    V = np.asarray((W @ M).todense())
    out = labels.copy()
    ok = (labels >= 0) & (V.max(axis=1) > 0)
    out[ok] = V[ok].argmax(axis=1)
    return out


def coherence(W, labels: np.ndarray, n_themes: int | None = None, *,
              relative: bool = True) -> np.ndarray:
    """Per theme, the share of its members' graph links that stay inside the theme.

    1.0 is a theme cut off from the rest; a Louvain community below about 1/3 is held together
    by its neighbours' links more than by its own: in the benchmark sets those were the
    mixtures ("program – system – produktion" in SuperLim: three debates in one theme).
    ``relative`` (default): measured against the most a theme of its size can keep inside, each
    member's ``size - 1`` heaviest links. A theme larger than a statement's neighbour count
    is unaffected; a small one is no longer judged incoherent only for being small (a member of
    a 10-statement theme with 20 neighbours keeps at most 9 inside: raw shares of 0.3-0.45 in
    a ~100-note meeting, where the 1/3 rule dissolved real themes). ``relative=False``: the raw
    share. Outliers (-1) get no score. Returns an array of length ``n_themes`` (default
    ``labels.max() + 1``), NaN for a theme with no node in the graph.

    >>> from scipy import sparse
    >>> W = sparse.csr_matrix(np.array([[0, 1, 1, 0], [1, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0.]]))
    >>> coherence(W, np.array([0, 0, 0, 1]), relative=False).round(2).tolist()
    [0.8, 0.0]
    >>> coherence(W, np.array([0, 0, 1, 1])).round(2).tolist()  # raw 0.5, but 1 link is all
    [1.0, 0.0]
    """
    labels = np.asarray(labels, dtype=int)
    k = int(labels.max(initial=-1) + 1) if n_themes is None else int(n_themes)
    W = W.tocsr()
    deg = np.asarray(W.sum(axis=1)).ravel()
    out = np.full(k, np.nan)
    coo = W.tocoo()
    same = (labels[coo.row] == labels[coo.col]) & (labels[coo.row] >= 0)
    inside = np.bincount(labels[coo.row[same]], weights=coo.data[same], minlength=k)
    kept = labels >= 0
    total = np.bincount(labels[kept], weights=deg[kept], minlength=k)
    if relative:
        total = np.bincount(labels[kept], weights=_link_capacity(W, labels, deg)[kept], minlength=k)
    ok = total > 0
    out[ok] = np.minimum(inside[ok] / total[ok], 1.0)
    return out


def _link_capacity(W, labels: np.ndarray, deg: np.ndarray) -> np.ndarray:
    """Per node, the weight of its ``size - 1`` heaviest links (its theme's size): the most it
    could keep inside its theme. The whole degree when it has no more links than that."""
    labels = np.asarray(labels, dtype=int)
    cap = deg.astype(float).copy()
    kept = labels >= 0
    if not kept.any():
        return cap
    room = np.bincount(labels[kept])[np.maximum(labels, 0)] - 1
    count = np.diff(W.indptr)
    for i in np.flatnonzero(kept & (count > room)):
        row = W.data[W.indptr[i]:W.indptr[i + 1]]
        cap[i] = float(np.sort(row)[::-1][:max(int(room[i]), 0)].sum())
    return cap


def canonical_order(docs: Sequence[str]) -> np.ndarray:
    """An order of ``docs`` that does not depend on the order they came in: by a hash of
    each text (spread like a shuffle, not alphabetical), equal texts in their given order.

    >>> canonical_order(["b", "a", "c"]).tolist() == [["b", "a", "c"].index(t) for t in
    ...     sorted(["b", "a", "c"], key=lambda t: hashlib.blake2b(t.encode(), digest_size=8).digest())]
    True
    >>> a, b = canonical_order(["x", "y", "z"]), canonical_order(["z", "x", "y"])
    >>> [["x", "y", "z"][i] for i in a] == [["z", "x", "y"][i] for i in b]
    True
    """
    keys = [hashlib.blake2b(d.encode("utf-8"), digest_size=8).digest() for d in docs]
    return np.array(sorted(range(len(docs)), key=lambda i: keys[i]), dtype=int)
