"""The uneven-meeting draws of benchmarks/themes.py (uneven_draws): Zipf-like topic sizes, seeded."""
from __future__ import annotations

import numpy as np

from benchmarks.themes import uneven_draws


def _labels(sizes):
    return [f"t{i}" for i, n in enumerate(sizes) for _ in range(n)]


def test_uneven_draws_have_the_asked_shape_and_are_deterministic():
    y = _labels([18, 17, 16, 15, 12, 11, 10, 10, 10, 10, 10, 10, 10, 10])
    a = uneven_draws(y, draws=5, seed=7)
    b = uneven_draws(y, draws=5, seed=7)
    assert all(np.array_equal(i, j) for i, j in zip(a, b))
    assert not np.array_equal(a[0], uneven_draws(y, draws=1, seed=8)[0])
    y_arr = np.asarray(y)
    for idx in a:
        assert len(np.unique(idx)) == len(idx)                  # no note twice
        topics, sizes = np.unique(y_arr[idx], return_counts=True)
        sizes = np.sort(sizes)[::-1]
        assert 8 <= len(sizes) <= 12
        assert sizes[0] == max(int((y_arr == t).sum()) for t in topics)  # the largest topic, whole
        assert 4.0 <= sizes[0] / sizes[-1] <= 6.0               # uneven: 5-6x, rounded
        assert (np.diff(sizes) <= 0).all()


def test_uneven_draws_never_take_more_notes_than_a_topic_has():
    y = _labels([40, 5, 5, 5])
    for idx in uneven_draws(y, draws=3, topics=(4, 4), largest=30, ratio=(2.0, 2.0)):
        counts = np.bincount(np.array([int(t[1:]) for t in np.asarray(y)[idx]]), minlength=4)
        assert counts[0] == 30 and (counts[1:] == 5).all()      # wanted 30, 24, 19, 15: capped at 5
