"""Tests for nlp_varmland.store: replacement, atomicity on kill, foreign files, concurrency, migration."""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nlp_varmland.errors import StoreError
from nlp_varmland.store import NOTE_COLUMNS, SCHEMA_VERSION, Store, connection, hash_inputs

ROOT = Path(__file__).resolve().parents[1]
STATUSES = ["kept", "kept", "duplicate", "kept", "empty", "too_short", "kept", "not_swedish"]
TEXTS = ["Bussen går för sällan från Torsby", "Vi saknar undersköterskor i Arvika",
         "Bredbandet på landsbygden är för dåligt", "Unga flyttar till Karlstad efter gymnasiet"]


def make_notes(meeting: str, n: int = 8, *, date: str = "2025-01-20", seed: int = 0,
               dim: int = 16) -> tuple[pd.DataFrame, np.ndarray]:
    """Synthetic NOTES + analysis columns for one meeting, and unit embeddings of the kept rows."""
    rng = np.random.default_rng(seed)
    status = [STATUSES[i % len(STATUSES)] for i in range(n)]
    kept = np.array([s == "kept" for s in status])
    notes = pd.DataFrame({
        "note_id": [f"{meeting[:3]}{seed}-{i}" for i in range(n)],
        "source": [f"möten/{meeting}.xlsx#Bord {i % 2 + 1}" for i in range(n)],
        "source_row": np.arange(1, n + 1),
        "part": np.ones(n, dtype=int),
        "meeting": meeting, "date": date,
        "table": [f"Bord {i % 2 + 1}" for i in range(n)],
        "speaker": ["" if i % 3 else "Anna" for i in range(n)],
        "role": "", "organisation": ["Region Värmland"] * n,
        "text": [TEXTS[(i + seed) % len(TEXTS)] + f" ({i})" for i in range(n)],
        "text_clean": [TEXTS[(i + seed) % len(TEXTS)].lower() for i in range(n)],
        "status": status,
        "redactions": ["NAMN:1" if i == 0 else "" for i in range(n)],
        "lemmas": ["buss gå sällan"] * n,
        "theme_id": np.where(kept, np.arange(n) % 3, -1),
        "is_challenge": np.arange(n) % 2 == 0,
        "challenge_score": np.where(kept, rng.random(n), np.nan),
        "goal_id": ["hoja-kompetensen" if k else "" for k in kept],
        "area_id": ["hoja-kompetensen" if k else "" for k in kept],
        "goal_score": np.where(kept, rng.random(n), np.nan),
        "theme_label": ["buss – trafik" if k else "" for k in kept],
        "x": np.where(kept, rng.normal(size=n), np.nan),
    })
    emb = rng.normal(size=(int(kept.sum()), dim)).astype(np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    return notes, emb


def put(store: Store, meeting: str, *, seed: int = 0, n: int = 8, date: str = "2025-01-20",
        input_hash: str | None = None, model_id: str = "e5-small", prefix: str = "query: ") -> int:
    notes, emb = make_notes(meeting, n, date=date, seed=seed)
    return store.replace_meeting(meeting, date, input_hash or f"h{seed}", notes, emb,
                                 model_id=model_id, prefix=prefix, run={"seed": seed, "version": "0.1"})


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("meetings", "statements", "embeddings")}
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "varmland.db"


# -- round trip and replacement ----------------------------------------------------------------

def test_roundtrip_keeps_columns_values_and_embeddings(db: Path) -> None:
    notes, emb = make_notes("Arbetsmöte Torsby", seed=1)
    with Store(db) as store:
        store.replace_meeting("Arbetsmöte Torsby", "2025-01-20", "h1", notes, emb,
                              model_id="e5-small", prefix="query: ", run={"seed": 1})
        got, got_emb, model = store.load_notes()
        meetings = store.meetings()
    assert model == "e5-small"
    assert list(got.columns) == list(notes.columns)
    pd.testing.assert_frame_equal(got, notes, check_dtype=False)
    assert got["source_row"].dtype.kind == "i" and got["theme_id"].dtype.kind == "i"
    assert got["is_challenge"].dtype == bool
    np.testing.assert_array_equal(got_emb, emb)
    row = meetings.iloc[0]
    assert (row["name"], row["input_hash"], row["n_statements"], row["n_kept"], row["prefix"]) == \
        ("Arbetsmöte Torsby", "h1", 8, 4, "query: ")


def test_minimal_notes_without_analysis_columns(db: Path) -> None:
    notes = pd.DataFrame({"note_id": ["a", "b"], "text": ["Bussen går sällan", ""],
                          "status": ["kept", "empty"]})
    with Store(db) as store:
        store.replace_meeting("M", "2025-02-01", "h", notes, np.ones((1, 3), np.float32), model_id="m")
        got, emb, _ = store.load_notes()
    assert list(got.columns) == NOTE_COLUMNS
    assert got["meeting"].tolist() == ["M", "M"] and got["date"].tolist() == ["2025-02-01"] * 2
    assert emb.shape == (1, 3)


