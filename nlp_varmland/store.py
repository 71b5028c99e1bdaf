"""SQLite store across meetings: meetings, statements, embeddings, runs and the theme registry.

One file keeps every analysed meeting so that ``nlp-varmland history`` can rebuild an analysis of
all of them and ``recurring`` can give a theme the same id meeting after meeting. Standard library
``sqlite3`` only. The schema and the rules are described in ``docs/store.md``.

>>> import numpy as np, pandas as pd
>>> from nlp_varmland.store import Store
>>> notes = pd.DataFrame({"note_id": ["a1"], "meeting": ["Arbetsmöte 1"], "date": ["2025-01-20"],
...                       "text": ["Bussen går för sällan"], "status": ["kept"]})
>>> with Store(":memory:") as store:
...     _ = store.replace_meeting("Arbetsmöte 1", "2025-01-20", "sha256:ab12", notes,
...                               np.ones((1, 4), dtype=np.float32), model_id="e5-small",
...                               prefix="query: ", run={"seed": 0})
...     store.has_meeting("Arbetsmöte 1", "sha256:ab12"), len(store.load_notes()[0])
(True, 1)
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from nlp_varmland.errors import StoreError

__all__ = ["Store", "SCHEMA_VERSION", "APPLICATION", "NOTE_COLUMNS", "hash_inputs"]

#: Current schema version, kept in ``PRAGMA user_version``.
SCHEMA_VERSION = 2
#: Value of ``meta.application``: how a store recognises its own files.
APPLICATION = "nlp_varmland"

#: NOTES columns from docs/ARCHITECTURE.md, stored as columns of ``statements``.
NOTE_COLUMNS = ["note_id", "source", "source_row", "part", "meeting", "date", "table", "speaker",
                "role", "organisation", "text", "text_clean", "status", "redactions", "lemmas"]
_INT_COLUMNS = {"source_row", "part"}
#: Analysis columns stored as typed, queryable columns when the notes have them.
ANALYSIS_COLUMNS = {"theme_id": "INTEGER", "is_challenge": "INTEGER", "challenge_score": "REAL",
                    "goal_id": "TEXT", "area_id": "TEXT", "goal_score": "REAL"}
_ANALYSIS_DEFAULTS: dict[str, Any] = {"theme_id": -1, "is_challenge": False,
                                      "challenge_score": math.nan, "goal_id": "", "area_id": "",
                                      "goal_score": math.nan}

_SQLITE_MAGIC = b"SQLite format 3\x00"

# Schema version 1. Never edit: files written by 0.1 have exactly this; changes go into a
# migration below so that every store, old or new, walks the same path to the current version.
_SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs (
    run_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    created     TEXT NOT NULL,
    meeting     TEXT NOT NULL,
    input_hash  TEXT NOT NULL,
    run_json    TEXT NOT NULL
);
CREATE TABLE meetings (
    meeting_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL UNIQUE,
    date         TEXT NOT NULL DEFAULT '',
    input_hash   TEXT NOT NULL,
    model_id     TEXT NOT NULL,
    prefix       TEXT NOT NULL DEFAULT '',
    dim          INTEGER NOT NULL,
    n_statements INTEGER NOT NULL,
    n_kept       INTEGER NOT NULL,
    columns_json TEXT NOT NULL,
    mean_vector  BLOB,
    run_id       INTEGER REFERENCES runs(run_id),
    updated      TEXT NOT NULL
);
CREATE TABLE statements (
    meeting_id      INTEGER NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    note_id         TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT '',
    source_row      INTEGER,
    part            INTEGER,
    meeting         TEXT NOT NULL DEFAULT '',
    date            TEXT NOT NULL DEFAULT '',
    "table"         TEXT NOT NULL DEFAULT '',
    speaker         TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL DEFAULT '',
    organisation    TEXT NOT NULL DEFAULT '',
    text            TEXT NOT NULL DEFAULT '',
    text_clean      TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    redactions      TEXT NOT NULL DEFAULT '',
    lemmas          TEXT NOT NULL DEFAULT '',
    theme_id        INTEGER,
    is_challenge    INTEGER,
    challenge_score REAL,
    goal_id         TEXT,
    area_id         TEXT,
    goal_score      REAL,
    extra_json      TEXT,
    PRIMARY KEY (meeting_id, pos)
);
CREATE INDEX statements_note_id ON statements(note_id);
CREATE TABLE embeddings (
    meeting_id INTEGER NOT NULL REFERENCES meetings(meeting_id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    vector     BLOB NOT NULL,
    PRIMARY KEY (meeting_id, pos)
);
CREATE TABLE themes (
    registry_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    label         TEXT NOT NULL DEFAULT '',
    centroid      BLOB,
    dim           INTEGER NOT NULL,
    n_statements  INTEGER NOT NULL DEFAULT 0,
    first_meeting TEXT NOT NULL DEFAULT '',
    last_meeting  TEXT NOT NULL DEFAULT '',
    model_id      TEXT NOT NULL,
    created       TEXT NOT NULL,
    updated       TEXT NOT NULL
);
CREATE TABLE theme_observations (
    meeting        TEXT NOT NULL,
    local_theme_id INTEGER NOT NULL,
    registry_id    INTEGER NOT NULL REFERENCES themes(registry_id) ON DELETE CASCADE,
    date           TEXT NOT NULL DEFAULT '',
    seq            INTEGER NOT NULL,
    label          TEXT NOT NULL DEFAULT '',
    size           INTEGER NOT NULL,
    centroid       BLOB NOT NULL,
    PRIMARY KEY (meeting, local_theme_id)
);
"""


