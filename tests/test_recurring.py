"""Tests for nlp_varmland.recurring: matching, stable ids, analyst corrections, recurring and trend."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_varmland.errors import StoreError
from nlp_varmland.recurring import (
    DEFAULT_THRESHOLD,
    RECURRING_COLUMNS,
    assign_stable_ids,
    match_themes,
    merge_themes,
    recurring_table,
    rename_theme,
    theme_labels,
    theme_meeting_stats,
    trend_table,
)
from nlp_varmland.store import Store

DIM = 32


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


@pytest.fixture
def topics() -> np.ndarray:
    """Ten random, nearly orthogonal topic directions."""
    return unit(np.random.default_rng(42).normal(size=(10, DIM)))


def noisy(v: np.ndarray, seed: int, scale: float = 0.05) -> np.ndarray:
    return unit(v + np.random.default_rng(seed).normal(scale=scale, size=v.shape)).astype(np.float32)


def themes_frame(labels: list[str], sizes: list[int] | None = None) -> pd.DataFrame:
    return pd.DataFrame({"theme_id": range(len(labels)), "label": labels,
                         "size": sizes or [10] * len(labels)})


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "registry.db") as s:
        yield s


# -- match_themes ----------------------------------------------------------------------------------

def test_match_finds_permuted_noisy_themes(topics: np.ndarray) -> None:
    known = topics[:5]
    order = [3, 0, 4, 1, 2]
    assert match_themes(noisy(known[order], 1), known) == order


def test_match_is_one_to_one_and_rejects_unrelated(topics: np.ndarray) -> None:
    known = topics[:3]
    new = np.stack([noisy(known[0], 1), noisy(known[0], 2, 0.1), topics[7]])
    got = match_themes(new, known)
    assert got[0] == 0 and got[1] is None and got[2] is None


def test_match_with_registry_frame_and_empty_registry(topics: np.ndarray) -> None:
    reg = pd.DataFrame({"registry_id": [11, 12], "centroid": list(topics[:2])})
    assert match_themes(noisy(topics[1::-1], 3), reg) == [12, 11]
    assert match_themes(topics[:2], reg.iloc[:0]) == [None, None]
    with pytest.raises(ValueError, match="dimension"):
        match_themes(topics[:1, :5], reg)


def test_centring_separates_themes_that_share_a_common_direction(topics: np.ndarray) -> None:
    """Like e5: every vector has a large shared component, so raw cosines are all high."""
    common = topics[9] * 3.0
    known = topics[:3] + common
    new = np.stack([topics[1], topics[5]]) + common       # theme 1 again, and a new theme
    assert match_themes(new, known, DEFAULT_THRESHOLD) == [1, 0]  # raw: everything matches
    background = (known.sum(0) + new.sum(0)) / 5
    assert match_themes(new, known, DEFAULT_THRESHOLD, background=background) == [1, None]


# -- assign_stable_ids -------------------------------------------------------------------------------

def test_same_themes_keep_ids_and_new_theme_gets_new_id(store: Store, topics: np.ndarray) -> None:
    first = assign_stable_ids(store, themes_frame(["buss", "skola", "vård"]), topics[:3], "M1", "m",
                              date="2025-01-10")
    assert sorted(first.values()) == sorted(set(first.values()))
    # Meeting 2: same three topics in another order with other local ids and labels, plus a new one.
    m2 = themes_frame(["vårdcentral", "buss igen", "bredband", "skolan"])
    cents = np.stack([noisy(topics[2], 1), noisy(topics[0], 2), topics[6], noisy(topics[1], 3)])
    second = assign_stable_ids(store, m2, cents, "M2", "m", date="2025-02-10")
    assert second[0] == first[2] and second[1] == first[0] and second[3] == first[1]
    assert second[2] not in first.values()
    labels = theme_labels(store)
    assert labels[first[2]] == "vårdcentral" and labels[second[2]] == "bredband"   # the fresh label
    reg = store.registry().set_index("registry_id")
    assert reg.at[first[0], "first_meeting"] == "M1" and reg.at[first[0], "last_meeting"] == "M2"
    assert reg.at[second[2], "first_meeting"] == "M2"


def test_registry_centroid_is_size_weighted_mean(store: Store, topics: np.ndarray) -> None:
    a, b = noisy(topics[0], 1), noisy(topics[0], 2)
    ids1 = assign_stable_ids(store, themes_frame(["buss"], [30]), a[None], "M1", "m")
    ids2 = assign_stable_ids(store, themes_frame(["buss"], [10]), b[None], "M2", "m")
    assert ids1 == ids2
    reg = store.registry().set_index("registry_id")
    np.testing.assert_allclose(reg.at[ids1[0], "centroid"], (30 * a + 10 * b) / 40, rtol=1e-5)
    assert reg.at[ids1[0], "n_statements"] == 40


def test_rerunning_a_meeting_keeps_ids_and_counts(store: Store, topics: np.ndarray) -> None:
    themes = themes_frame(["buss", "skola"], [12, 8])
    first = assign_stable_ids(store, themes, topics[:2], "M1", "m")
    assign_stable_ids(store, themes_frame(["vård"]), topics[2:3], "M2", "m")
    before = store.registry()[["registry_id", "n_statements"]]
    again = assign_stable_ids(store, themes, topics[:2], "M1", "m")
    assert again == first
    pd.testing.assert_frame_equal(store.registry()[["registry_id", "n_statements"]], before)
    assert len(store.theme_observations()) == 3


def test_theme_dropped_on_rerun_leaves_no_orphan(store: Store, topics: np.ndarray) -> None:
    first = assign_stable_ids(store, themes_frame(["buss", "skola"]), topics[:2], "M1", "m")
    assign_stable_ids(store, themes_frame(["buss"]), topics[:1], "M1", "m")
    assert store.registry()["registry_id"].tolist() == [first[0]]
    new = assign_stable_ids(store, themes_frame(["skola"]), topics[1:2], "M2", "m")
    assert new[0] not in first.values()                         # ids are never reused


def test_rename_survives_next_assignment(store: Store, topics: np.ndarray) -> None:
    ids = assign_stable_ids(store, themes_frame(["buss – trafik", "skola"]), topics[:2], "M1", "m")
    rename_theme(store, ids[0], "Kollektivtrafik på landsbygden")
    later = assign_stable_ids(store, themes_frame(["trafik – buss – tåg"]), noisy(topics[:1], 4),
                              "M2", "m")
    assert later[0] == ids[0]
    assert theme_labels(store)[ids[0]] == "Kollektivtrafik på landsbygden"
    assert bool(store.registry().set_index("registry_id").at[ids[0], "label_locked"])


def test_merge_maps_later_matches_and_stored_notes_to_target(store: Store, topics: np.ndarray) -> None:
    ids = assign_stable_ids(store, themes_frame(["buss", "tåg", "skola"]), topics[:3], "M1", "m")
    notes = pd.DataFrame({"note_id": ["a", "b", "c"], "status": ["kept"] * 3,
                          "theme_id": [ids[0], ids[1], ids[2]]})
    store.replace_meeting("M1", "2025-01-10", "h", notes, topics[:3].astype(np.float32), model_id="m")
    merge_themes(store, [ids[1]], into=ids[0])
    later = assign_stable_ids(store, themes_frame(["tåg", "skola"]),
                              np.stack([noisy(topics[1], 5), noisy(topics[2], 6)]), "M2", "m")
    assert later == {0: ids[0], 1: ids[2]}
    assert theme_labels(store)[ids[1]] == "buss"
    stored, _, _ = store.load_notes()
    assert stored["theme_id"].tolist() == [ids[0], ids[0], ids[2]]
    assert store.corrections()["action"].tolist() == ["merge"]
    # a merge chain resolves to the final target, and merging into a merged id follows it
    merge_themes(store, [ids[0]], into=ids[2])
    assert set(store.registry()["resolved_id"]) == {ids[2]}
    with pytest.raises(StoreError, match="not in the registry"):
        merge_themes(store, [999], into=ids[0])


def test_other_embedding_model_is_refused(store: Store, topics: np.ndarray) -> None:
    assign_stable_ids(store, themes_frame(["buss"]), topics[:1], "M1", "e5-small")
    with pytest.raises(StoreError, match="embedding model"):
        assign_stable_ids(store, themes_frame(["buss"]), topics[:1], "M2", "tfidf")


def test_background_from_stored_meetings_centres_anisotropic_embeddings(store: Store,
                                                                         topics: np.ndarray) -> None:
    """Statements share a big common direction (as e5 does); the store's mean removes it."""
    rng = np.random.default_rng(7)
    common = topics[9] * 2.5

    def meeting(name: str, topic_ids: list[int]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
        labels = np.repeat(np.arange(len(topic_ids)), 15)
        noise = rng.normal(scale=0.3, size=(len(labels), DIM))
        emb = unit(common + topics[np.array(topic_ids)][labels] + noise)
        notes = pd.DataFrame({"note_id": [f"{name}-{i}" for i in range(len(labels))],
                              "status": "kept", "theme_id": labels})
        cents = np.stack([emb[labels == k].mean(0) for k in range(len(topic_ids))])
        return notes, emb.astype(np.float32), cents

    notes1, emb1, c1 = meeting("M1", [0, 1, 2, 3])
    ids1 = assign_stable_ids(store, themes_frame(["a", "b", "c", "d"], [15] * 4), c1, "M1", "m")
    store.replace_meeting("M1", "2025-01-01", "h1", notes1, emb1, model_id="m")
    _, _, c2 = meeting("M2", [2, 5, 0])
    ids2 = assign_stable_ids(store, themes_frame(["c2", "new", "a2"], [15] * 3), c2, "M2", "m")
    assert ids2[0] == ids1[2] and ids2[2] == ids1[0] and ids2[1] not in ids1.values()
    # without centring all these centroids look alike
    raw = unit(c2) @ unit(c1).T
    assert raw.min() > 0.6


# -- recurring_table, trend_table, theme_meeting_stats ------------------------------------------------

def notes_frame(rows: list[tuple[str, str, int, bool, str]]) -> pd.DataFrame:
    """rows: (meeting, date, theme_id, is_challenge, status)."""
    return pd.DataFrame(rows, columns=["meeting", "date", "theme_id", "is_challenge", "status"]) \
        .assign(area_id="")


@pytest.fixture
def history() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = []
    # theme 1: not a challenge, 3 meetings, many notes
    rows += [("Mars", "2025-03-01", 1, False, "kept")] * 4 + [("Januari", "2025-01-15", 1, False, "kept")] * 4
    rows += [("Februari", "2025-02-10", 1, True, "kept")] * 2
    # theme 2: challenge, 2 meetings
    rows += [("Januari", "2025-01-15", 2, True, "kept")] * 3 + [("Mars", "2025-03-01", 2, True, "kept")] * 2
    # theme 3: challenge, 3 meetings, few notes (two at each: one stray statement is not a discussion)
    rows += [(m, d, 3, True, "kept") for m, d in
             [("Mars", "2025-03-01"), ("Februari", "2025-02-10"), ("Januari", "2025-01-15")] * 2]
    # theme 4: challenge but only one meeting; outliers and non-kept rows never count
    rows += [("Mars", "2025-03-01", 4, True, "kept")] * 5
    rows += [("Februari", "2025-02-10", -1, True, "kept")] * 3
    rows += [("Februari", "2025-02-10", 4, True, "duplicate")] * 3
    notes = notes_frame(rows)
    themes = pd.DataFrame({"theme_id": [1, 2, 3, 4], "label": ["kultur", "buss", "vård", "bredband"],
                           "area_id": ["utveckla-attraktiva-platser", "forbattra-livsvillkoren",
                                       "forbattra-livsvillkoren", "starka-konkurrenskraften"],
                           "goal_id": ["", "kollektivtrafik", "", ""]})
    return notes, themes


def test_recurring_challenges_come_first(history) -> None:
    notes, themes = history
    table = recurring_table(notes, themes)
    assert list(table.columns) == list(RECURRING_COLUMNS)
    assert table["theme_id"].tolist() == [3, 2, 1]
    row = table.set_index("theme_id").loc[3]
    assert row["meetings"] == "Januari; Februari; Mars" and row["n_meetings"] == 3
    assert row["label"] == "vård" and row["area_id"] == "forbattra-livsvillkoren"
    assert table.set_index("theme_id").at[2, "goal_id"] == "kollektivtrafik"
    kultur = table.set_index("theme_id").loc[1]
    assert kultur["n_notes"] == 10 and kultur["challenge_share"] == pytest.approx(0.2)
    assert recurring_table(notes, themes, min_meetings=3)["theme_id"].tolist() == [3, 1]


def test_recurring_goal_agrees_with_themes_for_a_theme_without_goal() -> None:
    # Tester B4: the meeting-logistics theme fits no goal (themes.csv empty), but a few of its
    # statements had goals of their own; recurring.csv showed those instead of the theme's.
    rows = [("Mars", "2025-03-01", 5, False, "kept")] * 3 + [("Sept", "2025-09-01", 5, True, "kept")] * 2
    rows += [("Mars", "2025-03-01", 6, True, "kept"), ("Sept", "2025-09-01", 6, True, "kept")] * 2
    notes = notes_frame(rows)
    notes["area_id"] = ["forbattra-livsvillkoren"] * 5 + [""] * 4
    notes["goal_id"] = ["god-och-jamlik-halsa"] * 5 + [""] * 4
    notes["theme_label"] = ["lokal – fika"] * 5 + ["buss"] * 4
    themes = pd.DataFrame({"theme_id": [5, 6], "label": ["lokal – fika", ""],
                           "area_id": ["", "utveckla-attraktiva-platser"], "goal_id": [None, "kollektivtrafik"]})
    table = recurring_table(notes, themes).set_index("theme_id")
    assert table.at[5, "area_id"] == "" and table.at[5, "goal_id"] == ""
    assert table.at[6, "area_id"] == "utveckla-attraktiva-platser" and table.at[6, "goal_id"] == "kollektivtrafik"
    assert table.at[6, "label"] == "buss"                     # an empty label still falls back to the notes'
    # a theme that the themes table does not hold still gets its statements' values
    assert recurring_table(notes, themes[themes.theme_id == 6]).set_index("theme_id").at[5, "area_id"] \
        == "forbattra-livsvillkoren"


def test_one_stray_statement_does_not_make_a_theme_recur() -> None:
    """Tester B10: an energy theme "återkom vid alla 3 möten" through one stray note of March
    (3/14/11 by meeting, and March's notes were about other things). A meeting counts when at
    least MIN_NOTES_PER_MEETING (2) of the theme's statements come from it; a theme is always
    raised at its main meeting, also when every meeting gave it one statement."""
    from nlp_varmland.recurring import MIN_NOTES_PER_MEETING, theme_meeting_stats

    assert MIN_NOTES_PER_MEETING == 2
    rows = [("Mars", "2025-03-01", 1, True, "kept")] + [("Maj", "2025-05-01", 1, True, "kept")] * 14
    rows += [("Sept", "2025-09-01", 1, True, "kept")] * 11
    rows += [("Mars", "2025-03-01", 2, False, "kept"), ("Maj", "2025-05-01", 2, False, "kept")]
    notes = notes_frame(rows)
    stats = theme_meeting_stats(notes).set_index("theme_id")
    assert stats.at[1, "meetings"] == ["Maj", "Sept"] and stats.at[1, "n_meetings"] == 2
    assert stats.at[2, "meetings"] == ["Mars"] and not stats.at[2, "recurring"]
    themes = pd.DataFrame({"theme_id": [1, 2], "label": ["elnät", "x"], "area_id": ["", ""], "goal_id": ["", ""]})
    table = recurring_table(notes, themes)
    assert table["theme_id"].tolist() == [1] and table.at[0, "meetings"] == "Maj; Sept"
    assert recurring_table(notes, themes, min_meetings=3).empty


def test_recurring_table_empty_has_columns() -> None:
    notes = notes_frame([("A", "2025-01-01", 0, False, "kept")])
    table = recurring_table(notes, pd.DataFrame(columns=["theme_id", "label", "area_id", "goal_id"]))
    assert table.empty and list(table.columns) == list(RECURRING_COLUMNS)


def test_trend_has_zeros_for_absent_themes_in_date_order(history) -> None:
    notes, _ = history
    trend = trend_table(notes)
    assert list(trend.columns) == ["theme_id", "meeting", "date", "n_notes"]
    assert len(trend) == 3 * 4
    assert list(dict.fromkeys(trend["meeting"])) == ["Januari", "Februari", "Mars"]
    by = trend.set_index(["meeting", "theme_id"])["n_notes"]
    assert by[("Februari", 2)] == 0 and by[("Januari", 4)] == 0 and by[("Februari", 4)] == 0
    assert by[("Mars", 4)] == 5 and by[("Januari", 1)] == 4
    assert trend["date"].is_monotonic_increasing


def test_theme_meeting_stats(history) -> None:
    notes, _ = history
    stats = theme_meeting_stats(notes).set_index("theme_id")
    assert stats.at[1, "meetings"] == ["Januari", "Februari", "Mars"]
    assert stats.at[4, "n_meetings"] == 1 and not stats.at[4, "recurring"]
    assert stats.at[2, "challenge_share"] == 1.0 and -1 not in stats.index


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(-1, 4),
                          st.sampled_from(["kept", "kept", "duplicate", "empty"])), max_size=40))
