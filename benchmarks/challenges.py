"""Challenge detection on ``corpora/labelled/challenges.csv``: cues only, prototypes only, combined.

The detector's constants are fixed by construction (threshold 0.5, see
``nlp_varmland/challenges.py``); nothing here is tuned on this set.

    .venv/bin/python -m benchmarks.challenges [--embedder e5] [--cache PATH] [--errors]
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

from nlp_varmland.challenges import ChallengeDetector
from nlp_varmland.embeddings import EmbeddingCache, embed, get_embedder

DATA = Path(__file__).resolve().parents[1] / "corpora" / "labelled" / "challenges.csv"


def load(path: Path = DATA) -> tuple[list[str], np.ndarray]:
    """Texts and boolean labels of the labelled challenge set."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r["text"] for r in rows], np.array([r["is_challenge"] == "1" for r in rows])


def metrics(y: np.ndarray, pred: np.ndarray) -> dict[str, float | int]:
    """Accuracy, precision, recall, F1 and the confusion counts (positive = challenge)."""
    tp = int((pred & y).sum())
    fp = int((pred & ~y).sum())
    fn = int((~pred & y).sum())
    tn = int((~pred & ~y).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"accuracy": (tp + tn) / len(y), "precision": precision, "recall": recall, "f1": f1,
            "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def main(argv: list[str] | None = None) -> dict[str, dict[str, float | int]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="e5")
    parser.add_argument("--cache", default=None, help="embedding cache file (default: user cache)")
    parser.add_argument("--errors", action="store_true", help="list misclassified statements")
    args = parser.parse_args(argv if argv is not None else [])

    texts, y = load()
    cache = EmbeddingCache(args.cache) if args.cache else None
    embedder = get_embedder(args.embedder)
    det = ChallengeDetector(embedder=embedder, cache=cache).fit()
    x = embed(texts, embedder, cache=cache)

    z_proto = float(det.bias) + det.proto_weight * det.prototype_margins(x)
    variants = {
        "cues only": det.predict(texts),
        "prototypes only": 1 / (1 + np.exp(-z_proto)) >= det.threshold,
        "combined": det.predict(texts, x),
    }
    print(f"{len(texts)} statements ({int(y.sum())} challenges), embedder {embedder.model_id}, "
          f"threshold {det.threshold}")
    print(f"{'variant':<17}{'acc':>7}{'prec':>7}{'rec':>7}{'F1':>7}   confusion [tp fp / fn tn]")
    results = {}
    for name, pred in variants.items():
        m = metrics(y, np.asarray(pred, dtype=bool))
        results[name] = m
        print(f"{name:<17}{m['accuracy']:>7.3f}{m['precision']:>7.3f}{m['recall']:>7.3f}"
              f"{m['f1']:>7.3f}   [{m['tp']:>3} {m['fp']:>3} / {m['fn']:>3} {m['tn']:>3}]")
    if args.errors:
        proba = det.predict_proba(texts, x)
        print("\nmisclassified by the combined detector (label, p, cues):")
        for t, label, p, pred in zip(texts, y, proba, variants["combined"]):
            if bool(pred) != bool(label):
                cues = ", ".join(f"{m.text}{'(neg)' if m.negated else ''}" for m in det.explain(t))
                print(f"  {int(label)}  {p:.2f}  {t}   [{cues}]")
    return results


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
