"""The store file: opening, checks of files that are not ours, creation, migrations, transactions.

Nothing here knows about meetings or themes; :class:`Connection` is the base of
:class:`nlp_varmland.store.Store`. See docs/store.md for the schema and the rules.
"""
from __future__ import annotations

import glob
import math
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from nlp_varmland.errors import StoreError

#: Current schema version, kept in ``PRAGMA user_version``.
SCHEMA_VERSION = 7
#: Value of ``meta.application``: how a store recognises its own files.
APPLICATION = "nlp_varmland"

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


def table_columns(table: str) -> list[str]:
    """Columns of ``table`` as created by ``_SCHEMA_V1`` (the stored columns of ``statements``).

    >>> table_columns("embeddings")
    ['meeting_id', 'pos', 'vector']
    """
    body = _SCHEMA_V1.split(f"CREATE TABLE {table} (", 1)[1].split("\n);", 1)[0]
    names = [line.split()[0].strip('"') for line in body.strip().splitlines()]
    return [n for n in names if n not in {"PRIMARY", "UNIQUE", "FOREIGN"}]


def _execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated DDL inside the current transaction (``executescript`` would COMMIT)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """v2: analyst theme corrections. ``label_locked``/``merged_into`` on the registry and a log."""
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


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """v3: analysts' corrections of single statements (goal, challenge flag, theme).

    Keyed by note_id, with meeting + text_clean to find a note again when its file moved; not
    tied to ``meetings`` rows, so re-running a meeting keeps them.
    """
    _execute_script(conn, """
        CREATE TABLE note_corrections (
            correction_id INTEGER PRIMARY KEY AUTOINCREMENT,
            note_id       TEXT NOT NULL,
            meeting       TEXT NOT NULL DEFAULT '',
            text_clean    TEXT NOT NULL DEFAULT '',
            field         TEXT NOT NULL,
            value         TEXT NOT NULL,
            analyst       TEXT NOT NULL DEFAULT '',
            created       TEXT NOT NULL,
            removed       INTEGER NOT NULL DEFAULT 0,
            superseded_by INTEGER
        );
        CREATE INDEX note_corrections_key ON note_corrections(note_id, field);
        CREATE INDEX statements_meeting_text ON statements(meeting, text_clean);
    """)


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """v4: ``note_corrections.model_value``, the tool's value the analyst saw when judging (NULL
    when unknown), so a correction stays marked as one when a later run's tool agrees with it.

    Existing goal and challenge judgements take it from their stored statement (a meeting's
    statements are stored with the tool's values, before the corrections are applied); theme
    judgements, and statements no longer stored, stay NULL.
    """
    conn.execute("ALTER TABLE note_corrections ADD COLUMN model_value TEXT")
    stored = ("SELECT {value} FROM statements s JOIN meetings m USING (meeting_id) WHERE s.note_id = "
              "note_corrections.note_id AND s.status = 'kept' {same} ORDER BY m.updated DESC LIMIT 1")
    for field, value in (("goal_id", "s.goal_id"),
                         ("is_challenge", "CASE s.is_challenge WHEN 1 THEN 'true' WHEN 0 THEN 'false' END")):
        same = stored.format(value=value, same="AND s.meeting = note_corrections.meeting")
        conn.execute(f"UPDATE note_corrections SET model_value = COALESCE(({same}), "
                     f"({stored.format(value=value, same='')})) WHERE field = ?", (field,))


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    """v5: ``note_corrections.comment``, the analyst's comment on the statement ("ok", "fel mål?"),
    so the next review.xlsx shows it again. Existing judgements get an empty comment; nothing
    else changes (a correction the analyst removed, ``removed = 1`` without ``superseded_by``,
    already reads as withdrawn: that field of that statement is no opinion).
    """
    conn.execute("ALTER TABLE note_corrections ADD COLUMN comment TEXT NOT NULL DEFAULT ''")


def _migrate_5_to_6(conn: sqlite3.Connection) -> None:
    """v6: ``theme_observations.members``, the note ids of the observation's statements (a JSON
    list), so a re-run whose theme split keeps the id on the piece holding most of the old members
    (``store/registry.py``). Older observations get ``''``: they are matched by centroid, as before.
    """
    if "members" not in {row[1] for row in conn.execute("PRAGMA table_info(theme_observations)")}:
        conn.execute("ALTER TABLE theme_observations ADD COLUMN members TEXT NOT NULL DEFAULT ''")


def _migrate_6_to_7(conn: sqlite3.Connection) -> None:
    """v7: ``note_shown``, what a returned review.xlsx showed of each statement of a reviewed
    meeting (``field`` goal_id or is_challenge, the value as written), so a later run keeps the
    answer the analyst saw and left (``store/corrections.py``), and an analyst's comment on a row
    with no judgement (``field`` = ``comment``: a question such as "fel mål? fråga Anna"). Older
    stores hold none: every run gives what it gave before.
    """
    _execute_script(conn, """
        CREATE TABLE IF NOT EXISTS note_shown (
            shown_id    INTEGER PRIMARY KEY AUTOINCREMENT,
            note_id     TEXT NOT NULL,
            meeting     TEXT NOT NULL DEFAULT '',
            text_clean  TEXT NOT NULL DEFAULT '',
            field       TEXT NOT NULL,
            value       TEXT NOT NULL,
            analyst     TEXT NOT NULL DEFAULT '',
            created     TEXT NOT NULL,
            removed     INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS note_shown_key ON note_shown(note_id, field);
    """)


_MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_1_to_2, 2: _migrate_2_to_3,
                                                                3: _migrate_3_to_4, 4: _migrate_4_to_5,
                                                                5: _migrate_5_to_6, 6: _migrate_6_to_7}

# Called just before COMMIT of every write; tests set it to kill the process mid-write.
_before_commit: Callable[[], None] | None = None
# Called after a new store file's schema is written and before it gets its final name; tests
# set it to kill the process half-way through creating a store.
_before_publish: Callable[[], None] | None = None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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


def _header(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(100)


def _ro_uri(path: str, *, immutable: bool = False) -> str:
    """A read-only SQLite URI; ``immutable`` also skips locks and never creates -wal/-shm files."""
    return f"file:{quote(os.path.abspath(path))}?mode=ro" + ("&immutable=1" if immutable else "")


def _peek(path: str, *, immutable: bool = True) -> tuple[int, set[str], str | None]:
    """(user_version, table names, meta.application) of a file, without changing anything.

    Another application's SQLite id (``PRAGMA application_id``) reads as a user_version of -1, so
    an empty database that some other program made is never taken for a half-created store.
    """
    conn = sqlite3.connect(_ro_uri(path, immutable=immutable), uri=True)
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0]:
            return -1, set(), None
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        app = None
        if "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key='application'").fetchone()
            app = row[0] if row else None
        return int(version), tables, app
    finally:
        conn.close()