def test_rerun_replaces_and_does_not_duplicate(db: Path) -> None:
    with Store(db) as store:
        put(store, "Arbetsmöte 1", seed=1)
        put(store, "Arbetsmöte 2", seed=2, date="2025-03-01")
        before = counts(db)
        first_id = int(store.meetings().set_index("name").at["Arbetsmöte 1", "meeting_id"])
        put(store, "Arbetsmöte 1", seed=1)
        assert counts(db) == before
        notes, emb, _ = store.load_notes()
        assert notes["note_id"].is_unique and len(emb) == (notes["status"] == "kept").sum()
        assert int(store.meetings().set_index("name").at["Arbetsmöte 1", "meeting_id"]) != first_id
        assert len(store.runs()) == 3          # the run log keeps every run
        assert store.runs()["run"].iloc[-1] == {"seed": 1, "version": "0.1"}


def test_same_name_new_hash_replaces_with_newest_input(db: Path) -> None:
    with Store(db) as store:
        put(store, "Arbetsmöte 1", seed=1, n=8, input_hash="old")
        put(store, "Arbetsmöte 1", seed=5, n=12, input_hash="new")
        meetings = store.meetings()
        assert len(meetings) == 1 and meetings["input_hash"].iloc[0] == "new"
        assert store.has_meeting("Arbetsmöte 1", "new")
        assert not store.has_meeting("Arbetsmöte 1", "old")
        notes, _, _ = store.load_notes()
    assert len(notes) == 12 and notes["note_id"].str.startswith("Arb5").all()


def test_has_meeting_checks_hash_and_model(db: Path) -> None:
    with Store(db) as store:
        put(store, "M1", seed=1, input_hash="abc", model_id="e5-small")
        assert store.has_meeting("M1", "abc")
        assert store.has_meeting("M1", "abc", model_id="e5-small")
        assert not store.has_meeting("M1", "abc", model_id="tfidf")
        assert not store.has_meeting("M2", "abc")


def test_meetings_load_in_date_order_with_aligned_embeddings(db: Path) -> None:
    with Store(db) as store:
        for name, date, seed in [("Mars", "2025-03-01", 3), ("Januari", "2025-01-10", 1),
                                 ("Februari", "2025-02-05", 2)]:
            notes, emb = make_notes(name, seed=seed)
            emb[:, 0] = np.arange(len(emb)) + 100 * seed     # row tag: meeting and position
            store.replace_meeting(name, date, "h", notes, emb, model_id="m")
        notes, emb, _ = store.load_notes()
    assert list(dict.fromkeys(notes["meeting"])) == ["Januari", "Februari", "Mars"]
    kept = notes[notes["status"] == "kept"]
    expected = [100 * s + i for s in (1, 2, 3) for i in range(4)]
    assert emb[:, 0].tolist() == expected and len(kept) == len(emb)


def test_history_refuses_to_mix_models(db: Path) -> None:
    with Store(db) as store:
        put(store, "M1", seed=1, model_id="e5-small")
        put(store, "M2", seed=2, model_id="tfidf-svd")
        with pytest.raises(StoreError, match="mixes embedding models") as err:
            store.load_notes()
        assert "\n" not in str(err.value) and "M2" in str(err.value)
        notes, _, model = store.load_notes(model_id="tfidf-svd")
        assert model == "tfidf-svd" and set(notes["meeting"]) == {"M2"}


def test_prefix_mismatch_is_also_refused(db: Path) -> None:
    with Store(db) as store:
        put(store, "M1", seed=1, prefix="query: ")
        put(store, "M2", seed=2, prefix="passage: ")
        with pytest.raises(StoreError, match="prefix"):
            store.load_notes()


def test_bad_embeddings_shape_is_rejected_and_nothing_written(db: Path) -> None:
    notes, emb = make_notes("M1")
    with Store(db) as store:
        with pytest.raises(ValueError, match="one row per kept statement"):
            store.replace_meeting("M1", "", "h", notes, emb[:-1], model_id="m")
        with pytest.raises(ValueError, match="other meetings"):
            store.replace_meeting("M2", "", "h", notes, emb, model_id="m")
        assert len(store.meetings()) == 0


def test_delete_meeting(db: Path) -> None:
    with Store(db) as store:
        put(store, "M1", seed=1)
        put(store, "M2", seed=2)
        assert store.delete_meeting("M1") and not store.delete_meeting("M1")
        assert store.meetings()["name"].tolist() == ["M2"]
    assert counts(db) == {"meetings": 1, "statements": 8, "embeddings": 4}


def test_exception_inside_transaction_rolls_back(db: Path) -> None:
    with Store(db) as store:
        put(store, "M1", seed=1)
        with pytest.raises(RuntimeError), store.transaction():
            put(store, "M2", seed=2)
            store.delete_meeting("M1")
            raise RuntimeError("boom")
        assert store.meetings()["name"].tolist() == ["M1"]


