"""The theme map's layout (nlp_varmland.layout.theme_layout): themes apart, dots apart, honest.

Tester B14 (session 24): two near-neighbour themes drew on top of each other and a dense theme
stayed a blob, although the nearest 2-D neighbour was from the same theme for 94 %.
"""
from __future__ import annotations

import numpy as np
import pytest

from nlp_varmland.layout import interleaved, measure, pca_layout, theme_layout


def _themes(centres: list[np.ndarray], sizes: list[int], spread: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(0, spread, (n, len(c))) + c for c, n in zip(centres, sizes)])
    return X.astype(np.float32), np.repeat(np.arange(len(sizes)), sizes)


def _gap(xy: np.ndarray, labels: np.ndarray, a: int, b: int) -> float:
    """Smallest distance between a dot of theme ``a`` and a dot of theme ``b``."""
    A, B = xy[labels == a], xy[labels == b]
    return float(np.sqrt(((A[:, None] - B[None]) ** 2).sum(-1)).min())


def _closest_pair(xy: np.ndarray) -> float:
    d = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1))
    return float((d + np.eye(len(xy)) * 1e9).min())


def test_near_identical_theme_centroids_get_discs_that_do_not_overlap():
    """Two themes whose centroids are almost the same (B14: 'elever – frånvaro' over 'unga –
    psykisk ohälsa') and a third far away: every pair of themes has empty space between its
    dots, wider than the space between two dots of one theme."""
    rng = np.random.default_rng(1)
    base = rng.normal(size=64)
    far = rng.normal(size=64)
    X, labels = _themes([base, base + 1e-4, far], [40, 25, 30], spread=0.3)
    xy = theme_layout(X, labels)
    spacing = _closest_pair(xy)
    assert spacing > 0
    for a, b in ((0, 1), (0, 2), (1, 2)):
        assert _gap(xy, labels, a, b) >= 2 * spacing, (a, b)
    assert interleaved(xy, labels) == 0.0
    # exactly the same centroid: still two discs, side by side
    same = theme_layout(np.vstack([X[labels == 0], X[labels == 0]]), np.repeat([0, 1], 40))
    assert interleaved(same, np.repeat([0, 1], 40)) == 0.0


def test_a_dense_theme_is_dots_one_spacing_apart_not_a_blob():
    """300 nearly identical statements in one theme beside a small one: no two dots closer than
    the layout's spacing (the disc grows with the theme instead of the dots piling up), and the
    big theme's disc is larger than the small one's, about as sqrt of the size."""
    rng = np.random.default_rng(2)
    c1, c2 = rng.normal(size=32), rng.normal(size=32)
    X, labels = _themes([c1, c2], [300, 12], spread=1e-3)
    xy = theme_layout(X, labels)
    assert _closest_pair(xy) >= 0.9
    assert len({(round(x, 3), round(y, 3)) for x, y in xy}) == len(xy)

    def radius(t: int) -> float:
        P = xy[labels == t]
        return float(np.sqrt(((P - P.mean(0)) ** 2).sum(1)).max())

    assert 3 < radius(0) / radius(1) < 8  # sqrt(300 / 12) = 5


def test_similar_themes_sit_nearer_than_different_ones_and_outliers_by_their_theme():
    """MDS order survives the pushing apart: of three themes on a line A - B - C in the
    embedding space, A and C are farthest apart on the map. An outlier like theme C sits in C's
    disc's outer ring: nearer C's centre than any other theme's."""
    rng = np.random.default_rng(3)
    a, step = rng.normal(size=48), rng.normal(size=48)
    X, labels = _themes([a, a + 2 * step, a + 4 * step], [30, 30, 30], spread=0.8)
    stray = (a + 4 * step + rng.normal(0, 0.8, 48)).astype(np.float32)
    X, labels = np.vstack([X, stray]), np.append(labels, -1)
    xy = theme_layout(X, labels)
    centre = [xy[labels == t].mean(0) for t in range(3)]
    d = {(i, j): float(np.linalg.norm(centre[i] - centre[j])) for i in range(3) for j in range(3)}
    assert d[0, 2] > max(d[0, 1], d[1, 2])
    to_centre = [float(np.linalg.norm(xy[-1] - c)) for c in centre]
    assert int(np.argmin(to_centre)) == 2
    members = np.sqrt(((xy[labels == 2] - centre[2]) ** 2).sum(1))
    assert to_centre[2] >= np.median(members)  # outer ring, not in the middle of the theme


@pytest.mark.parametrize("n_themes", [2, 12])
def test_layout_is_deterministic_and_more_trustworthy_than_pca(n_themes):
    rng = np.random.default_rng(4)
    centres = [rng.normal(size=32) * 2 for _ in range(n_themes)]
    X, labels = _themes(centres, [int(s) for s in rng.integers(5, 40, n_themes)], spread=1.0)
    labels[::17] = -1
    xy = theme_layout(X, labels)
    assert np.array_equal(xy, theme_layout(X, labels))
    ours, pca = measure(X, xy, labels), measure(X, pca_layout(X), labels)
    assert ours["distinct"] == 1.0 and ours["same_theme_nn"] == 1.0 and ours["in_other_disc"] == 0.0
    assert ours["trustworthiness"] > pca["trustworthiness"]


def test_interleaved_counts_dots_inside_another_themes_disc():
    xy = np.array([[0, 0], [4, 0], [1, 0], [3, 0], [9, 9]], dtype=float)
    assert interleaved(xy, np.array([0, 0, 1, 1, -1])) == 0.5  # theme 1 inside theme 0's disc
    assert interleaved(xy, np.array([0, 1, 0, 1, -1])) == 0.0