def test_trend_is_a_full_grid_that_counts_every_kept_themed_note(rows) -> None:
    notes = pd.DataFrame([(f"M{m}", f"2025-0{m + 1}-01", t, False, s) for m, t, s in rows],
                         columns=["meeting", "date", "theme_id", "is_challenge", "status"])
    trend = trend_table(notes)
    themed = notes[(notes.status == "kept") & (notes.theme_id != -1)]
    assert trend["n_notes"].sum() == len(themed)
    if len(themed):
        assert len(trend) == notes["meeting"].nunique() * themed["theme_id"].nunique()
        assert trend["date"].is_monotonic_increasing


def test_registry_stores_the_fresh_label_and_a_rename_wins(store: Store, topics: np.ndarray) -> None:
    small = assign_stable_ids(store, themes_frame(["buss"], [5]), topics[:1], "M1", "m")
    tid = small[0]
    assign_stable_ids(store, themes_frame(["kollektivtrafik landsbygd"], [40]), noisy(topics[0], 1)[None],
                      "(alla möten)", "m")
    assert theme_labels(store)[tid] == "kollektivtrafik landsbygd"
    assign_stable_ids(store, themes_frame(["bussar"], [6]), noisy(topics[0], 2)[None], "M2", "m")
    assert theme_labels(store)[tid] == "bussar"                     # the latest run's own label
    assign_stable_ids(store, themes_frame(["buss"], [5]), topics[:1], "M1", "m")   # M1 again
    assert theme_labels(store)[tid] == "buss"
    assert theme_labels(store, locked_only=True) == {}
    rename_theme(store, tid, "Kollektivtrafik på landsbygden")
    assign_stable_ids(store, themes_frame(["buss igen"], [99]), noisy(topics[0], 3)[None], "M3", "m")
    assert theme_labels(store)[tid] == "Kollektivtrafik på landsbygden"
    assert theme_labels(store, locked_only=True) == {tid: "Kollektivtrafik på landsbygden"}


