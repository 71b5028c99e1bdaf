"""Meetings in the store: statements, their embeddings, the run log, and a meeting's identity.

A meeting is its name plus the content hash of its input rows (:func:`meeting_hashes`);
``replace_meeting`` stores one meeting in one transaction, and refuses when the stored meeting of
that name came from other input files with other content (two files that both became
"anteckningar" must not silently replace each other).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp_varmland.errors import StoreError
from nlp_varmland.schema import NOTES_COLUMNS
from nlp_varmland.store.connection import Connection, _blob, _jsonable, _now, _text, _unblob, table_columns

#: NOTES columns stored as columns of ``statements``; any other column (one added to the NOTES
#: schema later, or an analysis column) is kept in ``extra_json`` and comes back from load_notes.
NOTE_COLUMNS = [c for c in NOTES_COLUMNS if c in table_columns("statements")]
_INT_COLUMNS = {"source_row", "part"}
#: Analysis columns stored as typed, queryable columns when the notes have them.
ANALYSIS_COLUMNS = {"theme_id": "INTEGER", "is_challenge": "INTEGER", "challenge_score": "REAL",
                    "goal_id": "TEXT", "area_id": "TEXT", "goal_score": "REAL"}
_ANALYSIS_DEFAULTS: dict[str, Any] = {"theme_id": -1, "is_challenge": False,
                                      "challenge_score": math.nan, "goal_id": "", "area_id": "",
                                      "goal_score": math.nan}


def hash_inputs(paths: Iterable[str | os.PathLike[str]]) -> str:
    """Content hash of input files: sha256 over the sorted sha256 of each file's bytes.

    Independent of file names and order, so moving a folder does not change a meeting's identity.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = p.write_text("Bussen")
    >>> hash_inputs([p]) == hash_inputs([str(p)])
    True
    """
    digests = sorted(hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths)
    return "sha256:" + hashlib.sha256("\n".join(digests).encode()).hexdigest()


def meeting_hashes(raw: pd.DataFrame) -> dict[str, str]:
    """Content hash of each meeting's input rows: a meeting is its name plus this hash.

    Each row counts with its file's name (not its folder: ``source`` is an absolute path), its
    row number and its text, so a moved or copied meetings folder gives the same hashes.

    Linear in the number of rows: the rows are grouped on a plain frame, because pandas deep-copies
    ``attrs`` (one dict per input file) into every group, which made many files quadratic.

    >>> raw = pd.DataFrame({"meeting": ["B", "A", "B"], "source": ["b.csv", "a.csv", "b.csv"],
    ...                     "source_row": [1, 1, 2], "text": ["x", "y", "z"]})
    >>> raw.attrs["inputs"] = [{"path": "a.csv"}, {"path": "b.csv"}]
    >>> sorted(meeting_hashes(raw)) == ["A", "B"]
    True
    """
    frame = pd.DataFrame({c: raw[c].to_numpy() for c in ("meeting", "source", "source_row", "text")})
    names = {s: _file_name(s) for s in frame["source"].unique()}
    out = {}
    for name, rows in frame.groupby("meeting", sort=True):
        lines = "\n".join(f"{names[s]}|{r}|{t}" for s, r, t in zip(rows["source"], rows["source_row"], rows["text"]))
        out[str(name)] = "sha256:" + hashlib.sha256(lines.encode("utf-8")).hexdigest()
    return out


def _file_name(source: Any) -> str:
    """A ``source`` without its folder: ``/a/b/möte.xlsx#Blad 1`` -> ``möte.xlsx#Blad 1``."""
    path, sep, sheet = str(source).partition("#")
    return os.path.basename(path) + sep + sheet


