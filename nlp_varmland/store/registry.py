"""The theme registry and its whole policy: stable theme ids across meetings, in one place.

A theme found in a new meeting is matched one-to-one to the themes in the registry by the cosine
similarity of *centred* centroids (the mean embedding of all statements is subtracted first; see
``docs/store.md`` for why and how the threshold was chosen). A match keeps its id; a theme without
a match gets a new id (ids are never reused). Every meeting's themes are stored as observations:
a registry theme's centroid is the size-weighted mean of its observations and its label that of
the latest recorded observation, unless an analyst renamed it. A run shows the label computed
from its own statements; only an analyst's rename (``label_locked``) replaces it. Analyst renames
and merges win on every later run. On a read-only store themes are matched but nothing is recorded.

>>> import numpy as np, pandas as pd
>>> from nlp_varmland.store import Store
>>> themes = pd.DataFrame({"theme_id": [0, 1], "label": ["buss", "skola"], "size": [5, 4]})
>>> with Store(":memory:") as store:
...     first = assign_stable_ids(store, themes, np.eye(2, 8), "M1", "m")
...     again = assign_stable_ids(store, themes.iloc[::-1], np.eye(2, 8)[::-1], "M2", "m")
>>> first == again
True
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from nlp_varmland.errors import StoreError
from nlp_varmland.store.connection import _blob, _now, _unblob
from nlp_varmland.store.meetings import MeetingsMixin

__all__ = ["DEFAULT_THRESHOLD", "RegistryMixin", "match_themes", "match_members", "assign_stable_ids",
           "theme_labels", "stable_ids"]

#: Minimum centred cosine similarity for a new theme to count as a known one. Chosen on e5
#: (multilingual-e5-small, "query: ") centroids of SIB-200 Swedish topics; see docs/store.md.
DEFAULT_THRESHOLD = 0.45
#: Statements a theme must share with a known theme's latest observation to keep its id by members.
MIN_SHARED = 2
#: Raw cosine above which two centroids are the same theme whatever the centring says: the
#: same meeting analysed again must keep its ids even when a theme is close to the mean.
_IDENTICAL = 0.9999


class RegistryMixin(MeetingsMixin):
    """Registry tables: themes, their per-meeting observations, analyst renames and merges."""

    def registry(self, *, model_id: str | None = None) -> pd.DataFrame:
        """The theme registry, one row per stable theme id.

        Columns: registry_id, label, centroid (float32 ndarray), dim, n_statements, first_meeting,
        last_meeting, model_id, label_locked (bool), merged_into (int, -1 when not merged),
        resolved_id (the id after following merges).
        """
        sql = ("SELECT registry_id, label, centroid, dim, n_statements, first_meeting, "
               "last_meeting, model_id, label_locked, merged_into FROM themes")
        args: list[Any] = []
        if model_id is not None:
            sql, args = sql + " WHERE model_id = ?", [model_id]
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY registry_id", args).fetchall()
            merges = self._merge_map(conn)
        df = pd.DataFrame.from_records(rows, columns=[
            "registry_id", "label", "centroid", "dim", "n_statements", "first_meeting",
            "last_meeting", "model_id", "label_locked", "merged_into"])
        df["centroid"] = [_unblob(b, d) for b, d in zip(df["centroid"], df["dim"])]
        df["label_locked"] = df["label_locked"].astype(bool)
        df["merged_into"] = df["merged_into"].fillna(-1).astype(int)
        df["resolved_id"] = [merges.get(int(i), int(i)) for i in df["registry_id"]]
        return df

    def next_theme_id(self) -> int:
        """The id the next new theme will get (ids are never reused)."""
        with self._read() as conn:
            row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'themes'").fetchone()
            top = conn.execute("SELECT COALESCE(MAX(registry_id), 0) FROM themes").fetchone()[0]
        return max(int(row[0]) if row else 0, int(top)) + 1

    def theme_observations(self) -> pd.DataFrame:
        """Every (meeting, local theme) → registry_id link with its size, label and date."""
        with self._read() as conn:
            return pd.read_sql_query(
                "SELECT meeting, date, local_theme_id, registry_id, label, size FROM "
                "theme_observations ORDER BY date, seq, local_theme_id", conn)

    def observation_members(self) -> dict[int, set[str]]:
        """{registry_id: the note ids of its latest observation that recorded its members}.

        Observations recorded before schema v6 have no members and are left out.
        """
        with self._read() as conn:
            rows = conn.execute("SELECT registry_id, members FROM theme_observations WHERE members != '' "
                                "ORDER BY seq").fetchall()
        return {int(reg): set(json.loads(members)) for reg, members in rows}

    def record_themes(self, meeting: str, date: str, model_id: str,
                      observations: Sequence[tuple[Any, ...]]) -> dict[int, int]:
        """Replace ``meeting``'s theme observations; return {local_theme_id: registry_id}.

        Each observation is ``(local_theme_id, registry_id or None for a new theme, label, size,
        centroid)``, optionally followed by the note ids of its statements (its members, which
        :func:`assign_stable_ids` matches a re-run by). A new theme gets a new registry id (ids are
        never reused). Registry centroids are the size-weighted mean of their observations, so
        re-recording a meeting does not
        count it twice. The label is that of the latest recorded observation (the freshest run)
        unless an analyst renamed it.
        """
        out: dict[int, int] = {}
        with self._write() as conn:
            old = [r[0] for r in conn.execute(
                "SELECT DISTINCT registry_id FROM theme_observations WHERE meeting = ?", (meeting,))]
            conn.execute("DELETE FROM theme_observations WHERE meeting = ?", (meeting,))
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM theme_observations").fetchone()[0]
            if not date:
                row = conn.execute("SELECT date FROM meetings WHERE name = ?", (meeting,)).fetchone()
                date = row[0] if row else ""
            now = _now()
            for local, reg, label, size, centroid, *rest in observations:
                members = [str(m) for m in rest[0]] if rest and rest[0] is not None else []
                centroid = np.asarray(centroid, dtype=np.float32)
                if reg is None:
                    reg = conn.execute(
                        "INSERT INTO themes (label, centroid, dim, n_statements, first_meeting, "
                        "last_meeting, model_id, created, updated) VALUES (?,?,?,?,?,?,?,?,?)",
                        (label, _blob(centroid), centroid.shape[0], int(size), meeting, meeting,
                         model_id, now, now)).lastrowid
                elif conn.execute("SELECT 1 FROM themes WHERE registry_id = ?", (reg,)).fetchone() is None:
                    raise StoreError(f"theme {reg} is not in the registry of {self.path}")
                conn.execute("INSERT INTO theme_observations (meeting, local_theme_id, registry_id, date, seq, "
                             "label, size, centroid, members) VALUES (?,?,?,?,?,?,?,?,?)",
                             (meeting, int(local), int(reg), date or "", seq, label, int(size),
                              _blob(centroid), json.dumps(sorted(members)) if members else ""))
                conn.execute("UPDATE themes SET label = ? WHERE registry_id = ? AND label = ''",
                             (label, reg))
                out[int(local)] = int(reg)
            self._refresh_registry(conn, set(old) | set(out.values()))
        return out

    def _refresh_registry(self, conn: sqlite3.Connection, ids: Iterable[int]) -> None:
        """Recompute centroid, size, label and first/last meeting of ``ids`` from their observations."""
        now = _now()
        for reg in sorted(set(ids)):
            obs = conn.execute(
                "SELECT o.meeting, o.size, o.centroid, COALESCE(NULLIF(o.date, ''), m.date, '') AS d, o.label, "
                "o.seq "
                "FROM theme_observations o LEFT JOIN meetings m ON m.name = o.meeting "
                "WHERE o.registry_id = ? ORDER BY d, o.seq", (reg,)).fetchall()
            if not obs:
                # Orphaned by a replaced meeting: drop it unless an analyst has touched it.
                conn.execute("DELETE FROM themes WHERE registry_id = ? AND label_locked = 0 AND "
                             "merged_into IS NULL AND registry_id NOT IN (SELECT merged_into FROM "
                             "themes WHERE merged_into IS NOT NULL)", (reg,))
                conn.execute("UPDATE themes SET n_statements = 0, updated = ? WHERE registry_id = ?",
                             (now, reg))
                continue
            sizes = np.array([max(int(o[1]), 0) for o in obs], dtype=np.float64)
            vecs = np.stack([np.frombuffer(o[2], dtype="<f4") for o in obs]).astype(np.float64)
            weights = sizes if sizes.sum() > 0 else np.ones_like(sizes)
            centroid = (weights[:, None] * vecs).sum(0) / weights.sum()
            conn.execute("UPDATE themes SET centroid = ?, n_statements = ?, first_meeting = ?, "
                         "last_meeting = ?, updated = ? WHERE registry_id = ?",
                         (_blob(centroid), int(sizes.sum()), obs[0][0], obs[-1][0], now, reg))
            # The registry keeps the fresh label: that of the latest recorded observation (the
            # last run that saw the theme, computed from that run's own statements). It is a
            # record, never shown instead of a run's own label; an analyst's rename
            # (label_locked) always wins.
            latest = max(range(len(obs)), key=lambda i: (int(obs[i][5]), i))
            if obs[latest][4]:
                conn.execute("UPDATE themes SET label = ? WHERE registry_id = ? AND label_locked = 0",
                             (obs[latest][4], reg))

    def rename_theme(self, registry_id: int, label: str) -> None:
        """Set an analyst's label for a stable theme; later runs keep it (``label_locked``)."""
        label = label.strip()
        if not label:
            raise ValueError("label must not be empty")
        with self._write() as conn:
            target = self._merge_map(conn).get(int(registry_id), int(registry_id))
            if conn.execute("UPDATE themes SET label = ?, label_locked = 1, updated = ? WHERE "
                            "registry_id = ?", (label, _now(), target)).rowcount == 0:
                raise StoreError(f"theme {registry_id} is not in the registry of {self.path}")
            conn.execute("INSERT INTO corrections (created, action, registry_ids, value) VALUES "
                         "(?, 'rename', ?, ?)", (_now(), json.dumps([int(registry_id)]), label))

    def merge_themes(self, registry_ids: Iterable[int], into: int) -> None:
        """Record that ``registry_ids`` are the same theme as ``into``; they map to it from now on."""
        ids = sorted({int(i) for i in registry_ids})
        with self._write() as conn:
            merges = self._merge_map(conn)
            known = {r[0] for r in conn.execute("SELECT registry_id FROM themes")}
            missing = [i for i in [*ids, int(into)] if i not in known]
            if missing:
                raise StoreError(f"themes {missing} are not in the registry of {self.path}")
            target = merges.get(int(into), int(into))
            sources = [i for i in ids if merges.get(i, i) != target]
            now = _now()
            for i in sources:
                root = merges.get(i, i)
                # Move the source's whole group (itself and what was merged into it) to the target.
                conn.execute("UPDATE themes SET merged_into = ?, updated = ? WHERE registry_id = ? "
                             "OR merged_into = ?", (target, now, root, root))
            conn.execute("INSERT INTO corrections (created, action, registry_ids, value) VALUES "
                         "(?, 'merge', ?, ?)", (now, json.dumps(ids), str(int(into))))

    def corrections(self) -> pd.DataFrame:
        """The log of theme corrections: correction_id, created, action, registry_ids, value.

        Corrections of single statements are :meth:`note_corrections`.
        """
        with self._read() as conn:
            df = pd.read_sql_query("SELECT * FROM corrections ORDER BY correction_id", conn)
        df["registry_ids"] = [json.loads(s) for s in df["registry_ids"]]
        return df


