"""Repairs of a theme partition after the graph clustering (``themes_graph``): a theme that
is two topics is split (:func:`split_mixtures`), a grab-bag whose statements fit other themes as
well is dissolved (:func:`dissolve_grab_bags`), and a theme whose members share a community in
fewer than half of the Louvain runs at 0.5, 1 and 1.5 times the resolution is split along that
co-association (:func:`coassociation`, :func:`split_unstable`; evidence accumulation, Fred & Jain
2005). Each takes and returns integer labels (-1 = no theme). numpy/scipy only.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nlp_varmland.themes_graph import CONSENSUS_RUNS, _unit, coherence, louvain, silhouette, ward_merge

__all__ = ["coassociation", "dissolve_grab_bags", "dissolve_small", "place_glued", "split_mixtures", "split_unstable"]


def split_mixtures(W, Z: np.ndarray, labels: np.ndarray, min_size: int,
                   min_coherence: float | None = None, resolution: float = 1.0) -> np.ndarray:
    """Split each theme that is two themes in one: returns new labels (new themes numbered after
    the others; -1 untouched).

    A theme of at least ``2 * min_size`` statements is cut in two by Louvain on its own
    sub-graph of ``W`` at ``resolution`` 1, plain modularity: does the theme have community
    structure of its own? (The whole graph's higher resolution counters modularity's
    resolution limit, which a theme's sub-graph does not have; at 2 it cut themes into ~10
    bits.) More parts are Ward-merged to two. The cut is kept only when both parts have
    ``min_size`` statements, both keep ``min_coherence`` of their links inside
    (:func:`coherence`, the rule that dissolves themes) and the cosine :func:`silhouette` of
    the whole partition rises: a coherent theme's halves are closer to each other than to the
    rest, so cutting it lowers the silhouette; a merge of two topics (on the workshop notes
    "industri – grön omställning" with "elnät – energi", 15 + 11 notes) raises it. Themes are
    tried in order, each against the partition with the earlier cuts. benchmarks/themes.py
    (6 seeds / 40 draws of 10 statements per topic x 2 seeds): workshop notes NMI 0.694 ->
    0.729 / 0.703 -> 0.710, mixtures in the draws 52 -> 44; SIB-200 0.495 -> 0.495 / 0.552 ->
    0.559, mixtures 104 -> 93; SuperLim unchanged (0.841 / 0.876). Pipeline, workshop notes:
    0.686 -> 0.729. Also asking that both parts be at least as coherent as the theme was gave
    the same draws (0.710, 43 and 92 mixtures) but kept the workshop notes' mixture (0.694).
    The mixtures left are small grab-bags (5-10 statements of 4-5 topics sharing a word such as
    "unga" or "praktikplatser"): no test tried tells them from real themes on the dev sets,
    neither this one nor coherence, a theme's own silhouette, its Jaccard stability over seeds
    or 80 % sub-samples, the share of members holding its top lemmas, coherence in the e5
    space without concept views, or its sub-graph's modularity against a rewired null.

    >>> from scipy import sparse
    >>> A = sparse.csr_matrix(np.kron(np.eye(3), np.ones((4, 4))) - np.eye(12))
    >>> Z = np.repeat(np.eye(3), 4, axis=0) + 0.01 * np.arange(12)[:, None]
    >>> split_mixtures(A, Z, np.array([0] * 8 + [1] * 4), 3).tolist()
    [0, 0, 0, 0, 2, 2, 2, 2, 1, 1, 1, 1]
    """
    labels = np.asarray(labels, dtype=int).copy()
    W = W.tocsr()
    Z = _unit(np.asarray(Z, dtype=np.float32))
    k = int(labels.max(initial=-1) + 1)
    score = silhouette(Z, labels)
    new = k
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if len(members) < 2 * min_size:
            continue
        part = louvain(W[members][:, members], resolution, 0)
        if part.max() < 1:
            continue
        if part.max() > 1:
            part = ward_merge(Z[members], part, 2)
        if min(int((part == 0).sum()), int((part == 1).sum())) < min_size:
            continue
        trial = labels.copy()
        trial[members[part == 1]] = new
        if min_coherence is not None:
            coh = coherence(W, trial)
            if min(coh[c], coh[new]) < min_coherence:
                continue
        trial_score = silhouette(Z, trial)
        if trial_score > score:
            labels, score, new = trial, trial_score, new + 1
    return labels


def dissolve_grab_bags(Z: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Dissolve each theme whose statements fit the other themes as well as their own: returns
    labels with those themes' members at -1 (to be re-assigned; other ids unchanged).

    The test mirrors :func:`split_mixtures`: a theme goes when the cosine :func:`silhouette` of
    the partition rises once its members join their nearest other theme (by centroid). A real
    theme's members are closer to each other than to any other theme, so moving them lowers
    the silhouette; a grab-bag's members each belong to another topic and were pulled
    together by a shared stance ("… saknas", "… stänger"), and their nearest other themes are
    as close. The theme whose removal raises the silhouette most goes first; repeated until no
    removal raises it, at least two themes always stay.

    A theme half or more of whose members go to one other theme is left alone: that would be
    a merge (a fragment of that theme), and a grab-bag is several topics, each a minority.
    Dev sets (``nlp-varmland evaluate``, seeds 0-2): the workshop notes' stance theme
    "praktikplatser – unga – nyanlända" (six "… saknas" / "… stänger" notes of five topics)
    goes, five of its notes become outliers; no other theme of the dev sets goes. See
    benchmarks/themes.py for the public sets.

    >>> Z = np.array([[1, 0, 0, .1], [1, .1, 0, 0], [0, 1, 0, .1], [.1, 1, 0, 0], [0, 0, 1, .1],
    ...               [0, .1, 1, 0], [1, 0, 0, .6], [0, 1, 0, .6], [0, 0, 1, .6]])
    >>> dissolve_grab_bags(Z, np.array([0, 0, 1, 1, 2, 2, 3, 3, 3])).tolist()
    [0, 0, 1, 1, 2, 2, -1, -1, -1]
    >>> Z[6:, 3] = 3                      # the shared direction outweighs the topics: a theme
    >>> dissolve_grab_bags(Z, np.array([0, 0, 1, 1, 2, 2, 3, 3, 3])).tolist()
    [0, 0, 1, 1, 2, 2, 3, 3, 3]
    """
    labels = np.asarray(labels, dtype=int).copy()
    rows = np.flatnonzero(labels >= 0)
    Zk = _unit(np.asarray(Z, dtype=np.float64)[rows])
    G = Zk @ Zk.T                      # each candidate's move changes a few group sums only
    while len(ids := np.unique(labels[rows])) > 2:
        code = np.searchsorted(ids, labels[rows])
        dot = np.stack([G[:, code == j].sum(axis=1) for j in range(len(ids))], axis=1)
        size = np.bincount(code).astype(float)
        score = _silhouette_of(dot, size, code)
        C = _unit(np.stack([Zk[code == j].mean(axis=0) for j in range(len(ids))]))
        best, gain = -1, 0.0
        for j in range(len(ids)):
            members = np.flatnonzero(code == j)
            S = Zk[members] @ C.T
            S[:, j] = -np.inf
            moved = S.argmax(axis=1)
            if np.bincount(moved).max() * 2 >= len(members):
                continue  # half or more fit one other theme: that is a merge, not a grab-bag
            trial_dot, trial_size, trial = dot.copy(), size.copy(), code.copy()
            for t in np.unique(moved):
                trial_dot[:, t] += G[:, members[moved == t]].sum(axis=1)
                trial_size[t] += (moved == t).sum()
            trial[members] = moved
            keep = np.arange(len(ids)) != j
            trial = np.searchsorted(np.flatnonzero(keep), trial)
            delta = _silhouette_of(trial_dot[:, keep], trial_size[keep], trial) - score
            if delta > gain:
                best, gain = j, delta
        if best < 0:
            break
        stay = code != best
        labels[rows[~stay]] = -1
        rows, Zk, G = rows[stay], Zk[stay], G[np.ix_(stay, stay)]
    return labels


