"""Grab-bag themes (theme_repair.dissolve_grab_bags): a theme whose statements each belong to
another topic and were pulled together by a shared stance is dissolved; its statements join
the theme they fit or become outliers. Real themes, small ones included, stay."""
from __future__ import annotations

import numpy as np
import pytest

from nlp_varmland.theme_repair import dissolve_grab_bags
from nlp_varmland.themes import ThemeModel
from nlp_varmland.themes_graph import _unit

DIM = 32


def _meeting(seed: int, stance: float, topics: int = 5, per_topic: int = 10):
    """``topics`` topics of ``per_topic`` statements, and one statement of each topic that also
    leans, by ``stance``, toward a shared direction no topic has ("Det saknas ...")."""
    rng = np.random.default_rng(seed)
    T, s = np.eye(DIM)[:topics], np.eye(DIM)[DIM - 1]
    noise = 0.35 / np.sqrt(DIM)
    X = [T[a] + noise * rng.normal(size=DIM) for a in range(topics) for _ in range(per_topic)]
    X += [T[a] + stance * s + noise * rng.normal(size=DIM) for a in range(topics)]
    topic = np.array([a for a in range(topics) for _ in range(per_topic)] + list(range(topics)))
    Xu = _unit(np.array(X))
    return _unit(Xu - Xu.mean(axis=0)), topic


@pytest.mark.parametrize("seed", range(4))
def test_a_stance_grab_bag_is_dissolved_and_real_themes_stay(seed):
    Z, topic = _meeting(seed, stance=0.8)
    labels = topic.copy()
    labels[-5:] = 5                                   # the stance statements as one theme
    got = dissolve_grab_bags(Z, labels)
    assert (got[-5:] == -1).all()
    assert np.array_equal(got[:-5], labels[:-5])


@pytest.mark.parametrize("seed", range(4))
def test_a_theme_that_is_its_own_cluster_stays(seed):
    # the shared direction outweighs the topics: the five statements are a theme of their own
    Z, topic = _meeting(seed, stance=3.0)
    labels = topic.copy()
    labels[-5:] = 5
    assert np.array_equal(dissolve_grab_bags(Z, labels), labels)


def test_clean_topics_small_ones_included_are_untouched_and_outliers_stay():
    Z, topic = _meeting(0, stance=0.0, topics=6, per_topic=5)
    labels = topic.copy()
    labels[-6:] = -1
    assert np.array_equal(dissolve_grab_bags(Z, labels), labels)


def test_a_fragment_of_one_theme_is_not_a_grab_bag():
    # five statements of topic 0, leaning the same way: they would all join topic 0 (a merge)
    Z, topic = _meeting(1, stance=0.0)
    rng = np.random.default_rng(1)
    extra = _unit(np.eye(DIM)[0] + 0.8 * np.eye(DIM)[DIM - 1] + 0.1 * rng.normal(size=(5, DIM)))
    Z = np.vstack([Z[:-5], extra])
    labels = np.r_[topic[:-5], [5] * 5]
    assert np.array_equal(dissolve_grab_bags(Z, labels), labels)


class _Given:
    """A clusterer that returns the labels it was made with."""

    def __init__(self, labels):
        self.labels = np.asarray(labels)

    def fit_predict(self, Z, y=None):
        return self.labels.copy()


def _fit_with_stance_theme(seed, stance):
    """A ThemeModel given the topics and the last 5 statements as one extra theme."""
    Z, topic = _meeting(seed, stance=stance)
    labels = topic.copy()
    labels[-5:] = 5
    docs = [f"påstående {i}" for i in range(len(Z))]
    return ThemeModel(clusterer=_Given(labels), min_theme_size=3, random_state=0).fit(docs, Z), topic


def test_theme_model_dissolves_a_grab_bag_it_was_given():
    # weaker leanings are already cut up by the nearest-centroid step or dissolved as incoherent
    tm, topic = _fit_with_stance_theme(2, 1.0)
    assert tm.params_["dissolved_grab_bags"] == 1
    assert len(tm.themes_) == 5
    moved = tm.labels_[-5:]
    # each stance statement joins the theme of its own topic or is an outlier, never one theme
    home = {a: np.bincount(tm.labels_[:-5][topic[:-5] == a]).argmax() for a in range(5)}
    assert all(m == -1 or m == home[a] for m, a in zip(moved, topic[-5:]))
    assert np.array_equal(tm.labels_[:-5], np.array([home[a] for a in topic[:-5]]))


def test_theme_model_keeps_a_real_small_theme():
    tm, _ = _fit_with_stance_theme(3, 3.0)
    assert tm.params_["dissolved_grab_bags"] == 0 and len(tm.themes_) == 6


def test_theme_model_leaves_large_loose_themes_alone():
    # themes larger than a statement's graph neighbours (SIB-200's regime): no grab-bag test
    Z, topic = _meeting(2, stance=1.0, per_topic=30)
    labels = topic.copy()
    labels[-5:] = 5
    docs = [f"påstående {i}" for i in range(len(Z))]
    tm = ThemeModel(clusterer=_Given(labels), min_theme_size=3, random_state=0).fit(docs, Z)
    assert tm.params_["dissolved_grab_bags"] == 0
    assert dissolve_grab_bags(Z, labels)[-5:].tolist() == [-1] * 5   # the test itself would
