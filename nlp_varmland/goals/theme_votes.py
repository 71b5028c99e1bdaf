"""Theme mapping: a goal per theme from its statements' goals and its centroid (weighted votes).

>>> mapper = GoalMapper().fit(load_goals())                                # doctest: +SKIP
>>> map_themes(mapper, themes, labels, mapper.transform(texts, X, lemmas))  # doctest: +SKIP
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from nlp_varmland.preprocessing import content_lemmas
from nlp_varmland.schema import THEME_GOAL_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from nlp_varmland.goals.mapper import GoalMapper

__all__ = ["map_themes"]


def map_themes(mapper: GoalMapper, themes: pd.DataFrame, labels: Sequence[int], note_goals: pd.DataFrame,
               centroids: np.ndarray | None = None) -> pd.DataFrame:
    """One row per theme: its goal from its statements' goals and its centroid (fitted ``mapper``).

    Each statement with a goal votes with its ``goal_score`` for its goal (and so for its area);
    the centroid, scored with the theme's keywords, adds a vote worth ``centroid_weight`` of the
    statements. Used by :meth:`GoalMapper.map_themes`, which documents the rule in full.
    """
    import pandas as pd

    mapper._check_fitted()
    labels = np.asarray(labels)
    ng = note_goals.reset_index(drop=True)
    if len(ng) != len(labels):
        raise ValueError(f"{len(labels)} labels but {len(ng)} note goal rows")
    gs = mapper.goalset_
    rows = []
    for pos, (_, th) in enumerate(themes.iterrows()):
        tid = int(th["theme_id"])
        members = ng[labels == tid]
        n = len(members)
        votes: dict[str, float] = {}
        area_w: dict[str, float] = {}
        area_n: dict[str, float] = {}
        area_scores: dict[str, list[tuple[float, float]]] = {}
        best_ev: dict[str, tuple[float, str]] = {}

        def vote(goal: str, score: float, weight: float, evidence: str) -> None:
            area = gs.area_of(goal)
            votes[goal] = votes.get(goal, 0.0) + weight * score
            area_w[area] = area_w.get(area, 0.0) + weight * score
            area_n[area] = area_n.get(area, 0.0) + weight
            area_scores.setdefault(area, []).append((weight, score))
            if score > best_ev.get(goal, (-np.inf, ""))[0]:
                best_ev[goal] = (score, evidence)

        for r in members.itertuples(index=False):
            if not bool(r.emerging) and r.goal_id:
                vote(str(r.goal_id), float(r.goal_score), 1.0, str(r.goal_evidence))
        cw = mapper.centroid_weight * max(n, 1)
        if centroids is not None and 0 <= tid < len(centroids):
            kw = th.get("keywords", []) if hasattr(th, "get") else []
            kw = kw if isinstance(kw, (list, tuple)) else str(kw or "").replace(",", " ").split()
            lem = " ".join(content_lemmas(" ".join(str(k) for k in kw)))  # keywords are written forms
            c = np.asarray(centroids[tid:tid + 1], dtype=np.float32)
            c = c / max(float(np.linalg.norm(c)), 1e-12)
            crow = mapper.transform([str(th.get("label", ""))], c, [lem]).iloc[0]
            if not crow["emerging"]:
                vote(crow["goal_id"], float(crow["goal_score"]), cw, "tema: " + crow["goal_evidence"])
                centroid_area = gs.area_of(crow["goal_id"])
            else:
                centroid_area = ""
        else:
            centroid_area = ""
        total = n + (cw if centroids is not None else 0.0)
        row: dict[str, Any] = {"theme_id": tid}
        if not area_w:
            row.update(goal_id="", area_id="", goal_score=float("nan"), goals="",
                       goal_evidence=f"röster: 0/{n} påståenden", emerging=True)
            rows.append(row)
            continue
        area = max(area_w, key=area_w.get)
        share = area_n[area] / total if total else 0.0
        goal = area
        subs = {g: v for g, v in votes.items() if g != area and gs.area_of(g) == area}
        if subs:
            g_best = max(subs, key=subs.get)
            if subs[g_best] >= 0.5 * area_w[area]:
                goal = g_best
        ws = area_scores[area]
        score = sum(w * s for w, s in ws) / sum(w for w, _ in ws)
        ranked = sorted(votes, key=votes.get, reverse=True)
        ids = [goal] + [g for g in ranked if g != goal][: mapper.max_goals - 1]
        n_area = int(round(sum(1 for r in members.itertuples(index=False)
                               if not bool(r.emerging) and gs.area_of(str(r.goal_id)) == area)))
        ev = best_ev.get(goal) or best_ev.get(max(votes, key=votes.get))
        evidence = (f"röster: {n_area}/{n} påståenden" + (" + temats centrum" if centroid_area == area else "")
                    + (f" · {ev[1]}" if ev and ev[1] else ""))
        if share < mapper.min_share:
            row.update(goal_id="", area_id="", goal_score=float(score), goals=";".join(ids),
                       goal_evidence=evidence, emerging=True)
        else:
            row.update(goal_id=goal, area_id=area, goal_score=float(score), goals=";".join(ids),
                       goal_evidence=evidence, emerging=False)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(THEME_GOAL_COLUMNS)).astype(
        {"theme_id": int, "goal_score": float, "emerging": bool})
