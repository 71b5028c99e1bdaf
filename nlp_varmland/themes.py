"""Themes from statement embeddings: BERTopic's pipeline with light, deterministic Swedish parts.

Pipeline (``engine="native"``, the default): embeddings -> reducer (mean-centring, which removes
the direction every e5 vector shares) -> clusterer (Louvain communities on a k-nearest-neighbour
graph, the most typical of 10 seeded runs on a meeting; the number of themes comes from
modularity, not from the user; ``themes_graph.py``) ->
themes too small or incoherent (fewer than 1/3 of the graph links their members could keep
inside, given the theme's size) are dissolved -> optional merging to ``n_themes`` ->
nearest-centroid clean-up: a left-over joins a theme only if it is as close as the theme's own
members, else it is an outlier (-1) -> graph-vote refinement: a statement takes its kNN
neighbours' majority theme, centroids are refit, repeated until stable; a final theme below the
coherence rule is dissolved (``_smooth``) -> a theme that is two topics in one is split
(``theme_repair.split_mixtures``) -> in a meeting, a grab-bag whose statements fit other themes
as well as their own is dissolved (``theme_repair.dissolve_grab_bags``) -> a theme split along
its co-association over Louvain runs (``split_unstable``) -> a theme whose statements share only
a place name is dissolved (``place_glued``) -> c-TF-IDF + MMR
keywords (``keywords.py``), labels re-ranked by embedding closeness, an extractive summary and
theme groups (``theme_text.py``).
``engine="bertopic"`` runs the same parts inside a real ``bertopic.BERTopic``.

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

from nlp_varmland.base import NotFittedError, ParamsMixin, as_texts, check_embeddings, check_number
from nlp_varmland.embeddings.concepts import not_concepts
from nlp_varmland.errors import EstimatorError
from nlp_varmland.keywords import (
    LABEL_SEP,
    aligned_tokens,
    lemmatize,
    says_nothing,
    surface_forms,
    theme_keywords,
    weak_label_terms,
)
from nlp_varmland.preprocessing.frames import strip_headings
from nlp_varmland.schema import FITTED_THEMES
from nlp_varmland.theme_bertopic import bertopic_keywords, fit_bertopic
from nlp_varmland.theme_labels import central_examples, distinct_labels, theme_group_labels, theme_label
from nlp_varmland.theme_repair import (
    coassociation,
    dissolve_grab_bags,
    dissolve_small,
    place_glued,
    split_mixtures,
    split_unstable,
)
from nlp_varmland.theme_text import (
    graph_groups,
    lemma_index,
    theme_groups,
    theme_links,
    theme_summary,
)
from nlp_varmland.themes_graph import (  # noqa: F401
    CONSENSUS_RUNS,
    FEW_DOCS,
    N_NEIGHBORS,
    RESOLUTION,
    RESOLUTION_EXP,
    RESOLUTION_N0,
    SAMPLE_LIMIT,
    Centerer,
    GraphClusterer,
    _unit,
    canonical_order,
    coherence,
    consensus_runs,
    default_min_theme_size,
    default_resolution,
    graph_vote,
    knn_graph,
    louvain,
    theme_centroids,
    ward_merge,
)

#: A theme whose members keep fewer than this share of their kNN links inside it is dissolved
#: (see :func:`themes_graph.coherence`); its statements join the theme they fit, or none. The
#: share is relative to the theme's size (each member's size-1 heaviest links): with the raw
#: share, a real 10-note theme in a ~100-note meeting (20 neighbours, at most 9 inside) was
#: dissolved. benchmarks/themes.py, raw -> relative: meeting-sized draws NMI workshop notes
#: 0.636 -> 0.639 (36 runs: 0.635 -> 0.648), SIB-200 0.442 -> 0.525, SuperLim 0.862 -> 0.858;
#: full sets (6 seeds) 0.672 -> 0.673, 0.473 -> 0.475, 0.838 -> 0.838.
MIN_COHERENCE = 1 / 3
#: A statement left over by the clustering (a theme too small or incoherent) joins its nearest
#: theme only when it is at least as close as that theme's own members at this quantile
#: (0 = the least close member): otherwise it fits nowhere and is an outlier.
FIT_QUANTILE = 0.0
#: At most this many rounds of graph vote + nearest centroid after the first assignment
#: (:meth:`ThemeModel._smooth`); they usually settle in 3-6.
SMOOTH_ROUNDS = 10
#: Dissolve themes whose statements fit other themes as well as their own (grab-bags held
#: together by a stance, :func:`theme_repair.dissolve_grab_bags`).
DISSOLVE_GRAB_BAGS = True
#: Split themes whose members share a community in fewer than half of the Louvain runs at
#: 0.5, 1 and 1.5 times the resolution (:func:`theme_repair.split_unstable`).
SPLIT_UNSTABLE = True


class ThemeModel(ParamsMixin):
    """Statements -> themes with Swedish keywords, labels and representative quotes.

    Parameters are stored as given and resolved in :meth:`fit` (scikit-learn convention).
    ``engine``: ``"auto"``/``"native"`` (no bertopic/umap/torch import) or ``"bertopic"`` (a real
    ``bertopic.BERTopic`` with the same parts, kept as ``bertopic_``). ``reducer``/``clusterer``:
    any objects with ``fit_transform`` / ``fit_predict`` (e.g. ``umap.UMAP``, ``hdbscan.HDBSCAN``);
    None = :class:`Centerer` / :class:`GraphClusterer`. ``n_themes``: merge to about N themes.
    ``min_theme_size``: None = :func:`default_min_theme_size`. ``outlier_floor``: cosine floor (in the reduced
    space) below which a statement is an outlier (-1); at most ``max_outlier_share`` are (the
    floor is lowered until that holds). ``min_coherence``: themes whose statements keep fewer of
    their graph links inside are dissolved (None = keep all). ``embedder``: used to embed label
    candidates (KeyBERTInspired, through the embedding cache ``cache``); None = word vectors
    from the statements that use them. ``random_state=None`` means 0: runs are reproducible.

    >>> from nlp_varmland.themes import ThemeModel
    >>> tm = ThemeModel(n_themes=8, random_state=0).fit(docs, X)         # doctest: +SKIP
    >>> tm.themes_.label.tolist()[:2]                                   # doctest: +SKIP
    ['kollektivtrafik – landsbygd – buss', 'bostadsbrist – hyresrätt']
    >>> tm.transform(X_new)                                            # doctest: +SKIP
    """

    labels_: np.ndarray
    themes_: pd.DataFrame

    def __init__(self, engine: str = "auto", reducer: Any = None, clusterer: Any = None,
                 n_themes: int | None = None, min_theme_size: int | None = None,
                 outlier_floor: float = 0.1, max_outlier_share: float = 0.10,
                 top_n_words: int = 10, min_coherence: float | None = MIN_COHERENCE,
                 embedder: Any = None, cache: Any = None, random_state: int | None = 0):
        self.engine = engine
        self.reducer = reducer
        self.clusterer = clusterer
        self.n_themes = n_themes
        self.min_theme_size = min_theme_size
        self.outlier_floor = outlier_floor
        self.max_outlier_share = max_outlier_share
        self.top_n_words = top_n_words
        self.min_coherence = min_coherence
        self.embedder = embedder
        self.cache = cache
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def fit(self, docs: Sequence[str], embeddings: np.ndarray,
            lemmas: Sequence[str] | None = None) -> ThemeModel:
        """Find themes in ``docs`` (texts) given their ``embeddings`` (n, dim); returns self.

        The statements are clustered in an order of their own (:func:`canonical_order`), so
        the same statements give the same themes however the rows are sorted: a spreadsheet
        re-sorted by table is the same meeting (tester B6: NMI 0.585 vs 0.610 and another
        theme for one seed). ``labels_``, ``example_idx`` and the graph's ``graph_index_`` are
        in the caller's order. A given ``clusterer`` and the BERTopic engine see the caller's order.
        """
        texts = as_texts(docs, "docs")
        self._check_params()
        X = check_embeddings(embeddings, n=len(texts))
        n = len(texts)
        self.n_features_in_ = int(X.shape[1])
        own = self.clusterer is None and self.engine in ("auto", "native")  # a given clusterer or
        if (not own or X.ndim != 2 or X.shape[0] != n  # BERTopic sees the caller's order;
                or (lemmas is not None and len(lemmas) != n)):  # _fit says what is wrong
            return self._fit(texts, X, lemmas)
        order = canonical_order(texts)
        self._fit([texts[i] for i in order], X[order], None if lemmas is None else [lemmas[i] for i in order])
        inverse = np.empty_like(order)
        inverse[order] = np.arange(n)
        self.labels_ = self.labels_[inverse]
        self.themes_["example_idx"] = [[int(order[i]) for i in idx] for idx in self.themes_["example_idx"]]
        index = getattr(self.clusterer_, "graph_index_", None)
        if index is not None:  # the graph's rows are statements; name them in the caller's order
            self.clusterer_.graph_index_ = order[np.asarray(index, dtype=int)]
        return self

    def _check_params(self) -> None:
        """The constructor arguments, checked when ``fit`` starts (one line each)."""
        check_number(self.n_themes, "n_themes", low=1, integer=True, none=True)
        check_number(self.min_theme_size, "min_theme_size", low=1, integer=True, none=True)
        check_number(self.random_state, "random_state", low=0, high=2**32 - 1, integer=True, none=True)
        check_number(self.top_n_words, "top_n_words", low=1, integer=True)
        check_number(self.outlier_floor, "outlier_floor", low=-1.0, high=1.0, none=True)
        check_number(self.max_outlier_share, "max_outlier_share", low=0.0, high=1.0, none=True)
        check_number(self.min_coherence, "min_coherence", low=0.0, high=1.0, none=True)
        for name, method in (("reducer", "fit_transform"), ("clusterer", "fit_predict")):
            part = getattr(self, name)
            if part is not None and not callable(getattr(part, method, None)):
                raise EstimatorError(f"{name} must be an object with {method}() (e.g. umap.UMAP, "
                                     f"sklearn.cluster.KMeans) or None, got {part!r}")

    def _fit(self, docs: Sequence[str], embeddings: np.ndarray,
             lemmas: Sequence[str] | None = None) -> ThemeModel:
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
        self.bertopic_: Any = None
        self._n_incoherent = 0
        Xu = _unit(X)

        t = time.perf_counter()
        self.reducer_ = self.reducer if self.reducer is not None else Centerer()
        degenerate = n < 3 or float(np.ptp(Xu, axis=0).max(initial=0.0)) < 1e-6
        Z = Xu if degenerate else _unit(self.reducer_.fit_transform(Xu))
        self._degenerate = degenerate
        timings["reduce"] = time.perf_counter() - t

        t = time.perf_counter()
        self.clusterer_: Any = None
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
            messages.append(f"only {n} statement{'' if n == 1 else 's'}: themes are tentative (at least {FEW_DOCS} "
                            "give stable themes)")

        t = time.perf_counter()
        labels, floor_eff = self._assign(Z, labels, degenerate)
        labels, floor_eff = self._smooth(Z, labels, floor_eff, degenerate)
        labels, floor_eff = self._split(Z, labels, floor_eff, degenerate, mts)
        labels, floor_eff = self._dissolve_grab_bags(Z, labels, floor_eff, degenerate)
        labels, floor_eff = self._split_unstable(Z, labels, floor_eff, degenerate, mts, seed)
        glued = [] if degenerate or self.n_themes else place_glued(labels, lemmas, not_concepts())
        self._n_place_glued = len(glued)  # notes that share only a place: no theme (re-assigned)
        if glued:
            labels, floor_eff = self._assign(Z, dissolve_small(np.where(np.isin(labels, glued), -1, labels), 1),
                                             False)
        timings["outliers"] = time.perf_counter() - t

        t = time.perf_counter()
        self._describe(docs, lemmas, Xu, Z, labels)
        timings["keywords"] = time.perf_counter() - t
        timings["total"] = time.perf_counter() - t0
        k = len(self.themes_)
        clusterer: Any = self.clusterer_
        self.params_ = {
            "engine": engine,
            "reducer": type(self.reducer_).__name__,
            "clusterer": getattr(self.clusterer_, "method_", type(self.clusterer_).__name__
                                 if self.clusterer_ is not None else "none"),
            "n_neighbors": getattr(self.clusterer_, "n_neighbors", None),
            "consensus_runs": getattr(self.clusterer_, "consensus_runs_", None),
            "resolution": (round(float(clusterer.resolution), 3)
                           if hasattr(clusterer, "resolution") else None),
            "resolution_scores": dict(getattr(clusterer, "resolution_scores_", {}) or {}),
            "n_docs": n, "k": k, "n_themes_requested": self.n_themes,
            "min_theme_size": mts, "outlier_floor": self.outlier_floor,
            "outlier_floor_effective": floor_eff,
            "outlier_share": float((self.labels_ < 0).mean()) if n else 0.0,
            "n_outliers": int((self.labels_ < 0).sum()), "min_coherence": self.min_coherence,
            "dissolved_incoherent": int(self._n_incoherent),
            "smooth_rounds": int(getattr(self, "_smooth_rounds", 0)),
            "graph_vote": bool(getattr(self, "_voted", False)),
            "split_mixtures": int(getattr(self, "_n_split", 0)),
            "dissolved_grab_bags": int(getattr(self, "_n_grab_bags", 0)),
            "dissolved_place_glued": int(getattr(self, "_n_place_glued", 0)),
            "split_unstable": int(getattr(self, "_n_unstable", 0)),
            "n_groups": int(self.themes_["group_id"].max() + 1) if k else 0,
            "random_state": seed, "timings": {s: round(v, 4) for s, v in timings.items()},
            "message": "; ".join(messages),
        }
        return self

    def _cluster(self, Z: np.ndarray, n: int, mts: int, seed: int) -> np.ndarray:
        """Cluster, dissolve themes below ``mts`` (-1), then reach ``n_themes`` if asked.

        The default clusterer tries two resolutions when they differ (past ``RESOLUTION_N0``
        statements): the one that grows with n and the base ``RESOLUTION``, and keeps the
        partition with the higher cosine silhouette (:func:`themes_graph.silhouette`). Growing
        is right when a large corpus holds many topics (SIB-200), wrong when it holds few large
        ones (SuperLim: 9 themes for 6 debates). benchmarks/themes.py, 6 seeds: SuperLim NMI
        0.788 -> 0.838 (6 themes), SIB-200 0.467 -> 0.473; up to 200 statements nothing changes.
        """
        default = self.clusterer is None
        resolution = default_resolution(n)
        for _ in range(8):
            if default:
                cands = None if self.n_themes else sorted({resolution, RESOLUTION}, reverse=True)
                self.clusterer_ = GraphClusterer(resolution=resolution, resolutions=cands,
                                                 min_size=mts, random_state=seed)
            else:
                self.clusterer_ = self.clusterer
            labels = np.asarray(self.clusterer_.fit_predict(Z), dtype=int)
            labels = dissolve_small(labels, mts)
            labels = self._dissolve_incoherent(Z, labels)
            k = labels.max() + 1
            if not (default and self.n_themes and k < self.n_themes):
                break
            resolution *= 1.5  # finer communities, then merge down to the requested number
        if self.n_themes and labels.max() + 1 > self.n_themes:
            labels = ward_merge(Z, labels, int(self.n_themes))
        return labels

    def _dissolve_incoherent(self, Z: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """Themes below ``min_coherence`` become -1 (unless it would leave no theme)."""
        self._n_incoherent = 0
        if self.min_coherence is None or labels.max(initial=-1) < 1:
            return labels
        W = getattr(self.clusterer_, "graph_", None)
        idx = getattr(self.clusterer_, "graph_index_", None)
        if W is None or idx is None:
            idx = np.arange(len(Z)) if len(Z) <= SAMPLE_LIMIT else np.sort(
                np.random.default_rng(0).choice(len(Z), SAMPLE_LIMIT, replace=False))
            W = knn_graph(Z[idx], N_NEIGHBORS)
        coh = coherence(W, labels[idx])
        bad = np.flatnonzero(np.nan_to_num(coh, nan=1.0) < float(self.min_coherence))
        if len(bad) == 0 or len(bad) >= len(coh):
            return labels
        self._n_incoherent = len(bad)
        out = np.where(np.isin(labels, bad), -1, labels)
        return dissolve_small(out, 1)

    def _assign(self, Z: np.ndarray, labels: np.ndarray, degenerate: bool) -> tuple[np.ndarray, float]:
        """Nearest-centroid assignment; below the floor -> -1, but at most max_outlier_share."""
        n = len(Z)
        ids = [c for c in range(labels.max(initial=-1) + 1) if (labels == c).any()]
        if degenerate or not ids:
            self._zcent = _unit(Z.mean(axis=0, keepdims=True)) if n else np.zeros((0, Z.shape[1]))
            self._floor = -np.inf
            self._typical = np.full(len(self._zcent), -np.inf)
            return np.zeros(n, dtype=int), float("-inf")
        C = _unit(np.stack([Z[labels == c].mean(axis=0) for c in ids]))
        S = Z @ C.T
        lab, best = S.argmax(axis=1), S.max(axis=1)
        floor = -np.inf if self.outlier_floor is None else float(self.outlier_floor)
        share = 1.0 if self.max_outlier_share is None else float(self.max_outlier_share)
        if (best < floor).mean() > share:
            floor = float(np.sort(best)[int(np.floor(share * n))]) - 1e-6
            floor = min(floor, float(self.outlier_floor))
        # Left-overs of the clustering join a theme only if they are as close to it as its own
        # members are (FIT_QUANTILE); the rest fit nowhere and are outliers, not a junk theme.
        typical = np.array([np.quantile(S[labels == c, j], FIT_QUANTILE) for j, c in enumerate(ids)])
        if self.outlier_floor is None:
            typical[:] = -np.inf
        unfit = np.flatnonzero((labels < 0) & (best < typical[lab]))
        room = max(0, int(np.floor(share * n)) - int((best < floor).sum()))
        unfit = unfit[np.argsort(best[unfit] - typical[lab[unfit]], kind="stable")][:room]
        lab = np.where(best < floor, -1, lab)
        lab[unfit] = -1
        for j in range(len(ids)):  # transform() must agree with fit: a member is never below
            mine = best[lab == j]
            typical[j] = min(typical[j], float(mine.min())) if len(mine) else typical[j]
        # order by size, then refit centroids on the final members
        sizes = np.bincount(lab[lab >= 0], minlength=len(ids))
        order = sorted(range(len(ids)), key=lambda c: (-sizes[c], c))
        order = [c for c in order if sizes[c] > 0]
        remap = np.full(len(ids), -1)
        remap[order] = np.arange(len(order))
        lab = np.where(lab >= 0, remap[np.maximum(lab, 0)], -1)
        self._zcent = C[order]
        self._floor = floor
        self._typical = typical[order]
        return lab, floor

    def _smooth(self, Z: np.ndarray, labels: np.ndarray, floor: float,
                degenerate: bool) -> tuple[np.ndarray, float]:
        """Refine themes: each statement takes its kNN neighbours' majority theme (graph vote),
        then centroids are refit and every statement joins its nearest one (same outlier rule
        as :meth:`_assign`), until nothing moves. A final theme below ``min_coherence`` is
        dissolved like a clustering one and the refinement runs again.

        Nearest-centroid assignment alone cuts themes by straight borders; the vote moves a
        statement to the theme its own neighbours are in (benchmarks/themes.py, 6 seeds: NMI
        0.672 -> 0.680 on the workshop notes, 0.459 -> 0.467 SIB-200, 0.756 -> 0.788 SuperLim).
        Runs on the clustering graph only (not beyond ``SAMPLE_LIMIT`` or without a graph), and
        not when ``n_themes`` is asked for: the vote can empty a small theme. Nor when the median
        theme has no more statements than a statement has graph neighbours (a meeting of ~100
        notes): then most of a member's neighbours are outside its theme and the vote hands
        small themes to their large neighbours (benchmarks/themes.py, 10 statements per topic,
        12 runs: workshop notes NMI 0.588 -> 0.636, mixtures 25 -> 15; SIB-200 at n=70
        0.376 -> 0.442; SuperLim unchanged; the 165 workshop notes 0.680 -> 0.672).
        """
        self._smooth_rounds = 0
        self._voted = False
        W = getattr(self.clusterer_, "graph_", None)
        if degenerate or self.n_themes or W is None or W.shape[0] != len(Z) or labels.max(initial=-1) < 1:
            return labels, floor
        if np.median(np.bincount(labels[labels >= 0])) <= _graph_degree(self.clusterer_, W):
            return labels, floor
        self._voted = True
        for _ in range(3):
            labels, floor = self._vote_rounds(W, Z, labels, floor)
            if self.min_coherence is None:
                break
            coh = coherence(W, labels)
            bad = np.flatnonzero(np.nan_to_num(coh, nan=1.0) < float(self.min_coherence))
            if len(bad) == 0 or len(bad) >= len(coh):
                break
            self._n_incoherent += len(bad)
            out = dissolve_small(np.where(np.isin(labels, bad), -1, labels), 1)
            labels, floor = self._assign(Z, out, False)
        return labels, floor

    def _split(self, Z: np.ndarray, labels: np.ndarray, floor: float, degenerate: bool,
               mts: int) -> tuple[np.ndarray, float]:
        """Split themes that are two topics in one (:func:`theme_repair.split_mixtures`), then
        re-assign by nearest centroid; parts below ``mts`` go by the outlier rule. Not when
        ``n_themes`` is asked for, nor without the clustering graph."""
        self._n_split = 0
        W = getattr(self.clusterer_, "graph_", None)
        if degenerate or self.n_themes or W is None or W.shape[0] != len(Z) or labels.max(initial=-1) < 0:
            return labels, floor
        new = split_mixtures(W, Z, labels, mts, self.min_coherence)
        if np.array_equal(new, labels):
            return labels, floor
        self._n_split = int(new.max() - labels.max())
        return self._assign(Z, dissolve_small(new, mts), False)

    def _dissolve_grab_bags(self, Z: np.ndarray, labels: np.ndarray, floor: float,
                            degenerate: bool) -> tuple[np.ndarray, float]:
        """Dissolve themes whose members fit other themes as well (``theme_repair.dissolve_grab_bags``,
        on the clustering graph's statements), then re-assign by :meth:`_assign`: a member joins
        another theme if it is as close as that theme's own members, else it is an outlier.

        Only in a meeting's regime, where the median theme has no more statements than a
        statement has graph neighbours (the graph vote's switch in :meth:`_smooth`): with large,
        loose themes the silhouette prefers fewer of them, and on SIB-200 (1,004 sentences, themes
        of ~40) the test dissolved real topics (science 43 of 50, sport 26 of 30) and sent up to
        9 % of the statements to the outliers.
        """
        self._n_grab_bags = 0
        if degenerate or self.n_themes or not DISSOLVE_GRAB_BAGS or labels.max(initial=-1) < 2:
            return labels, floor
        W = getattr(self.clusterer_, "graph_", None)
        degree = _graph_degree(self.clusterer_, W) if W is not None else float(N_NEIGHBORS)
        if np.median(np.bincount(labels[labels >= 0])) > degree:
            return labels, floor
        nodes = getattr(self.clusterer_, "graph_index_", None)
        nodes = np.arange(len(Z)) if nodes is None or len(nodes) > SAMPLE_LIMIT else np.asarray(nodes, dtype=int)
        kept = dissolve_grab_bags(Z[nodes], labels[nodes])
        gone = np.setdiff1d(labels[nodes][(kept < 0) & (labels[nodes] >= 0)], [-1])
        if not len(gone):
            return labels, floor
        self._n_grab_bags = int(len(gone))
        return self._assign(Z, dissolve_small(np.where(np.isin(labels, gone), -1, labels), 1), False)

    def _split_unstable(self, Z: np.ndarray, labels: np.ndarray, floor: float, degenerate: bool,
                        mts: int, seed: int) -> tuple[np.ndarray, float]:
        """Split themes along the co-association of the clustering's Louvain runs at half, the
        same and 1.5 times its resolution (``theme_repair.split_unstable``), then re-assign by
        :meth:`_assign`. Only on a meeting's graph, where the consensus has all its runs
        (``CONSENSUS_RUNS``, up to 400 statements); not when ``n_themes`` is asked for."""
        self._n_unstable = 0
        W = getattr(self.clusterer_, "graph_", None)
        if (degenerate or self.n_themes or not SPLIT_UNSTABLE or W is None or W.shape[0] != len(Z)
                or labels.max(initial=-1) < 1 or consensus_runs(len(Z)) < CONSENSUS_RUNS):
            return labels, floor
        nodes = np.asarray(getattr(self.clusterer_, "graph_index_", np.arange(len(Z))), dtype=int)
        co = np.empty((len(Z), len(Z)), dtype=np.float32)
        co[np.ix_(nodes, nodes)] = coassociation(W, float(getattr(self.clusterer_, "resolution", RESOLUTION)),
                                                 seed, CONSENSUS_RUNS)
        new = split_unstable(co, labels, mts)
        if np.array_equal(new, labels):
            return labels, floor
        self._n_unstable = int((new != labels).sum())
        return self._assign(Z, dissolve_small(new, 1), False)

    def _vote_rounds(self, W: Any, Z: np.ndarray, labels: np.ndarray,
                     floor: float) -> tuple[np.ndarray, float]:
        """Graph vote + :meth:`_assign` until stable, at most ``SMOOTH_ROUNDS`` times."""
        for _ in range(SMOOTH_ROUNDS):
            voted = graph_vote(W, labels)
            if np.array_equal(voted, labels):
                break
            new, new_floor = self._assign(Z, voted, False)
            self._smooth_rounds += 1
            if np.array_equal(new, labels):
                break
            labels, floor = new, new_floor
        return labels, floor

    def _describe(self, docs: list[str], lemmas: list[str], Xu: np.ndarray, Z: np.ndarray,
                  labels: np.ndarray) -> None:
        """Set labels_, centroids_, themes_ (keywords, label, examples)."""
        k = int(labels.max(initial=-1) + 1)
        self.labels_ = labels.astype(int)
        self.centroids_ = theme_centroids(Xu, labels, k)
        if self.bertopic_ is not None:
            kws = self._bertopic_keywords(labels, k)
        else:
            kws = theme_keywords(lemmas, labels, k, embeddings=Xu, top_n=int(self.top_n_words))
        tokens = aligned_tokens(docs)
        words = {"embedder": self.embedder, "cache": self.cache, "index": lemma_index(lemmas)}
        terms = surface_forms(docs, labels, k, tokens=tokens)
        self.keyword_lemmas_: list[list[str]] = []
        rows: list[dict[str, Any]] = []
        seen: set[str] = set()
        for c in range(k):
            members = np.flatnonzero(labels == c)
            sims = Z[members] @ self._zcent[c] if len(self._zcent) > c else np.zeros(len(members))
            idx = central_examples(docs, members, sims)
            info = terms[c]
            weak = weak_label_terms(kws[c], info)
            label = theme_label(kws[c], weak, info.display, Xu, labels == c, terms=info, **words)
            shown = [info.display.get(w, w) for w in kws[c] if w not in weak]
            shown += [info.display.get(w, w) for w in kws[c]  # weak words last, empty ones not at all
                      if w in weak and not says_nothing(w, info)]
            # every word of the label is a keyword too (a label's second word can come from
            # compounds, "gård – mat", and a two-word name stays whole, "utrikes födda")
            shown = list(dict.fromkeys(label.split(LABEL_SEP) + shown))
            extra = [w for w in shown if w not in label.split(LABEL_SEP)]
            while label in seen and extra:
                label = f"{label}{LABEL_SEP}{extra.pop(0)}"
            seen.add(label)
            self.keyword_lemmas_.append(list(kws[c]))
            summary = theme_summary([strip_headings(docs[i], keep_kind=True) for i in members], Z[members],
                                    self._zcent[c] if len(self._zcent) > c else Z[members].mean(0),
                                    shown=[docs[i] for i in idx])  # not a quote shown below it
            rows.append({"theme_id": c, "label": label, "keywords": shown,
                         "size": int(len(members)), "examples": [docs[i] for i in idx],
                         "example_idx": idx, "summary": summary})
        for c, label in enumerate(distinct_labels([str(r["label"]) for r in rows], terms)):
            if label != rows[c]["label"]:  # two themes of one label: each gets a word of its own
                rows[c]["keywords"] = list(dict.fromkeys(label.split(LABEL_SEP) + rows[c]["keywords"]))
                rows[c]["label"] = label
        coh = np.full(k, np.nan)
        links = None
        if k and not getattr(self, "_degenerate", False):
            W = getattr(self.clusterer_, "graph_", None)
            nodes: Any = getattr(self.clusterer_, "graph_index_", None)
            if W is None or nodes is None or W.shape[0] != len(nodes):
                nodes = np.arange(min(len(Z), SAMPLE_LIMIT))
                W = knn_graph(Z[nodes], N_NEIGHBORS)
            coh = coherence(W, labels[nodes], k) if len(nodes) else coh
            links = theme_links(W, labels[nodes], k) if len(nodes) else None
        if links is not None and (links.sum(axis=1) > 0).all():
            groups = graph_groups(links)        # themes that link to each other in the graph
        else:
            groups = theme_groups(self.centroids_) if k else np.zeros(0, dtype=int)
        group_labels = theme_group_labels(docs, lemmas, Xu, labels, groups, tokens=tokens, **words)
        for c, row in enumerate(rows):
            row["coherence"] = round(float(coh[c]), 3) if np.isfinite(coh[c]) else float("nan")
            row["group_id"] = int(groups[c])
            row["group_label"] = group_labels[int(groups[c])]
        self.themes_ = pd.DataFrame(rows, columns=list(FITTED_THEMES.names))

    # -------------------------------------------------------------- bertopic
    def _fit_bertopic(self, docs: list[str], lemmas: list[str], Xu: np.ndarray, mts: int,
                      seed: int) -> np.ndarray:
        """Fit a real ``bertopic.BERTopic`` with our parts; returns its topics (-1 = outlier)."""
        self.clusterer_ = self.clusterer if self.clusterer is not None else GraphClusterer(
            resolution=default_resolution(len(docs)), random_state=seed)
        self.bertopic_, self._bt_docs, topics = fit_bertopic(
            lemmas, Xu, reducer=self.reducer_, clusterer=self.clusterer_, min_topic_size=mts,
            n_themes=self.n_themes, top_n_words=int(self.top_n_words))
        return dissolve_small(topics, mts)

    def _bertopic_keywords(self, labels: np.ndarray, k: int) -> list[list[str]]:
        """Re-run BERTopic's c-TF-IDF + MMR on our final themes (``update_topics``)."""
        return bertopic_keywords(self.bertopic_, self._bt_docs, labels, k, int(self.top_n_words))

    # ------------------------------------------------------------ transform
    def transform(self, embeddings: np.ndarray) -> np.ndarray:
        """Theme id of each new embedding by nearest centroid; -1 below the fitted floor."""
        if not hasattr(self, "labels_"):
            raise NotFittedError("this ThemeModel is not fitted yet; call fit() first")
        X = _unit(check_embeddings(embeddings, dim=getattr(self, "n_features_in_", None)))
        if len(self._zcent) == 0 or len(X) == 0:
            return np.full(len(X), -1 if len(self._zcent) == 0 else 0, dtype=int)
        if self._floor == -np.inf and len(self._zcent) == 1:
            return np.zeros(len(X), dtype=int)
        S = _unit(self.reducer_.transform(X)) @ self._zcent.T
        best, lab = S.max(axis=1), S.argmax(axis=1)
        return np.where((best < self._floor) | (best < self._typical[lab]), -1, lab).astype(int)

    def fit_transform(self, docs: Sequence[str], embeddings: np.ndarray,
                      lemmas: Sequence[str] | None = None) -> np.ndarray:
        """``fit`` then return ``labels_``."""
        return self.fit(docs, embeddings, lemmas).labels_


def _graph_degree(clusterer: Any, W: Any) -> float:
    """A statement's neighbour count in the clustering graph: the clusterer's ``n_neighbors``,
    else the median number of links per row."""
    k = getattr(clusterer, "n_neighbors", None)
    return float(k) if k else float(np.median(np.diff(W.tocsr().indptr)))
