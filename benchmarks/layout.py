"""Benchmark the theme map's layout alone: seconds, trustworthiness, same-theme nearest 2-D
neighbour, distinct positions and themes interleaved, at 200, 4,000 and 100k statements.

Run from the repository root::

    python -m benchmarks.layout                    # pca and the current theme_layout
    python -m benchmarks.layout --before 4e482d0   # and theme_layout as it was at a commit
    python -m benchmarks.layout --sizes 200 4000   # fewer sizes (the 100k theme fit is slow)

The draws are those of ``benchmarks.themes --layouts`` (the pooled SIB-200, SuperLim and
workshop-note embeddings, jittered past their rows), themed by ``ThemeModel`` once per
size and cached in ``benchmarks/results/layout_labels_<n>.npz`` (gitignored), so a second run
times the layouts only. ``in_other_disc`` is the share of themed points inside another theme's
bounding disc (:func:`nlp_varmland.layout.interleaved`): 0 when themes are apart.
Results: ``benchmarks/results/layout.json``.

Before -> after (MP, 2026-12-01, issue 12, the discs layout; 2 shared cores, seconds are noisy):
see the ``layout`` entry of the commit message and the report to the lead.
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

    methods = {"pca": layout.pca_layout, "theme": layout.theme_layout}
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


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 4_000, 100_000])
    ap.add_argument("--before", help="also time theme_layout as it was at this git revision")
    args = ap.parse_args(argv)
    rows = run(tuple(args.sizes), args.before)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "layout.json").write_text(json.dumps(rows, indent=2))
    return {"layout": rows}


if __name__ == "__main__":
    main(sys.argv[1:])