def test_a_run_shows_the_labels_of_its_own_statements(store: Store, topics: np.ndarray) -> None:
    # Tester B4: after `history`, re-analysing a meeting showed registry labels whose words were
    # in none of the theme's statements ("lokal – uppskattades – säffle"). A run's theme keeps
    # the label computed from its own statements; only an analyst's rename replaces it.
    from nlp_varmland.store.registry import stable_ids

    def run(key: str, labels: list[str], cents: np.ndarray) -> pd.DataFrame:
        themes = themes_frame(labels, [8] * len(labels))
        notes = pd.DataFrame({"theme_id": [0, 1, -1], "status": ["kept"] * 3, "date": ["2025-09-01"] * 3})
        shown_notes, shown = stable_ids(store, notes, themes, cents, "m", key)
        assert set(shown_notes["theme_id"].iloc[:2]) == set(shown["theme_id"])
        assert shown_notes["theme_id"].iloc[2] == -1
        return shown

    first = run("M1", ["lokal – uppskattades – säffle", "skola – elever"], topics[:2])
    run("(alla möten)", ["lokal – fika", "skola – gymnasiet"], np.stack([noisy(topics[0], 1), noisy(topics[1], 2)]))
    again = run("M2", ["buss – tåg", "skolan"], np.stack([noisy(topics[0], 3), noisy(topics[1], 4)]))
    assert again["theme_id"].tolist() == first["theme_id"].tolist()          # stable ids kept
    assert again["label"].tolist() == ["buss – tåg", "skolan"]                # not the registry's
    assert theme_labels(store)[int(again["theme_id"].iloc[0])] == "buss – tåg"   # the registry has it
    rename_theme(store, int(first["theme_id"].iloc[1]), "Skolan i glesbygd")
    renamed = run("M2", ["buss – tåg", "skolan"], np.stack([noisy(topics[0], 3), noisy(topics[1], 4)]))
    assert renamed["label"].tolist() == ["buss – tåg", "Skolan i glesbygd"]
    # a theme merged into a renamed one shows the rename; into an unrenamed one, its own label
    merge_themes(store, [int(first["theme_id"].iloc[0])], into=int(first["theme_id"].iloc[1]))
    merged = run("M3", ["bussar", "skola"], np.stack([noisy(topics[0], 5), noisy(topics[1], 6)]))
    assert merged["label"].tolist() == ["Skolan i glesbygd"]


