"""Themes from statement embeddings: BERTopic's pipeline with light, deterministic Swedish parts.

Pipeline (``engine="native"``, the default): embeddings -> reducer (mean-centring, which removes
the direction every e5 vector shares) -> clusterer (Louvain communities on a k-nearest-neighbour
graph; the number of themes comes from modularity, not from the user) -> optional merging to
``n_themes`` -> nearest-centroid clean-up with a similarity floor -> c-TF-IDF + MMR keywords
(``keywords.py``). ``engine="bertopic"`` runs the same parts inside a real ``bertopic.BERTopic``.

>>> import numpy as np
>>> from nlp_varmland.themes import ThemeModel
>>> docs = ["Bussen går sällan", "Ingen buss på kvällen", "Bostadsbrist i stan", "Inga lägenheter"]
>>> X = np.eye(4, 8, dtype=np.float32) + np.array([[1, 1, 0, 0, 0, 0, 0, 0]] * 2 + [[0, 0, 1, 1, 0, 0, 0, 0]] * 2)
>>> tm = ThemeModel(random_state=0).fit(docs, X)                     # doctest: +SKIP
>>> tm.themes_[["theme_id", "label", "size"]]                       # doctest: +SKIP
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from nlp_varmland.keywords import (LABEL_SEP, lemmatize, make_label, surface_forms, theme_keywords,
                                   weak_label_terms)
from nlp_varmland.schema import FITTED_THEMES

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


def _unit(A: np.ndarray) -> np.ndarray:
    A = np.asarray(A, dtype=np.float32)
    return A / np.maximum(np.linalg.norm(A, axis=1, keepdims=True), 1e-12)


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
        deg = np.asarray(W.sum(axis=1)).ravel()
        comm = np.arange(n)
        tot = deg.copy()
        indptr, indices, data = W.indptr, W.indices, W.data
        moved_any, improved = False, True
        while improved:
            improved = False
            for i in rng.permutation(n):
                ci = comm[i]
                nb = indices[indptr[i] : indptr[i + 1]]
                wt = data[indptr[i] : indptr[i + 1]]
                mask = nb != i
                links: dict[int, float] = {}
                for c, w in zip(comm[nb[mask]].tolist(), wt[mask].tolist()):
                    links[c] = links.get(c, 0.0) + w
                tot[ci] -= deg[i]
                scale = resolution * deg[i] / m2
                best, best_gain = ci, links.get(ci, 0.0) - scale * tot[ci]
                for c in sorted(links):
                    gain = links[c] - scale * tot[c]
                    if gain > best_gain + 1e-12:
                        best, best_gain = c, gain
                tot[best] += deg[i]
                if best != ci:
                    comm[i] = best
                    improved = moved_any = True
        _, comm = np.unique(comm, return_inverse=True)
        member = comm[member]
        if not moved_any:
            break
        P = sparse.csr_matrix((np.ones(n), (np.arange(n), comm)), shape=(n, comm.max() + 1))
        W = (P.T @ W @ P).tocsr()
    return member


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

    >>> GraphClusterer(n_neighbors=20, random_state=0)                # doctest: +ELLIPSIS
    <nlp_varmland.themes.GraphClusterer object at ...>
    """

    def __init__(self, n_neighbors: int = N_NEIGHBORS, resolution: float = RESOLUTION,
                 sample_limit: int = SAMPLE_LIMIT, random_state: int | None = 0):
        self.n_neighbors = n_neighbors
        self.resolution = resolution
        self.sample_limit = sample_limit
        self.random_state = random_state

    def fit(self, Z: np.ndarray, y: Any = None) -> GraphClusterer:
        Z = _unit(Z)
        n = len(Z)
        seed = 0 if self.random_state is None else int(self.random_state)
        if n <= self.sample_limit:
            self.labels_ = louvain(knn_graph(Z, self.n_neighbors), self.resolution, seed)
            self.method_ = "louvain-knn"
            return self
        from sklearn.cluster import MiniBatchKMeans

        rng = np.random.default_rng(seed)
        idx = np.sort(rng.choice(n, self.sample_limit, replace=False))
        sub = louvain(knn_graph(Z[idx], self.n_neighbors), self.resolution, seed)
        init = np.stack([Z[idx][sub == c].mean(axis=0) for c in range(sub.max() + 1)])
        km = MiniBatchKMeans(n_clusters=len(init), init=init, n_init=1, batch_size=4096,
                             random_state=seed).fit(Z)
        self.labels_ = km.labels_.astype(int)
        self.method_ = f"louvain-knn on {self.sample_limit} sample + MiniBatchKMeans"
        return self

    def fit_predict(self, Z: np.ndarray, y: Any = None) -> np.ndarray:
        return self.fit(Z).labels_