def test_hash_inputs_is_content_only(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "sub" / "c.csv"
    c.parent.mkdir()
    a.write_text("text\nBussen\n", encoding="utf-8")
    b.write_text("text\nSkolan\n", encoding="utf-8")
    c.write_text("text\nBussen\n", encoding="utf-8")
    assert hash_inputs([a, b]) == hash_inputs([b, a]) == hash_inputs([c, b])
    assert hash_inputs([a]) != hash_inputs([b]) and hash_inputs([a]).startswith("sha256:")


# -- atomicity when the process dies mid-write ----------------------------------------------------

CHILD = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    sys.path.insert(0, {tests!r})
    from nlp_varmland import store as store_mod
    from nlp_varmland.store import connection
    from test_store import put
    mode = sys.argv[2]
    def hook():
        if mode == "exit":
            os._exit(3)
        print("ready", flush=True)
        time.sleep(60)
    connection._before_commit = hook
    with store_mod.Store(sys.argv[1]) as s:
        with s.transaction():
            put(s, "Arbetsmöte 1", seed=9, n=20, input_hash="second")
            put(s, "Arbetsmöte 2", seed=10, date="2025-04-01")
""")


@pytest.mark.parametrize("mode", ["exit", "sigkill"])
def test_killed_write_leaves_previous_state(db: Path, tmp_path: Path, mode: str) -> None:
    with Store(db) as store:
        put(store, "Arbetsmöte 1", seed=1, input_hash="first")
        before_notes, before_emb, _ = store.load_notes()
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(ROOT), tests=str(ROOT / "tests")), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(db), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if mode == "sigkill":
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == (3 if mode == "exit" else -signal.SIGKILL), proc.stderr.read()
    assert integrity(db) == "ok"
    with Store(db) as store:
        assert store.meetings()["input_hash"].tolist() == ["first"]
        notes, emb, _ = store.load_notes()
    pd.testing.assert_frame_equal(notes, before_notes)
    np.testing.assert_array_equal(emb, before_emb)


# -- files that are not ours are refused and left untouched ---------------------------------------

def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE kommuner (namn TEXT)")
    conn.execute("INSERT INTO kommuner VALUES ('Arvika')")
    conn.commit()
    conn.close()


def _newer_store(path: Path) -> None:
    with Store(path) as store:
        put(store, "M1")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


FOREIGN = {
    "random-bytes": lambda p: p.write_bytes(np.random.default_rng(0).bytes(5000)),
    "csv": lambda p: p.write_text("text,möte\nBussen går sällan,Arbetsmöte 1\n", encoding="utf-8"),
    "other-sqlite": _foreign_sqlite,
    "newer-schema": _newer_store,
}


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_foreign_or_newer_file_raises_and_is_not_modified(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "not-a-store.db"
    FOREIGN[kind](path)
    before, mtime, files = path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path))
    with pytest.raises(StoreError) as err:
        Store(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert ("newer" in message) if kind == "newer-schema" else ("not an nlp_varmland store" in message)
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert sorted(os.listdir(tmp_path)) == files


def test_missing_store_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store.open(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


def test_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "touched.db"
    path.touch()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION


# -- migration -------------------------------------------------------------------------------------

def test_migrates_a_version_1_file(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in connection._SCHEMA_V1.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO meta VALUES ('application', 'nlp_varmland'), ('created', 'x')")
    conn.execute("INSERT INTO themes (label, centroid, dim, n_statements, first_meeting, "
                 "last_meeting, model_id, created, updated) VALUES ('buss', ?, 2, 3, 'M1', 'M1', "
                 "'m', 'x', 'x')", (np.array([1, 0], "<f4").tobytes(),))
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 7
        reg = store.registry()
        assert reg["label"].tolist() == ["buss"] and not reg["label_locked"].iloc[0]
        assert reg["merged_into"].tolist() == [-1]
        store.rename_theme(int(reg["registry_id"].iloc[0]), "Kollektivtrafik")
        assert store.corrections()["action"].tolist() == ["rename"]
        put(store, "M1")
    with Store(path, create=False) as store:              # reopening a migrated file is a no-op
        assert store.schema_version == 7 and len(store.meetings()) == 1


# -- two processes ----------------------------------------------------------------------------------

def _hold_lock(path: str, seconds: float, ready) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE meta SET value = value WHERE key = 'created'")
    ready.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def _writer(path: str, worker: int, n: int) -> None:
    with Store(path, timeout=60) as store:
        for i in range(n):
            put(store, f"Möte {worker}-{i}", seed=worker * 100 + i, n=30)


def test_second_writer_fails_cleanly_when_timeout_runs_out(db: Path) -> None:
    with Store(db) as store:
        put(store, "M1", seed=1)
    ctx = mp.get_context("fork")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(db), 1.5, ready))
    holder.start()
    try:
        assert ready.wait(10)
        with Store(db, timeout=0.2) as impatient:
            with pytest.raises(StoreError, match="locked by another process") as err:
                put(impatient, "M2", seed=2)
            assert "\n" not in str(err.value)
        with Store(db, timeout=20) as patient:              # waits for the lock, then writes
            started = time.monotonic()
            put(patient, "M2", seed=2)
            assert time.monotonic() - started > 0.3
    finally:
        holder.join(20)
    assert holder.exitcode == 0
    with Store(db) as store:
        assert sorted(store.meetings()["name"]) == ["M1", "M2"]
    assert integrity(db) == "ok"


def test_two_processes_writing_at_once(db: Path) -> None:
    Store(db).close()
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(db), w, 6)) for w in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    assert integrity(db) == "ok"
    assert counts(db) == {"meetings": 12, "statements": 12 * 30, "embeddings": 12 * 15}
    with Store(db) as store:
        notes, emb, _ = store.load_notes()
    assert notes["note_id"].is_unique and len(emb) == 12 * 15


# -- analysts' corrections of statements (schema v3) ----------------------------------------------

def corrections(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["note_id", "meeting", "text_clean", "field", "value"])


def test_corrections_supersede_list_and_remove(db: Path) -> None:
    with Store(db) as store:
        n = store.add_corrections(corrections([
            ("Arb1-0", "Arbetsmöte 1", "bussen går för sällan från torsby", "goal_id", "gron-omstallning"),
            ("Arb1-0", "Arbetsmöte 1", "bussen går för sällan från torsby", "is_challenge", "True"),
            ("Arb1-1", "Arbetsmöte 1", "vi saknar undersköterskor i arvika", "theme", "Vården"),
        ]), analyst="Anna")
        assert n == 3
        assert store.add_corrections(corrections([
            ("Arb1-0", "Arbetsmöte 1", "bussen går för sällan från torsby", "goal_id", "natur-och-kultur"),
        ]), analyst="Björn") == 1
        active = store.note_corrections()
        assert list(active.columns) == ["correction_id", "note_id", "meeting", "text_clean", "field",
                                        "value", "analyst", "created", "removed", "model_value", "comment"]
        assert active["model_value"].isna().all()       # not given: unknown, stored as NULL
        got = {(r.note_id, r.field): (r.value, r.analyst) for r in active.itertuples()}
        assert got == {("Arb1-0", "goal_id"): ("natur-och-kultur", "Björn"),
                       ("Arb1-0", "is_challenge"): ("True", "Anna"),
                       ("Arb1-1", "theme"): ("Vården", "Anna")}
        assert not active["removed"].any() and active["created"].str.endswith("+00:00").all()
        everything = store.note_corrections(include_removed=True)
        assert len(everything) == 4 and everything["removed"].sum() == 1
        theme_id = int(active.loc[active["field"] == "theme", "correction_id"].iloc[0])
        assert store.remove_correction(theme_id) is True
        assert store.remove_correction(99999) is False
        assert sorted(store.note_corrections()["field"]) == ["goal_id", "is_challenge"]
    with Store(db, create=False) as store:               # stored, not just in memory
        assert len(store.note_corrections(include_removed=True)) == 4


def test_bad_correction_rows_store_nothing(db: Path) -> None:
    with Store(db) as store:
        with pytest.raises(StoreError, match="row 2: field 'goal'"):
            store.add_corrections(corrections([
                ("a", "M", "t", "goal_id", "x"), ("b", "M", "t", "goal", "y")]), analyst="A")
        with pytest.raises(StoreError, match="missing value"):
            store.add_corrections(corrections([("a", "M", "t", "goal_id", "x")]).drop(columns="value"),
                                  analyst="A")
        assert store.note_corrections(include_removed=True).empty


def test_corrections_survive_rerunning_the_meeting(db: Path) -> None:
    with Store(db) as store:
        put(store, "Arbetsmöte 1", seed=1)
        store.add_corrections(corrections([("Arb1-0", "Arbetsmöte 1", "x", "goal_id", "g")]), analyst="A")
        put(store, "Arbetsmöte 1", seed=1, input_hash="edited")        # re-run, new input
        store.delete_meeting("Arbetsmöte 1")
        put(store, "Arbetsmöte 1", seed=1)
        assert store.note_corrections()["value"].tolist() == ["g"]


def test_labelled_examples_join_embeddings_by_note_id_then_text(db: Path) -> None:
    with Store(db) as store:
        put(store, "Arbetsmöte 1", seed=1, n=8)
        put(store, "Arbetsmöte 2", seed=2, n=8, date="2025-03-01")
        notes, emb, _ = store.load_notes()
        kept = notes[notes["status"] == "kept"].reset_index(drop=True)
        by_id, by_text = kept.iloc[0], kept.iloc[5]
        store.add_corrections(corrections([
            (by_id["note_id"], by_id["meeting"], by_id["text_clean"], "goal_id", "g1"),
            ("moved-file-id", by_text["meeting"], by_text["text_clean"], "is_challenge", "False"),
            ("unknown", "Arbetsmöte 9", "finns inte", "goal_id", "g2"),                 # not stored
            (notes.loc[notes["status"] == "empty", "note_id"].iloc[0], "Arbetsmöte 1", "",
             "goal_id", "g3"),                                                        # not embedded
        ]), analyst="A")
        examples, vectors = store.labelled_examples("e5-small")
        assert examples["value"].tolist() == ["g1", "False"]
        assert examples["matched_by"].tolist() == ["note_id", "text"]
        np.testing.assert_array_equal(vectors, emb[[0, 5]])
        assert store.labelled_examples("another-model")[1].shape[0] == 0


# -- a store killed while being created (issue 15 item 4) -----------------------------------------

def test_table_less_file_left_by_a_killed_creation_becomes_a_store(tmp_path: Path) -> None:
    """What a SIGKILL right after `PRAGMA journal_mode = WAL` left: 4096 bytes, user_version 0."""
    path = tmp_path / "varmland.db"
    code = ("import sqlite3, os, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('PRAGMA journal_mode = WAL'); os.kill(os.getpid(), 9)")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert path.stat().st_size == 4096
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        put(store, "M1")
    with Store(path, create=False) as store:
        assert len(store.meetings()) == 1


CREATOR = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from nlp_varmland.store import Store, connection
    def hook():
        print("ready", flush=True)
        time.sleep(60)
    connection._before_publish = hook
    Store(sys.argv[1]).close()
""")