def _silhouette_of(dot: np.ndarray, size: np.ndarray, code: np.ndarray) -> float:
    """:func:`silhouette` (min_size 1) from unit rows' dot products with each group's vector sum
    (``dot``, rows x groups), the group sizes and each row's group."""
    r = np.arange(len(code))
    own = size[code]
    a = np.where(own > 1, ((own - 1) - (dot[r, code] - 1.0)) / np.maximum(own - 1, 1), 0.0)
    other = 1.0 - dot / size[None, :]
    other[r, code] = np.inf
    b = other.min(axis=1)
    return float(np.where(own > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0).mean())


def coassociation(W, resolution: float, seed: int = 0, runs: int = CONSENSUS_RUNS,
                  scales: Sequence[float] = (0.5, 1.0, 1.5)) -> np.ndarray:
    """Share of Louvain runs that put each pair of nodes of ``W`` in one community: ``runs``
    seeded runs (the seeds of :func:`consensus_louvain`) at each of ``resolution * scales``
    (evidence accumulation, Fred & Jain 2005). Dense (n, n) float32: for a meeting's graph.

    >>> from scipy import sparse
    >>> A = sparse.csr_matrix(np.kron(np.eye(2), np.ones((3, 3))) - np.eye(6))
    >>> coassociation(A, 1.0, runs=2)[[0, 0], [1, 3]].tolist()
    [1.0, 0.0]
    """
    n = W.shape[0]
    co = np.zeros((n, n), dtype=np.float32)
    total = 0
    for scale in scales:
        for i in range(max(1, int(runs))):
            part = louvain(W, float(resolution) * float(scale), int(seed) + i * 7919)
            co += (part[:, None] == part[None, :])
            total += 1
    return co / max(total, 1)


