"""``python -m benchmarks.goals``: how well statements map to the focus areas of Värmlandsstrategin.

Data: ``corpora/labelled/goals.csv`` (hand-written table notes, ``text,area_id,goal_id``; rows
with an empty ``area_id`` fit no goal). Reported, for the default goal file and embedder:

- focus-area accuracy (a statement mapped to no goal counts as wrong), and the accuracy with
  the threshold switched off (best goal always taken), per goal-text prefix ("query: " vs
  "passage: ") and with keywords switched off;
- sub-goal accuracy on the rows that name a ``goal_id``;
- a confusion matrix (gold area x predicted area, ``(none)`` = emerging);
- the emerging rate on the no-goal rows and on the others;
- the zero-shot baseline: argmax similarity to the bare area names;
- the threshold calibration: the cut that best separates the goal examples (each left out of
  its own goal) from off-topic Swedish sentences (SIB-200 sv: sports, entertainment,
  geography, science/technology; health, politics and travel are left out because they touch
  the strategy's own themes). ``--calibrate`` prints only that.

Results are printed and written to ``benchmarks/results/goals.json``.

>>> from benchmarks.goals import run
>>> result = run()                                   # doctest: +SKIP
>>> result["toolkit"]["accuracy"] > result["baseline"]["accuracy"]   # doctest: +SKIP
True
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
LABELLED = ROOT / "corpora" / "labelled" / "goals.csv"
SIB = Path("/work/shared/eval/sib200-sv/data.csv")
OFFTOPIC_LABELS = ("sports", "entertainment", "geography", "science/technology")
N_OFFTOPIC = 200


class CachedEmbedder:
    """Wrap an embedder with an on-disk vector cache (``benchmarks/results/``, gitignored)."""

    def __init__(self, embedder: Any, path: Path) -> None:
        self.embedder, self.path = embedder, path
        self.model_id = embedder.model_id
        self.dim = embedder.dim
        self.prefix = embedder.prefix
        self.backend = getattr(embedder, "backend", "e5")
        self._store: dict[str, np.ndarray] = {}
        if path.is_file():
            with np.load(path) as z:
                self._store = {k: z[k] for k in z.files}

    def _key(self, prefix: str, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}|{prefix}|{text}".encode()).hexdigest()[:24]

    def encode(self, texts: Sequence[str], *, prefix: str | None = None) -> np.ndarray:
        p = self.prefix if prefix is None else prefix
        keys = [self._key(p, t) for t in texts]
        todo = [i for i, k in enumerate(keys) if k not in self._store]
        if todo:
            vecs = self.embedder.encode([texts[i] for i in todo], prefix=p)
            for i, v in zip(todo, vecs):
                self._store[keys[i]] = np.asarray(v, dtype=np.float32)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(self.path, **self._store)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._store[k] for k in keys])


def default_embedder() -> CachedEmbedder:
    from nlp_varmland.goals import _default_embedder

    return CachedEmbedder(_default_embedder(), RESULTS / "goals-vectors.npz")


def load_labelled(path: Path = LABELLED) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_offtopic(n: int = N_OFFTOPIC) -> list[str]:
    """Off-topic Swedish sentences for calibration: the first ``n`` of the chosen SIB labels."""
    with SIB.open(encoding="utf-8", newline="") as fh:
        rows = [r["text"] for r in csv.DictReader(fh) if r["label"] in OFFTOPIC_LABELS]
    return rows[:n]


def calibrate(mapper: Any, offtopic_vectors: np.ndarray, offtopic_texts: list[str],
              prior: float | None = None) -> dict:
    """Threshold with the lowest expected error between examples (LOO) and off-topic sentences.

    ``prior`` is the assumed share of on-topic statements (``CALIBRATION_PRIOR``, 0.8); with
    0.5 this is the balanced-accuracy cut, also reported.
    """
    from nlp_varmland.goals import CALIBRATION_PRIOR

    prior = CALIBRATION_PRIOR if prior is None else prior
    pos = mapper.example_scores()
    neg = mapper.score_matrix(offtopic_texts, offtopic_vectors).to_numpy().max(axis=1)
    cands = np.unique(np.round(np.concatenate([pos, neg]), 3))

    def best(pi: float) -> tuple[float, float]:
        err = [pi * (pos < t).mean() + (1 - pi) * (neg >= t).mean() for t in cands]
        k = int(np.argmin(err))
        return float(cands[k]), float(err[k])

    best_t, best_err = best(prior)
    bal_t, _ = best(0.5)
    return {"threshold": round(best_t, 3), "prior": prior, "expected_error": round(best_err, 3),
            "balanced_threshold": round(bal_t, 3),
            "examples_above": round(float((pos >= best_t).mean()), 3),
            "offtopic_below": round(float((neg < best_t).mean()), 3),
            "examples_score_median": round(float(np.median(pos)), 3),
            "offtopic_score_median": round(float(np.median(neg)), 3),
            "offtopic_score_p95": round(float(np.quantile(neg, 0.95)), 3),
            "n_examples": int(len(pos)), "n_offtopic": int(len(neg))}


def evaluate(pred_area: Sequence[str], pred_goal: Sequence[str], rows: list[dict[str, str]],
             areas: list[str]) -> dict:
    gold = [r["area_id"] for r in rows]
    on = [i for i, g in enumerate(gold) if g]
    off = [i for i, g in enumerate(gold) if not g]
    acc = float(np.mean([pred_area[i] == gold[i] for i in on]))
    sub = [i for i in on if rows[i].get("goal_id")]
    sub_acc = float(np.mean([pred_goal[i] == rows[i]["goal_id"] for i in sub])) if sub else float("nan")
    labels = areas + ["(none)"]
    conf = {g: {p: 0 for p in labels} for g in labels}
    for i in range(len(rows)):
        conf[gold[i] or "(none)"][pred_area[i] or "(none)"] += 1
    return {
        "accuracy": round(acc, 3),
        "subgoal_accuracy": round(sub_acc, 3),
        "emerging_rate_nogoal_rows": round(float(np.mean([not pred_area[i] for i in off])), 3) if off else None,
        "emerging_rate_goal_rows": round(float(np.mean([not pred_area[i] for i in on])), 3),
        "n_goal_rows": len(on), "n_nogoal_rows": len(off), "n_subgoal_rows": len(sub),
        "confusion": conf,
    }


def run(write: bool = True, verbose: bool = True) -> dict:
    """Run every measurement; return (and write) the result dict."""
    from nlp_varmland.goals import GoalMapper, load_goals

    t0 = time.perf_counter()
    emb = default_embedder()
    gs = load_goals()
    areas = [a.id for a in gs.areas]
    rows = load_labelled()
    texts = [r["text"] for r in rows]
    X = emb.encode(texts, prefix="query: ")
    off_texts = load_offtopic()
    X_off = emb.encode(off_texts, prefix="query: ")

    result: dict[str, Any] = {"data": str(LABELLED.relative_to(ROOT)), "n_rows": len(rows),
                              "embedder": emb.model_id, "goals": f"{gs.name} {gs.version}"}

    # zero-shot baseline: similarity to the bare area names
    A = emb.encode([a.name for a in gs.areas], prefix="query: ")
    base = [areas[int(k)] for k in np.argmax(X @ A.T, axis=1)]
    result["baseline"] = evaluate(base, [""] * len(rows), rows, areas)
    A_p = emb.encode([a.name for a in gs.areas], prefix="passage: ")
    base_p = [areas[int(k)] for k in np.argmax(X @ A_p.T, axis=1)]
    result["baseline_passage"] = {"accuracy": evaluate(base_p, [""] * len(rows), rows, areas)["accuracy"]}

    variants = {
        "toolkit": dict(goal_prefix="query: "),
        "goal_prefix_passage": dict(goal_prefix="passage: "),
        "no_keywords": dict(goal_prefix="query: ", keyword_weight=0.0),
    }
    for name, params in variants.items():
        m = GoalMapper(embedder=emb, **params).fit(gs)
        cal = calibrate(m, X_off, off_texts)
        if name != "toolkit":  # a variant is judged at its own calibrated threshold
            m = GoalMapper(embedder=emb, threshold=cal["threshold"], **params).fit(gs)
        out = m.transform(texts, X)
        ev = evaluate(list(out.area_id), list(out.goal_id), rows, areas)
        forced = GoalMapper(embedder=emb, threshold=-1.0, **params).fit(gs).transform(texts, X)
        ev["accuracy_no_threshold"] = round(float(np.mean(
            [a == r["area_id"] for a, r in zip(forced.area_id, rows) if r["area_id"]])), 3)
        ev["threshold"] = m.threshold_
        ev["calibration"] = cal
        if name == "toolkit":
            result["errors"] = [
                {"text": r["text"], "gold": r["area_id"], "pred": a, "goal": g, "score": round(s, 3)}
                for r, a, g, s in zip(rows, out.area_id, out.goal_id, out.goal_score)
                if a != r["area_id"]]
        else:
            ev.pop("confusion")
        result[name] = ev
    result["seconds"] = round(time.perf_counter() - t0, 1)
    if write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "goals.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), "utf-8")
    if verbose:
        report(result, areas)
    return result


def report(result: dict, areas: list[str]) -> None:
    t, b = result["toolkit"], result["baseline"]
    print(f"goal mapping on {result['data']} ({result['n_rows']} rows, {t['n_goal_rows']} with an area)")
    print(f"  toolkit  area accuracy {t['accuracy']:.3f} (no threshold {t['accuracy_no_threshold']:.3f}), "
          f"sub-goal accuracy {t['subgoal_accuracy']:.3f}, threshold {t['threshold']:.3f}")
    print(f"  baseline area accuracy {b['accuracy']:.3f} (similarity to the bare area names, 'query: '; "
          f"with 'passage: ' names {result['baseline_passage']['accuracy']:.3f})")
    for name in ("goal_prefix_passage", "no_keywords"):
        v = result[name]
        print(f"  {name:20s} accuracy {v['accuracy']:.3f} (no threshold {v['accuracy_no_threshold']:.3f}) "
              f"at its threshold {v['threshold']:.3f}")
    print(f"  emerging rate: no-goal rows {t['emerging_rate_nogoal_rows']}, goal rows {t['emerging_rate_goal_rows']}")
    c = t["calibration"]
    print(f"  calibration: cut {c['threshold']} at prior {c['prior']} (balanced cut {c['balanced_threshold']}); "
          f"examples above {c['examples_above']}, off-topic below {c['offtopic_below']}")
    labels = areas + ["(none)"]
    short = {a: a.split("-")[-1][:8] for a in labels}
    print("  confusion (rows gold, columns predicted):")
    print("  " + " " * 28 + " ".join(f"{short[p]:>8s}" for p in labels))
    for g in labels:
        print(f"  {g:28s}" + " ".join(f"{t['confusion'][g][p]:8d}" for p in labels))
    print(f"  ({result['seconds']} s; written to benchmarks/results/goals.json)")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if "--calibrate" in argv:
        from nlp_varmland.goals import GoalMapper, load_goals

        emb = default_embedder()
        m = GoalMapper(embedder=emb).fit(load_goals())
        off = load_offtopic()
        print(json.dumps(calibrate(m, emb.encode(off, prefix="query: "), off), indent=2))
        return
    run()


if __name__ == "__main__":
    main()
