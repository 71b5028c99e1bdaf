"""Corrections teach: analysts' judgements become few-shot examples for goals and challenges.

A judged statement (corrected or confirmed, see ``corrections``) is a labelled example: its
embedding and the analyst's goal or challenge flag. A new statement whose nearest example is
close enough to say the same thing (cosine ``>= similarity``) is pulled towards that example's
label, fully from cosine ``full`` on::

    gate = clip((cos - similarity) / (full - similarity), 0, 1)
    goal:      score[label] += gate * (top score + 2 margin - score[label])   (never pushed down)
    no goal:   every score  -= gate * (top score - threshold + margin)
    challenge: logit        += gate * (+1 - logit) if a challenge, (-1 - logit) if not (only towards it)

So a statement that comes back at the next meeting gets the analyst's answer, a paraphrase
most of it, and an unrelated statement nothing: with no examples, or none near, the scores are
exactly the model's. The learning curve is in ``benchmarks/corrections.py``.

>>> X = np.eye(3, dtype=np.float32); ex = FewShot(X[:1], np.array([True]))
>>> ex.challenge_logits(np.array([-2.0, -2.0]), X[:2]).tolist()
[1.0, -2.0]
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["FewShot", "SIMILARITY", "examples_from_judgements", "store_examples", "teach_goals",
           "teach_challenges", "run_examples", "taught_goals", "taught_challenges"]

#: Cosine similarity from which a judged statement and a new one say the same thing, and from
#: which the analyst's answer is taken in full. Chosen on ``corpora/labelled/themes.csv`` (not
#: on the goal or challenge sets the benchmark reports): with e5 two *different* statements
#: there are at most 0.935 alike, the same remark noted down again (lower case, no punctuation,
#: a word dropped) at least 0.947 in 95 % of cases.
SIMILARITY = 0.94
FULL = 0.97


@dataclass
class FewShot:
    """Labelled example vectors (rows L2-normalised) and their labels (goal ids or bools)."""

    vectors: np.ndarray
    labels: np.ndarray
    similarity: float = SIMILARITY
    full: float = FULL

    def __len__(self) -> int:
        return int(len(self.labels))

    def nearest(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of each row's nearest example and its gate weight in [0, 1] (0 = too far)."""
        X = np.asarray(X, dtype=np.float32)
        if not len(self) or not len(X):
            return np.zeros(len(X), dtype=int), np.zeros(len(X))
        sims = X @ np.asarray(self.vectors, dtype=np.float32).T
        idx = np.argmax(sims, axis=1)
        best = sims[np.arange(len(X)), idx].astype(float)
        span = max(float(self.full) - float(self.similarity), 1e-6)
        return idx, np.clip((best - float(self.similarity)) / span, 0.0, 1.0)

    def goal_scores(self, S: np.ndarray, X: np.ndarray, goal_ids: Sequence[str], *,
                    threshold: float, margin: float) -> np.ndarray:
        """Scores (n, n_goals) pulled towards the goal of each row's nearest analyst example.

        >>> fs = FewShot(np.eye(2, dtype=np.float32), np.array(["b", ""]))
        >>> fs.goal_scores(np.array([[0.9, 0.8], [0.9, 0.8]]), np.eye(2), ["a", "b"],
        ...                threshold=0.85, margin=0.02).round(2).tolist()
        [[0.9, 0.94], [0.83, 0.73]]
        """
        S = np.array(S, dtype=np.float64, copy=True)
        idx, gate = self.nearest(X)
        col = {g: j for j, g in enumerate(goal_ids)}
        for i in np.flatnonzero(gate > 0):
            label = str(self.labels[idx[i]])
            top = float(S[i].max())
            if not label:
                S[i] -= gate[i] * max(0.0, top - threshold + margin)
            elif label in col:
                j = col[label]
                # 2 * margin: an area the analyst chose is not handed down to a sub-goal near it
                S[i, j] += gate[i] * max(0.0, max(top, threshold) + 2 * margin + 1e-6 - S[i, j])
        return S

    def challenge_logits(self, z: np.ndarray, X: np.ndarray) -> np.ndarray:
        """Logits pulled towards +1 (challenge) or -1 (not) of each row's nearest example."""
        z = np.array(z, dtype=np.float64, copy=True)
        idx, gate = self.nearest(X)
        y = np.asarray(self.labels, dtype=bool)[idx] if len(self) else np.zeros(len(z), bool)
        push = np.where(y, np.maximum(0.0, 1.0 - z), np.minimum(0.0, -1.0 - z))
        return z + gate * push


def _key(meeting: Any, text: Any) -> tuple[str, str]:
    return str(meeting), " ".join(str(text).split()).casefold()


def examples_from_judgements(judgements: pd.DataFrame, vectors: np.ndarray, field: str, *,
                             exclude: pd.DataFrame | Sequence[str] = (),
                             goal_ids: Sequence[str] | None = None) -> FewShot | None:
    """Few-shot examples of ``field`` from judgements whose rows align with ``vectors``.

    ``exclude`` are the statements being analysed now (note ids, or notes with note_id, meeting
    and text_clean): a statement never teaches itself, so the tool's own value (and the
    ``corrected`` mark) stays as it was on a re-run. Goal ids not in ``goal_ids`` (another goal
    file) are left out. None when nothing is left.
    """
    if judgements is None or not len(judgements):
        return None
    mask = (judgements["field"] == field).to_numpy().copy()
    if isinstance(exclude, pd.DataFrame):
        ids = set(exclude["note_id"].astype(str))
        keys = set(map(_key, exclude["meeting"], exclude["text_clean"])) if "text_clean" in exclude else set()
    else:
        ids, keys = set(map(str, exclude)), set()
    mask &= ~judgements["note_id"].astype(str).isin(ids).to_numpy()
    if keys and "text_clean" in judgements.columns:
        mask &= ~np.array([_key(m, t) in keys for m, t in zip(judgements["meeting"], judgements["text_clean"])],
                          dtype=bool)
    if field == "goal_id" and goal_ids is not None:
        known = set(goal_ids) | {""}
        mask &= judgements["value"].astype(str).isin(known).to_numpy()
    if not mask.any():
        return None
    values = judgements.loc[mask, "value"].astype(str).to_numpy()
    labels = values == "true" if field == "is_challenge" else values
    return FewShot(np.asarray(vectors, dtype=np.float32)[mask], labels)


