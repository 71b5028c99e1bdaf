"""Learning curve: do analysts' corrections teach the goal mapper and the challenge detector?

For each labelled set (``corpora/labelled/goals.csv``, ``corpora/labelled/challenges.csv``) and
each of ``--repeats`` random splits, half the statements are meeting A and half meeting B. An
analyst reviews 0, 5, 10, 20 or 40 % of meeting A (the gold label becomes a judgement, a
confirmation when the tool was right, a correction when it was wrong); the judgements are the
few-shot examples (``nlp_varmland.feedback``) for

* **rest of A** -- the statements of A nobody reviewed,
* **B** -- the next meeting (the second set),
* **reworded** -- the reviewed statements written down again at a later meeting, lower-cased,
  without punctuation and without their last word (a synthetic stand-in for a recurring remark).

Accuracy is goal *area* accuracy (and exact goal accuracy) for goals, and plain accuracy for
challenges; each cell is the mean over the splits, and ``gain`` is the mean difference to the
untaught model on the very same statements (the "rest of A" shrinks as more is reviewed, so
only the gain compares fractions). Nothing is fitted to these sets: the gate
``feedback.SIMILARITY`` is fixed.

``+bias`` is the other way of teaching measured here, *not* used by the pipeline: a per-area
additive offset on the mapper's calibrated scores (:func:`goal_offsets`) and a re-fitted
intercept of the challenge logit (:func:`challenge_offset`), both shrunk towards 0 by ``PRIOR``
pseudo-judgements. With 10 splits it gains nothing on the rest of A or on B (goals -0.007..+0.002,
worst split down to -0.043; challenges -0.012..0.000, worst -0.061); less shrinkage is worse,
more only brings it to 0, so these sets show no systematic per-area or intercept bias that a few
judgements could learn. Even taught with the *whole* set and scored on itself the area offsets
lower goal accuracy (0.863 -> 0.856) and the intercept (+0.31) moves challenges only 0.898 -> 0.910.
The pipeline keeps the similarity-gated pull (no change away from the
judged statements, so never worse).

    .venv/bin/python -m benchmarks.corrections [--repeats 10] [--embedder e5]
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
GOALS = ROOT / "corpora" / "labelled" / "goals.csv"
CHALLENGES = ROOT / "corpora" / "labelled" / "challenges.csv"
RESULTS = ROOT / "benchmarks" / "results"
FRACTIONS = (0.0, 0.05, 0.10, 0.20, 0.40)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def reword(text: str) -> str:
    """The same remark noted down again: lower case, no punctuation, last word dropped."""
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    return " ".join(words[:-1] if len(words) > 3 else words)


def _splits(n: int, repeats: int) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for rep in range(repeats):
        perm = np.random.default_rng(rep).permutation(n)
        out.append((perm[: n // 2], perm[n // 2:]))
    return out


#: Pseudo-judgements of "the model is right" every learned offset starts from (empirical-Bayes
#: shrinkage): an offset learned from n judgements is ``sum(needed shifts) / (n + PRIOR)``, so a
#: handful of judgements moves nothing much. Not fitted to any labelled set.
PRIOR = 5.0


def goal_offsets(mapper: Any, S: np.ndarray, labels: Sequence[str], *, prior: float = PRIOR) -> np.ndarray:
    """Per-area additive offsets (one per goal column) on the mapper's scores, from judgements.

    ``S`` are the judged statements' scores (``GoalMapper.score_matrix``), ``labels`` the
    analysts' goal or area ids ("" = no goal). For every area, each judged statement the model
    put in it wrongly asks for the shift that would have taken it out, each one it missed for the
    shift that would have brought it in, each right one for none; the offset is their sum over
    (judgements + ``prior``). No judgements -> all zeros.
    """
    S = np.asarray(S, dtype=np.float64)
    areas = np.asarray(mapper.area_ids_, dtype=object)
    col = {g: j for j, g in enumerate(mapper.goal_ids_)}
    thr = float(mapper.threshold_)
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for s, label in zip(S, labels):
        label = str(label)
        if label and label not in col:
            continue
        gold = str(areas[col[label]]) if label else ""
        j = mapper._choose(s)
        pred = str(areas[j]) if j >= 0 else ""
        for a in {gold, pred} - {""}:
            counts[a] = counts.get(a, 0) + 1
        if gold == pred:
            continue
        best = {a: float(s[areas == a].max()) for a in {gold, pred} - {""}}
        if gold:  # missed: lift gold's best column over the chosen one (or the threshold)
            sums[gold] = sums.get(gold, 0.0) + max(0.0, max(best.get(pred, thr), thr) - best[gold] + 1e-3)
        if pred:  # wrongly chosen: lower it under gold's best (or the threshold)
            sums[pred] = sums.get(pred, 0.0) - max(0.0, best[pred] - max(best.get(gold, thr), thr) + 1e-3) \
                if not gold else sums.get(pred, 0.0) - max(0.0, best[pred] - best[gold] + 1e-3)
    out = np.zeros(len(areas))
    for a, total in sums.items():
        out[areas == a] = total / (counts[a] + float(prior))
    return out


def challenge_offset(z: np.ndarray, y: Sequence[bool], *, prior: float = PRIOR * 2) -> float:
    """Intercept shift for the challenge logit from judgements (MAP with a Gaussian prior at 0).

    Maximises ``sum log sigmoid(+-(z + b)) - prior * b**2 / 8`` (the prior weighs like ``prior``
    judgements at p = 0.5). No judgements -> 0.0.

    >>> challenge_offset(np.array([]), [])
    0.0
    >>> round(challenge_offset(np.zeros(40), [True] * 40), 2) > 0
    True
    """
    z = np.asarray(z, dtype=np.float64)
    t = np.asarray(y, dtype=np.float64)
    if not len(z):
        return 0.0
    b = 0.0
    lam = float(prior) / 4.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(z + b)))
        grad = float(np.sum(t - p)) - lam * b
        hess = float(np.sum(p * (1 - p))) + lam
        step = grad / hess
        b += step
        if abs(step) < 1e-8:
            break
    return float(b)


def goal_curve(emb, repeats: int) -> dict:
    """Per fraction: area accuracy of the untaught mapper, and the gain of each way of teaching.

    ``pull`` = ``feedback.teach_goals`` (a statement near a judged one is pulled to its goal),
    ``examples`` = the judged statements join the goal file's examples (``GoalMapper.fit(examples=)``),
    ``both`` = examples, then pull, ``bias`` = per-area offsets (:func:`goal_offsets`, measured
    against the mapper's own ``_choose`` on the same scores). The pipeline uses ``pull`` only: it
    never changes a statement that no judged one is close to, while the examples hook loses up
    to 7 points on single splits (the worst split is in brackets; gains are means over the splits).
    """
    from nlp_varmland.feedback import FewShot, teach_goals
    from nlp_varmland.goals import GoalMapper, load_goals

    rows = _rows(GOALS)
    texts = [r["text"] for r in rows]
    area = np.array([r["area_id"] for r in rows])
    goal = np.array([r["goal_id"] or r["area_id"] for r in rows])
    reworded = [reword(t) for t in texts]
    X, Xr = emb.encode(texts), emb.encode(reworded)
    gs = load_goals()
    plain = GoalMapper(embedder=emb).fit(gs)
    curve: dict[str, dict[str, float]] = {}
    for frac in FRACTIONS:
        cells: dict[str, list[float]] = {}
        for A, B in _splits(len(rows), repeats):
            k = int(round(frac * len(A)))
            seen, rest = A[:k], A[k:]
            fs = FewShot(X[seen], goal[seen]) if k else None
            off = goal_offsets(plain, plain.score_matrix([texts[i] for i in seen], X[seen]).to_numpy(),
                               goal[seen]) if k else np.zeros(len(plain.goal_ids_))
            with_goal = seen[goal[seen] != ""]
            taught = GoalMapper(embedder=emb).fit(gs, examples=(X[with_goal], goal[with_goal])) \
                if len(with_goal) else plain
            for name, ids, Xs, tx in (("rest of A", rest, X, texts), ("B", B, X, texts),
                                      ("reworded", seen, Xr, reworded)):
                if not len(ids):
                    continue
                sub = [tx[i] for i in ids]
                base = plain.transform(sub, Xs[ids])
                joined = taught.transform(sub, Xs[ids])
                variants = {"pull": teach_goals(plain, base, Xs[ids], sub, None, fs),
                            "examples": joined, "both": teach_goals(taught, joined, Xs[ids], sub, None, fs)}
                acc0 = float(np.mean(base["area_id"].to_numpy() == area[ids]))
                S = plain.score_matrix(sub, Xs[ids]).to_numpy()
                pa = np.array([plain.area_ids_[j] if j >= 0 else "" for j in map(plain._choose, S + off)])
                p0 = np.array([plain.area_ids_[j] if j >= 0 else "" for j in map(plain._choose, S)])
                variants["bias"] = None
                cells.setdefault(f"{name}", []).append(acc0)
                for v, out in variants.items():
                    pred = pa if out is None else out["area_id"].to_numpy()
                    base_acc = float(np.mean(p0 == area[ids])) if out is None else acc0
                    acc = float(np.mean(pred == area[ids])) - base_acc + acc0
                    cells.setdefault(f"{name} +{v}", []).append(acc - acc0)
        curve[f"{int(frac * 100)}%"] = _summary(cells)
    return {"n": len(rows), "measure": "area accuracy", "curve": curve}


def _summary(cells: dict[str, list[float]]) -> dict[str, float]:
    out = {}
    for key, values in cells.items():
        out[key] = round(float(np.mean(values)), 4)
        if "+" in key:
            out[key + " worst"] = round(float(np.min(values)), 4)
    return out


def challenge_curve(emb, repeats: int) -> dict:
    from nlp_varmland.challenges import ChallengeDetector

    rows = _rows(CHALLENGES)
    texts = [r["text"] for r in rows]
    y = np.array([r["is_challenge"] == "1" for r in rows])
    X = emb.encode(texts)
    reworded = [reword(t) for t in texts]
    Xr = emb.encode(reworded)
    plain = ChallengeDetector(embedder=emb).fit()
    curve: dict[str, dict[str, float]] = {}
    for frac in FRACTIONS:
        cells: dict[str, list[float]] = {}
        for A, B in _splits(len(rows), repeats):
            k = int(round(frac * len(A)))
            seen, rest = A[:k], A[k:]
            det = ChallengeDetector(embedder=emb).fit(examples=(X[seen], y[seen]) if k else None)
            b = challenge_offset(plain.decision_function([texts[i] for i in seen], X[seen]), y[seen]) if k else 0.0
            cut = float(np.log(plain.threshold / (1 - plain.threshold)))
            for name, ids, Xs, tx in (("rest of A", rest, X, texts), ("B", B, X, texts),
                                      ("reworded", seen, Xr, reworded)):
                if not len(ids):
                    continue
                acc0 = float(np.mean(plain.predict([tx[i] for i in ids], Xs[ids]) == y[ids]))
                acc1 = float(np.mean(det.predict([tx[i] for i in ids], Xs[ids]) == y[ids]))
                cells.setdefault(name, []).append(acc0)
                cells.setdefault(f"{name} +pull", []).append(acc1 - acc0)
                z = plain.decision_function([tx[i] for i in ids], Xs[ids])
                accz = float(np.mean((z >= cut) == y[ids]))
                accb = float(np.mean((z + b >= cut) == y[ids]))
                cells.setdefault(f"{name} +bias", []).append(accb - accz)
        curve[f"{int(frac * 100)}%"] = _summary(cells)
    return {"n": len(rows), "measure": "accuracy", "curve": curve}


def _print(title: str, result: dict) -> None:
    """One block per statement set: untaught accuracy, then gain (worst split) per way of teaching."""
    print(f"\n{title} (n={result['n']}, {result['measure']})")
    curve = result["curve"]
    keys = list(dict.fromkeys(c for row in curve.values() for c in row))
    for part in ("rest of A", "B", "reworded"):
        cols = [c for c in keys if (c == part or c.startswith(part + " +")) and not c.endswith("worst")]
        print(f"  {part + ':':<12}" + "".join(f"{'untaught' if c == part else c[len(part) + 1:]:>22}" for c in cols))
        for frac, row in curve.items():
            cells = []
            for c in cols:
                if c not in row:
                    cells.append(f"{'-':>22}")
                elif c == part:
                    cells.append(f"{row[c]:>22.3f}")
                else:
                    cells.append(f"{row[c]:>+13.3f} ({row[c + ' worst']:+.3f})")
            print(f"  {frac:>11} " + "".join(cells))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="random A/B splits per fraction")
    parser.add_argument("--embedder", default="e5")
    parser.add_argument("--no-write", action="store_true", help="do not write benchmarks/results/corrections.json")
    args = parser.parse_args(argv if argv is not None else [])

    from nlp_varmland.embeddings import CachedEmbedder, EmbeddingCache, get_embedder

    t0 = time.perf_counter()
    emb = CachedEmbedder(get_embedder(args.embedder), cache=EmbeddingCache(), progress=False)
    result = {"embedder": emb.model_id, "repeats": args.repeats,
              "goals": goal_curve(emb, args.repeats), "challenges": challenge_curve(emb, args.repeats)}
    result["seconds"] = round(time.perf_counter() - t0, 1)
    _print("Goals", result["goals"])
    _print("Challenges", result["challenges"])
    print(f"\n{result['seconds']} s, {args.repeats} splits per fraction, embedder {emb.model_id}")
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "corrections.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), "utf-8")
    return result


if __name__ == "__main__":
    main(__import__("sys").argv[1:])
