"""Themes an analyst creates by naming a new theme in review.xlsx: whole rows of themes.csv.

A theme correction may name a theme that is not in the run ("Besöksnäring och turism"). Its
statements move there (``corrections.apply_corrections``); this module gives the new theme what
the theme model gives every theme: its size, goal (the most frequent goal of its statements),
examples, an extractive ``summary`` made by the same function as the model's
(``theme_text.theme_summary``: the statement nearest the theme's centre, and a second one that
adds something) and a group -- the group of the nearest theme of the run (cosine of the theme
centres), or a group of its own when the run has no other theme.

>>> import numpy as np, pandas as pd
>>> notes = pd.DataFrame({"status": ["kept"] * 3, "theme_id": [0, 1_000_001, 1_000_001],
...     "text_clean": ["bussen", "paddling på Klarälven", "vandring i Finnskogen"],
...     "goal_id": ["", "", ""], "area_id": ["", "", ""]})
>>> themes = pd.DataFrame({"theme_id": [0], "label": ["buss"], "size": [1], "summary": ["Bussen."],
...                        "group_id": [0], "group_label": ["trafik"]})
>>> vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.8, 0.6]])
>>> out = recount_themes(themes, notes, {1_000_001: "Turism"}, vectors)
>>> out[["theme_id", "size", "group_id", "group_label"]].values.tolist()
[[0, 1, 0, 'trafik'], [1000001, 2, 0, 'trafik']]
>>> out["summary"].iloc[1]
'Paddling på Klarälven.'
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["recount_themes"]

#: goal_evidence of a theme an analyst created.
ANALYST_EVIDENCE = "tema från analytiker"


def recount_themes(themes: pd.DataFrame, notes: pd.DataFrame, new_labels: dict[int, str],
                   vectors: np.ndarray | None = None) -> pd.DataFrame:
    """Sizes counted from the corrected notes; the analyst's new themes added as whole rows.

    ``vectors`` (one row per kept statement of ``notes``, in order; e.g. the vectors the themes
    were fitted on) give a new theme its summary and the group of its nearest theme; without
    them the summary is its first statement and the group its own.
    """
    from nlp_varmland.schema import THEMES

    kept = notes[notes["status"] == "kept"]
    sizes = kept["theme_id"].value_counts()
    if vectors is not None and len(vectors) != len(kept):
        vectors = None
    themes = themes.copy()
    extra = []
    for tid, label in new_labels.items():
        mine = kept[kept["theme_id"] == tid]
        goals = mine["goal_id"][mine["goal_id"] != ""]
        goal = goals.mode().iloc[0] if len(goals) else ""
        area = mine.loc[mine["goal_id"] == goal, "area_id"].iloc[0] if goal else ""
        row: dict[str, Any] = {c: None for c in themes.columns}
        row.update(theme_id=tid, label=label, keywords=[], size=len(mine), area_id=area, goal_id=goal,
                   goal_score=float("nan"), goals=goal, goal_evidence=ANALYST_EVIDENCE,
                   emerging=not goal, examples=mine["text_clean"].head(3).tolist(), example_idx=[])
        row.update(_summary_and_group(tid, label, kept, themes, new_labels, vectors))
        keep = set(themes.columns) | set(THEMES.required[:6]) | {"summary", "group_id", "group_label"}
        extra.append({k: v for k, v in row.items() if k in keep})
    if extra:
        themes = pd.concat([themes, pd.DataFrame(extra)], ignore_index=True)
        if "group_id" in themes.columns:
            themes["group_id"] = pd.to_numeric(themes["group_id"], errors="coerce").fillna(-1).astype(int)
    themes["size"] = themes["theme_id"].map(sizes).fillna(0).astype(int)
    return themes[themes["size"] > 0].reset_index(drop=True)


def _summary_and_group(tid: int, label: str, kept: pd.DataFrame, themes: pd.DataFrame,
                       new_labels: dict[int, str], vectors: np.ndarray | None) -> dict[str, Any]:
    from nlp_varmland.preprocessing.frames import strip_headings
    from nlp_varmland.theme_text import theme_summary

    ids = kept["theme_id"].to_numpy()
    members = np.flatnonzero(ids == tid)
    docs = [strip_headings(str(t), keep_kind=True) for t in kept["text_clean"].to_numpy()[members]]
    V = np.asarray(vectors, dtype=np.float64) if vectors is not None else np.ones((len(kept), 1))
    centre = V[members].mean(axis=0) if len(members) else np.zeros(V.shape[1])
    shown = kept["text_clean"].to_numpy()[members][:3].tolist()  # the examples recount_themes shows
    summary = theme_summary(docs, V[members], centre, shown=shown) if len(members) else ""
    groups = themes[["theme_id", "group_id", "group_label"]] if {"group_id", "group_label"} <= set(themes.columns) \
        else pd.DataFrame(columns=["theme_id", "group_id", "group_label"])
    groups = groups[~groups["theme_id"].isin(list(new_labels))]
    groups = groups[pd.to_numeric(groups["group_id"], errors="coerce").fillna(-1) >= 0]
    best, best_sim = None, -np.inf
    if vectors is not None and len(members):
        c = centre / (np.linalg.norm(centre) or 1.0)
        for rec in groups.itertuples(index=False):
            theirs = np.flatnonzero(ids == rec.theme_id)
            if not len(theirs):
                continue
            other = V[theirs].mean(axis=0)
            sim = float(c @ (other / (np.linalg.norm(other) or 1.0)))
            if sim > best_sim:
                best, best_sim = rec, sim
    if best is not None:
        return {"summary": summary, "group_id": int(best.group_id), "group_label": str(best.group_label)}
    used = pd.to_numeric(themes["group_id"], errors="coerce").fillna(-1).max() if "group_id" in themes.columns \
        and len(themes) else -1
    return {"summary": summary, "group_id": int(max(used, -1)) + 1 + sorted(new_labels).index(tid),
            "group_label": label}
