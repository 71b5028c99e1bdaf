"""Benchmark the theme map's layout alone: seconds, trustworthiness, same-theme nearest 2-D
neighbour, distinct positions and themes interleaved, at 200, 4,000 and 100k statements.

Run from the repository root::

    python -m benchmarks.layout                    # pca and the current theme_layout
    python -m benchmarks.layout --before 4e482d0   # and theme_layout as it was at a commit
    python -m benchmarks.layout --sizes 200 4000   # fewer sizes (the 100k theme fit is slow)
    python -m benchmarks.layout --dom OUT/report.html ...   # the map as drawn, in Chromium

The draws are those of ``benchmarks.themes --layouts`` (the pooled SIB-200, SuperLim and
workshop-note embeddings, jittered past their rows), themed by ``ThemeModel`` once per
size and cached in ``benchmarks/results/layout_labels_<n>.npz`` (gitignored), so a second run
times the layouts only. ``in_other_disc`` is the share of themed points inside another theme's
bounding disc (:func:`nlp_varmland.layout.interleaved`): 0 when themes are apart.
Results: ``benchmarks/results/layout.json``.

``--dom`` measures what a reader sees, from the DOM of reports in headless Chromium (Playwright,
/usr/bin/chromium): dots, distinct whole-pixel positions, pairs of dots that overlap (centres
closer than the sum of their radii), the same-theme nearest neighbour on screen, the share of
themed dots inside another theme's bounding disc (and the worst pair of themes), theme pairs
whose dots come within one dot diameter of each other, and dots under a theme marker.

Before (4e482d0: MDS centres, PCA offsets clamped to a disc, the chart's bounded nudge) -> after
(discs sized by the theme, pushed apart, one place per statement), MP 2026-12-01, issue 12;
``--before 4e482d0`` in one run (2 shared cores, busy: seconds are rough):

    n=200    trustworthiness 0.893 -> 0.889, distinct 1.000 -> 1.000, 0.49 -> 0.09 s
    n=4,000  trustworthiness 0.929 -> 0.919, distinct 0.967 -> 1.000, 4.12 -> 0.17 s
    n=100k   trustworthiness 0.919 -> 0.912, distinct 0.981 -> 1.000, 12.68 -> 1.69 s
    (same-theme nearest neighbour 1.000 and in_other_disc 0.000 both ways: the old layout kept
    its discs apart, the chart then piled the dots on each other; pca: 0.72, 0.32-0.43, 0.9)

``--dom`` on the reports (the pipeline's themes, re-laid out before/after) of the sample meetings,
the 12 themes* and 7 meetings_blind* sets, goals*, challenges and a 4,000-statement draw: pairs of
overlapping dots 188 -> 0 (sample meetings), 32-614 -> 0 (each labelled set), 24,269 -> 0 (4,000);
themed dots inside another theme's disc up to 12.7 % -> 0 (the worst pair of themes: up to all of
a theme's dots -> none); theme pairs whose dots come within a diameter of each other up to 16 -> 0.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._data import RESULTS, ROOT


def _labels(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The embeddings and theme labels of the n-statement draw (as ``benchmarks.themes._layouts``)."""
    from benchmarks.themes import DATASETS, _pooled

    texts, X, lemmas = _pooled(DATASETS)
    rng = np.random.default_rng(seed)
    draws = {}
    for size in sorted({200, 4_000, 100_000, n}):  # the same random stream as themes._layouts
        idx = rng.integers(0, len(X), size) if size > len(X) else rng.choice(len(X), size, replace=False)
        jitter = rng.normal(0, 0.01, (size, X.shape[1])).astype(np.float32) if size > len(X) else 0
        draws[size] = (idx, jitter)
    idx, jitter = draws[n]
    Xn = X[idx] + jitter
    cache = RESULTS / f"layout_labels_{n}.npz"
    if cache.exists():
        return Xn, np.load(cache)["labels"]
    from nlp_varmland.themes import ThemeModel

    labels = ThemeModel(random_state=seed).fit([texts[i] for i in idx], Xn,
                                               lemmas=[lemmas[i] for i in idx]).labels_
    np.savez(cache, labels=labels)
    return Xn, labels