def store_examples(store: Any, model_id: str, *, exclude: pd.DataFrame | Sequence[str] = (),
                   goal_ids: Sequence[str] | None = None) -> dict[str, FewShot | None]:
    """``{"goal_id": FewShot|None, "is_challenge": FewShot|None}`` from a store's judgements.

    Uses ``Store.labelled_examples(model_id)`` (active judgements joined with the embeddings of
    their statements); a store without it, or without judgements, teaches nothing.
    """
    out: dict[str, FewShot | None] = {"goal_id": None, "is_challenge": None}
    if store is None or not hasattr(store, "labelled_examples"):
        return out
    df, vectors = store.labelled_examples(model_id)
    if df is None or not len(df):
        return out
    df = df.reset_index(drop=True)
    for field in out:
        out[field] = examples_from_judgements(df, vectors, field, exclude=exclude, goal_ids=goal_ids)
    return out


def teach_goals(mapper: Any, note_goals: pd.DataFrame, X: np.ndarray, texts: Sequence[str],
                lemmas: Sequence[Any] | None, examples: FewShot | None) -> pd.DataFrame:
    """The mapper's per-statement goals (``GoalMapper.transform``) with the examples taught.

    Only statements near a judged example are scored again (``GoalMapper.score_matrix``,
    pulled by :meth:`FewShot.goal_scores`, chosen by the mapper's own rule); every other row is
    returned unchanged, so no examples -- or none near -- gives exactly the model's answer.
    """
    if examples is None or not len(examples) or not len(note_goals):
        return note_goals
    if not all(hasattr(mapper, a) for a in ("score_matrix", "_choose", "threshold_", "goal_ids_", "area_ids_")):
        return note_goals  # a mapper of another kind: it cannot be taught this way
    _, gate = examples.nearest(X)
    rows = np.flatnonzero(gate > 0).tolist()
    if not rows:
        return note_goals
    out = note_goals.copy()
    sub_lemmas = [lemmas[i] for i in rows] if lemmas is not None else None
    S = mapper.score_matrix([texts[i] for i in rows], np.asarray(X)[rows], sub_lemmas).to_numpy()
    S = examples.goal_scores(S, np.asarray(X)[rows], mapper.goal_ids_, threshold=mapper.threshold_,
                             margin=float(getattr(mapper, "margin", 0.0)))
    idx, _ = examples.nearest(np.asarray(X)[rows])
    for r, s, k in zip(rows, S, idx):
        j = mapper._choose(s)
        before = out.at[out.index[r], "goal_id"]
        goal = mapper.goal_ids_[j] if j >= 0 else ""
        if goal == before:
            continue
        pos = out.index[r]
        out.at[pos, "goal_id"] = goal
        out.at[pos, "area_id"] = mapper.area_ids_[j] if j >= 0 else ""
        out.at[pos, "goal_score"] = float(s[j]) if j >= 0 else float(s.max())
        out.at[pos, "goals"] = goal
        out.at[pos, "emerging"] = j < 0
        out.at[pos, "goal_evidence"] = (f"lik en granskad mening (analytikerns mål: "
                                        f"{examples.labels[k] or 'inget'})")
    return out


def teach_challenges(scores: np.ndarray, X: np.ndarray, examples: FewShot | None) -> np.ndarray:
    """Challenge probabilities with the examples taught (for a detector without the hook)."""
    if examples is None or not len(examples) or not len(scores):
        return scores
    p = np.clip(np.asarray(scores, dtype=np.float64), 1e-12, 1 - 1e-12)
    z = examples.challenge_logits(np.log(p / (1 - p)), X)
    return 1.0 / (1.0 + np.exp(-z))


def run_examples(store: Any, model_id: str, notes: pd.DataFrame, goal_ids: Sequence[str]) -> dict[str, FewShot | None]:
    """The examples a run learns from: the store's judgements of statements *not* in ``notes``."""
    if store is None:
        return {"goal_id": None, "is_challenge": None}
    return store_examples(store, model_id, exclude=notes, goal_ids=goal_ids)


def _context_examples(ctx: Any) -> dict[str, FewShot | None]:
    """The examples of a ``stages.RunContext`` (loaded from its store once per run)."""
    if "examples" not in ctx.extra:
        kept = ctx.notes.loc[ctx.kept_mask]
        goal_ids = getattr(ctx.goalset, "ids", None)
        ctx.extra["examples"] = run_examples(ctx.store, ctx.embedder.model_id, kept, goal_ids or [])
    return ctx.extra["examples"]


def taught_goals(ctx: Any, note_goals: pd.DataFrame) -> pd.DataFrame:
    """``stages.map_goals``: the statements' goals with the store's judgements taught."""
    return teach_goals(ctx.goal_mapper, note_goals, ctx.vectors, ctx.texts, ctx.lemmas,
                       _context_examples(ctx)["goal_id"])


def taught_challenges(ctx: Any, scores: np.ndarray) -> np.ndarray:
    """``stages.detect_challenges``: challenge probabilities with the store's judgements taught."""
    return teach_challenges(scores, ctx.vectors, _context_examples(ctx)["is_challenge"])
