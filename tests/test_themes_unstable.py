"""Themes split along the co-association of the clustering's Louvain runs
(theme_repair.coassociation, theme_repair.split_unstable, ThemeModel._split_unstable): groups
of a theme that share a community in fewer than half of the runs part; a small one goes to the
outlier rule. Stable themes stay whole."""
from __future__ import annotations

import numpy as np
from scipy import sparse

from nlp_varmland.theme_repair import coassociation, split_unstable
from nlp_varmland.themes import ThemeModel
from nlp_varmland.themes_graph import _unit


def _cliques(sizes, bridge=0.0):
    n = sum(sizes)
    A = np.zeros((n, n))
    start = 0
    for s in sizes:
        A[start:start + s, start:start + s] = 1
        start += s
    A[sizes[0] - 1, sizes[0]] = A[sizes[0], sizes[0] - 1] = bridge
    np.fill_diagonal(A, 0)
    return sparse.csr_matrix(A)


def test_coassociation_is_a_share_of_runs_symmetric_with_a_unit_diagonal():
    co = coassociation(_cliques([5, 5]), 1.0, seed=3, runs=4)
    assert co.shape == (10, 10) and np.allclose(co, co.T) and np.allclose(np.diag(co), 1)
    assert (co[:5, :5] == 1).all() and (co[:5, 5:] == 0).all()
    assert np.array_equal(co, coassociation(_cliques([5, 5]), 1.0, seed=3, runs=4))   # deterministic


def test_a_theme_of_two_groups_that_the_runs_keep_apart_is_split():
    co = coassociation(_cliques([6, 6], bridge=1.0), 1.0, runs=5)
    one = np.zeros(12, dtype=int)
    got = split_unstable(co, one, 3)
    assert len(set(got[:6])) == 1 and len(set(got[6:])) == 1 and got[0] != got[6]
    assert set(got) == {0, 1}
    # a group below the smallest theme goes to the outlier rule (-1); the largest keeps the id
    got = split_unstable(co, one, 7)
    assert (got == -1).sum() == 6 and (got >= 0).sum() == 6 and set(got[got >= 0]) == {0}


def test_stable_themes_and_outliers_are_untouched():
    co = coassociation(_cliques([4, 4, 4]), 1.0, runs=3)
    labels = np.array([0] * 4 + [1] * 4 + [-1] * 4)
    assert np.array_equal(split_unstable(co, labels, 2), labels)


def _meeting(seed, topics=8, per_topic=10, dim=48):
    rng = np.random.default_rng(seed)
    T = np.eye(dim)[:topics]
    X = np.repeat(T, per_topic, axis=0) + 0.6 / np.sqrt(dim) * rng.normal(size=(topics * per_topic, dim))
    return _unit(X), np.repeat(np.arange(topics), per_topic)


def test_themodel_runs_the_step_on_a_meeting_keeps_clean_topics_and_the_outlier_cap():
    X, topic = _meeting(0)
    docs = [f"anteckning {i}" for i in range(len(X))]
    tm = ThemeModel(random_state=0).fit(docs, X)
    assert "split_unstable" in tm.params_
    assert (tm.labels_ < 0).mean() <= 0.10
    kept = tm.labels_ >= 0
    for c in np.unique(tm.labels_[kept]):                 # clean topics stay pure
        assert len(set(topic[tm.labels_ == c])) == 1
    again = ThemeModel(random_state=0).fit(docs, X)
    assert np.array_equal(tm.labels_, again.labels_)


def test_not_beyond_a_meeting_nor_when_a_number_of_themes_is_asked():
    X, _ = _meeting(1, topics=9, per_topic=45)            # 405 statements: fewer consensus runs
    docs = [f"anteckning {i}" for i in range(len(X))]
    assert ThemeModel(random_state=0).fit(docs, X).params_["split_unstable"] == 0
    X, _ = _meeting(2)
    asked = ThemeModel(n_themes=5, random_state=0).fit([f"n {i}" for i in range(len(X))], X)
    assert asked.params_["split_unstable"] == 0
