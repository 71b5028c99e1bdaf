"""Tester B10 (issue 11): a removed correction is no opinion, corrections can be listed and
removed from the command line, setting a cell back to the model's value withdraws the stored
judgement, review.xlsx reads in meeting order with its comments and "granskad" mark kept, and
an analyst's new theme is whole (summary, group)."""
from __future__ import annotations

import pandas as pd
from click.testing import CliRunner
from openpyxl import load_workbook

from nlp_varmland.agreement import agreement
from nlp_varmland.cli import main
from nlp_varmland.corrections import correct_analysis, load_corrections
from nlp_varmland.report.review import review_table, write_review
from nlp_varmland.store import Store
from tests.conftest import edit_review, make_fake_analysis


def _notes() -> pd.DataFrame:
    return pd.DataFrame({
        "note_id": ["a1", "b2", "c3"], "meeting": ["M"] * 3, "status": ["kept"] * 3,
        "text_clean": ["Bussen går för sällan", "Fler hyresrätter behövs", "Svårt att rekrytera"],
        "goal_id": ["transporter-och-kollektivtrafik", "bostader", "kompetensforsorjning"],
        "area_id": ["utveckla-attraktiva-platser", "utveckla-attraktiva-platser", "hoja-kompetensen"],
        "is_challenge": [True, False, True], "theme_id": [0, 1, 0], "theme_label": ["buss", "bostad", "buss"]})