class ThemeModel:
    """Statements -> themes with Swedish keywords, labels and representative quotes.

    Parameters are stored as given and resolved in :meth:`fit` (scikit-learn convention).
    ``engine``: ``"auto"``/``"native"`` (no bertopic/umap/torch import) or ``"bertopic"`` (a real
    ``bertopic.BERTopic`` with the same parts, kept as ``bertopic_``). ``reducer``/``clusterer``:
    any objects with ``fit_transform`` / ``fit_predict`` (e.g. ``umap.UMAP``, ``hdbscan.HDBSCAN``);
    None = :class:`Centerer` / :class:`GraphClusterer`. ``n_themes``: merge to about N themes.
    ``min_theme_size``: None = :func:`default_min_theme_size`. ``outlier_floor``: cosine floor (in the reduced
    space) below which a statement is an outlier (-1); at most ``max_outlier_share`` are (the
    floor is lowered until that holds). ``random_state=None`` means 0: runs are reproducible.

    >>> from nlp_varmland.themes import ThemeModel
    >>> tm = ThemeModel(n_themes=8, random_state=0).fit(docs, X)         # doctest: +SKIP
    >>> tm.themes_.label.tolist()[:2]                                   # doctest: +SKIP
    ['kollektivtrafik – landsbygd – buss', 'bostadsbrist – hyresrätt']
    >>> tm.transform(X_new)                                            # doctest: +SKIP
    """

    def __init__(self, engine: str = "auto", reducer: Any = None, clusterer: Any = None,
                 n_themes: int | None = None, min_theme_size: int | None = None,
                 outlier_floor: float = 0.1, max_outlier_share: float = 0.10,
                 top_n_words: int = 10, random_state: int | None = 0):
        self.engine = engine
        self.reducer = reducer
        self.clusterer = clusterer
        self.n_themes = n_themes
        self.min_theme_size = min_theme_size
        self.outlier_floor = outlier_floor
        self.max_outlier_share = max_outlier_share
        self.top_n_words = top_n_words
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def fit(self, docs: Sequence[str], embeddings: np.ndarray,
            lemmas: Sequence[str] | None = None) -> ThemeModel:
        """Find themes in ``docs`` (texts) given their ``embeddings`` (n, dim); returns self."""
        from nlp_varmland.errors import InputError

        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        docs = ["" if d is None else str(d) for d in docs]
        n = len(docs)
        X = np.asarray(embeddings, dtype=np.float32)
        if X.ndim != 2 or X.shape[0] != n:
            raise InputError(f"embeddings must have shape ({n}, dim), got {X.shape}; "
                             "pass one embedding row per statement")
        if lemmas is not None and len(lemmas) != n:
            raise InputError(f"got {len(lemmas)} lemma strings for {n} statements")
        if self.engine not in ("auto", "native", "bertopic"):
            raise InputError(f"unknown theme engine {self.engine!r}; use auto, native or bertopic")
        if self.max_outlier_share is not None and not 0 <= self.max_outlier_share <= 1:
            raise InputError("max_outlier_share must be between 0 and 1")
        engine = "native" if self.engine == "auto" else self.engine
        seed = 0 if self.random_state is None else int(self.random_state)
        lemmas = lemmatize(docs) if lemmas is None else [str(s or "") for s in lemmas]
        timings["lemmas"] = time.perf_counter() - t0
        mts = int(self.min_theme_size or default_min_theme_size(n))
        messages: list[str] = []
        self.bertopic_ = None
        Xu = _unit(X)

        t = time.perf_counter()
        self.reducer_ = self.reducer if self.reducer is not None else Centerer()
        degenerate = n < 3 or float(np.ptp(Xu, axis=0).max(initial=0.0)) < 1e-6
        Z = Xu if degenerate else _unit(self.reducer_.fit_transform(Xu))
        timings["reduce"] = time.perf_counter() - t

        t = time.perf_counter()
        self.clusterer_ = None
        if degenerate:
            labels = np.zeros(n, dtype=int)
            messages.append("all statements are (nearly) identical or fewer than 3: one theme"
                            if n else "no statements: no themes")
        elif engine == "bertopic":
            labels = self._fit_bertopic(docs, lemmas, Xu, mts, seed)
        else:
            labels = self._cluster(Z, n, mts, seed)
        timings["cluster"] = time.perf_counter() - t
        if 0 < n < FEW_DOCS:
            messages.append(f"only {n} statements: themes are tentative (at least {FEW_DOCS} "
                            "give stable themes)")

        t = time.perf_counter()
        labels, floor_eff = self._assign(Z, labels, degenerate)
        timings["outliers"] = time.perf_counter() - t

        t = time.perf_counter()
        self._describe(docs, lemmas, Xu, Z, labels)
        timings["keywords"] = time.perf_counter() - t
        timings["total"] = time.perf_counter() - t0
        k = len(self.themes_)
        self.params_ = {
            "engine": engine,
            "reducer": type(self.reducer_).__name__,
            "clusterer": getattr(self.clusterer_, "method_", type(self.clusterer_).__name__
                                 if self.clusterer_ is not None else "none"),
            "n_neighbors": getattr(self.clusterer_, "n_neighbors", None),
            "resolution": (round(float(self.clusterer_.resolution), 3)
                           if hasattr(self.clusterer_, "resolution") else None),
            "n_docs": n, "k": k, "n_themes_requested": self.n_themes,
            "min_theme_size": mts, "outlier_floor": self.outlier_floor,
            "outlier_floor_effective": floor_eff,
            "outlier_share": float((self.labels_ < 0).mean()) if n else 0.0,
            "random_state": seed, "timings": {s: round(v, 4) for s, v in timings.items()},
            "message": "; ".join(messages),
        }
        return self

    def _cluster(self, Z: np.ndarray, n: int, mts: int, seed: int) -> np.ndarray:
        """Cluster, dissolve themes below ``mts`` (-1), then reach ``n_themes`` if asked."""
        default = self.clusterer is None
        resolution = default_resolution(n)
        for _ in range(8):
            if default:
                self.clusterer_ = GraphClusterer(resolution=resolution, random_state=seed)
            else:
                self.clusterer_ = self.clusterer
            labels = np.asarray(self.clusterer_.fit_predict(Z), dtype=int)
            labels = _dissolve_small(labels, mts)
            k = labels.max() + 1
            if not (default and self.n_themes and k < self.n_themes):
                break
            resolution *= 1.5  # finer communities, then merge down to the requested number
        if default:
            self.clusterer_.resolution = resolution
        if self.n_themes and labels.max() + 1 > self.n_themes:
            labels = ward_merge(Z, labels, int(self.n_themes))
        return labels

    def _assign(self, Z: np.ndarray, labels: np.ndarray, degenerate: bool) -> tuple[np.ndarray, float]:
        """Nearest-centroid assignment; below the floor -> -1, but at most max_outlier_share."""
        n = len(Z)
        ids = [c for c in range(labels.max(initial=-1) + 1) if (labels == c).any()]
        if degenerate or not ids:
            self._zcent = _unit(Z.mean(axis=0, keepdims=True)) if n else np.zeros((0, Z.shape[1]))
            self._floor = -np.inf
            return np.zeros(n, dtype=int), float("-inf")
        C = _unit(np.stack([Z[labels == c].mean(axis=0) for c in ids]))
        S = Z @ C.T
        lab, best = S.argmax(axis=1), S.max(axis=1)
        floor = -np.inf if self.outlier_floor is None else float(self.outlier_floor)
        share = 1.0 if self.max_outlier_share is None else float(self.max_outlier_share)
        if (best < floor).mean() > share:
            floor = float(np.sort(best)[int(np.floor(share * n))]) - 1e-6
            floor = min(floor, float(self.outlier_floor))
        lab = np.where(best < floor, -1, lab)
        # order by size, then refit centroids on the final members
        sizes = np.bincount(lab[lab >= 0], minlength=len(ids))
        order = sorted(range(len(ids)), key=lambda c: (-sizes[c], c))
        order = [c for c in order if sizes[c] > 0]
        remap = np.full(len(ids), -1)
        remap[order] = np.arange(len(order))
        lab = np.where(lab >= 0, remap[np.maximum(lab, 0)], -1)
        self._zcent = C[order]
        self._floor = floor
        return lab, floor

    def _describe(self, docs: list[str], lemmas: list[str], Xu: np.ndarray, Z: np.ndarray,
                  labels: np.ndarray) -> None:
        """Set labels_, centroids_, themes_ (keywords, label, examples)."""
        k = int(labels.max(initial=-1) + 1)
        self.labels_ = labels.astype(int)
        self.centroids_ = (_unit(np.stack([Xu[labels == c].mean(axis=0) for c in range(k)]))
                           if k else np.zeros((0, Xu.shape[1]), dtype=np.float32))
        if self.bertopic_ is not None:
            kws = self._bertopic_keywords(labels, k)
        else:
            kws = theme_keywords(lemmas, labels, k, embeddings=Xu, top_n=int(self.top_n_words))
        terms = surface_forms(docs, labels, k)
        self.keyword_lemmas_: list[list[str]] = []
        rows, seen = [], set()
        for c in range(k):
            members = np.flatnonzero(labels == c)
            sims = Z[members] @ self._zcent[c] if len(self._zcent) > c else np.zeros(len(members))
            idx, texts = [], set()
            for i in members[np.argsort(-sims, kind="stable")]:
                key = " ".join(docs[i].lower().split())
                if key not in texts:
                    texts.add(key)
                    idx.append(int(i))
                if len(idx) == 3:
                    break
            info = terms[c]
            weak = weak_label_terms(kws[c], info)
            label = make_label(kws[c], display=info.display, skip=weak)
            shown = [info.display.get(w, w) for w in kws[c] if w not in weak]
            shown += [info.display.get(w, w) for w in kws[c] if w in weak]  # weak words last
            shown = list(dict.fromkeys(shown))
            extra = [w for w in shown if w not in label.split(LABEL_SEP)]
            while label in seen and extra:
                label = f"{label}{LABEL_SEP}{extra.pop(0)}"
            seen.add(label)
            self.keyword_lemmas_.append(list(kws[c]))
            rows.append({"theme_id": c, "label": label, "keywords": shown,
                         "size": int(len(members)), "examples": [docs[i] for i in idx],
                         "example_idx": idx})
        self.themes_ = pd.DataFrame(rows, columns=list(FITTED_THEMES.names))

    # -------------------------------------------------------------- bertopic
    def _fit_bertopic(self, docs: list[str], lemmas: list[str], Xu: np.ndarray, mts: int,
                      seed: int) -> np.ndarray:
        """Fit a real ``bertopic.BERTopic`` with our parts; returns its topics (-1 = outlier)."""
        from bertopic import BERTopic

        n = len(docs)
        self.clusterer_ = self.clusterer if self.clusterer is not None else GraphClusterer(
            resolution=default_resolution(n), random_state=seed)
        parts = _bertopic_parts(int(self.top_n_words))
        self.bertopic_ = BERTopic(
            language="multilingual",  # "english" strips every non-ASCII char (#835, #2468)
            embedding_model=_keyword_embedder(lemmas, Xu), umap_model=self.reducer_,
            hdbscan_model=self.clusterer_, min_topic_size=mts, nr_topics=self.n_themes,
            top_n_words=int(self.top_n_words), calculate_probabilities=False, **parts)
        self._bt_docs = [f"{lem} {_DOC_SEP}" for lem in lemmas]
        topics, _ = self.bertopic_.fit_transform(self._bt_docs, embeddings=Xu)
        return _dissolve_small(np.asarray(topics, dtype=int), mts)

    def _bertopic_keywords(self, labels: np.ndarray, k: int) -> list[list[str]]:
        """Re-run BERTopic's c-TF-IDF + MMR on our final themes (``update_topics``)."""
        import logging

        logging.getLogger("BERTopic").setLevel(logging.ERROR)  # expected "custom topics" warning
        self.bertopic_.update_topics(self._bt_docs, topics=[int(t) for t in labels],
                                     top_n_words=int(self.top_n_words),
                                     **_bertopic_parts(int(self.top_n_words)))
        out = []
        for c in range(k):
            words = self.bertopic_.get_topic(c) or []
            out.append([w for w, score in words if w and score > 0])
        return out

    # ------------------------------------------------------------ transform
    def transform(self, embeddings: np.ndarray) -> np.ndarray:
        """Theme id of each new embedding by nearest centroid; -1 below the fitted floor."""
        if not hasattr(self, "labels_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("call ThemeModel.fit before transform")
        X = _unit(np.asarray(embeddings, dtype=np.float32))
        if len(self._zcent) == 0 or len(X) == 0:
            return np.full(len(X), -1 if len(self._zcent) == 0 else 0, dtype=int)
        if self._floor == -np.inf and len(self._zcent) == 1:
            return np.zeros(len(X), dtype=int)
        S = _unit(self.reducer_.transform(X)) @ self._zcent.T
        return np.where(S.max(axis=1) < self._floor, -1, S.argmax(axis=1)).astype(int)

    def fit_transform(self, docs: Sequence[str], embeddings: np.ndarray,
                      lemmas: Sequence[str] | None = None) -> np.ndarray:
        """``fit`` then return ``labels_``."""
        return self.fit(docs, embeddings, lemmas).labels_


def _dissolve_small(labels: np.ndarray, mts: int) -> np.ndarray:
    """Themes smaller than ``mts`` become -1 (re-assigned later), unless none would survive."""
    sizes = np.bincount(labels[labels >= 0]) if (labels >= 0).any() else np.zeros(0, int)
    keep = sizes >= mts
    if keep.sum() < 1:
        keep = sizes >= min(2, sizes.max(initial=0))
    remap = np.where(keep, np.cumsum(keep) - 1, -1)
    return np.where(labels >= 0, remap[np.maximum(labels, 0)], -1)


_DOC_SEP = "|"  # BERTopic joins a topic's docs with " "; bigrams must not cross this mark


def _bertopic_analyzer(text: str) -> list[str]:
    """CountVectorizer analyzer for BERTopic: unigrams + bigrams of lemmas, per statement."""
    from nlp_varmland.keywords import doc_terms

    return [t for terms in doc_terms(text.split(_DOC_SEP)) for t in terms]


def _bertopic_parts(top_n: int) -> dict[str, Any]:
    """Swedish vectorizer, c-TF-IDF (reduce_frequent_words) and MMR for BERTopic."""
    from bertopic.representation import MaximalMarginalRelevance
    from bertopic.vectorizers import ClassTfidfTransformer
    from sklearn.feature_extraction.text import CountVectorizer

    return {"vectorizer_model": CountVectorizer(analyzer=_bertopic_analyzer, lowercase=False),
            "ctfidf_model": ClassTfidfTransformer(reduce_frequent_words=True),
            "representation_model": MaximalMarginalRelevance(diversity=0.3, top_n_words=top_n)}


def _keyword_embedder(lemmas: list[str], Xu: np.ndarray):
    """BERTopic embedder for MMR: a word's vector is the mean embedding of the docs using it."""
    from bertopic.backend import BaseEmbedder

    index: dict[str, list[int]] = {}
    for i, s in enumerate(lemmas):
        for t in set(s.split()):
            index.setdefault(t, []).append(i)
    mean = Xu.mean(axis=0)

    class KeywordEmbedder(BaseEmbedder):
        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            out = np.zeros((len(documents), Xu.shape[1]), dtype=np.float32)
            for j, d in enumerate(documents):
                rows = [i for t in d.replace(_DOC_SEP, " ").split() for i in index.get(t, [])]
                out[j] = (Xu[rows].mean(axis=0) if rows else mean) - mean
            return _unit(out)

    return KeywordEmbedder()
