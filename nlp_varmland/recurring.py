"""Stable theme ids across meetings, the recurring-challenges table and the trend table.

A theme found in a new meeting is matched one-to-one to the themes in the store's registry by
the cosine similarity of *centred* centroids (the mean embedding of all statements is subtracted
first; see ``docs/store.md`` for why and how the threshold was chosen). A match keeps its id and
its stored label; a theme without a match gets a new id. Analyst renames and merges are stored
and win on every later run.

>>> import numpy as np, pandas as pd
>>> notes = pd.DataFrame({"meeting": ["M1", "M1", "M2"], "date": ["2025-01-20", "2025-01-20", "2025-03-02"],
...                       "status": ["kept"] * 3, "theme_id": [7, 7, 7],
...                       "is_challenge": [True, False, True], "area_id": [""] * 3})
>>> themes = pd.DataFrame({"theme_id": [7], "label": ["kollektivtrafik"],
...                        "area_id": ["forbattra-livsvillkoren"], "goal_id": [""]})
>>> recurring_table(notes, themes)[["theme_id", "n_meetings", "meetings", "n_notes"]]
   theme_id  n_meetings meetings  n_notes
0         7           2   M1; M2        3
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from nlp_varmland.errors import StoreError
from nlp_varmland.schema import RECURRING, RECURRING_COLUMNS, THEME_STATS, TREND, TREND_COLUMNS
from nlp_varmland.store import Store

__all__ = ["DEFAULT_THRESHOLD", "match_themes", "assign_stable_ids", "rename_theme",
           "merge_themes", "theme_labels", "recurring_table", "trend_table",
           "theme_meeting_stats"]

#: Minimum centred cosine similarity for a new theme to count as a known one. Chosen on e5
#: (multilingual-e5-small, "query: ") centroids of SIB-200 Swedish topics; see docs/store.md.
DEFAULT_THRESHOLD = 0.45
#: Raw cosine above which two centroids are the same theme whatever the centring says: the
#: same meeting analysed again must keep its ids even when a theme is close to the mean.
_IDENTICAL = 0.9999



def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def _registry_arrays(registry: Any) -> tuple[list[int], np.ndarray]:
    if isinstance(registry, pd.DataFrame):
        if len(registry) == 0:
            return [], np.zeros((0, 0))
        ids = [int(i) for i in registry["registry_id"]]
        return ids, np.stack([np.asarray(c, dtype=np.float64) for c in registry["centroid"]])
    if isinstance(registry, tuple):
        ids, mat = registry
        return [int(i) for i in ids], np.asarray(mat, dtype=np.float64)
    mat = np.asarray(registry, dtype=np.float64)
    return list(range(len(mat))), mat


def match_themes(centroids: np.ndarray, registry: Any, threshold: float = DEFAULT_THRESHOLD, *,
                 background: np.ndarray | None = None) -> list[int | None]:
    """Match new theme centroids one-to-one to known themes; ``None`` where nothing is similar.

    ``registry`` is a DataFrame with ``registry_id`` and ``centroid`` columns (``Store.registry()``),
    a tuple ``(ids, matrix)`` or a matrix (ids are then row numbers). Both sides are centred on
    ``background`` (the mean embedding of all statements; ``None`` = no centring) and compared by
    cosine; the assignment maximises total similarity (Hungarian algorithm, greedy best-first when
    scipy is missing) and a pair is kept only when its similarity is ``>= threshold``.

    >>> import numpy as np
    >>> known = np.eye(3)
    >>> match_themes(np.array([[0, 0.9, 0.1], [0.1, 0, 0.0], [0.5, 0.5, 0.5]]), known, 0.8)
    [1, 0, None]
    """
    new = np.asarray(centroids, dtype=np.float64)
    ids, known = _registry_arrays(registry)
    if new.ndim != 2 or len(new) == 0 or len(ids) == 0:
        return [None] * (len(new) if new.ndim == 2 else 0)
    if known.shape[1] != new.shape[1]:
        raise ValueError(f"centroids have dimension {new.shape[1]}, the registry {known.shape[1]}")
    valid = np.isfinite(known).all(axis=1)
    raw = _unit(new) @ _unit(np.nan_to_num(known)).T
    if background is not None:
        bg = np.asarray(background, dtype=np.float64)
        sim = _unit(new - bg) @ _unit(np.nan_to_num(known) - bg).T
    else:
        sim = raw.copy()
    sim[raw >= _IDENTICAL] = 1.0
    sim[:, ~valid] = -np.inf
    pairs = _assign(np.where(sim >= threshold, sim, -10.0))
    out: list[int | None] = [None] * len(new)
    for i, j in pairs:
        if sim[i, j] >= threshold:
            out[i] = ids[j]
    return out


def _assign(score: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (row, col) maximising the summed score, one per row and column."""
    try:
        from scipy.optimize import linear_sum_assignment
    except ImportError:  # pragma: no cover - scipy is a dependency; keep working without it
        pairs, used_r, used_c = [], set(), set()
        for flat in np.argsort(-score, axis=None, kind="stable"):
            i, j = np.unravel_index(flat, score.shape)
            if i not in used_r and j not in used_c:
                pairs.append((int(i), int(j)))
                used_r.add(i)
                used_c.add(j)
        return pairs
    rows, cols = linear_sum_assignment(score, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols)]


