"""Stable theme ids follow a theme's statements when the store has seen them (tester B10 #13).

A theme that splits on a re-run used to give its id to the piece whose centroid stayed closest,
often a small leftover, while the piece with most of its statements got a new id. Observations
now record their members (schema v6), and statements seen before match by members first.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from nlp_varmland.store import SCHEMA_VERSION, Store
from nlp_varmland.store.registry import assign_stable_ids, match_members, stable_ids

DIM = 16


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


def _themes(sizes: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"theme_id": range(len(sizes)), "label": [f"t{i}" for i in range(len(sizes))],
                         "size": sizes})


def _split_run(store: Store) -> tuple[dict[int, int], dict[int, int], list[str], list[str]]:
    """Meeting M: theme A (10 statements) and B (8). Re-run: A splits into a leftover of 3
    statements whose centroid is A's own and a piece of 7 whose centroid moved."""
    e = np.eye(DIM)
    a, b = _unit(e[0]), _unit(e[1])
    members_a = [f"a{i}" for i in range(10)]
    members_b = [f"b{i}" for i in range(8)]
    first = assign_stable_ids(store, _themes([10, 8]), np.stack([a, b]), "M", "m", members=[members_a, members_b])
    moved = _unit(e[0] + 0.9 * e[2] + 0.9 * e[3])       # the big piece drifted
    second = assign_stable_ids(store, _themes([3, 7, 8]), np.stack([a, moved, b]), "M", "m",
                               members=[members_a[:3], members_a[3:], members_b])
    return first, second, members_a, members_b


def test_a_split_theme_keeps_its_id_on_the_piece_with_most_of_its_statements():
    with Store(":memory:") as store:
        first, second, _, _ = _split_run(store)
        assert second[1] == first[0]                      # 7 of A's 10 statements: A's id
        assert second[2] == first[1]                      # B unchanged
        assert second[0] not in first.values()            # the leftover is a new theme
        assert store.observation_members()[first[0]] == {f"a{i}" for i in range(3, 10)}


def test_without_members_the_centroid_rule_gave_the_id_to_the_leftover():
    """The same re-run as above matched by centroid only (no members recorded): the 3-statement
    leftover, whose centroid is A's, took A's id. This is what members fix."""
    e = np.eye(DIM)
    a, b = _unit(e[0]), _unit(e[1])
    moved = _unit(e[0] + 0.9 * e[2] + 0.9 * e[3])
    with Store(":memory:") as store:
        first = assign_stable_ids(store, _themes([10, 8]), np.stack([a, b]), "M", "m")
        second = assign_stable_ids(store, _themes([3, 7, 8]), np.stack([a, moved, b]), "M", "m")
    assert second[0] == first[0] and second[1] != first[0]


def test_new_statements_of_another_meeting_match_by_centroid():
    e = np.eye(DIM)
    with Store(":memory:") as store:
        first, second, _, members_b = _split_run(store)
        near_b = _unit(e[1] + 0.2 * e[5])
        third = assign_stable_ids(store, _themes([6, 5]), np.stack([near_b, _unit(e[7])]), "N", "m",
                                  members=[[f"n{i}" for i in range(6)], [f"o{i}" for i in range(5)]])
        assert third[0] == first[1]                       # B recurs in N: centroid, no shared statement
        assert third[1] not in {*first.values(), *second.values()}


def test_match_members_rules():
    known = {1: {"a", "b", "c", "d"}, 2: {"e", "f", "g", "h"}, 3: {"x"}}
    # one shared statement is not enough; half of the old theme or half of the new one is
    assert match_members([{"a", "e", "q", "r"}], known) == [None]
    assert match_members([{"a", "b", "q", "r", "s"}], known) == [1]
    assert match_members([{"a", "b", "c"}, {"d", "e", "f", "g", "h"}], known) == [1, 2]
    # two pieces of theme 1: the one with more of its statements gets it (one-to-one)
    assert match_members([{"a"} | {"p", "q"}, {"b", "c", "d"}], known) == [None, 1]
    # members from other meetings do not count against a piece: only statements of this run
    assert match_members([{"a", "b"}], {1: {"a", "b", "c1", "c2", "c3", "c4"}}) == [1]
    assert match_members([], known) == [] and match_members([{"z"}], {}) == [None]


def test_stable_ids_records_each_themes_note_ids_and_a_rerun_keeps_them():
    notes = pd.DataFrame({"note_id": [f"n{i}" for i in range(7)], "status": ["kept"] * 6 + ["empty"],
                          "date": ["2026-03-01"] * 7, "theme_id": [0, 0, 0, 1, 1, -1, -1]})
    themes = _themes([3, 2])
    cents = _unit(np.eye(DIM)[:2])
    with Store(":memory:") as store:
        out, _ = stable_ids(store, notes, themes, cents, "m", key="M")
        ids = dict(zip(notes["note_id"], out["theme_id"]))
        members = store.observation_members()
        assert members == {ids["n0"]: {"n0", "n1", "n2"}, ids["n3"]: {"n3", "n4"}}
        # re-run: theme 1 (B's centroid) now holds n0-n3, theme 0 (A's centroid) only n4: the ids
        # follow the statements, not the centroids
        again, _ = stable_ids(store, notes.assign(theme_id=[1, 1, 1, 1, 0, -1, -1]), themes, cents, "m", key="M")
        got = again["theme_id"].tolist()
        assert got[:4] == [ids["n0"]] * 4 and got[4] not in (ids["n0"], ids["n3"]) and got[5:] == [-1, -1]


def _as_version_5(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("ALTER TABLE theme_observations DROP COLUMN members")
    conn.execute("PRAGMA user_version = 5")
    conn.close()


def test_migrates_a_version_5_file_whose_observations_have_no_members(tmp_path: Path):
    """v5 -> v6 adds ``theme_observations.members``: old observations get '' and are matched by
    centroid (their re-run keeps its ids); new ones record their members."""
    path = tmp_path / "v5.db"
    e = np.eye(DIM)
    with Store(path) as store:
        first = assign_stable_ids(store, _themes([10, 8]), _unit(e[:2]), "M", "m")
    _as_version_5(path)
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 7
        assert store.observation_members() == {}
        assert store.theme_observations()["registry_id"].tolist() == sorted(first.values())
        again = assign_stable_ids(store, _themes([10, 8]), _unit(e[:2]), "M", "m",
                                  members=[["a", "b"], ["c", "d"]])
        assert again == first
        assert store.observation_members() == {first[0]: {"a", "b"}, first[1]: {"c", "d"}}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
    conn.close()