def _layout_at(rev: str) -> Any:
    """``nlp_varmland.layout`` as it was at git revision ``rev`` (a module loaded from a temp file)."""
    code = subprocess.run(["git", "show", f"{rev}:nlp_varmland/layout.py"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "layout_before.py"
    path.write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("layout_before", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(sizes: tuple[int, ...] = (200, 4_000, 100_000), before: str | None = None) -> list[dict[str, Any]]:
    from nlp_varmland import layout

    methods: dict[str, Any] = {"pca": layout.pca_layout, "theme": layout.theme_layout}
    if before:
        methods[f"theme@{before}"] = _layout_at(before).theme_layout
    rows = []
    for n in sizes:
        X, labels = _labels(n)
        for name, f in methods.items():
            t = time.perf_counter()
            xy = f(X, labels)
            secs = round(time.perf_counter() - t, 2)
            rows.append({"n": n, "method": name, "seconds": secs, "themes": int(labels.max() + 1),
                         **layout.measure(X, xy, labels)})
            print(f"  layout n={n:>7} {name:<16} {rows[-1]}", flush=True)
    return rows


DOTS_JS = """(sel) => [...document.querySelectorAll(sel)].map(c => {
    const r = c.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2, r.width / 2, +c.dataset.t];
})"""


def dom_numbers(dots: np.ndarray, marks: np.ndarray) -> dict[str, Any]:
    """The map as drawn: ``dots`` rows are (x, y, radius, theme) on screen, ``marks`` (x, y, radius)."""
    from nlp_varmland.layout import interleaved

    xy, rad, t = dots[:, :2], dots[:, 2], dots[:, 3].astype(int)
    d = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1)) + np.eye(len(xy)) * 1e9
    over = np.triu(d < 0.98 * (rad[:, None] + rad[None]), 1)
    themed = t >= 0
    nn = np.where(themed[None, :], d, np.inf)[themed].argmin(1)
    ids = sorted(set(t[themed].tolist()))
    worst, touching = 0.0, 0
    for b in ids:
        own = xy[t == b]
        centre = own.mean(0)
        reach = np.sqrt(((own - centre) ** 2).sum(1)).max()
        inside = np.sqrt(((xy - centre) ** 2).sum(1)) < reach
        worst = max([worst] + [float(inside[t == a].mean()) for a in ids if a != b])
        touching += sum(1 for a in ids if a > b and (d[t == a][:, t == b].min() - 2 * rad.mean()) < 2 * rad.mean())
    under = sum(1 for x, y, r in dots[:, :3] if any((x - u) ** 2 + (y - v) ** 2 < (r + q) ** 2 for u, v, q in marks))
    return {"dots": len(dots), "distinct_px": round(len({(round(a), round(b)) for a, b in xy}) / len(xy), 3),
            "overlapping_pairs": int(over.sum()), "dots_overlapping": round(float((over | over.T).any(1).mean()), 3),
            "same_theme_nn": round(float((t[nn] == t[themed]).mean()), 3),
            "in_other_disc": round(interleaved(xy, t), 3), "worst_pair_in_disc": round(worst, 3),
            "pairs_touching": f"{touching}/{len(ids) * (len(ids) - 1) // 2}", "dots_under_marker": under}


def dom(reports: list[str]) -> list[dict[str, Any]]:
    """:func:`dom_numbers` of each report's theme map, opened in headless Chromium."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
        for report in reports:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(Path(report).resolve().as_uri())
            dots = np.array(page.evaluate(DOTS_JS, "svg.scatter circle.dot"), dtype=float)
            marks = np.array(page.evaluate(DOTS_JS, "svg.scatter circle.mark"), dtype=float)[:, :3]
            page.close()
            rows.append({"report": report, **dom_numbers(dots, marks)})
            print(" ", rows[-1], flush=True)
        browser.close()
    return rows


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 4_000, 100_000])
    ap.add_argument("--before", help="also time theme_layout as it was at this git revision")
    ap.add_argument("--dom", nargs="+", metavar="REPORT", help="measure these reports' maps in Chromium")
    args = ap.parse_args(argv)
    if args.dom:
        return {"dom": dom(args.dom)}
    rows = run(tuple(args.sizes), args.before)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "layout.json").write_text(json.dumps(rows, indent=2))
    return {"layout": rows}


if __name__ == "__main__":
    main(sys.argv[1:])