def assign_stable_ids(store: Store, themes_df: pd.DataFrame, centroids: np.ndarray, meeting: str,
                      model_id: str, *, date: str = "", threshold: float = DEFAULT_THRESHOLD,
                      background: np.ndarray | None = None) -> dict[int, int]:
    """Give the themes of ``meeting`` their stable registry ids; return {local theme_id: stable id}.

    Row ``i`` of ``centroids`` belongs to ``themes_df.iloc[i]`` (columns ``theme_id``, ``label``
    and optionally ``size``; ``theme_id == -1`` rows are ignored). A theme matched to a known one
    keeps that id, and an id an analyst merged maps to its target. A new theme gets a new id.
    Registry centroids become the size-weighted mean over meetings; analysing the same meeting
    again replaces its contribution instead of adding it twice. One transaction.

    ``background`` defaults to the mean embedding of the statements of ``model_id`` already in
    the store together with the new themes (weighted by size); when the store holds no statements
    yet, centroids are compared uncentred (pass ``background=embeddings.mean(0)`` to centre
    anyway). Use :func:`theme_labels` for the labels to show.

    >>> import numpy as np, pandas as pd
    >>> themes = pd.DataFrame({"theme_id": [0, 1], "label": ["buss", "skola"], "size": [5, 4]})
    >>> with Store(":memory:") as store:
    ...     first = assign_stable_ids(store, themes, np.eye(2, 8), "M1", "m")
    ...     again = assign_stable_ids(store, themes.iloc[::-1], np.eye(2, 8)[::-1], "M2", "m")
    >>> first == again
    True
    """
    centroids = np.asarray(centroids, dtype=np.float32)
    if len(themes_df) != len(centroids):
        raise ValueError(f"{len(themes_df)} themes but {len(centroids)} centroids")
    keep = (themes_df["theme_id"].to_numpy() != -1)
    themes_df, centroids = themes_df[keep], centroids[keep]
    sizes = (themes_df["size"].to_numpy(dtype=float) if "size" in themes_df.columns
             else np.ones(len(themes_df)))
    labels = themes_df["label"].fillna("").astype(str).tolist() if "label" in themes_df.columns \
        else [""] * len(themes_df)
    with store.transaction():
        registry = store.registry()
        other = registry[(registry["model_id"] != model_id) & (registry["n_statements"] > 0)]
        if len(other):
            raise StoreError(f"the theme registry in {store.path} was built with embedding model "
                             f"{other['model_id'].iloc[0]!r}, this run uses {model_id!r}; "
                             "use the same embedder or another --db")
        registry = registry[registry["model_id"] == model_id]
        if background is None and len(registry):
            background = _background(store, model_id, centroids, sizes)
        matches = match_themes(centroids, registry, threshold, background=background)
        raw = store.record_themes(meeting, date, model_id, [
            (int(t), m, lab, int(s), c) for t, m, lab, s, c in
            zip(themes_df["theme_id"], matches, labels, sizes, centroids)])
        resolved = dict(zip(*store.registry()[["registry_id", "resolved_id"]].to_numpy().T))
    return {local: int(resolved.get(reg, reg)) for local, reg in raw.items()}


def _background(store: Store, model_id: str, centroids: np.ndarray,
                sizes: np.ndarray) -> np.ndarray | None:
    """Mean of the stored statements of ``model_id`` and the new themes; None when none is stored.

    Without stored statements there is no trustworthy estimate: the mean of a handful of theme
    centroids is close to each of them when there are only one or two, and centring on it would
    make every similarity noise. Then no centring is done.
    """
    stored, n = store.background(model_id)
    if stored is None or stored.shape[0] != centroids.shape[1]:
        return None
    total = stored * n + (sizes[:, None] * centroids.astype(np.float64)).sum(0)
    return total / (n + float(sizes.sum()))


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


def theme_labels(store: Store) -> dict[int, str]:
    """{stable id: label to show}; a merged id shows its target's label."""
    reg = store.registry()
    label = dict(zip(reg["registry_id"].astype(int), reg["label"]))
    return {int(i): label.get(int(r), "") for i, r in zip(reg["registry_id"], reg["resolved_id"])}


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


def theme_meeting_stats(notes: pd.DataFrame) -> pd.DataFrame:
    """Per theme_id of kept statements: n_meetings, meetings (list, date order), n_notes,
    challenge_share (NaN without ``is_challenge``) and recurring (n_meetings >= 2).

    >>> import pandas as pd
    >>> notes = pd.DataFrame({"meeting": ["B", "A", "A"], "date": ["2025-03-01", "2025-01-01", ""],
    ...                       "status": ["kept", "kept", "duplicate"], "theme_id": [0, 0, 0]})
    >>> theme_meeting_stats(notes)[["theme_id", "n_meetings", "meetings", "recurring"]]
       theme_id  n_meetings meetings  recurring
    0         0           2   [A, B]       True
    """
    kept = _kept_themed(notes)
    rank = {m: i for i, m in enumerate(_meeting_order(notes)["meeting"])}
    rows = []
    for tid, grp in kept.groupby("theme_id", sort=True):
        meetings = sorted(set(grp["meeting"]), key=lambda m: rank.get(m, len(rank)))
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
    first, then more meetings, then more statements, then higher challenge share.
    """
    stats = theme_meeting_stats(notes)
    stats = stats[stats["n_meetings"] >= min_meetings]
    if len(stats) == 0:
        return RECURRING.empty()
    info = themes.drop_duplicates("theme_id").set_index("theme_id") if len(themes) else None
    kept = _kept_themed(notes)

    def pick(tid: int, col: str) -> str:
        if info is not None and tid in info.index and col in info.columns:
            value = info.at[tid, col]
            if isinstance(value, str) and value:
                return value
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
