"""Benchmark the theme model against plain BERTopic and k-means at the true k.

Run from the repository root::

    python -m benchmarks.themes              # all datasets, all methods, scaling to 100k
    python -m benchmarks.themes --quick      # skip the UMAP variants and the 100k scaling run

For each labelled set (SIB-200 sv, SuperLim argumentation sv, our own ``corpora/labelled``)
it reports NMI, ARI, number of themes, outlier share and seconds per stage for

- ``ours``: ``ThemeModel()`` defaults (native engine: centring + Louvain on a 20-NN graph,
  resolution 2 * max(1, n/200) ** 0.25, min theme size sqrt(n)/2.5),
- ``ours-v0``: the earlier defaults (k = clip(sqrt(n)/2, 5, 15) neighbours, resolution 1,
  min theme size sqrt(n)/2), kept so every run shows the before/after of that choice,
- ``bertopic``: ``BERTopic()`` defaults (UMAP 5-d + HDBSCAN, seeded UMAP) on the same embeddings,
- ``kmeans@k``: k-means on the e5 embeddings with the TRUE number of labels (an oracle),
- ``ours+umap`` / ``ours+umap+hdbscan``: our pipeline with UMAP as reducer (where would it win?).

Embeddings are e5 ``query:`` vectors cached in ``benchmarks/results``; results go to
``benchmarks/results/themes.json``. Importable: ``run(quick=False) -> dict``.
"""
from __future__ import annotations

import argparse
import json
import time
from typing import Any

import numpy as np

from benchmarks._data import RESULTS, embed_cached, embedding_seconds, load_dataset

DATASETS = ("sib200", "superlim", "themes_sv")


def _scores(y: list[str], labels: np.ndarray) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    labels = np.asarray(labels)
    return {"nmi": round(float(normalized_mutual_info_score(y, labels)), 3),
            "ari": round(float(adjusted_rand_score(y, labels)), 3),
            "n_themes": int(len(set(labels.tolist()) - {-1})),
            "outlier_share": round(float((labels < 0).mean()), 3)}


def _ours(texts, X, y, **kw) -> dict[str, Any]:
    from nlp_varmland.keywords import lemmatize
    from nlp_varmland.themes import ThemeModel

    t = time.perf_counter()
    lemmas = lemmatize(texts)
    t_lem = time.perf_counter() - t
    tm = ThemeModel(**kw).fit(texts, X, lemmas=lemmas)
    stages = dict(tm.params_["timings"], lemmas=round(t_lem, 3))
    stages["total"] = round(stages["total"] + t_lem, 3)
    return {**_scores(y, tm.labels_), "seconds": stages,
            "labels": tm.themes_.label.tolist()[:12]}


def _ours_v0(texts, X, y) -> dict[str, Any]:
    from nlp_varmland.themes import GraphClusterer

    n = len(texts)
    k = int(np.clip(round(np.sqrt(n) / 2), 5, 15))
    return _ours(texts, X, y, clusterer=GraphClusterer(n_neighbors=k, resolution=1.0),
                 min_theme_size=int(max(3, round(np.sqrt(n) / 2))))


def _bertopic_plain(texts, X, y, seeds=(42,)) -> dict[str, Any]:
    """BERTopic defaults; UMAP only seeded so the run is repeatable. First seed is reported,
    NMI of every seed is kept in ``nmi_by_seed`` because plain BERTopic varies a lot by seed."""
    t = time.perf_counter()
    from bertopic import BERTopic
    from umap import UMAP

    t_imp = time.perf_counter() - t
    runs = []
    for seed in seeds:
        t = time.perf_counter()
        umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
        topics, _ = BERTopic(umap_model=umap).fit_transform(texts, embeddings=X)
        runs.append({**_scores(y, topics), "seconds": {"import": round(t_imp, 2),
                                                       "fit": round(time.perf_counter() - t, 2)}})
    out = runs[0]
    out["nmi_by_seed"] = {str(s): r["nmi"] for s, r in zip(seeds, runs)}
    out["k_by_seed"] = {str(s): r["n_themes"] for s, r in zip(seeds, runs)}
    return out


def _kmeans_true_k(X, y, seed: int = 0) -> dict[str, Any]:
    from sklearn.cluster import KMeans

    t = time.perf_counter()
    labels = KMeans(len(set(y)), n_init=10, random_state=seed).fit_predict(X)
    return {**_scores(y, labels), "seconds": {"fit": round(time.perf_counter() - t, 2)}}


