"""Consensus Louvain (themes_graph.consensus_louvain): the most typical of several seeded runs."""
from __future__ import annotations

import numpy as np

from nlp_varmland.themes_graph import (
    CONSENSUS_RUNS,
    Centerer,
    GraphClusterer,
    consensus_louvain,
    consensus_runs,
    knn_graph,
    louvain,
)


def _canon(labels: np.ndarray) -> tuple[int, ...]:
    """The partition with its communities numbered by first appearance (ids are arbitrary)."""
    seen: dict[int, int] = {}
    return tuple(seen.setdefault(int(c), len(seen)) for c in labels)


def _overlapping_blobs(seed: int = 2) -> object:
    """kNN graph of 6 overlapping Gaussian topics of 25 points: Louvain's result depends on its seed."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(size=(6, 16))
    X = np.vstack([c + rng.normal(scale=1.0, size=(25, 16)) for c in centers]).astype(np.float32)
    return knn_graph(Centerer().fit_transform(X), 10)


def test_consensus_is_the_same_partition_where_single_runs_disagree():
    W = _overlapping_blobs()
    singles = {_canon(louvain(W, 1.0, s)) for s in range(8)}
    consensus = {_canon(consensus_louvain(W, 1.0, s)) for s in range(8)}
    assert len(singles) >= 3          # plain Louvain: a different partition for many seeds
    assert len(consensus) == 1        # the consensus: one partition whatever the seed
    assert consensus <= {_canon(louvain(W, 1.0, s + i * 7919)) for s in range(8)
                         for i in range(CONSENSUS_RUNS)}   # it is one of the runs, not a new one


def test_consensus_is_deterministic_and_one_run_is_plain_louvain():
    W = _overlapping_blobs()
    assert np.array_equal(consensus_louvain(W, 1.0, 5), consensus_louvain(W, 1.0, 5))
    assert np.array_equal(consensus_louvain(W, 1.0, 5, runs=1), louvain(W, 1.0, 5))


def test_consensus_runs_shrink_with_the_graph_so_the_cost_stays_bounded():
    assert consensus_runs(100) == consensus_runs(400) == CONSENSUS_RUNS
    assert consensus_runs(1000) < CONSENSUS_RUNS and consensus_runs(4000) == 1
    assert consensus_runs(0) == CONSENSUS_RUNS
    X = np.random.default_rng(0).normal(size=(60, 8)).astype(np.float32)
    gc = GraphClusterer(consensus_runs=1, random_state=3).fit(X)
    assert gc.consensus_runs_ == 1 and np.array_equal(gc.labels_, louvain(gc.graph_, gc.resolution, 3))
    assert GraphClusterer(random_state=3).fit(X).consensus_runs_ == CONSENSUS_RUNS