def _opt(value: Any, kind: str) -> Any:
    """A value for a typed analysis column: None for missing, else int/float/str."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None if kind != "TEXT" else ""
    if kind == "INTEGER":
        return int(value)
    if kind == "REAL":
        return float(value)
    return str(value)


def _files(sources: Iterable[Any]) -> set[str]:
    """The input files behind ``source`` values (``file.xlsx#Blad 1`` -> ``file.xlsx``)."""
    return {str(s).split("#", 1)[0] for s in sources if _text(s)}


def _same_file(old: set[str], new: set[str]) -> bool:
    """True when the two sets name a common file: equal strings, or equal absolute paths (a
    relative path is read from the current folder, so a run from another folder still matches)."""
    def norm(paths: set[str]) -> set[str]:
        return {os.path.normpath(os.path.abspath(p)) for p in paths}

    return bool(old & new) or bool(norm(old) & norm(new))


def _same_bytes(old: set[str], new: set[str]) -> bool:
    """True when the stored meeting's files still exist and hold the same bytes as the new ones."""
    try:
        return len(old) == len(new) and hash_inputs(old) == hash_inputs(new)
    except OSError:  # moved away or unreadable: not provably the same
        return False


def _moved_before_v2_hash(raw: pd.DataFrame | None, meeting: str, old: set[str], stored_hash: str) -> bool:
    """True when the new rows, read at the stored files' old paths, give the stored hash.

    Meetings recorded before :func:`meeting_hashes` left the folder out were hashed over
    ``source|row|text`` with ``source`` the absolute path; a folder moved since then (its old
    files gone) is recognised by putting each new file's old path (same file name) back.
    """
    if raw is None:
        return False
    by_name: dict[str, str] = {}
    for path in old:
        if os.path.basename(path) in by_name:  # two old files of one name: no unique mapping
            return False
        by_name[os.path.basename(path)] = path
    rows = raw[raw["meeting"].astype(str) == meeting]
    lines = []
    for src, r, t in zip(rows["source"], rows["source_row"], rows["text"]):
        path, sep, sheet = str(src).partition("#")
        if os.path.basename(path) not in by_name:
            return False
        lines.append(f"{by_name[os.path.basename(path)]}{sep}{sheet}|{r}|{t}")
    return "sha256:" + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest() == stored_hash


class MeetingsMixin(Connection):
    """Storing, listing and loading meetings (part of :class:`nlp_varmland.store.Store`)."""

    def replace_meeting(self, meeting: str, date: str, input_hash: str, notes: pd.DataFrame,
                        embeddings: np.ndarray | None, *, model_id: str, prefix: str = "",
                        run: dict[str, Any] | None = None) -> int:
        """Store one meeting, replacing whatever was stored under the same name; return its id.

        ``notes`` are the NOTES rows of this meeting (every statement, any status); the rows of
        ``embeddings`` align with ``notes[notes.status == "kept"]`` in order. Delete and insert
        happen in one transaction, so a crash leaves the previous version of the meeting.
        Replacing is what this method is for; :meth:`check_sources` tells beforehand whether the
        stored meeting of that name came from other files (two files that ended up with one
        name), which the pipeline refuses unless the user named the meeting on purpose.

        >>> import numpy as np, pandas as pd
        >>> from nlp_varmland.store import Store
        >>> notes = pd.DataFrame({"note_id": ["a", "b"], "text": ["Bussen går sällan", ""],
        ...                       "status": ["kept", "empty"]})
        >>> with Store(":memory:") as s:
        ...     first = s.replace_meeting("M1", "2025-01-20", "h1", notes, np.eye(1, 3), model_id="m")
        ...     again = s.replace_meeting("M1", "2025-01-20", "h1", notes, np.eye(1, 3), model_id="m")
        ...     int(s.meetings().n_statements.sum())
        2
        """
        if not isinstance(meeting, str) or not meeting:
            raise ValueError("meeting must be a non-empty string")
        if "status" not in notes.columns or "note_id" not in notes.columns:
            raise ValueError("notes need at least the columns note_id and status")
        kept = (notes["status"] == "kept").to_numpy()
        n_kept = int(kept.sum())
        vectors = np.zeros((0, 0), dtype=np.float32) if embeddings is None else np.asarray(embeddings)
        if vectors.ndim != 2 or vectors.shape[0] != n_kept:
            raise ValueError(f"embeddings must have one row per kept statement ({n_kept}), "
                             f"got shape {vectors.shape}")
        if "meeting" in notes.columns:
            others = {_text(m) for m in notes["meeting"].tolist()} - {meeting, ""}
            if others:
                raise ValueError(f"notes for meeting {meeting!r} contain other meetings: {sorted(others)}")
        dim = int(vectors.shape[1])

        typed = [c for c in ANALYSIS_COLUMNS if c in notes.columns]
        extra = [c for c in notes.columns if c not in NOTE_COLUMNS and c not in ANALYSIS_COLUMNS]
        columns = [c for c in notes.columns]
        rows = []
        # One object array, not DataFrame.to_dict (~7 ms per call on small frames, most of the
        # time when a run records thousands of one-file meetings). Values are boxed below.
        records = (dict(zip(columns, values)) for values in notes.to_numpy(dtype=object).tolist())
        for pos, rec in enumerate(records):
            core: list[Any] = []
            for c in NOTE_COLUMNS:
                v = rec.get(c, None)
                if c in _INT_COLUMNS:
                    core.append(None if v is None or pd.isna(v) else int(v))
                elif c == "meeting":
                    core.append(_text(v) or meeting)
                elif c == "date":
                    core.append(_text(v) or (date or ""))
                else:
                    core.append(_text(v))
            opt = [_opt(rec.get(c), ANALYSIS_COLUMNS[c]) if c in typed else None
                   for c in ANALYSIS_COLUMNS]
            ext = json.dumps({c: _jsonable(rec[c]) for c in extra}, ensure_ascii=False) if extra else None
            rows.append((pos, *core, *opt, ext))
        kept_pos = np.flatnonzero(kept)
        mean = _blob(vectors.astype(np.float64).mean(0)) if n_kept else None
        run_json = json.dumps(_jsonable(run or {}), ensure_ascii=False, sort_keys=True)
        cols_sql = ", ".join(f'"{c}"' for c in ["meeting_id", "pos", *NOTE_COLUMNS,
                                                  *ANALYSIS_COLUMNS, "extra_json"])
        marks = ", ".join("?" * (len(NOTE_COLUMNS) + len(ANALYSIS_COLUMNS) + 3))

        with self._write() as conn:
            now = _now()
            run_id = conn.execute(
                "INSERT INTO runs (created, meeting, input_hash, run_json) VALUES (?, ?, ?, ?)",
                (now, meeting, input_hash, run_json)).lastrowid
            conn.execute("DELETE FROM meetings WHERE name = ?", (meeting,))
            meeting_id = conn.execute(
                "INSERT INTO meetings (name, date, input_hash, model_id, prefix, dim, n_statements,"
                " n_kept, columns_json, mean_vector, run_id, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (meeting, date or "", input_hash, model_id, prefix or "", dim, len(notes), n_kept,
                 json.dumps(columns, ensure_ascii=False), mean, run_id, now)).lastrowid
            conn.executemany(f"INSERT INTO statements ({cols_sql}) VALUES ({marks})",
                             ((meeting_id, *r) for r in rows))
            conn.executemany("INSERT INTO embeddings (meeting_id, pos, vector) VALUES (?, ?, ?)",
                             ((meeting_id, int(p), _blob(v)) for p, v in zip(kept_pos, vectors)))
        return int(meeting_id)

    def check_sources(self, sources: Mapping[str, Iterable[str]] | pd.DataFrame,
                      hashes: Mapping[str, str] | None = None, *, hint: str | None = None) -> None:
        """Raise :class:`StoreError` when a meeting would replace one from other input files.

        ``hint`` replaces the advice after the ``;`` (``{meeting}`` is the meeting's name), for a
        command without ``--meeting`` (build-report).

        ``sources`` maps a meeting name to the ``source`` values of its rows, or is the raw rows
        themselves (columns ``meeting`` and ``source``; grouped without ``attrs``, which pandas
        would copy into every group). A stored meeting of
        that name may be replaced when it shares an input file with the new one (the same file,
        edited), has the same content hash (the same file, moved: the hash has no folder names),
        or its files still exist and hold the same bytes (:func:`hash_inputs`; a copy, also for a
        meeting recorded before the hash left the folder out). Otherwise two different
        files ended up with one meeting name, and the user must name them apart, or name the
        meeting explicitly to replace it. Call it before the expensive work: it also refuses
        a read-only store at once, since recording is what follows.

        >>> import pandas as pd
        >>> from nlp_varmland.store import Store
        >>> notes = pd.DataFrame({"note_id": ["a"], "source": ["bord1/anteckningar.csv"], "status": ["empty"]})
        >>> with Store(":memory:") as s:
        ...     _ = s.replace_meeting("anteckningar", "", "h1", notes, None, model_id="m")
        ...     s.check_sources({"anteckningar": ["bord1/anteckningar.csv"]})        # same file: fine
        ...     try:
        ...         s.check_sources({"anteckningar": ["bord2/anteckningar.csv"]}, {"anteckningar": "h2"})
        ...     except StoreError as exc:
        ...         print(str(exc).split(";")[0])
        meeting 'anteckningar' in store :memory: comes from bord1/anteckningar.csv, not bord2/anteckningar.csv
        """
        if self.readonly:
            raise self._readonly_error()
        raw = None
        if isinstance(sources, pd.DataFrame):
            if "source" not in sources.columns or "meeting" not in sources.columns:
                return
            if {"source_row", "text"} <= set(sources.columns):
                raw = sources
            pairs = pd.DataFrame({"meeting": sources["meeting"].to_numpy(),
                                  "source": sources["source"].to_numpy()}).drop_duplicates()
            sources = {str(m): rows["source"].tolist() for m, rows in pairs.groupby("meeting")}
        with self._read() as conn:
            self._refuse_other_sources(conn, {m: _files(s) for m, s in sources.items()},
                                       dict(hashes or {}), hint, raw)

    def _refuse_other_sources(self, conn: Any, sources: Mapping[str, set[str]],
                              hashes: Mapping[str, str], hint: str | None = None,
                              raw: pd.DataFrame | None = None) -> None:
        for meeting, new in sources.items():
            row = conn.execute("SELECT meeting_id, input_hash FROM meetings WHERE name = ?",
                               (meeting,)).fetchone()
            if row is None or not new or (hashes.get(meeting) and hashes[meeting] == row[1]):
                continue
            old = _files(r[0] for r in conn.execute(
                "SELECT DISTINCT source FROM statements WHERE meeting_id = ?", (row[0],)))
            if (old and not _same_file(old, new) and not _same_bytes(old, new)
                    and not _moved_before_v2_hash(raw, meeting, old, row[1])):
                advice = hint.format(meeting=meeting) if hint else (
                    f"give each file its own meeting name with --meeting NAME, or pass --meeting {meeting!r} "
                    "to replace the stored one")
                raise StoreError(
                    f"meeting {meeting!r} in store {self.path} comes from {', '.join(sorted(old))}, "
                    f"not {', '.join(sorted(new))}; {advice}")

    def update_theme_ids(self, mapping: Mapping[str, int], *, meeting: str | None = None) -> int:
        """Set ``statements.theme_id`` by note_id (e.g. to the stable ids notes.csv shows).

        Returns the number of statements changed; ``meeting`` limits it to one meeting.
        """
        sql = "UPDATE statements SET theme_id = ? WHERE note_id = ?"
        if meeting is not None:
            sql += " AND meeting_id IN (SELECT meeting_id FROM meetings WHERE name = ?)"
        args = [(int(t), str(n), *([meeting] if meeting is not None else []))
                for n, t in mapping.items()]
        with self._write() as conn:
            before = conn.total_changes
            conn.executemany(sql, args)
            return conn.total_changes - before

    def delete_meeting(self, meeting: str) -> bool:
        """Remove a meeting, its statements, embeddings and theme observations. True if it existed."""
        with self._write() as conn:
            n = conn.execute("DELETE FROM meetings WHERE name = ?", (meeting,)).rowcount
            ids = [r[0] for r in conn.execute(
                "SELECT DISTINCT registry_id FROM theme_observations WHERE meeting = ?", (meeting,))]
            conn.execute("DELETE FROM theme_observations WHERE meeting = ?", (meeting,))
            self._refresh_registry(conn, ids)  # type: ignore[attr-defined]  # RegistryMixin
        return n > 0

    def meetings(self) -> pd.DataFrame:
        """One row per stored meeting in date order: meeting_id, name, date, input_hash, model_id,
        prefix, dim, n_statements, n_kept, run_id, updated."""
        with self._read() as conn:
            return pd.read_sql_query(
                "SELECT meeting_id, name, date, input_hash, model_id, prefix, dim, n_statements, "
                "n_kept, run_id, updated FROM meetings ORDER BY date, meeting_id", conn)

    def content(self) -> tuple[str, list[dict[str, Any]]]:
        """What the store holds, without its timestamps: ``(sha256, meetings)``.

        ``sha256`` is over the sorted lines ``name|input_hash|model_id|prefix`` of the stored
        meetings (the file's own bytes hold the time of every write, so two identical batch runs
        give different files); ``meetings`` is ``[{"name", "input_hash", "rows", "sources"}]``
        sorted by name, ``sources`` the input files (absolute, without a sheet suffix).
        run.json names a store input by these.
        """
        with self._read() as conn:
            rows = conn.execute("SELECT meeting_id, name, input_hash, model_id, prefix, n_statements "
                                "FROM meetings ORDER BY name").fetchall()
            sources = {mid: sorted(_files(r[0] for r in conn.execute(
                "SELECT DISTINCT source FROM statements WHERE meeting_id = ?", (mid,))))
                for mid, *_rest in rows}
        lines = "\n".join(f"{name}|{digest}|{model}|{prefix}" for _mid, name, digest, model, prefix, _n in rows)
        meetings = [{"name": name, "input_hash": digest, "rows": int(n), "sources": sources[mid]}
                    for mid, name, digest, _model, _prefix, n in rows]
        return "sha256:" + hashlib.sha256(lines.encode("utf-8")).hexdigest(), meetings

    def has_meeting(self, name: str, input_hash: str, *, model_id: str | None = None) -> bool:
        """True when ``name`` is stored from inputs with ``input_hash`` (and ``model_id`` if given).

        A batch job uses it to skip a meeting whose inputs and embedder have not changed.
        """
        sql, args = "SELECT 1 FROM meetings WHERE name = ? AND input_hash = ?", [name, input_hash]
        if model_id is not None:
            sql, args = sql + " AND model_id = ?", [*args, model_id]
        with self._read() as conn:
            return conn.execute(sql, args).fetchone() is not None

    def goal_file(self) -> dict[str, str] | None:
        """The strategy the newest run that recorded one mapped the meetings to: ``{"name": the
        goal file's name, "file": the bundled name or file name}``; None for a store whose runs
        predate the record."""
        for run in reversed(self.runs()["run"].tolist()):
            if isinstance(run, dict) and isinstance(run.get("goals"), dict) and run["goals"].get("name"):
                return {"name": str(run["goals"]["name"]), "file": str(run["goals"].get("file") or "")}
        return None

    def runs(self) -> pd.DataFrame:
        """The run log: run_id, created, meeting, input_hash and ``run`` (the dict), oldest first."""
        with self._read() as conn:
            df = pd.read_sql_query("SELECT run_id, created, meeting, input_hash, run_json FROM runs "
                                   "ORDER BY run_id", conn)
        df["run"] = [json.loads(s) for s in df.pop("run_json")]
        return df

    def load_notes(self, *, model_id: str | None = None,
                   resolve_merges: bool = True) -> tuple[pd.DataFrame, np.ndarray, str]:
        """All stored statements, the embeddings of the kept ones, and the embedding model id.

        Meetings come in date order, statements in input order; row ``i`` of the embeddings is the
        ``i``-th kept statement. Meetings embedded with different models (or prefixes) cannot be
        compared, so mixing them raises :class:`StoreError`, unless ``model_id`` selects one model.
        With ``resolve_merges`` a ``theme_id`` merged by an analyst reads as its target's id.
        """
        with self._read() as conn:
            meetings = conn.execute(
                "SELECT meeting_id, name, model_id, prefix, dim, columns_json FROM meetings "
                "ORDER BY date, meeting_id").fetchall()
            if model_id is not None:
                meetings = [m for m in meetings if m[2] == model_id]
            models = sorted({(m[2], m[3]) for m in meetings})
            if len(models) > 1:
                desc = ", ".join(f"{mid!r} (prefix {pre!r}): "
                                 + "; ".join(m[1] for m in meetings if (m[2], m[3]) == (mid, pre))
                                 for mid, pre in models)
                raise StoreError(f"store {self.path} mixes embedding models, which cannot be "
                                 f"compared: {desc}; re-run those meetings with one embedder")
            dim = int(meetings[0][4]) if meetings else 0
            seen: dict[str, None] = dict.fromkeys(NOTE_COLUMNS)
            for m in meetings:
                seen.update(dict.fromkeys(json.loads(m[5])))
            cols = ", ".join(f's."{c}"' for c in ["meeting_id", "pos", *NOTE_COLUMNS,
                                                    *ANALYSIS_COLUMNS, "extra_json"])
            where = "WHERE m.model_id = ?" if model_id is not None else ""
            args = [model_id] if model_id is not None else []
            rows = conn.execute(f"SELECT {cols} FROM statements s JOIN meetings m USING (meeting_id) "
                                f"{where} ORDER BY m.date, m.meeting_id, s.pos", args).fetchall()
            vecs = conn.execute("SELECT s.vector FROM embeddings s JOIN meetings m USING (meeting_id) "
                                f"{where} ORDER BY m.date, m.meeting_id, s.pos", args).fetchall()
            merges = self._merge_map(conn) if resolve_merges else {}
        names = ["meeting_id", "pos", *NOTE_COLUMNS, *ANALYSIS_COLUMNS, "extra_json"]
        df = pd.DataFrame.from_records(rows, columns=names)
        extras = [json.loads(s) if s else {} for s in df.pop("extra_json")]
        df = df.drop(columns=["meeting_id", "pos"])
        for c in _INT_COLUMNS:
            df[c] = pd.array(df[c], dtype="Int64") if df[c].isna().any() else df[c].astype(int)
        for name in seen:
            if name in ANALYSIS_COLUMNS:
                col = df[name].where(df[name].notna(), _ANALYSIS_DEFAULTS[name])
                if name == "theme_id":
                    col = col.astype(int)
                    col = col.map(lambda t: merges.get(t, t)) if merges else col
                elif name == "is_challenge":
                    col = col.astype(bool)
                elif ANALYSIS_COLUMNS[name] == "REAL":
                    col = col.astype(float)
                df[name] = col
            elif name not in NOTE_COLUMNS:
                df[name] = [e.get(name) for e in extras]
        df = df[[c for c in seen]]
        if vecs:
            emb = np.frombuffer(b"".join(v[0] for v in vecs), dtype="<f4").astype(np.float32)
            emb = emb.reshape(len(vecs), dim)
        else:
            emb = np.zeros((0, dim), dtype=np.float32)
        return df.reset_index(drop=True), emb, (models[0][0] if models else "")

    @staticmethod
    def _merge_map(conn: Any) -> dict[int, int]:
        """{merged registry id: final target id}, following chains of merges."""
        parent = {int(a): int(b) for a, b in conn.execute(
            "SELECT registry_id, merged_into FROM themes WHERE merged_into IS NOT NULL")}
        out = {}
        for start in parent:
            node, hops = start, 0
            while node in parent and hops <= len(parent):
                node, hops = parent[node], hops + 1
            out[start] = node
        return out

    def background(self, model_id: str) -> tuple[np.ndarray | None, int]:
        """Mean embedding of every stored kept statement embedded with ``model_id``, and their count.

        ``recurring`` subtracts it from theme centroids before comparing them: e5 embeddings share
        a large common direction, so raw cosines of any two centroids are high.
        """
        with self._read() as conn:
            rows = conn.execute("SELECT n_kept, dim, mean_vector FROM meetings WHERE model_id = ? "
                                "AND n_kept > 0 AND mean_vector IS NOT NULL", (model_id,)).fetchall()
        if not rows:
            return None, 0
        n = np.array([r[0] for r in rows], dtype=np.float64)
        means = np.stack([_unblob(r[2], r[1]) for r in rows]).astype(np.float64)
        return (n[:, None] * means).sum(0) / n.sum(), int(n.sum())
