"""Splitting mixtures (theme_repair.split_mixtures): a theme that is two topics is cut in two,
a coherent theme is left whole."""
from __future__ import annotations

import numpy as np
import pytest

from nlp_varmland.theme_repair import split_mixtures
from nlp_varmland.themes import ThemeModel
from nlp_varmland.themes_graph import Centerer, knn_graph


def _topics(sizes=(30, 30, 30), dim=24, spread=0.9, seed=0):
    """Gaussian topics around random centres, centred and unit-length like the theme model's
    space; returns (Z, kNN graph, topic of each row)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(sizes), dim))
    X = np.vstack([c + rng.normal(scale=spread, size=(n, dim)) for c, n in zip(centres, sizes)])
    Z = Centerer().fit_transform(X.astype(np.float32))
    return Z, knn_graph(Z, 20), np.repeat(np.arange(len(sizes)), sizes)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_planted_two_topic_mixture_is_split_into_its_topics(seed):
    Z, W, topic = _topics(seed=seed)
    merged = np.where(topic == 2, 1, 0)               # theme 0 holds topics 0 and 1
    got = split_mixtures(W, Z, merged, min_size=5, min_coherence=1 / 3)
    assert got.max() == 2                              # one new theme
    assert np.array_equal(got[topic == 2], np.ones(30, dtype=int))   # the coherent theme stays
    for t in (0, 1):                                    # each half is (nearly) one topic
        assert np.bincount(got[topic == t]).max() >= 27


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_coherent_themes_are_not_split(seed):
    Z, W, topic = _topics(sizes=(40, 40, 40), seed=seed)
    assert np.array_equal(split_mixtures(W, Z, topic, min_size=5, min_coherence=1 / 3), topic)


def test_no_split_into_parts_below_the_min_size_and_outliers_stay():
    Z, W, topic = _topics(sizes=(30, 8, 30), seed=3)
    labels = np.where(topic == 2, 1, 0)                # theme 0 = 30 + 8
    labels[:2] = -1
    got = split_mixtures(W, Z, labels, min_size=10, min_coherence=1 / 3)
    assert np.array_equal(got, labels)                 # 8 < min size: left whole, -1 kept
    assert (split_mixtures(W, Z, labels, min_size=5)[:2] == -1).all()


def test_theme_model_splits_a_merged_pair_it_was_given():
    """End to end: a clusterer that returns two topics as one theme; the model reports the split."""
    Z, _, topic = _topics(seed=4)

    class Merging:
        def fit_predict(self, Z):
            from nlp_varmland.themes_graph import GraphClusterer

            gc = GraphClusterer(random_state=0).fit(Z)
            self.graph_, self.graph_index_, self.n_neighbors = gc.graph_, gc.graph_index_, gc.n_neighbors
            return np.where(topic == 2, 1, 0)

    docs = [f"text {i}" for i in range(len(Z))]
    tm = ThemeModel(clusterer=Merging(), random_state=0).fit(docs, Z)
    assert tm.params_["split_mixtures"] == 1 and len(tm.themes_) == 3
    assert np.array_equal(tm.transform(Z), tm.labels_)     # centroids refit on the split themes
    assert ThemeModel(clusterer=Merging(), n_themes=2, random_state=0).fit(docs, Z).params_["split_mixtures"] == 0