# -- policy: matching, stable ids, labels ---------------------------------------------------------

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


def assign_stable_ids(store: RegistryMixin, themes_df: pd.DataFrame, centroids: np.ndarray,
                      meeting: str, model_id: str, *, date: str = "",
                      threshold: float = DEFAULT_THRESHOLD,
                      background: np.ndarray | None = None,
                      members: Sequence[Iterable[str]] | None = None) -> dict[int, int]:
    """Give the themes of ``meeting`` their stable registry ids; return {local theme_id: stable id}.

    Row ``i`` of ``centroids`` belongs to ``themes_df.iloc[i]`` (columns ``theme_id``, ``label``
    and optionally ``size``; ``theme_id == -1`` rows are ignored). A theme matched to a known one
    keeps that id, and an id an analyst merged maps to its target. A new theme gets a new id.
    Registry centroids become the size-weighted mean over meetings; analysing the same meeting
    again replaces its contribution instead of adding it twice. One transaction. On a read-only
    store nothing is recorded: new themes get the ids they would get next, and the registry stays.

    ``background`` defaults to the mean embedding of the statements of ``model_id`` already in
    the store together with the new themes (weighted by size); when the store holds no statements
    yet, centroids are compared uncentred (pass ``background=embeddings.mean(0)`` to centre
    anyway). Use :func:`theme_labels` for the labels to show.

    ``members`` (row ``i``: the note ids of ``themes_df.iloc[i]``'s statements) are recorded, and
    statements the store has seen before match by members first (:func:`match_members`): a theme
    keeps the id of the registry theme whose latest observation it shares most statements with, so
    when a theme splits on a re-run the piece with most of its statements keeps its id. Themes
    whose statements are new are matched by centroid, as before.
    """
    centroids = np.asarray(centroids, dtype=np.float32)
    if len(themes_df) != len(centroids):
        raise ValueError(f"{len(themes_df)} themes but {len(centroids)} centroids")
    keep = (themes_df["theme_id"].to_numpy() != -1)
    themes_df, centroids = themes_df[keep], centroids[keep]
    member_sets = None if members is None else [
        {str(m) for m in ms} for ms, k in zip(members, keep) if k]
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
        matches: list[int | None] = [None] * len(centroids)
        if member_sets is not None and len(registry):
            known = store.observation_members()
            matches = match_members(member_sets, {r: known[r] for r in registry["registry_id"] if r in known})
        rest = [i for i, m in enumerate(matches) if m is None]
        if rest:
            free = registry[~registry["registry_id"].isin({m for m in matches if m is not None})]
            for i, m in zip(rest, match_themes(centroids[rest], free, threshold, background=background)):
                matches[i] = m
        locals_ = [int(t) for t in themes_df["theme_id"]]
        if store.readonly:
            nxt = store.next_theme_id()
            raw = {}
            for local, m in zip(locals_, matches):
                raw[local] = m if m is not None else nxt
                nxt += m is None
        else:
            raw = store.record_themes(meeting, date, model_id, [
                (t, m, lab, int(s), c, ms) for t, m, lab, s, c, ms in
                zip(locals_, matches, labels, sizes, centroids,
                    member_sets if member_sets is not None else [set()] * len(locals_))])
        resolved = dict(zip(*store.registry()[["registry_id", "resolved_id"]].to_numpy().T))
    return {local: int(resolved.get(reg, reg)) for local, reg in raw.items()}


