"""Goal coverage: how many statements and themes each goal of the file got (``goals.csv``).

>>> from nlp_varmland.goals import load_goals
>>> bool(coverage(load_goals(), None, None).gap.all())
True
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from nlp_varmland.schema import GOALS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from nlp_varmland.goals.model import GoalSet

__all__ = ["coverage"]


def coverage(goalset: GoalSet, notes: pd.DataFrame | None, themes: pd.DataFrame | None) -> pd.DataFrame:
    """One row per goal in the file: goal_id, name, parent_id, area_id, level, n_notes,
    n_themes, share, gap. A goal counts the statements mapped to it or to its sub-goals;
    ``share`` is n_notes over kept statements; ``gap`` is True when nobody talked about it.

    >>> from nlp_varmland.goals import load_goals
    >>> bool(coverage(load_goals(), None, None).gap.all())
    True
    """
    import pandas as pd

    def counts(df: pd.DataFrame | None) -> tuple[dict[str, int], int]:
        if df is None or not len(df) or "goal_id" not in df:
            return {}, 0 if df is None else len(df)
        if "status" in df:
            df = df[df["status"] == "kept"]
        out: dict[str, int] = {}
        for gid in df["goal_id"].fillna("").astype(str):
            if gid and gid in goalset:
                for g in [gid, *goalset.ancestors(gid)]:
                    out[g] = out.get(g, 0) + 1
        return out, len(df)

    n_notes, n_kept = counts(notes)
    n_themes, _ = counts(themes)
    rows = []
    for g in goalset.goals:
        k = n_notes.get(g.id, 0)
        rows.append(dict(goal_id=g.id, name=g.name, parent_id=g.parent or "",
                         area_id=goalset.area_of(g.id), level=goalset.level(g.id), n_notes=k,
                         n_themes=n_themes.get(g.id, 0), share=(k / n_kept) if n_kept else 0.0,
                         gap=k == 0))
    return pd.DataFrame(rows, columns=list(GOALS.names))