def _store_rows(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    notes = _notes().set_index("note_id")
    return pd.DataFrame([{"note_id": n, "meeting": "M", "text_clean": notes.at[n, "text_clean"], "field": f,
                          "value": v, "model_value": m} for n, f, v, m in rows])


# ----------------------------------------------------------------------------- 1: removed = no opinion

def test_a_withdrawn_field_counts_neither_as_agreement_nor_as_disagreement():
    judged = pd.DataFrame({"note_id": ["a1", "b2", "b2"], "field": ["is_challenge", "goal_id", "is_challenge"],
                           "model_value": ["true", "bostader", "false"], "value": ["true", "x", "false"],
                           "corrected": [False, True, False], "comment": ["ok", "", ""]})
    with_model = agreement(judged, _notes())
    assert with_model["fields"]["goal_id"]["n"] == 2            # a1's goal counted as agreement (row "ok")
    gone = agreement(judged, _notes(), withdrawn=[("a1", "goal_id")])
    assert gone["fields"]["goal_id"]["n"] == 1 and gone["fields"]["goal_id"]["agreement"] == 0.0
    assert gone["fields"]["is_challenge"]["n"] == 2


def test_removing_a_correction_does_not_make_the_analyst_agree(tmp_path):
    """B10: goal agreement went 12/21 -> 13/22 after remove_correction, because the note stayed
    reviewed through its is_challenge confirmation and its goal then counted as agreement."""
    rows = _store_rows([("a1", "goal_id", "bostader", "transporter-och-kollektivtrafik"),
                        ("a1", "is_challenge", "true", "true"),
                        ("b2", "goal_id", "kompetensforsorjning", "bostader"),
                        ("c3", "goal_id", "kompetensforsorjning", "kompetensforsorjning")])
    with Store(tmp_path / "s.db") as store:
        store.add_corrections(rows, analyst="A")
        before = correct_analysis(_notes(), None, given=None, store=store)["run"]["fields"]["goal_id"]
        assert (before["n"], before["agreement"]) == (3, round(1 / 3, 4))
        first = int(store.note_corrections()["correction_id"].iloc[0])
        assert store.remove_correction(first)
        out = correct_analysis(_notes(), None, given=None, store=store)
    after = out["run"]["fields"]["goal_id"]
    assert (after["n"], after["agreement"]) == (2, 0.5)           # not 3 with 2/3 agreeing
    assert out["run"]["reviewed"] == 2   # a1 had no change left (B11): its challenge confirmation went too
    assert out["notes"].set_index("note_id").at["a1", "goal_id"] == "transporter-och-kollektivtrafik"


# ----------------------------------------------------------------------------- 2: the CLI

def test_the_corrections_command_lists_and_removes(tmp_path):
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add_corrections(_store_rows([("a1", "goal_id", "bostader", "transporter-och-kollektivtrafik"),
                                           ("a1", "is_challenge", "false", "true")]), analyst="Anna L")
    runner = CliRunner()
    listed = runner.invoke(main, ["corrections", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    head, first, second = listed.output.splitlines()[:3]
    assert head.split() == ["id", "meeting", "note_id", "field", "kind", "tool_value", "analyst_value",
                            "analyst", "when", "comment"]
    assert first.split()[:7] == ["1", "M", "a1", "goal_id", "correction", "transporter-och-kollektivtrafik",
                                 "bostader"]
    assert second.split()[3:7] == ["is_challenge", "correction", "ja", "nej"] and "Anna L" in second
    assert "2 correction(s) and 0 confirmation(s)" in listed.output
    bad = runner.invoke(main, ["corrections", "--db", str(db), "--remove", "1", "77"])
    assert bad.exit_code == 1 and bad.output.count("\n") == 1 and "correction id '77' is not in" in bad.output
    assert "Traceback" not in bad.output
    for wrong in (["--remove", "x1"], ["1"], ["--remove"]):
        res = runner.invoke(main, ["corrections", "--db", str(db), *wrong])
        assert res.exit_code == 1 and res.output.startswith("Error: ") and res.output.count("\n") == 1
    with Store(db) as store:
        assert len(store.note_corrections()) == 2                      # nothing removed by a bad call
    done = runner.invoke(main, ["corrections", "--db", str(db), "--remove", "1"])
    assert done.exit_code == 0 and "correction 1 removed" in done.output
    again = runner.invoke(main, ["corrections", "--db", str(db), "--remove", "1"])
    assert again.exit_code == 0 and "already removed" in again.output
    with Store(db) as store:
        assert store.note_corrections()["correction_id"].tolist() == [2]
        assert store.withdrawn_corrections()[["note_id", "field"]].values.tolist() == [["a1", "goal_id"]]
    everything = runner.invoke(main, ["corrections", "--db", str(db), "--all"])
    assert "withdrawn" in everything.output and "active" in everything.output
    assert "corrections" in runner.invoke(main, ["--help"]).output
    assert runner.invoke(main, ["corrections", "--db", str(tmp_path / "none.db")]).exit_code == 1


# ----------------------------------------------------------------------------- 3: undo in review.xlsx

RAW = pd.DataFrame({"text": ["Bussarna till Torsby går för sällan på kvällarna",
                             "Det saknas läkare på vårdcentralen i Hagfors",
                             "Fiber behövs i alla byar för distansarbete",
                             "Vi har svårt att rekrytera undersköterskor till hemtjänsten"],
                    "meeting": "M", "date": "2026-03-01", "source": "a.csv", "source_row": range(4)})


def _edit(src, dst, note_id, **values):
    edit_review(src, dst, "note_id", note_id, **values)


def _row(path, note_id):
    ws = load_workbook(path)["granskning"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    return next(r for r in rows if r["note_id"] == note_id)


def test_setting_a_cell_back_to_the_model_withdraws_the_correction(tmp_path):
    import nlp_varmland as nv
    from nlp_varmland.report import write_bundle

    db = tmp_path / "s.db"
    first = nv.analyze(RAW, seed=0, db=db)
    write_bundle(first, tmp_path / "one")
    target = first.notes[first.notes["status"] == "kept"].iloc[0]
    model_goal = target["goal_id"] or "(inget mål)"
    other = "bostader" if model_goal != "bostader" else "kompetensforsorjning"
    _edit(tmp_path / "one" / "review.xlsx", tmp_path / "e1.xlsx", target["note_id"], goal_id=other)
    second = nv.analyze(RAW, seed=0, db=db, corrections=tmp_path / "e1.xlsx")
    write_bundle(second, tmp_path / "two")
    shown = _row(tmp_path / "two" / "review.xlsx", target["note_id"])
    assert shown["goal_id"] == other and shown["granskad"] == "ja"
    # the analyst sets it back to what the model said (the sheet shows the earlier correction)
    _edit(tmp_path / "two" / "review.xlsx", tmp_path / "e2.xlsx", target["note_id"], goal_id=model_goal)
    given = load_corrections(tmp_path / "e2.xlsx")
    assert given.undo == [(target["note_id"], "goal_id")]
    third = nv.analyze(RAW, seed=0, db=db, corrections=tmp_path / "e2.xlsx")
    row = third.notes.set_index("note_id").loc[target["note_id"]]
    assert row["corrected"] == "" and (row["goal_id"] or "(inget mål)") == model_goal
    assert not third.run.get("corrections", {}).get("top")           # no "Transporter → Bostäder"
    assert any("withdrawn" in m for m in third.messages)
    with Store(db) as store:
        active = store.note_corrections()
        assert not ((active["note_id"] == target["note_id"]) & (active["field"] == "goal_id")).any()
        assert (target["note_id"], "goal_id") in set(zip(store.withdrawn_corrections()["note_id"],
                                                         store.withdrawn_corrections()["field"]))
    fourth = nv.analyze(RAW, seed=0, db=db)                            # later runs agree
    assert fourth.notes.set_index("note_id").at[target["note_id"], "corrected"] == ""


# ----------------------------------------------------------------------------- 5, 6: review.xlsx

def test_review_rows_follow_meeting_date_then_table_then_row():
    fake = make_fake_analysis()
    notes = fake.notes.sample(frac=1.0, random_state=3).reset_index(drop=True)   # any order in
    fake.notes = notes
    table = review_table(fake)
    kept = notes[notes["status"] == "kept"].set_index("note_id")
    dates = kept.loc[table["note_id"], "date"].tolist()
    assert dates == sorted(dates)
    for _, part in table.groupby("meeting", sort=False):
        keys = [(int(t.split()[-1]), int(kept.at[n, "source_row"])) for t, n in zip(part["table"], part["note_id"])]
        assert keys == sorted(keys)


def test_review_says_goal_name_does_not_follow_goal_id(tmp_path):
    path = write_review(make_fake_analysis(), tmp_path / "review.xlsx")
    ws = load_workbook(path)["granskning"]
    head = {c.value: c for c in ws[1]}
    assert head["goal_name"].comment is not None and "goal_id" in head["goal_name"].comment.text
    assert "granskad" in head


def test_comments_and_the_reviewed_mark_come_back_from_the_store(tmp_path):
    """B10: the next run's review.xlsx (without the file) still shows the analyst's "ok" and
    marks the row granskad; feeding that pre-filled file back stores nothing new."""
    import nlp_varmland as nv
    from nlp_varmland.report import write_bundle

    db = tmp_path / "s.db"
    write_bundle(nv.analyze(RAW, seed=0, db=db), tmp_path / "one")
    first = _row(tmp_path / "one" / "review.xlsx", _first_id(tmp_path / "one"))
    _edit(tmp_path / "one" / "review.xlsx", tmp_path / "e1.xlsx", first["note_id"], comment="ok, stämmer")
    nv.analyze(RAW, seed=0, db=db, corrections=tmp_path / "e1.xlsx")
    later = nv.analyze(RAW, seed=0, db=db)                              # no file: from the store
    write_bundle(later, tmp_path / "two")
    again = _row(tmp_path / "two" / "review.xlsx", first["note_id"])
    assert again["comment"] == "ok, stämmer" and again["granskad"] == "ja"
    others = [r for r in load_workbook(tmp_path / "two" / "review.xlsx")["granskning"].iter_rows(min_row=2)]
    assert sum(1 for r in others if r[-1].value == "ja") == 1
    with Store(db) as store:
        n = len(store.note_corrections(include_removed=True))
        assert set(store.note_corrections()["comment"]) == {"ok, stämmer"}
    nv.analyze(RAW, seed=0, db=db, corrections=tmp_path / "two" / "review.xlsx")   # unchanged, pre-filled
    with Store(db) as store:
        assert len(store.note_corrections(include_removed=True)) == n


def _first_id(out):
    return load_workbook(out / "review.xlsx")["granskning"].cell(2, 1).value


# ----------------------------------------------------------------------------- 4: a whole new theme

def test_an_analysts_new_theme_has_a_summary_a_group_and_a_short_id(tmp_path):
    """B10: "Besöksnäring och turism" had no summary, group_id or group_label in themes.csv and
    the id 1029457; now its summary is extractive (theme_summary), its group the nearest
    theme's, and its id the first above every theme id of the run and the store."""
    import nlp_varmland as nv
    from nlp_varmland.corrections import NEW_THEME_BASE

    raw = pd.DataFrame({"text": [
        "Bussarna till Torsby går för sällan på kvällarna", "Tåget till Karlstad är ofta försenat",
        "Kollektivtrafiken räcker inte för att pendla till jobbet", "Vi saknar läkare på vårdcentralen i Hagfors",
        "Vårdköerna är för långa och sjuksköterskorna slutar", "Det är svårt att få tid hos distriktsläkaren",
        "Vandringsleden i Finnskogen lockar tyska turister", "Klarälven och paddling kan marknadsföras mer"],
        "meeting": "M", "date": "2026-05-20", "source": "a.csv", "source_row": range(8)})
    db = tmp_path / "s.db"
    first = nv.analyze(raw, seed=0, db=db)
    kept = first.notes[first.notes["status"] == "kept"]
    tourism = kept[kept["text_clean"].str.contains("Finnskogen|Klarälven")]["note_id"].tolist()
    assert len(tourism) == 2
    edits = pd.DataFrame({"note_id": tourism, "theme": "Besöksnäring och turism"})
    second = nv.analyze(raw, seed=0, db=db, corrections=edits)
    themes = second.themes.set_index("label")
    new = themes.loc["Besöksnäring och turism"]
    with Store(db) as store:
        registry_max = store.max_theme_id()
    assert int(new["theme_id"]) == max(int(t) for t in first.themes["theme_id"].tolist() + [registry_max]) + 1
    assert int(new["theme_id"]) < NEW_THEME_BASE and int(new["size"]) == 2
    texts = kept.set_index("note_id").loc[tourism, "text_clean"].tolist()
    assert new["summary"] and any(t.rstrip(".") in new["summary"] for t in texts)
    others = second.themes[second.themes["label"] != "Besöksnäring och turism"]
    assert int(new["group_id"]) in set(others["group_id"].astype(int))
    label_of = dict(zip(others["group_id"].astype(int), others["group_label"]))
    assert new["group_label"] == label_of[int(new["group_id"])]
    notes = second.notes.set_index("note_id")
    assert set(notes.loc[tourism, "theme_id"]) == {int(new["theme_id"])}


def test_a_new_theme_joins_the_group_of_its_nearest_theme_or_its_own():
    from nlp_varmland.analyst_themes import recount_themes

    notes = pd.DataFrame({"status": ["kept"] * 5, "theme_id": [1, 1, 2, 9, 9],
                          "text_clean": ["buss", "tåg", "läkare", "sjukhuset stänger", "vårdcentralen"],
                          "goal_id": ["", "", "", "halsa", "halsa"], "area_id": ["", "", "", "liv", "liv"]})
    themes = pd.DataFrame({"theme_id": [1, 2], "label": ["trafik", "vård"], "size": [2, 1], "summary": ["", ""],
                           "group_id": [0, 1], "group_label": ["resor", "hälsa"]})
    vectors = [[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9], [0.2, 1.0]]
    import numpy as np

    out = recount_themes(themes, notes, {9: "Sjukvård"}, np.array(vectors)).set_index("theme_id")
    assert (out.at[9, "group_id"], out.at[9, "group_label"], out.at[9, "goal_id"]) == (1, "hälsa", "halsa")
    assert out.at[9, "summary"] in ("Sjukhuset stänger. Vårdcentralen.", "Vårdcentralen. Sjukhuset stänger.",
                                    "Sjukhuset stänger.", "Vårdcentralen.")
    alone = recount_themes(themes.iloc[:0], notes[notes["theme_id"] == 9], {9: "Sjukvård"}, None)
    assert alone[["group_id", "group_label"]].values.tolist() == [[0, "Sjukvård"]]