def match_members(members: Sequence[set[str]], known: dict[int, set[str]], *,
                  min_shared: int = MIN_SHARED) -> list[int | None]:
    """Match themes one-to-one to known themes by shared statements; ``None`` where none fits.

    ``members[i]``: the note ids of new theme ``i``; ``known``: {registry_id: note ids of its latest
    observation}. Only statements of this run count (a registry theme's members from other
    meetings cannot be in any piece). A pair is a candidate when it shares at least
    ``min_shared`` statements and they are at least half of the known theme's statements in this
    run or half of the new theme; the assignment maximises the statements shared (Hungarian), so
    when a theme split, the piece holding most of its statements keeps its id.

    >>> match_members([{"a", "b"}, {"c", "d", "e"}, {"x", "y"}], {7: {"a", "b", "c", "d", "e"}, 8: {"z"}})
    [None, 7, None]
    """
    n = len(members)
    seen = set().union(*members) if members else set()
    ids = [int(r) for r, s in known.items() if s & seen]
    if not n or not ids:
        return [None] * n
    where: dict[str, list[int]] = {}
    for j, r in enumerate(ids):
        for note in known[r] & seen:
            where.setdefault(note, []).append(j)
    shared = np.zeros((n, len(ids)))
    for i, ms in enumerate(members):
        for note in ms:
            for j in where.get(note, ()):
                shared[i, j] += 1
    old = np.array([len(known[r] & seen) for r in ids], dtype=float)
    new = np.array([max(len(ms), 1) for ms in members], dtype=float)
    ok = (shared >= min_shared) & ((shared >= 0.5 * old[None, :]) | (shared >= 0.5 * new[:, None]))
    out: list[int | None] = [None] * n
    for i, j in _assign(np.where(ok, shared, -1.0)):
        if ok[i, j]:
            out[i] = ids[j]
    return out