# -- the pipeline with a store (issue 15 items 2, 3, 13) -------------------------------------------

REPO = Path(__file__).resolve().parents[1]
MEETINGS = sorted((REPO / "corpora" / "meetings").iterdir())


def _folder_snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_store_holds_the_stable_theme_ids_notes_csv_shows(tmp_path: Path) -> None:
    import nlp_varmland as nv

    db = tmp_path / "s.db"
    nv.analyze([MEETINGS[0]], db=db, embedder="tfidf", seed=0)          # ids 1.. taken
    a = nv.analyze(MEETINGS[1:3], db=db, embedder="tfidf", seed=0)
    a.save(tmp_path / "out")
    shown = pd.read_csv(tmp_path / "out" / "notes.csv", dtype={"note_id": str})
    with Store(db, create=False) as store:
        stored, _, _ = store.load_notes(resolve_merges=False)
    both = shown.merge(stored[["note_id", "meeting", "theme_id"]], on=["note_id", "meeting"],
                       suffixes=("_csv", "_store"))
    assert len(both) == len(shown) and (both["theme_id_csv"] >= 0).any()
    assert (both["theme_id_csv"] == both["theme_id_store"]).all()
    assert set(both.loc[both["theme_id_csv"] >= 0, "theme_id_csv"]) <= set(a.themes["theme_id"])


