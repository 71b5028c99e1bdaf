"""Theme mapping: a goal per theme from its statements' goals and its centroid (weighted votes).

A pure function: it sees the goal tree, the statements' goals and, optionally, a function that
scores a theme centroid; it never reaches into a mapper. :meth:`GoalMapper.map_themes` calls it
with the mapper's own centroid scorer.

>>> import pandas as pd
>>> from nlp_varmland.goals import load_goals
>>> ng = pd.DataFrame({"goal_id": ["bostader", "bostader", ""], "area_id": ["utveckla-attraktiva-platser"] * 2 + [""],
...                    "goal_score": [3.0, 4.0, 1.0], "goals": ["", "", ""], "goal_evidence": ["a", "b", ""],
...                    "emerging": [False, False, True]})
>>> out = map_themes(pd.DataFrame({"theme_id": [0]}), [0, 0, 0], ng, goalset=load_goals())
>>> out.goal_id[0], out.goal_evidence[0]
('bostader', 'röster: 2/3 påståenden · b')
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from nlp_varmland.schema import THEME_GOAL_COLUMNS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from nlp_varmland.goals.model import GoalSet

__all__ = ["map_themes", "CentroidScorer"]

#: ``scorer(label, centroid (1, dim), keyword lemmas) -> (goal_id or "", score, evidence)``.
CentroidScorer = Callable[[str, np.ndarray, str], "tuple[str, float, str]"]


def _keyword_lemmas(th: Any, pos: int, keyword_lemmas: Sequence[Sequence[str]] | None) -> str:
    """The theme's keyword lemmas: given (``ThemeModel.keyword_lemmas_``), else lemmatised from
    the written keywords (a hand-made themes table)."""
    if keyword_lemmas is not None and pos < len(keyword_lemmas):
        return " ".join(str(k) for k in keyword_lemmas[pos])
    from nlp_varmland.preprocessing import content_lemmas

    kw = th.get("keywords", []) if hasattr(th, "get") else []
    kw = kw if isinstance(kw, (list, tuple)) else str(kw or "").replace(",", " ").split()
    return " ".join(content_lemmas(" ".join(str(k) for k in kw)))


def _majority(items: Sequence[str]) -> str:
    """The item more than half of ``items`` are, else ``""``.

    >>> _majority(["a", "a", "b"]), _majority(["a", "b"]), _majority([])
    ('a', '', '')
    """
    if not items:
        return ""
    top, count = Counter(items).most_common(1)[0]
    return top if 2 * count > len(items) else ""


def map_themes(themes: pd.DataFrame, labels: Sequence[int], note_goals: pd.DataFrame,
               centroids: np.ndarray | None = None, *, goalset: GoalSet,
               score_centroid: CentroidScorer | None = None,
               keyword_lemmas: Sequence[Sequence[str]] | None = None, centroid_weight: float = 0.25,
               min_share: float = 0.3, max_goals: int = 3) -> pd.DataFrame:
    """One row per theme: its goal from its statements' goals and its centroid.

    Each statement with a goal votes with its ``goal_score`` for its goal (and so for its area);
    the centroid, scored by ``score_centroid`` with the theme's keyword lemmas
    (``keyword_lemmas[i]`` for the i-th theme row, e.g. ``ThemeModel.keyword_lemmas_``), adds a
    vote worth ``centroid_weight`` of the statements. The theme's area is the one more than half
    of its statements with a goal hold; without such a majority, the one with the largest vote.
    It needs at least ``min_share`` of the voters (else the theme is emerging). Its goal is the
    sub-goal more than half of the area's statements hold, else the area's sub-goal with most
    votes when that holds half the area's vote. So the centroid breaks ties and decides among
    minorities, but never overturns what most statements say. A
    theme most of whose statements fit no goal is emerging whatever its centroid says: the
    centroid of notes on the meeting itself (lunch, method) can still land near a goal.
    Without ``centroids`` or ``score_centroid`` only the statements vote.
    """
    import pandas as pd

    lab = np.asarray(labels)
    ng = note_goals.reset_index(drop=True)
    if len(ng) != len(lab):
        raise ValueError(f"{len(lab)} labels but {len(ng)} note goal rows")
    gs = goalset
    rows = []
    for pos, (_, th) in enumerate(themes.iterrows()):
        tid = int(th["theme_id"])
        members = ng[lab == tid]
        n = len(members)
        votes: dict[str, float] = {}
        area_w: dict[str, float] = {}
        area_n: dict[str, float] = {}
        area_scores: dict[str, list[tuple[float, float]]] = {}
        best_ev: dict[str, tuple[float, str]] = {}

        def vote(goal: str, score: float, weight: float, evidence: str, votes: dict[str, float] = votes,
                 area_w: dict[str, float] = area_w, area_n: dict[str, float] = area_n,
                 area_scores: dict[str, list[tuple[float, float]]] = area_scores,
                 best_ev: dict[str, tuple[float, str]] = best_ev) -> None:
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
        use_centroid = centroids is not None and score_centroid is not None
        cw = centroid_weight * max(n, 1)
        centroid_area = ""
        if use_centroid and 0 <= tid < len(centroids):  # type: ignore[arg-type]
            lem = _keyword_lemmas(th, pos, keyword_lemmas)
            c = np.asarray(centroids[tid:tid + 1], dtype=np.float32)  # type: ignore[index]
            c = c / max(float(np.linalg.norm(c)), 1e-12)
            goal, score, evidence = score_centroid(str(th.get("label", "")), c, lem)  # type: ignore[misc]
            if goal:
                vote(goal, float(score), cw, "tema: " + evidence)
                centroid_area = gs.area_of(goal)
        total = n + (cw if use_centroid else 0.0)
        row: dict[str, Any] = {"theme_id": tid}
        if not area_w:
            row.update(goal_id="", area_id="", goal_score=float("nan"), goals="",
                       goal_evidence=f"röster: 0/{n} påståenden", emerging=True)
            rows.append(row)
            continue
        # the statements' own majority rules: the centroid (a quarter of the vote) breaks ties and
        # decides among minorities, but cannot give the theme an area, or a sub-goal, that fewer of
        # its statements hold than another (tester B7: 5 of 8 home-care notes on health, theme on
        # transport by its centroid's "bil")
        said = [str(r.goal_id) for r in members.itertuples(index=False) if not bool(r.emerging) and r.goal_id]
        area = _majority([gs.area_of(g) for g in said]) or max(area_w, key=lambda g: area_w[g])
        share = area_n[area] / total if total else 0.0
        goal = _majority([g for g in said if gs.area_of(g) == area and g != area]) or area
        subs = {g: v for g, v in votes.items() if g != area and gs.area_of(g) == area}
        if subs and goal == area:
            g_best = max(subs, key=lambda g: subs[g])
            if subs[g_best] >= 0.5 * area_w[area]:
                goal = g_best
        ws = area_scores[area]
        score = sum(w * s for w, s in ws) / sum(w for w, _ in ws)
        ranked = sorted(votes, key=lambda g: votes[g], reverse=True)
        ids = [goal] + [g for g in ranked if g != goal][: max_goals - 1]
        n_area = int(round(sum(1 for r in members.itertuples(index=False)
                               if not bool(r.emerging) and gs.area_of(str(r.goal_id)) == area)))
        ev = best_ev.get(goal) or best_ev.get(max(votes, key=lambda g: votes[g]))
        evidence = (f"röster: {n_area}/{n} påståenden" + (" + temats centrum" if centroid_area == area else "")
                    + (f" · {ev[1]}" if ev and ev[1] else ""))
        n_goal = sum(1 for r in members.itertuples(index=False) if not bool(r.emerging) and r.goal_id)
        if share < min_share or n_goal < n / 2:
            row.update(goal_id="", area_id="", goal_score=float(score), goals=";".join(ids),
                       goal_evidence=evidence, emerging=True)
        else:
            row.update(goal_id=goal, area_id=area, goal_score=float(score), goals=";".join(ids),
                       goal_evidence=evidence, emerging=False)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(THEME_GOAL_COLUMNS)).astype(
        {"theme_id": int, "goal_score": float, "emerging": bool})