def _background(store: RegistryMixin, model_id: str, centroids: np.ndarray,
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


def theme_labels(store: RegistryMixin, *, locked_only: bool = False) -> dict[int, str]:
    """{stable id: registry label}; a merged id shows its target's label.

    ``locked_only``: only the labels an analyst set (``rename_theme``), the ones a run shows
    instead of its own.
    """
    reg = store.registry()
    label = dict(zip(reg["registry_id"].astype(int), reg["label"]))
    locked = dict(zip(reg["registry_id"].astype(int), reg["label_locked"]))
    return {int(i): label.get(int(r), "") for i, r in zip(reg["registry_id"], reg["resolved_id"])
            if not locked_only or locked.get(int(r), False)}


def stable_ids(store: RegistryMixin, notes: pd.DataFrame, themes: pd.DataFrame,
               centroids: np.ndarray, model_id: str, key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give a run's themes the store's stable ids (analyst renames and merges win).

    The run is one observation in the registry, keyed by ``key`` (its meetings; a `history` run
    uses one key for all meetings), so analysing the same meetings again replaces it. Returns
    ``notes`` with stable ``theme_id`` (outliers stay -1) and ``themes`` with stable ids, themes
    an analyst merged collapsed into one row (the largest one speaks). A theme keeps the label
    computed from its own statements in this run, so the same input gets the same labels whatever
    the store saw before; only an analyst's rename (``label_locked``) replaces it. The registry
    records the fresh label.
    """
    kept = notes["status"] == "kept"
    dates = sorted(d for d in notes.loc[kept, "date"] if d)
    members = None
    if "note_id" in notes.columns:
        local = notes.loc[kept & (notes["theme_id"] >= 0)]
        by_theme = local.groupby("theme_id")["note_id"].agg(list).to_dict()
        members = [by_theme.get(int(t), []) for t in themes["theme_id"]]
    mapping = assign_stable_ids(store, themes, centroids, meeting=key, model_id=model_id,
                                date=dates[-1] if dates else "", members=members)
    labels = theme_labels(store, locked_only=True)
    notes = notes.assign(theme_id=notes["theme_id"].map(
        lambda t: mapping.get(int(t), int(t)) if t >= 0 else -1))
    themes = themes.assign(theme_id=themes["theme_id"].map(lambda t: mapping.get(int(t), int(t))))
    themes["label"] = [labels.get(int(t)) or lab for t, lab in zip(themes["theme_id"], themes["label"])]
    return notes, _collapse_merged(themes)


def _collapse_merged(themes: pd.DataFrame) -> pd.DataFrame:
    """Themes an analyst merged into one stable id become one row (the largest one speaks)."""
    if themes["theme_id"].is_unique:
        return themes
    themes = themes.sort_values("size", ascending=False, kind="stable")
    sizes = themes.groupby("theme_id")["size"].sum()
    themes = themes.drop_duplicates("theme_id").copy()
    themes["size"] = themes["theme_id"].map(sizes).astype(int)
    return themes