def _umap_variants(texts, X, y, seed: int = 42) -> dict[str, Any]:
    from hdbscan import HDBSCAN
    from umap import UMAP

    out = {}
    t = time.perf_counter()
    reducer = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    out["ours+umap"] = _ours(texts, X, y, reducer=reducer)
    out["ours+umap"]["seconds"]["wall"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    reducer = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
    out["ours+umap+hdbscan"] = _ours(texts, X, y, reducer=reducer,
                                     clusterer=HDBSCAN(min_cluster_size=10, prediction_data=False))
    out["ours+umap+hdbscan"]["seconds"]["wall"] = round(time.perf_counter() - t, 2)
    return out


def _scaling(sizes=(1_000, 10_000, 100_000), seed: int = 0) -> list[dict[str, Any]]:
    """Cost of ThemeModel at large n: jittered copies of the eval embeddings and their lemmas."""
    from nlp_varmland.keywords import lemmatize
    from nlp_varmland.themes import ThemeModel

    texts, X = [], []
    for name in ("sib200", "superlim"):
        t, _ = load_dataset(name)
        texts += t
        X.append(embed_cached(name, t))
    X = np.vstack(X)
    lemmas = lemmatize(texts)
    rng = np.random.default_rng(seed)
    rows = []
    for n in sizes:
        idx = rng.integers(0, len(X), n)
        Xn = X[idx] + rng.normal(0, 0.01, (n, X.shape[1])).astype(np.float32)
        t = time.perf_counter()
        tm = ThemeModel(random_state=seed).fit([texts[i] for i in idx], Xn,
                                               lemmas=[lemmas[i] for i in idx])
        rows.append({"n": n, "wall": round(time.perf_counter() - t, 2), "k": tm.params_["k"],
                     "clusterer": tm.params_["clusterer"], "seconds": tm.params_["timings"],
                     "outlier_share": round(tm.params_["outlier_share"], 3)})
        print(f"  scaling n={n:>7}: {rows[-1]}")
    return rows


def run(quick: bool = False, ours_only: bool = False) -> dict[str, Any]:
    """Run every method on every dataset; returns (and writes) the results dict.

    ``ours_only``: only ``ours`` and ``ours-v0`` (seconds, for tuning); nothing is written."""
    results: dict[str, Any] = {"datasets": {}}
    for name in DATASETS:
        texts, y = load_dataset(name)
        X = embed_cached(name, texts)
        res: dict[str, Any] = {"n": len(texts), "true_k": len(set(y)),
                               "embed_seconds": embedding_seconds(name)}
        res["ours"] = _ours(texts, X, y)
        res["ours-v0"] = _ours_v0(texts, X, y)
        if ours_only:
            results["datasets"][name] = res
            _print(name, res)
            continue
        res["bertopic"] = _bertopic_plain(texts, X, y, seeds=(42,) if quick else (42, 0, 1))
        res["kmeans@k"] = _kmeans_true_k(X, y)
        if not quick:
            res.update(_umap_variants(texts, X, y))
        results["datasets"][name] = res
        _print(name, res)
    if ours_only:
        return results
    if not quick:
        results["scaling"] = _scaling()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "themes.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return results


def _print(name: str, res: dict[str, Any]) -> None:
    print(f"\n{name}: n={res['n']} true k={res['true_k']} (embedding {res['embed_seconds']} s)")
    print(f"  {'method':<20} {'NMI':>6} {'ARI':>6} {'themes':>7} {'outl.':>6}  seconds")
    for m, r in res.items():
        if isinstance(r, dict) and "nmi" in r:
            print(f"  {m:<20} {r['nmi']:>6.3f} {r['ari']:>6.3f} {r['n_themes']:>7} "
                  f"{r['outlier_share']:>6.3f}  {r['seconds']}")
    if "bertopic" in res:
        print("  plain BERTopic NMI by UMAP seed:", res["bertopic"]["nmi_by_seed"],
              "themes:", res["bertopic"]["k_by_seed"])
    print("  labels (ours):", " | ".join(res["ours"]["labels"]))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip UMAP variants and scaling")
    ap.add_argument("--ours-only", action="store_true", help="only ours and ours-v0, no output file")
    args = ap.parse_args(argv)
    return run(quick=args.quick, ours_only=args.ours_only)


if __name__ == "__main__":
    main()
