"""The theme map as drawn (report/charts.scatter_chart over layout.theme_layout), measured in the
DOM of headless Chromium: tester B14 saw 11 dots of 'elever – frånvaro' in a 14-px box right
over 'unga – psykisk ohälsa'."""
from __future__ import annotations

import math
import re

import numpy as np

from nlp_varmland.layout import interleaved, theme_layout
from nlp_varmland.report.charts import scatter_chart
from nlp_varmland.report.facts import colour
from tests.test_report import DOT_CIRCLES_JS, DOTS_JS, browser, open_report  # noqa: F401 (fixture)


def overlapping_pairs(circles: list) -> int:
    """Pairs of dots (``(x, y, r, ...)``) whose discs overlap by more than a hair."""
    return sum(1 for i, a in enumerate(circles) for b in circles[i + 1:]
               if math.dist(a[:2], b[:2]) < 0.98 * (a[2] + b[2]))


def _near_neighbour_themes() -> tuple[np.ndarray, np.ndarray]:
    """Five themes; themes 0 and 1 have almost the same centroid (30 and 11 statements)."""
    rng = np.random.default_rng(7)
    base = rng.normal(size=48)
    centres = [base, base + 0.05, rng.normal(size=48), rng.normal(size=48), rng.normal(size=48)]
    sizes = [30, 11, 40, 25, 60]
    X = np.vstack([rng.normal(0, 0.2, (n, 48)) + c for c, n in zip(centres, sizes)])
    labels = np.repeat(np.arange(5), sizes)
    labels[::23] = -1  # a few outliers
    return X.astype(np.float32), labels


def test_near_neighbour_themes_are_apart_in_the_browser(browser, tmp_path):  # noqa: F811
    X, labels = _near_neighbour_themes()
    xy = theme_layout(X, labels)
    themes = [{"theme_id": k, "label": f"tema {k}", "colour": colour(k), "rank": k + 1} for k in range(5)]
    svg = scatter_chart([(x, y, t) for (x, y), t in zip(xy, labels)], themes,
                        [f"påstående {i}" for i in range(len(labels))])
    page_path = tmp_path / "map.html"
    page_path.write_text(f"<!doctype html><meta charset=utf-8><body style='width:760px'>{svg}</body>",
                         encoding="utf-8")
    page, errors = open_report(browser, page_path)
    dots = page.evaluate(DOTS_JS)
    circles = page.evaluate(DOT_CIRCLES_JS)
    page.close()
    assert errors == [] and len(dots) == len(labels)
    assert len({(round(x), round(y)) for x, y, *_ in dots}) >= 0.9 * len(dots)
    pos, t = np.array([d[:2] for d in dots]), np.array([d[2] for d in dots])
    assert interleaved(pos, t) == 0.0  # no theme's dot inside another theme's disc
    assert overlapping_pairs(circles) == 0  # every dot shows whole
    diameter = 2 * circles[0][2]
    near = math.dist(*min(((a[:2], b[:2]) for a in dots if a[2] == 0 for b in dots if b[2] == 1),
                          key=lambda p: math.dist(*p)))
    assert near >= 2 * diameter  # white space between the two near-neighbour themes
    assert sum(1 for d in dots if d[2] == -1) == int((labels < 0).sum())


def test_the_map_keeps_its_aspect_a_round_theme_stays_round():
    """One scale for x and y: a ring of points is as wide as it is high on the page (the map
    used to stretch x and y separately, so distances meant different things each way)."""
    angles = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    points = [(float(np.cos(a)) * 10, float(np.sin(a)) * 3, 0) for a in angles]  # an ellipse 10 x 3
    points += [(float(np.cos(a)) + 30, float(np.sin(a)) + 3, 1) for a in angles[::4]]  # a small round theme
    themes = [{"theme_id": k, "label": f"t{k}", "colour": colour(k), "rank": k + 1} for k in range(2)]
    svg = scatter_chart(points, themes)
    dot = r'<circle cx="([-\d.]+)" cy="([-\d.]+)" r="[\d.]+"[^>]*class="dot"'
    dots = [(float(x), float(y)) for x, y in re.findall(dot, svg)]
    big = dots[:40]
    w = max(x for x, _ in big) - min(x for x, _ in big)
    h = max(y for _, y in big) - min(y for _, y in big)
    assert abs(w / h - 10 / 3) < 0.15
    height = float(re.search(r'viewBox="0 0 760 ([\d.]+)"', svg).group(1))
    assert height < 460  # a wide layout gets a lower map, not stretched dots