def split_unstable(co: np.ndarray, labels: np.ndarray, min_size: int) -> np.ndarray:
    """Split each theme along its co-association ``co`` (:func:`coassociation`): average
    linkage of ``1 - co`` among its members, cut at 0.5, i.e. groups that share a community
    in fewer than half of the runs part. The largest group keeps the theme; another group of
    ``min_size`` or more becomes a new theme (numbered after the others), a smaller one goes
    to -1 (to be re-assigned by the outlier rule). -1 is untouched.

    >>> co = np.array([[1, .9, .2, .2], [.9, 1, .2, .2], [.2, .2, 1, .8], [.2, .2, .8, 1]])
    >>> split_unstable(co, np.array([0, 0, 0, 0]), 2).tolist(), split_unstable(co, np.array([0, 0, 0, 0]), 3).tolist()
    ([0, 0, 1, 1], [0, 0, -1, -1])
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    labels = np.asarray(labels, dtype=int)
    out = labels.copy()
    new = int(labels.max(initial=-1) + 1)
    for c in range(new):
        members = np.flatnonzero(labels == c)
        if len(members) < 2:
            continue
        D = 1.0 - np.asarray(co, dtype=np.float64)[np.ix_(members, members)]
        np.fill_diagonal(D, 0.0)
        part = fcluster(linkage(squareform(D, checks=False), "average"), t=0.5, criterion="distance") - 1
        if part.max() < 1:
            continue
        sizes = np.bincount(part)
        main = int(np.argmax(sizes))
        for j in range(len(sizes)):
            if j == main:
                continue
            if sizes[j] >= min_size:
                out[members[part == j]] = new
                new += 1
            else:
                out[members[part == j]] = -1
    return out


def place_glued(labels: np.ndarray, lemma_docs: Sequence[str], places: frozenset[str] | set[str],
                share: float = 0.5) -> list[int]:
    """Themes held together by a place name: some place (``places``, lower-case lemmas) is held
    by at least ``share`` of the theme's statements (and two) and no other word is. Notes that only share
    where they come from ("… i Eda", "Säffle …") are no theme: the issue wants place names in
    a label only when they define the theme, and on the testers' fresh meetings such themes
    were grab-bags ("markägare – eda", "hammarö – kau – kurser", "säffle – trygghetsboende –
    småföretagare": main topic 1 of 3 to 2 of 5).

    >>> docs = ["eda markägare", "eda skog", "eda buss", "fiber eda", "fiber", "fiber torsby"]
    >>> place_glued(np.array([0, 0, 0, 1, 1, 1]), docs, {"eda", "torsby"})
    [0]
    """
    labels = np.asarray(labels, dtype=int)
    sets = [set(str(d or "").split()) for d in lemma_docs]
    out = []
    for c in range(int(labels.max(initial=-1)) + 1):
        members = np.flatnonzero(labels == c)
        if not len(members):
            continue
        counts: dict[str, int] = {}
        for i in members:
            for w in sets[i]:
                counts[w] = counts.get(w, 0) + 1
        held = {w for w, k in counts.items() if k >= max(2.0, share * len(members))}
        if held and held <= set(places):
            out.append(c)
    return out


def dissolve_small(labels: np.ndarray, mts: int) -> np.ndarray:
    """Themes smaller than ``mts`` become -1 (re-assigned later), unless none would survive."""
    sizes = np.bincount(labels[labels >= 0]) if (labels >= 0).any() else np.zeros(0, int)
    keep = sizes >= mts
    if keep.sum() < 1:
        keep = sizes >= min(2, sizes.max(initial=0))
    remap = np.where(keep, np.cumsum(keep) - 1, -1)
    return np.where(labels >= 0, remap[np.maximum(labels, 0)], -1)