def _execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated DDL inside the current transaction (``executescript`` would COMMIT)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """v2: analyst corrections. ``label_locked``/``merged_into`` on the registry and a log."""
    _execute_script(conn, """
        ALTER TABLE themes ADD COLUMN label_locked INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE themes ADD COLUMN merged_into INTEGER REFERENCES themes(registry_id);
        CREATE TABLE corrections (
            correction_id INTEGER PRIMARY KEY AUTOINCREMENT,
            created       TEXT NOT NULL,
            action        TEXT NOT NULL,
            registry_ids  TEXT NOT NULL,
            value         TEXT NOT NULL DEFAULT ''
        );
    """)


_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_1_to_2}

# Called just before COMMIT of every write; tests set it to kill the process mid-write.
_before_commit: Callable[[], None] | None = None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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


def _blob(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype="<f4").tobytes()


def _unblob(blob: bytes | None, dim: int) -> np.ndarray:
    if blob is None:
        return np.full(dim, np.nan, dtype=np.float32)
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


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


def _header(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(100)


class Store:
    """A SQLite file that keeps meetings, statements, embeddings, runs and the theme registry.

    Opening never modifies a file that is not a store, or a store from a newer version: it raises
    :class:`StoreError` with a one-line message instead. Every write is one ``BEGIN IMMEDIATE``
    transaction; a second writer waits up to ``timeout`` seconds and then gets ``StoreError``.

    >>> with Store.open(":memory:") as store:
    ...     store.schema_version, len(store.meetings())
    (2, 0)
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True,
                 timeout: float = 30.0) -> None:
        self.path = str(path)
        self.timeout = timeout
        self._depth = 0
        self._conn = self._connect(create)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True,
             timeout: float = 30.0) -> Store:
        """Open (and with ``create=True`` create) the store at ``path``."""
        return cls(path, create=create, timeout=timeout)

    # -- opening, validation, migration ---------------------------------------------------------

    def _connect(self, create: bool) -> sqlite3.Connection:
        memory = self.path == ":memory:"
        path = Path(self.path)
        new = memory or not path.exists() or (path.is_file() and path.stat().st_size == 0)
        if not memory:
            if path.is_dir():
                raise StoreError(f"{self.path} is a folder, not a store file; pass a file path to --db")
            if new and not create:
                raise StoreError(f"no store at {self.path}; "
                                 f"run `nlp-varmland analyze --db {self.path}` first")
            if not new:
                self._check_header(path)
            if new and not path.parent.exists():
                raise StoreError(f"cannot create store {self.path}: folder {path.parent} does not exist")
        try:
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from None
        try:
            if not new:
                self._check_contents(conn)     # reads only: the file is untouched on error
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if not memory:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            self._conn = conn
            if new:
                self._initialise(conn)
            else:
                self._migrate(conn)
        except sqlite3.OperationalError as exc:
            conn.close()
            raise self._locked_or(exc) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _check_header(self, path: Path) -> None:
        try:
            head = _header(path)
        except OSError as exc:
            raise StoreError(f"cannot read store {self.path}: {exc.strerror}") from None
        if not head.startswith(_SQLITE_MAGIC):
            raise StoreError(f"{self.path} is not an nlp_varmland store (not an SQLite file); "
                             "pass another --db path")
        version = struct.unpack(">i", head[60:64])[0] if len(head) >= 64 else 0
        if version > SCHEMA_VERSION:
            raise StoreError(self._newer_message(version))

    def _newer_message(self, version: int) -> str:
        return (f"store {self.path} has schema version {version}, newer than this nlp_varmland "
                f"(reads up to {SCHEMA_VERSION}); upgrade nlp_varmland")

    def _check_contents(self, conn: sqlite3.Connection) -> None:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            app = None
            if "meta" in tables:
                row = conn.execute("SELECT value FROM meta WHERE key='application'").fetchone()
                app = row[0] if row else None
        except sqlite3.OperationalError as exc:
            raise self._locked_or(exc) from None
        except sqlite3.DatabaseError:
            raise StoreError(f"{self.path} is not an nlp_varmland store (corrupt or not SQLite); "
                             "pass another --db path") from None
        if app != APPLICATION:
            raise StoreError(f"{self.path} is an SQLite database but not an nlp_varmland store; "
                             "pass another --db path")
        if version > SCHEMA_VERSION:
            raise StoreError(self._newer_message(version))
        if version < 1:
            raise StoreError(f"{self.path} has no schema version; it is not a usable nlp_varmland store")

    def _initialise(self, conn: sqlite3.Connection) -> None:
        with self.transaction():
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                _execute_script(conn, _SCHEMA_V1)
                conn.execute("INSERT INTO meta VALUES ('application', ?), ('created', ?)",
                             (APPLICATION, _now()))
                conn.execute("PRAGMA user_version = 1")
        self._migrate(conn)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return
        with self.transaction():
            # Re-read inside the write lock: another process may have migrated meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            while version < SCHEMA_VERSION:
                _MIGRATIONS[version](conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
                conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                             (f"migrated_to_{version}", _now()))

    def _locked_or(self, exc: sqlite3.OperationalError) -> StoreError:
        msg = str(exc)
        if "locked" in msg or "busy" in msg:
            return StoreError(f"store {self.path} is locked by another process (waited "
                              f"{self.timeout:g} s); try again when it has finished")
        return StoreError(f"store {self.path}: {msg}")

    # -- connection life -------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        """The ``PRAGMA user_version`` of the open file (``SCHEMA_VERSION`` after opening)."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` … ``COMMIT``; nested calls join the outer transaction.

        Wrap several writes to make them one atomic step, e.g. the registry update and the
        meeting that uses its ids:

        >>> with Store(":memory:") as store, store.transaction():
        ...     pass
        """
        if self._conn is None:
            raise StoreError(f"store {self.path} is closed")
        if self._depth:
            self._depth += 1
            try:
                yield self._conn
            finally:
                self._depth -= 1
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._locked_or(exc) from None
        self._depth = 1
        try:
            yield self._conn
            if _before_commit is not None:
                _before_commit()
            self._conn.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise self._locked_or(exc) from None
            raise
        finally:
            self._depth = 0

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read snapshot (deferred transaction) unless already inside a transaction."""
        if self._conn is None:
            raise StoreError(f"store {self.path} is closed")
        if self._depth or self._conn.in_transaction:
            yield self._conn
            return
        self._conn.execute("BEGIN")
        try:
            yield self._conn
        finally:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")

    # -- meetings --------------------------------------------------------------------------------

    def replace_meeting(self, meeting: str, date: str, input_hash: str, notes: pd.DataFrame,
                        embeddings: np.ndarray | None, *, model_id: str, prefix: str = "",
                        run: dict[str, Any] | None = None) -> int:
        """Store one meeting, replacing whatever was stored under the same name; return its id.

        ``notes`` are the NOTES rows of this meeting (every statement, any status); the rows of
        ``embeddings`` align with ``notes[notes.status == "kept"]`` in order. Delete and insert
        happen in one transaction, so a crash leaves the previous version of the meeting.

        >>> import numpy as np, pandas as pd
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
            others = set(notes["meeting"].map(_text)) - {meeting, ""}
            if others:
                raise ValueError(f"notes for meeting {meeting!r} contain other meetings: {sorted(others)}")
        dim = int(vectors.shape[1])

        typed = [c for c in ANALYSIS_COLUMNS if c in notes.columns]
        extra = [c for c in notes.columns if c not in NOTE_COLUMNS and c not in ANALYSIS_COLUMNS]
        columns = [c for c in notes.columns]
        rows = []
        for pos, rec in enumerate(notes.to_dict("records")):
            core = []
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

        with self.transaction() as conn:
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

    def delete_meeting(self, meeting: str) -> bool:
        """Remove a meeting, its statements, embeddings and theme observations. True if it existed."""
        with self.transaction() as conn:
            n = conn.execute("DELETE FROM meetings WHERE name = ?", (meeting,)).rowcount
            ids = [r[0] for r in conn.execute(
                "SELECT DISTINCT registry_id FROM theme_observations WHERE meeting = ?", (meeting,))]
            conn.execute("DELETE FROM theme_observations WHERE meeting = ?", (meeting,))
            self._refresh_registry(conn, ids)
        return n > 0

    def meetings(self) -> pd.DataFrame:
        """One row per stored meeting in date order: meeting_id, name, date, input_hash, model_id,
        prefix, dim, n_statements, n_kept, run_id, updated."""
        with self._read() as conn:
            return pd.read_sql_query(
                "SELECT meeting_id, name, date, input_hash, model_id, prefix, dim, n_statements, "
                "n_kept, run_id, updated FROM meetings ORDER BY date, meeting_id", conn)

    def has_meeting(self, name: str, input_hash: str, *, model_id: str | None = None) -> bool:
        """True when ``name`` is stored from inputs with ``input_hash`` (and ``model_id`` if given).

        A batch job uses it to skip a meeting whose inputs and embedder have not changed.
        """
        sql, args = "SELECT 1 FROM meetings WHERE name = ? AND input_hash = ?", [name, input_hash]
        if model_id is not None:
            sql, args = sql + " AND model_id = ?", [*args, model_id]
        with self._read() as conn:
            return conn.execute(sql, args).fetchone() is not None

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

    # -- theme registry (logic in nlp_varmland.recurring) -----------------------------------------

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

    def theme_observations(self) -> pd.DataFrame:
        """Every (meeting, local theme) → registry_id link with its size, label and date."""
        with self._read() as conn:
            return pd.read_sql_query(
                "SELECT meeting, date, local_theme_id, registry_id, label, size FROM "
                "theme_observations ORDER BY date, seq, local_theme_id", conn)

    def record_themes(self, meeting: str, date: str, model_id: str,
                      observations: Sequence[tuple[int, int | None, str, int, np.ndarray]]) -> dict[int, int]:
        """Replace ``meeting``'s theme observations; return {local_theme_id: registry_id}.

        Each observation is ``(local_theme_id, registry_id or None for a new theme, label, size,
        centroid)``. A new theme gets a new registry id (ids are never reused). Registry centroids
        are the size-weighted mean of their observations, so re-recording a meeting does not
        count it twice. The label is that of the best-supported observation unless an analyst renamed it.
        """
        out: dict[int, int] = {}
        with self.transaction() as conn:
            old = [r[0] for r in conn.execute(
                "SELECT DISTINCT registry_id FROM theme_observations WHERE meeting = ?", (meeting,))]
            conn.execute("DELETE FROM theme_observations WHERE meeting = ?", (meeting,))
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM theme_observations").fetchone()[0]
            if not date:
                row = conn.execute("SELECT date FROM meetings WHERE name = ?", (meeting,)).fetchone()
                date = row[0] if row else ""
            now = _now()
            for local, reg, label, size, centroid in observations:
                centroid = np.asarray(centroid, dtype=np.float32)
                if reg is None:
                    reg = conn.execute(
                        "INSERT INTO themes (label, centroid, dim, n_statements, first_meeting, "
                        "last_meeting, model_id, created, updated) VALUES (?,?,?,?,?,?,?,?,?)",
                        (label, _blob(centroid), centroid.shape[0], int(size), meeting, meeting,
                         model_id, now, now)).lastrowid
                elif conn.execute("SELECT 1 FROM themes WHERE registry_id = ?", (reg,)).fetchone() is None:
                    raise StoreError(f"theme {reg} is not in the registry of {self.path}")
                conn.execute("INSERT INTO theme_observations VALUES (?,?,?,?,?,?,?,?)",
                             (meeting, int(local), int(reg), date or "", seq, label, int(size),
                              _blob(centroid)))
                conn.execute("UPDATE themes SET label = ? WHERE registry_id = ? AND label = ''",
                             (label, reg))
                out[int(local)] = int(reg)
            self._refresh_registry(conn, set(old) | set(out.values()))
        return out

    def _refresh_registry(self, conn: sqlite3.Connection, ids: Iterable[int]) -> None:
        """Recompute centroid, size and first/last meeting of ``ids`` from their observations."""
        now = _now()
        for reg in sorted(set(ids)):
            obs = conn.execute(
                "SELECT o.meeting, o.size, o.centroid, COALESCE(NULLIF(o.date, ''), m.date, '') AS d, o.label "
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
            # The label of the best-supported observation (most statements; the earliest on a
            # tie) names the theme, so a few notes in a small meeting cannot rename a theme that
            # a larger analysis named; an analyst's rename (label_locked) always wins.
            best = max(range(len(obs)), key=lambda i: (sizes[i], -i))
            if obs[best][4]:
                conn.execute("UPDATE themes SET label = ? WHERE registry_id = ? AND label_locked = 0",
                             (obs[best][4], reg))

    @staticmethod
    def _merge_map(conn: sqlite3.Connection) -> dict[int, int]:
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

    def rename_theme(self, registry_id: int, label: str) -> None:
        """Set an analyst's label for a stable theme; later runs keep it (``label_locked``)."""
        label = label.strip()
        if not label:
            raise ValueError("label must not be empty")
        with self.transaction() as conn:
            target = self._merge_map(conn).get(int(registry_id), int(registry_id))
            if conn.execute("UPDATE themes SET label = ?, label_locked = 1, updated = ? WHERE "
                            "registry_id = ?", (label, _now(), target)).rowcount == 0:
                raise StoreError(f"theme {registry_id} is not in the registry of {self.path}")
            conn.execute("INSERT INTO corrections (created, action, registry_ids, value) VALUES "
                         "(?, 'rename', ?, ?)", (_now(), json.dumps([int(registry_id)]), label))

    def merge_themes(self, registry_ids: Iterable[int], into: int) -> None:
        """Record that ``registry_ids`` are the same theme as ``into``; they map to it from now on."""
        ids = sorted({int(i) for i in registry_ids})
        with self.transaction() as conn:
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
        """The analyst corrections log: correction_id, created, action, registry_ids, value."""
        with self._read() as conn:
            df = pd.read_sql_query("SELECT * FROM corrections ORDER BY correction_id", conn)
        df["registry_ids"] = [json.loads(s) for s in df["registry_ids"]]
        return df