def _remove_stale_temps(path: Path) -> None:
    """Remove half-created store files left by processes that were killed while creating ``path``."""
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.creating*"):
        try:
            pid = int(tmp.name[len(path.name) + 2:].split("-", 1)[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except (ValueError, OSError):
            continue


class Connection:
    """An open store file: checks, creation, migration, transactions (base of ``Store``).

    ``readonly=None`` opens read-only when the file or its folder is not writable; a read-only
    store answers every read, refuses writes with :class:`StoreError`, and never changes the file.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True,
                 timeout: float = 30.0, readonly: bool | None = None) -> None:
        self.path = str(path)
        self.timeout = timeout
        self._depth = 0
        self._conn: sqlite3.Connection | None = None
        self.readonly = False
        self._conn = self._connect(create, readonly)

    # -- opening, validation, migration ---------------------------------------------------------

    def _connect(self, create: bool, readonly: bool | None) -> sqlite3.Connection:
        memory = self.path == ":memory:"
        path = Path(self.path)
        if memory:
            return self._open_new(memory=True)
        if path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a store file; pass a file path to --db")
        exists = path.exists()
        if exists and not readonly and path.is_file() and path.stat().st_size == 0:
            if not create:
                raise StoreError(f"no store at {self.path} (the file is empty); "
                                 f"run `nlp-varmland analyze --db {self.path}` first")
            return self._open_new(memory=False, in_place=True)   # e.g. made by `touch`
        if not exists:
            if not create or readonly:
                raise StoreError(f"no store at {self.path}; "
                                 f"run `nlp-varmland analyze --db {self.path}` first")
            if not path.parent.exists():
                raise StoreError(f"cannot create store {self.path}: folder {path.parent} does not exist")
            return self._open_new(memory=False)
        self._check_header(path)
        wal = Path(f"{self.path}-wal")
        # Changes not yet copied from a -wal file into the database are only seen through
        # SQLite's locks; without a -wal file the immutable read creates no files at all.
        live = wal.exists() and wal.stat().st_size > 0
        try:
            version, tables, app = _peek(self.path, immutable=not live)
        except sqlite3.DatabaseError:
            raise StoreError(f"{self.path} is not an nlp_varmland store (corrupt or not SQLite); "
                             "pass another --db path") from None
        if version == 0 and not tables and not readonly and path.stat().st_size <= 65536:
            # A store whose creation was killed before its schema was committed (written by a
            # version that created the file in place): it holds nothing, so it becomes a store.
            return self._open_new(memory=False, in_place=True)
        self._check_contents(version, app)
        if readonly is None:
            readonly = not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK))
        if readonly:
            return self._open_readonly(version)
        return self._prepare(self._sqlite(self.path), wal=True, step=self._migrate)

    def _prepare(self, conn: sqlite3.Connection, *, wal: bool,
                 step: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
        """Configure a new connection and run ``step`` (migrate or initialise); close it on failure."""
        try:
            self._configure(conn, wal=wal)
            self._conn = conn
            step(conn)
        except sqlite3.OperationalError as exc:
            conn.close()
            raise self._locked_or(exc) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _sqlite(self, target: str, *, uri: bool = False) -> sqlite3.Connection:
        try:
            return sqlite3.connect(target, timeout=self.timeout, isolation_level=None,
                                   check_same_thread=False, uri=uri)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from None

    def _configure(self, conn: sqlite3.Connection, *, wal: bool) -> None:
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")

    def _open_new(self, *, memory: bool, in_place: bool = False) -> sqlite3.Connection:
        """Create a store. A file is built under a temporary name and then linked into place,
        so a process killed half-way never leaves a file at ``path`` that is not a store."""
        if memory or in_place:
            return self._prepare(self._sqlite(self.path), wal=not memory, step=self._initialise)
        path = Path(self.path)
        _remove_stale_temps(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.creating")
        try:
            conn = self._sqlite(str(tmp))
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                self._conn = conn
                self._initialise(conn)
            finally:
                conn.close()
                self._conn = None
            if _before_publish is not None:
                _before_publish()
            try:
                os.link(tmp, path)          # fails if another process created the store meanwhile
            except FileExistsError:
                pass
            except OSError:                 # no hard links here: rename unless the file appeared
                if not path.exists():
                    os.replace(tmp, path)
        except OSError as exc:
            raise StoreError(f"cannot create store {self.path}: {exc.strerror}") from None
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        return self._connect(create=False, readonly=False)

    def _open_readonly(self, version: int) -> sqlite3.Connection:
        """Open without writing anything; an older schema is migrated in a private memory copy.

        When a ``-wal`` file exists (a writer has the store open, or left changes not yet copied
        into the file), the store is opened read-only through SQLite's locks so those changes
        are seen. Otherwise it is opened immutable, which creates no ``-wal``/``-shm`` files.
        """
        conn = None
        if Path(f"{self.path}-wal").exists():
            try:
                conn = self._sqlite(_ro_uri(self.path), uri=True)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except (sqlite3.Error, StoreError):
                conn = None     # e.g. no -shm and a folder we cannot write: read the file as is
        if conn is None:
            conn = self._sqlite(_ro_uri(self.path, immutable=True), uri=True)
        self.readonly = True
        if version < SCHEMA_VERSION:
            memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            conn.backup(memory)
            conn.close()
            conn = memory
            self._conn = conn
            self.readonly = False       # migrate the copy, then refuse writes again
            try:
                self._migrate(conn)
            finally:
                self.readonly = True
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _check_header(self, path: Path) -> None:
        try:
            head = _header(path)
        except OSError as exc:
            raise StoreError(f"cannot read store {self.path}: {exc.strerror}") from None
        if not head.startswith(_SQLITE_MAGIC):
            raise StoreError(f"{self.path} is not an nlp_varmland store (not an SQLite file); "
                             "pass another --db path")

    def _check_contents(self, version: int, app: str | None) -> None:
        if app != APPLICATION:
            extra = (" (it belongs to another application)" if version < 0 else
                     f" (its schema version {version} is another application's)" if version else "")
            raise StoreError(f"{self.path} is an SQLite database but not an nlp_varmland store"
                             f"{extra}; pass another --db path")
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema version {version}, newer than this "
                             f"nlp_varmland (reads up to {SCHEMA_VERSION}); upgrade nlp_varmland")
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
        if "readonly" in msg or "read-only" in msg:
            return self._readonly_error()
        if "locked" in msg or "busy" in msg:
            return StoreError(f"store {self.path} is locked by another process (waited "
                              f"{self.timeout:g} s); try again when it has finished")
        return StoreError(f"store {self.path}: {msg}")

    def _readonly_error(self) -> StoreError:
        return StoreError(f"store {self.path} is read-only here; it can be read (`history`) "
                          "but recording needs a writable file and folder")

    # -- connection life -------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        """The ``PRAGMA user_version`` of the open file (``SCHEMA_VERSION`` after opening)."""
        return int(self._connection().execute("PRAGMA user_version").fetchone()[0])

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"store {self.path} is closed")
        return self._conn

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` … ``COMMIT``; nested calls join the outer transaction.

        Wrap several writes to make them one atomic step, e.g. the registry update and the
        meeting that uses its ids. On a read-only store it is a read snapshot, and any write
        inside it raises :class:`StoreError`.

        >>> from nlp_varmland.store import Store
        >>> with Store(":memory:") as store, store.transaction():
        ...     pass
        """
        conn = self._connection()
        if self._depth:
            self._depth += 1
            try:
                yield conn
            finally:
                self._depth -= 1
            return
        try:
            conn.execute("BEGIN" if self.readonly else "BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._locked_or(exc) from None
        self._depth = 1
        try:
            yield conn
            if _before_commit is not None and not self.readonly:
                _before_commit()
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise self._locked_or(exc) from None
            raise
        finally:
            self._depth = 0

    def _write(self) -> Any:
        """``transaction()`` for a write: refused at once on a read-only store."""
        if self.readonly:
            raise self._readonly_error()
        return self.transaction()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read snapshot (deferred transaction) unless already inside a transaction."""
        conn = self._connection()
        if self._depth or conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