def test_same_meeting_gets_the_same_labels_whatever_the_store_saw(tmp_path: Path) -> None:
    # Tester B4: after `history`, re-analysing a meeting into the same store showed the labels of
    # the registry (from history over all meetings), not those of the meeting's own statements.
    import nlp_varmland as nv

    alone = nv.analyze([MEETINGS[1]], db=tmp_path / "fresh.db", embedder="tfidf", seed=0)
    db = tmp_path / "s.db"
    for m in MEETINGS[:3]:
        nv.analyze([m], db=db, embedder="tfidf", seed=0)
    hist = nv.history(db, seed=0)
    again = nv.analyze([MEETINGS[1]], db=db, embedder="tfidf", seed=0)
    assert (alone.themes["size"] > 0).all() and len(alone.themes) >= 2
    label = dict(zip(alone.notes["note_id"], alone.notes["theme_label"]))
    assert again.notes["theme_label"].tolist() == [label[n] for n in again.notes["note_id"]]
    assert sorted(again.themes["label"]) == sorted(alone.themes["label"])
    # ids stay the store's: a theme history saw keeps its id in the meeting re-run
    assert set(again.themes["theme_id"]) & set(hist.themes["theme_id"])


def test_two_files_becoming_one_meeting_name_are_refused(tmp_path: Path) -> None:
    import nlp_varmland as nv

    db = tmp_path / "s.db"
    for table, text in [("bord1", "Bussen går för sällan från Torsby på kvällarna"),
                        ("bord2", "Vi saknar undersköterskor i norra Värmland")]:
        (tmp_path / table).mkdir()
        (tmp_path / table / "anteckningar.csv").write_text(
            "Anteckning\n" + "\n".join(f"{text}, punkt {i}" for i in range(6)) + "\n", encoding="utf-8")
    first = nv.analyze([tmp_path / "bord1" / "anteckningar.csv"], db=db, embedder="tfidf")
    name = first.notes["meeting"].iloc[0]
    with pytest.raises(StoreError, match="--meeting") as err:
        nv.analyze([tmp_path / "bord2" / "anteckningar.csv"], db=db, embedder="tfidf")
    assert "\n" not in str(err.value)
    with Store(db, create=False) as store:
        notes, _, _ = store.load_notes()
    assert set(notes["meeting"]) == {name} and notes["text"].str.contains("Bussen").all()
    nv.analyze([tmp_path / "bord2" / "anteckningar.csv"], db=db, embedder="tfidf", meeting="bord 2")
    with Store(db, create=False) as store:
        assert sorted(store.meetings()["name"]) == sorted([name, "bord 2"])
    # Naming the meeting explicitly with the stored name replaces it on purpose.
    nv.analyze([tmp_path / "bord2" / "anteckningar.csv"], db=db, embedder="tfidf", meeting=name)
    with Store(db, create=False) as store:
        notes, _, _ = store.load_notes()
    assert notes.loc[notes["meeting"] == name, "text"].str.contains("undersköterskor").all()


def test_history_reads_a_read_only_store_without_writing(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp_varmland as nv
    from nlp_varmland.store import connection

    db = tmp_path / "s.db"
    for m in MEETINGS[:2]:
        nv.analyze([m], db=db, embedder="tfidf", seed=0)
    writable = nv.history(db, seed=0)
    before = _folder_snapshot(tmp_path)
    monkeypatch.setattr(connection.os, "access", lambda *a, **k: False)   # as if chmod a-w (we are root)
    readonly = nv.history(db, seed=0)
    assert _folder_snapshot(tmp_path) == before
    assert readonly.run["counts"] == writable.run["counts"]
    pd.testing.assert_frame_equal(readonly.notes[["note_id", "theme_id"]], writable.notes[["note_id", "theme_id"]])
    with pytest.raises(StoreError, match="read-only"):
        nv.analyze([MEETINGS[2]], db=db, embedder="tfidf")
    assert _folder_snapshot(tmp_path) == before