def test_sigkill_during_creation_leaves_no_file_and_the_next_run_works(tmp_path: Path) -> None:
    path = tmp_path / "varmland.db"
    script = tmp_path / "creator.py"
    script.write_text(CREATOR.format(root=str(ROOT)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not path.exists()                                 # never a half-made store at the path
    assert any(p.name.endswith(".creating") for p in tmp_path.iterdir())
    with Store(path) as store:
        put(store, "M1")
    assert integrity(path) == "ok"
    assert not any(".creating" in p.name for p in tmp_path.iterdir())   # the dead one's temp is gone


def test_concurrent_creation_gives_one_store(tmp_path: Path) -> None:
    path = tmp_path / "varmland.db"
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(path), w, 2)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert counts(path)["meetings"] == 6 and integrity(path) == "ok"


# -- another application's database with a higher user_version (issue 15 item 15b) ----------------

def test_foreign_sqlite_with_user_version_7_is_not_told_to_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "kommuner.db"
    _foreign_sqlite(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    before, files = path.read_bytes(), sorted(os.listdir(tmp_path))
    with pytest.raises(StoreError) as err:
        Store(path)
    message = str(err.value)
    assert "not an nlp_varmland store" in message and "upgrade" not in message
    assert "another application" in message and "\n" not in message
    assert path.read_bytes() == before and sorted(os.listdir(tmp_path)) == files


# -- read-only stores (issue 15 item 13) ----------------------------------------------------------

def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_read_only_store_reads_everything_and_writes_nothing(db: Path) -> None:
    from nlp_varmland.recurring import assign_stable_ids, theme_labels

    with Store(db) as store:
        put(store, "Arbetsmöte 1", seed=1)
        themes = pd.DataFrame({"theme_id": [0, 1], "label": ["buss", "skola"], "size": [5, 4]})
        known = assign_stable_ids(store, themes, np.eye(2, 16), "Arbetsmöte 1", "e5-small")
        store.add_corrections(corrections([("Arb1-0", "Arbetsmöte 1", "x", "goal_id", "g")]), analyst="A")
        notes, emb, _ = store.load_notes()
    before = snapshot(db.parent)
    with Store(db, readonly=True) as store:
        assert store.readonly
        got, got_emb, _ = store.load_notes()
        pd.testing.assert_frame_equal(got, notes)
        np.testing.assert_array_equal(got_emb, emb)
        assert len(store.note_corrections()) == 1 and len(store.registry()) == 2
        for write in (lambda: put(store, "Arbetsmöte 2", seed=2),
                      lambda: store.add_corrections(corrections([("a", "M", "t", "theme", "x")]), analyst="A"),
                      lambda: store.rename_theme(known[0], "Buss"),
                      lambda: store.delete_meeting("Arbetsmöte 1")):
            with pytest.raises(StoreError, match="read-only"):
                write()
        # Matching works without recording: known themes keep their ids, a new one gets the next id.
        new = pd.DataFrame({"theme_id": [0, 1, 2], "label": ["skola", "buss", "vård"], "size": [4, 5, 3]})
        ids = assign_stable_ids(store, new, np.eye(3, 16)[[1, 0, 2]], "(alla möten)", "e5-small")
        assert ids == {0: known[1], 1: known[0], 2: max(known.values()) + 1}
        assert len(store.registry()) == 2 and set(theme_labels(store)) == set(known.values())
    assert snapshot(db.parent) == before


def test_read_only_old_store_is_migrated_in_memory_only(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    with Store(path) as store:
        put(store, "M1")
    conn = sqlite3.connect(path, isolation_level=None)      # make it a version-2 store again
    conn.execute("DROP TABLE note_corrections")
    conn.execute("DROP INDEX statements_meeting_text")
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    before = snapshot(tmp_path)
    with Store(path, readonly=True) as store:
        assert store.schema_version == SCHEMA_VERSION and store.note_corrections().empty
        assert len(store.load_notes()[0]) == 8
    assert snapshot(tmp_path) == before
    with Store(path) as store:                                # writable: migrated for real
        assert store.schema_version == SCHEMA_VERSION


def test_unwritable_store_opens_read_only(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db) as store:
        put(store, "M1")
    monkeypatch.setattr(connection.os, "access", lambda *a, **k: False)   # tests run as root
    with Store(db, create=False) as store:
        assert store.readonly and len(store.meetings()) == 1
        with pytest.raises(StoreError, match="read-only"):      # analyze learns it before the work
            store.check_sources({"M2": ["m2.csv"]})


# -- one meeting name, two different files (issue 15 item 2) --------------------------------------

def test_same_meeting_name_from_another_file_is_refused(db: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    notes, emb = make_notes("anteckningar", 6, seed=1)
    with Store(db) as store:
        store.replace_meeting("anteckningar", "", "h1", notes.assign(source="bord1/anteckningar.csv"),
                              emb, model_id="m")
        with pytest.raises(StoreError, match="--meeting") as err:
            store.check_sources({"anteckningar": ["bord2/anteckningar.csv"]}, {"anteckningar": "h2"})
        assert "bord1/anteckningar.csv" in str(err.value) and "\n" not in str(err.value)
        # The same file edited, the same content moved, or the same file named from another folder.
        store.check_sources({"anteckningar": ["bord1/anteckningar.csv#Blad 1"]}, {"anteckningar": "h2"})
        store.check_sources({"anteckningar": ["arkiv/anteckningar.csv"]}, {"anteckningar": "h1"})
        monkeypatch.chdir(tmp_path)
        store.check_sources({"anteckningar": [str(tmp_path / "bord1" / "anteckningar.csv")]},
                            {"anteckningar": "h2"})
        store.check_sources({"bord 2": ["bord2/anteckningar.csv"]})          # a new name is fine
        assert store.meetings()["input_hash"].tolist() == ["h1"]           # checks write nothing


def test_check_sources_takes_the_raw_rows(db: Path) -> None:
    notes, emb = make_notes("anteckningar", 6, seed=1)
    raw = pd.DataFrame({"meeting": ["anteckningar", "annat möte"], "source": ["bord2/anteckningar.csv", "x.csv"]})
    raw.attrs["inputs"] = [{"path": "bord2/anteckningar.csv"}, {"path": "x.csv"}]
    with Store(db) as store:
        store.check_sources(raw)                                   # nothing stored yet: fine
        store.replace_meeting("anteckningar", "", "h1", notes.assign(source="bord1/anteckningar.csv"),
                              emb, model_id="m")
        with pytest.raises(StoreError, match="--meeting NAME"):
            store.check_sources(raw, {"anteckningar": "h2"})
        store.check_sources(raw, {"anteckningar": "h1"})           # same content, moved: fine


def test_meeting_hashes_are_the_content_hash_of_each_meetings_rows() -> None:
    import hashlib

    from nlp_varmland.store import meeting_hashes

    raw = pd.DataFrame({"meeting": ["B", "A", "B", "A"], "source": ["/x/b.csv", "a.csv", "/y/z/b.csv", "a.csv"],
                        "source_row": [1, 1, 2, 2], "text": ["x", "y", "z", "w"]})
    raw.attrs["inputs"] = [{"path": f"{i}.csv", "sha256": "0" * 64, "rows": 2} for i in range(500)]

    def expected(rows: list[tuple[str, int, str]]) -> str:
        lines = "\n".join(f"{s}|{r}|{t}" for s, r, t in rows)
        return "sha256:" + hashlib.sha256(lines.encode("utf-8")).hexdigest()

    assert meeting_hashes(raw) == {"A": expected([("a.csv", 1, "y"), ("a.csv", 2, "w")]),
                                   "B": expected([("b.csv", 1, "x"), ("b.csv", 2, "z")])}
    assert raw.attrs["inputs"][0]["path"] == "0.csv"                   # the input is not changed
    moved = raw.assign(source=["/elsewhere/b.csv", "/elsewhere/a.csv", "/elsewhere/b.csv", "/elsewhere/a.csv"])
    assert meeting_hashes(moved) == meeting_hashes(raw)                # no folder names in the hash
    sheet = raw.assign(source=[f"/x/{s}#Blad 1" for s in raw["source"]])
    assert meeting_hashes(sheet)["A"] == expected([("a.csv#Blad 1", 1, "y"), ("a.csv#Blad 1", 2, "w")])


def test_a_copied_meeting_recorded_with_an_older_hash_is_the_same_input(db: Path, tmp_path: Path) -> None:
    """A store from before the hash left folder names out: a byte-identical copy is still accepted,
    a file with other bytes under the same name is still refused."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old, copy = tmp_path / "a" / "möte.csv", tmp_path / "b" / "möte.csv"
    old.write_text("text\nBussen går sällan\n", encoding="utf-8")
    copy.write_bytes(old.read_bytes())
    notes, emb = make_notes("möte", 6, seed=1)
    with Store(db) as store:
        store.replace_meeting("möte", "", "sha256:old", notes.assign(source=str(old)), emb, model_id="m")
        store.check_sources({"möte": [str(copy)]}, {"möte": "sha256:new"})
        copy.write_text("text\nSkolan\n", encoding="utf-8")
        with pytest.raises(StoreError, match="comes from"):
            store.check_sources({"möte": [str(copy)]}, {"möte": "sha256:new"})
        with pytest.raises(StoreError, match="rename it in the file"):
            store.check_sources({"möte": [str(copy)]}, {"möte": "sha256:new"},
                                hint="rename it in the file's meeting column")


def test_an_empty_database_of_another_application_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "annat.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")          # no tables, user_version 0
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        Store(path)
    assert path.read_bytes() == before


def test_a_foreign_database_with_its_tables_still_in_the_wal_is_not_taken_over(tmp_path: Path) -> None:
    """The main file alone looks like a half-created store (user_version 0, no tables), but the
    -wal file holds another program's table: it must be refused, not initialised."""
    path = tmp_path / "annat.db"
    code = ("import sqlite3, os, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('PRAGMA journal_mode = WAL'); c.execute('PRAGMA wal_autocheckpoint = 0'); "
            "c.execute('CREATE TABLE kommuner (namn TEXT)'); "
            "c.execute(\"INSERT INTO kommuner VALUES ('Arvika')\"); os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=30)
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0
    before = (path.read_bytes(), wal.read_bytes())
    with pytest.raises(StoreError, match="not an nlp_varmland store"):
        Store(path)
    assert (path.read_bytes(), wal.read_bytes()) == before


def test_update_theme_ids_sets_stored_ids_by_note_id(db: Path) -> None:
    with Store(db) as store:
        put(store, "Arbetsmöte 1", seed=1)
        put(store, "Arbetsmöte 2", seed=2, date="2025-03-01")
        notes, _, _ = store.load_notes()
        first = notes[notes["meeting"] == "Arbetsmöte 1"]
        changed = store.update_theme_ids({n: 40 + i for i, n in enumerate(first["note_id"])},
                                         meeting="Arbetsmöte 1")
        assert changed == len(first)
        assert store.update_theme_ids({first["note_id"].iloc[0]: 7}, meeting="Arbetsmöte 2") == 0
        after, _, _ = store.load_notes()
    got = after.set_index("note_id")["theme_id"]
    assert [int(got[n]) for n in first["note_id"]] == [40 + i for i in range(len(first))]
    other = notes[notes["meeting"] == "Arbetsmöte 2"].set_index("note_id")["theme_id"]
    assert got[other.index].tolist() == other.tolist()                  # the other meeting untouched


def test_corrections_keep_the_value_the_analyst_saw(db: Path) -> None:
    """v4: ``model_value`` (the tool's value in review.xlsx) is stored with each judgement, so a
    correction stays one when a later run's tool agrees with the analyst (tester B7)."""
    rows = corrections([("a", "M", "t", "goal_id", "kompetensforsorjning"), ("b", "M", "u", "is_challenge", "true")])
    rows["model_value"] = ["hoja-kompetensen", None]
    with Store(db) as store:
        store.add_corrections(rows, analyst="A")
    with Store(db, create=False) as store:
        got = dict(zip(store.note_corrections()["note_id"], store.note_corrections()["model_value"]))
    assert got == {"a": "hoja-kompetensen", "b": None}


def test_migrates_a_version_3_file_keeping_its_corrections(tmp_path: Path) -> None:
    """v3 -> v4: goal and challenge judgements of stored statements get the tool's value as the
    statement was stored (the value the analyst saw); others stay unknown (None)."""
    path = tmp_path / "v3.db"
    with Store(path) as store:
        put(store, "M1")
        kept = store.load_notes()[0].query("status == 'kept'").iloc[0]
        store.add_corrections(corrections([
            ("a", "M", "t", "goal_id", "g"),                                          # not stored
            (kept["note_id"], "M1", kept["text_clean"], "goal_id", "annat-mal"),
            (kept["note_id"], "M1", kept["text_clean"], "is_challenge", "true"),
            (kept["note_id"], "M1", kept["text_clean"], "theme", "Nytt tema")]), analyst="A")
    conn = sqlite3.connect(path, isolation_level=None)      # make it a version-3 store again
    conn.execute("ALTER TABLE note_corrections DROP COLUMN model_value")
    conn.execute("ALTER TABLE note_corrections DROP COLUMN comment")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 7
        active = store.note_corrections()
        assert active["value"].tolist() == ["g", "annat-mal", "true", "Nytt tema"]
        assert active["model_value"].tolist() == [None, kept["goal_id"] if kept["goal_id"] else "",
                                                  "true" if kept["is_challenge"] else "false", None]
        store.add_corrections(corrections([("b", "M", "u", "goal_id", "h")]).assign(model_value="x"),
                              analyst="B")
        assert store.note_corrections()["model_value"].tolist()[-1] == "x"


def test_a_folder_moved_after_it_was_recorded_with_the_old_hash_is_the_same_input(db: Path, tmp_path: Path) -> None:
    """The old hash was over source|row|text with source absolute; the old files are gone."""
    import hashlib

    old, new = tmp_path / "a" / "möte.csv", tmp_path / "b" / "möte.csv"
    raw = pd.DataFrame({"meeting": ["möte", "möte"], "source": [str(new)] * 2, "source_row": [1, 2],
                        "text": ["Bussen går sällan", "Skolan"]})
    lines = "\n".join(f"{old}|{r}|{t}" for r, t in zip(raw["source_row"], raw["text"]))
    stored_hash = "sha256:" + hashlib.sha256(lines.encode("utf-8")).hexdigest()
    notes, emb = make_notes("möte", 6, seed=1)
    with Store(db) as store:
        store.replace_meeting("möte", "", stored_hash, notes.assign(source=str(old)), emb, model_id="m")
        store.check_sources(raw, {"möte": "sha256:new"})                       # moved: fine
        with pytest.raises(StoreError, match="comes from"):                    # other text: refused
            store.check_sources(raw.assign(text=["Bussen går sällan", "Vården"]), {"möte": "sha256:new"})


def _as_version_4(path: Path) -> None:
    """Make ``path`` a schema-v4 store again (as nlp_varmland before v5 wrote it)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("ALTER TABLE note_corrections DROP COLUMN comment")
    conn.execute("PRAGMA user_version = 4")
    conn.close()


def test_migrates_a_version_4_file_keeping_its_corrections_and_withdrawals(tmp_path: Path) -> None:
    """v4 -> v5 adds ``comment``: judgements, removals and supersessions of a v4 file stay as
    they were, a removed correction reads as withdrawn, and comments can be stored after it."""
    path = tmp_path / "v4.db"
    with Store(path) as store:
        store.add_corrections(corrections([("a", "M", "t", "goal_id", "g"), ("b", "M", "u", "goal_id", "h"),
                                           ("c", "M", "v", "is_challenge", "true")]).assign(model_value="x"),
                              analyst="A")
        store.add_corrections(corrections([("b", "M", "u", "goal_id", "k")]), analyst="A")
        store.remove_correction(int(store.note_corrections().query("note_id == 'a'")["correction_id"].iloc[0]))
    _as_version_4(path)
    conn = sqlite3.connect(path)
    assert "comment" not in [r[1] for r in conn.execute("PRAGMA table_info(note_corrections)")]
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 7
        active = store.note_corrections()
        assert active[["note_id", "value", "comment"]].values.tolist() == [["c", "true", ""], ["b", "k", ""]]
        assert store.withdrawn_corrections()[["note_id", "field"]].values.tolist() == [["a", "goal_id"]]
        store.add_corrections(corrections([("d", "M", "w", "goal_id", "g")]).assign(comment=" ok "), analyst="B")
        assert store.note_corrections()["comment"].tolist()[-1] == "ok"


def test_a_removed_correction_is_withdrawn_until_judged_again(db: Path) -> None:
    """Tester B10: removing a correction makes that field no opinion (withdrawn); a superseded
    correction is not withdrawn, and a new judgement of the field ends the withdrawal."""
    with Store(db) as store:
        store.add_corrections(corrections([("a", "M", "t", "goal_id", "g"), ("a", "M", "t", "is_challenge", "true"),
                                           ("b", "M", "u", "goal_id", "h")]), analyst="A")
        store.add_corrections(corrections([("b", "M", "u", "goal_id", "k")]), analyst="A")  # supersedes
        assert store.withdrawn_corrections().empty
        ids = dict(zip(zip(store.note_corrections()["note_id"], store.note_corrections()["field"]),
                       store.note_corrections()["correction_id"]))
        assert store.remove_correction(ids[("a", "goal_id")])
        assert store.withdrawn_corrections()[["note_id", "field"]].values.tolist() == [["a", "goal_id"]]
        store.add_corrections(corrections([("a", "M", "t", "goal_id", "g2")]), analyst="A")
        assert store.withdrawn_corrections().empty


def test_a_row_with_no_change_left_is_no_longer_reviewed(db: Path) -> None:
    """Tester B11: after every change on a row was removed, its confirmations (the fields the
    analyst left as the tool had them) kept it "granskad". A row is reviewed for a change or a
    comment; with neither left, its confirmations are withdrawn too. A commented row stays."""
    from nlp_varmland.agreement import agreement

    rows = corrections([("a", "M", "t", "goal_id", "g"), ("a", "M", "t", "is_challenge", "true"),
                        ("b", "M", "u", "goal_id", "h"), ("b", "M", "u", "is_challenge", "false")])
    rows = rows.assign(model_value=["f", "true", "x", "true"], comment=["", "", "ok", "ok"])
    with Store(db) as store:
        store.add_corrections(rows, analyst="A")
        assert agreement(store.note_corrections())["reviewed"] == 2
        ids = dict(zip(zip(store.note_corrections()["note_id"], store.note_corrections()["field"]),
                       store.note_corrections()["correction_id"]))
        assert store.remove_correction(ids[("a", "goal_id")])
        assert store.note_corrections()["note_id"].tolist() == ["b", "b"]       # a's confirmation went too
        assert agreement(store.note_corrections())["reviewed"] == 1
        assert store.remove_correction(ids[("b", "is_challenge")])              # b's comment keeps it reviewed
        assert store.note_corrections()["note_id"].tolist() == ["b"]
        assert store.withdraw_corrections([("b", "goal_id")]) == 1
        assert store.note_corrections().empty


def test_the_same_judgement_is_not_stored_twice(db: Path) -> None:
    """A review.xlsx fed back again (or a pre-filled "ok") adds no rows; a new comment does."""
    rows = corrections([("a", "M", "t", "goal_id", "g"), ("a", "M", "t", "is_challenge", "true")])
    rows = rows.assign(model_value=["f", "true"], comment="ok")
    with Store(db) as store:
        assert store.add_corrections(rows, analyst="A") == 2
        assert store.add_corrections(rows, analyst="B") == 0
        assert store.add_corrections(rows.assign(comment="fel mål?"), analyst="B") == 2
        assert len(store.note_corrections(include_removed=True)) == 4
        assert store.note_corrections()["comment"].tolist() == ["fel mål?", "fel mål?"]
