"""The recurring-challenges table and the trend table across meetings.

Stable theme ids (the theme registry and its policy: matching, ids, labels, merges) live in
:mod:`nlp_varmland.store.registry`; the names are re-exported here for existing callers.

>>> import numpy as np, pandas as pd
>>> notes = pd.DataFrame({"meeting": ["M1", "M1", "M2", "M2"],
...                       "date": ["2025-01-20", "2025-01-20", "2025-03-02", "2025-03-02"],
...                       "status": ["kept"] * 4, "theme_id": [7, 7, 7, 7],
...                       "is_challenge": [True, False, True, True], "area_id": [""] * 4})
>>> themes = pd.DataFrame({"theme_id": [7], "label": ["kollektivtrafik"],
...                        "area_id": ["forbattra-livsvillkoren"], "goal_id": [""]})
>>> recurring_table(notes, themes)[["theme_id", "n_meetings", "meetings", "n_notes"]]
   theme_id  n_meetings meetings  n_notes
0         7           2   M1; M2        4
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from nlp_varmland.schema import RECURRING, RECURRING_COLUMNS, THEME_STATS, TREND, TREND_COLUMNS
from nlp_varmland.store import Store
from nlp_varmland.store.registry import (
    DEFAULT_THRESHOLD,
    assign_stable_ids,
    match_themes,
    stable_ids,
    theme_labels,
)

__all__ = ["DEFAULT_THRESHOLD", "match_themes", "assign_stable_ids", "stable_ids", "rename_theme",
           "merge_themes", "theme_labels", "recurring_table", "trend_table",
           "theme_meeting_stats"]

def rename_theme(store: Store, theme_id: int, label: str) -> None:
    """Give a stable theme an analyst's label; every later run shows it.

    >>> import numpy as np, pandas as pd
    >>> with Store(":memory:") as store:
    ...     ids = assign_stable_ids(store, pd.DataFrame({"theme_id": [0], "label": ["buss"]}),
    ...                             np.eye(1, 4), "M1", "m")
    ...     rename_theme(store, ids[0], "Kollektivtrafik på landsbygden")
    ...     theme_labels(store)[ids[0]]
    'Kollektivtrafik på landsbygden'
    """
    store.rename_theme(int(theme_id), label)


def merge_themes(store: Store, ids: Sequence[int], into: int) -> None:
    """Record that the themes ``ids`` are the theme ``into``; later runs map them to ``into``."""
    store.merge_themes([int(i) for i in ids], int(into))


# -- tables across meetings ------------------------------------------------------------------------

def _meeting_order(notes: pd.DataFrame) -> pd.DataFrame:
    """One row per meeting: meeting, date (first non-empty), in date order (undated last)."""
    if len(notes) == 0:
        return pd.DataFrame({"meeting": pd.Series(dtype=str), "date": pd.Series(dtype=str)})
    if "date" in notes.columns:
        dates = notes["date"].fillna("").astype(str)
    else:
        dates = pd.Series("", index=notes.index)
    df = pd.DataFrame({"meeting": notes["meeting"].fillna("").astype(str), "date": dates})
    df["first"] = np.arange(len(df))
    agg = df.groupby("meeting", sort=False).agg(
        date=("date", lambda d: next((x for x in d if x), "")), first=("first", "min")).reset_index()
    agg["undated"] = agg["date"] == ""
    return agg.sort_values(["undated", "date", "first"]).reset_index(drop=True)[["meeting", "date"]]


def _kept_themed(notes: pd.DataFrame) -> pd.DataFrame:
    kept = notes[(notes["status"] == "kept") & (notes["theme_id"] != -1)].copy()
    kept["theme_id"] = kept["theme_id"].astype(int)
    kept["meeting"] = kept["meeting"].fillna("").astype(str)
    return kept


#: A theme is raised at a meeting when at least this many of its statements come from it. One
#: stray statement is not a discussion (tester B10: an energy theme "återkom vid alla 3 möten"
#: through one home-loan and two broadband notes of March, when energy was discussed in May and
#: September only). A theme is always raised at the meeting holding most of its statements.
MIN_NOTES_PER_MEETING = 2


def raised_at(counts: pd.Series, rank: dict[str, int], min_notes: int = MIN_NOTES_PER_MEETING) -> list[str]:
    """Meetings (date order) where a theme was raised, from its statement count per meeting.

    >>> raised_at(pd.Series({"mars": 1, "maj": 14, "sep": 11}), {"mars": 0, "maj": 1, "sep": 2})
    ['maj', 'sep']
    >>> raised_at(pd.Series({"mars": 1, "maj": 1}), {"mars": 0, "maj": 1})
    ['mars']
    """
    order = sorted(counts.index, key=lambda m: (rank.get(m, len(rank)), m))
    raised = [m for m in order if counts[m] >= min_notes]
    if not raised and len(order):
        top = max(order, key=lambda m: (counts[m], -rank.get(m, len(rank))))
        raised = [top]
    return raised


def theme_meeting_stats(notes: pd.DataFrame) -> pd.DataFrame:
    """Per theme_id of kept statements: n_meetings, meetings (list, date order), n_notes,
    challenge_share (NaN without ``is_challenge``) and recurring (n_meetings >= 2). A meeting
    counts when at least :data:`MIN_NOTES_PER_MEETING` of the theme's statements come from it
    (:func:`raised_at`).

    >>> import pandas as pd
    >>> notes = pd.DataFrame({"meeting": ["B", "A", "A", "B", "A"],
    ...                       "date": ["2025-03-01", "2025-01-01", "", "", ""],
    ...                       "status": ["kept", "kept", "duplicate", "kept", "kept"],
    ...                       "theme_id": [0, 0, 0, 0, 0]})
    >>> theme_meeting_stats(notes)[["theme_id", "n_meetings", "meetings", "recurring"]]
       theme_id  n_meetings meetings  recurring
    0         0           2   [A, B]       True
    """
    kept = _kept_themed(notes)
    rank = {m: i for i, m in enumerate(_meeting_order(notes)["meeting"])}
    rows = []
    for tid, grp in kept.groupby("theme_id", sort=True):
        meetings = raised_at(grp["meeting"].value_counts(), rank)
        share = (float(grp["is_challenge"].fillna(False).astype(bool).mean())
                 if "is_challenge" in grp.columns else float("nan"))
        rows.append({"theme_id": int(tid), "n_meetings": len(meetings), "meetings": meetings,
                     "n_notes": len(grp), "challenge_share": share,
                     "recurring": len(meetings) >= 2})
    return pd.DataFrame(rows, columns=list(THEME_STATS.names))


def recurring_table(notes: pd.DataFrame, themes: pd.DataFrame, min_meetings: int = 2) -> pd.DataFrame:
    """Themes seen in at least ``min_meetings`` meetings, recurring challenges first.

    Columns: theme_id, label, n_meetings, meetings ("; "-joined in date order), n_notes (kept
    statements), challenge_share, area_id, goal_id. Order: themes whose challenge_share >= 0.5
    first, then more meetings, then more statements, then higher challenge share. ``area_id`` and
    ``goal_id`` are the theme's own (from ``themes``, empty for a theme that fits no goal); the
    statements' goals are used only for a theme that ``themes`` does not hold.
    """
    stats = theme_meeting_stats(notes)
    stats = stats[stats["n_meetings"] >= min_meetings]
    if len(stats) == 0:
        return RECURRING.empty()
    info = themes.drop_duplicates("theme_id").set_index("theme_id") if len(themes) else None
    kept = _kept_themed(notes)

    def pick(tid: int, col: str) -> str:
        # A theme in ``themes`` speaks for itself, also when its goal is empty (an emerging theme
        # that fits no goal): recurring.csv must agree with themes.csv. Only a theme missing from
        # ``themes`` (or its label, when empty) falls back to the most frequent value of its notes.
        if info is not None and tid in info.index and col in info.columns:
            value = info.at[tid, col]
            text = value if isinstance(value, str) else ""
            if text or col != "label":
                return text
        fallback = {"label": "theme_label"}.get(col, col)
        if fallback in kept.columns:
            values = kept.loc[kept["theme_id"] == tid, fallback].fillna("").astype(str)
            values = values[values != ""]
            if len(values):
                return str(values.mode().iloc[0])
        return ""

    out = stats.assign(
        label=[pick(t, "label") for t in stats["theme_id"]],
        meetings=["; ".join(m) for m in stats["meetings"]],
        area_id=[pick(t, "area_id") for t in stats["theme_id"]],
        goal_id=[pick(t, "goal_id") for t in stats["theme_id"]],
        _challenge=(stats["challenge_share"].fillna(0) >= 0.5),
    )
    out = out.sort_values(["_challenge", "n_meetings", "n_notes", "challenge_share", "theme_id"],
                          ascending=[False, False, False, False, True], na_position="last")
    return out[list(RECURRING_COLUMNS)].reset_index(drop=True)


def trend_table(notes: pd.DataFrame) -> pd.DataFrame:
    """Long table theme_id, meeting, date, n_notes: kept statements per theme per meeting.

    Every meeting in ``notes`` appears for every theme, with 0 where the theme was absent, in
    date order (undated meetings last), then by theme_id.

    >>> import pandas as pd
    >>> notes = pd.DataFrame({"meeting": ["A", "B", "B"], "date": ["2025-01-01", "2025-02-01", "2025-02-01"],
    ...                       "status": ["kept"] * 3, "theme_id": [0, 1, 1]})
    >>> trend_table(notes)
       theme_id meeting        date  n_notes
    0         0       A  2025-01-01        1
    1         1       A  2025-01-01        0
    2         0       B  2025-02-01        0
    3         1       B  2025-02-01        2
    """
    order = _meeting_order(notes)
    kept = _kept_themed(notes)
    theme_ids = sorted(kept["theme_id"].unique().tolist())
    if not theme_ids or len(order) == 0:
        return TREND.empty()
    counts = kept.groupby(["meeting", "theme_id"]).size()
    rows = [{"theme_id": t, "meeting": m, "date": d, "n_notes": int(counts.get((m, t), 0))}
            for m, d in zip(order["meeting"], order["date"]) for t in theme_ids]
    return pd.DataFrame(rows, columns=list(TREND_COLUMNS))
