"""Corrections as an analyst meets them: the findings of blind tester B7 (issue 11)."""
from __future__ import annotations

import json

import pandas as pd
from openpyxl import load_workbook

from nlp_varmland.agreement import agreement
from nlp_varmland.corrections import (
    apply_corrections,
    match_corrections,
    read_corrections,
    record_corrections,
    resolve_corrections,
)
from nlp_varmland.report.review import write_review
from nlp_varmland.store import Store
from tests.conftest import make_fake_analysis


def _notes(goal_c3: str = "hoja-kompetensen") -> pd.DataFrame:
    return pd.DataFrame({
        "note_id": ["a1", "b2", "c3"], "meeting": ["M", "M", "M"], "status": ["kept"] * 3,
        "text_clean": ["Bussen går för sällan", "Fler hyresrätter behövs", "kompetens – svårt"],
        "goal_id": ["transporter-och-kollektivtrafik", "", goal_c3],
        "area_id": ["utveckla-attraktiva-platser", "", "hoja-kompetensen"],
        "goals": ["", "", ""], "goal_evidence": ["", "", ""], "emerging": [False, True, False],
        "is_challenge": [True, False, True], "theme_id": [0, 1, 0], "theme_label": ["buss", "bostad", "buss"]})


# -- 1. a correction keeps its mark when a later run's tool agrees with the analyst -----------------

def test_a_stored_correction_stays_marked_when_the_tool_now_agrees(tmp_path):
    """B7: March corrected ('kompetens – svårt': hoja-kompetensen -> kompetensforsorjning); the
    history run's tool maps it to kompetensforsorjning itself, and the mark was lost."""
    ops = read_corrections(pd.DataFrame({"note_id": ["c3", "b2"],
                                         "goal_id": ["kompetensforsorjning", "bostader"], "comment": ["", ""]}))
    judged, _ = match_corrections(ops, _notes())                 # the March run: the tool said hoja-kompetensen
    with Store(tmp_path / "s.db") as store:
        assert record_corrections(store, judged, "Anna") == 2
    with Store(tmp_path / "s.db", create=False) as store:       # history: the tool now agrees on c3
        later = _notes(goal_c3="kompetensforsorjning")
        again, _, _ = resolve_corrections(None, later, store=store)
    row = again[again["note_id"] == "c3"].iloc[0]
    assert (row["model_value"], row["tool_value"], bool(row["corrected"])) == \
        ("hoja-kompetensen", "kompetensforsorjning", True)
    notes, _ = apply_corrections(later, again)
    assert notes.set_index("note_id")["corrected"].to_dict() == {"a1": "", "b2": "goal_id", "c3": "goal_id"}
    info = agreement(again, later)
    assert info["corrected"] == 2 and "hoja-kompetensen → kompetensforsorjning (1)" in [t["text"] for t in info["top"]]


def _review_sheet(tmp_path):
    """A fake analysis, its review.xlsx, the open workbook, its sheet and column numbers by name."""
    fake = make_fake_analysis()
    path = write_review(fake, tmp_path / "review.xlsx")
    wb = load_workbook(path)
    ws = wb["granskning"]
    return fake, path, wb, ws, {c.value: c.column for c in ws[1]}


def test_review_xlsx_tells_the_value_the_analyst_saw(tmp_path):
    fake, path, wb, ws, col = _review_sheet(tmp_path)
    note_id = ws.cell(2, col["note_id"]).value
    old = ws.cell(2, col["is_challenge"]).value
    ws.cell(2, col["is_challenge"]).value = "nej" if old == "ja" else "ja"
    wb.save(tmp_path / "edited.xlsx")
    ops = read_corrections(tmp_path / "edited.xlsx")
    shown = ops.set_index("field").loc["is_challenge", "model_value"]
    assert shown == ("true" if old == "ja" else "false")
    # a later run where the tool flips the statement itself: still the analyst's correction
    later = fake.notes.copy()
    later.loc[later["note_id"] == note_id, "is_challenge"] = old != "ja"
    judged, _ = match_corrections(ops, later)
    marked = apply_corrections(later, judged)[0].set_index("note_id").loc[note_id, "corrected"]
    assert "is_challenge" in marked.split(";")


def test_a_csv_without_the_tools_values_compares_with_this_run():
    ops = read_corrections(pd.DataFrame({"note_id": ["a1", "c3"], "is_challenge": ["ja", "nej"]}))
    assert ops["model_value"].isna().all()
    judged, _ = match_corrections(ops, _notes())
    # no comment column: every row is reviewed, a1's "ja" (the tool's) is a confirmation
    assert judged[["note_id", "model_value", "corrected"]].values.tolist() == [["a1", "true", False],
                                                                                 ["c3", "true", True]]


# -- 2. no agreement on a field nobody touched --------------------------------------------------------

def test_a_field_nobody_changed_has_no_agreement_figure():
    """B7: theme agreement 100 % and kappa 1.00 although no theme cell was touched."""
    ops = read_corrections(pd.DataFrame({"note_id": ["a1", "b2", "c3"],
                                         "goal_id": ["transporter-och-kollektivtrafik", "bostader", "hoja-kompetensen"],
                                         "is_challenge": ["nej", "nej", "ja"], "theme": ["buss", "bostad", "buss"],
                                         "comment": ["", "", "ok"]}))
    judged, _ = match_corrections(ops, _notes())
    info = agreement(judged, _notes())
    assert info["reviewed"] == 3                                   # a1 and b2 changed, c3 commented
    # a1's goal, left alone on a row reviewed for its flag, is no opinion here (B17; read through
    # resolve_corrections such a row's unchanged goal is a confirmation, as in review.xlsx)
    assert info["fields"]["goal_id"] == {"n": 2, "agreement": 0.5, "kappa": round(1 / 3, 4), "corrected": 1,
                                         "no_changes": False}
    # only c3's theme was looked at ("ok"); a1's and b2's rows changed other fields (B17)
    assert info["fields"]["theme"] == {"n": 1, "agreement": None, "kappa": None, "corrected": 0,
                                       "no_changes": True}
    assert info["fields"]["is_challenge"]["corrected"] == 1 and not info["fields"]["is_challenge"]["no_changes"]


def test_report_and_summary_say_no_changes_instead_of_kappa_one():
    from nlp_varmland.report import render_html, summary_markdown

    fake = make_fake_analysis()
    fake.run["corrections"] = {
        "reviewed": 29, "corrected": 19, "top": [],
        "fields": {"goal_id": {"n": 29, "agreement": 0.4828, "kappa": 0.4437, "corrected": 15, "no_changes": False},
                   "theme": {"n": 29, "agreement": None, "kappa": None, "corrected": 0, "no_changes": True}}}
    md = summary_markdown(fake)
    assert "- Tema: inga ändringar i fältet" in md and "- Mål: överens 48" in md
    assert "ändrade minst en cell eller skrev en kommentar" in md
    html = render_html(fake)
    assert '<td colspan="2">inga ändringar i fältet</td>' in html and ">1,00<" not in html
    assert "no changes in this field" in summary_markdown(fake, lang="en")


# -- 3. the next meeting says what it learned ---------------------------------------------------------

def test_the_next_meeting_says_it_learned_from_the_earlier_one(tmp_path):
    """B7: a meeting analysed into a store with judgements of earlier meetings said nothing about
    it; run.json ``teaching``, the report's provenance and summary.md now do."""
    import nlp_varmland as nv
    from nlp_varmland.report import render_html, summary_markdown
    from tests.test_corrections import BUS, MEETING_NOTES, _write_meeting

    db = tmp_path / "store.sqlite"
    jan = _write_meeting(tmp_path / "jan.csv", MEETING_NOTES, "Arbetsmöte januari")
    may = _write_meeting(tmp_path / "maj.csv", [n.replace("Karlstad", "Kil") for n in MEETING_NOTES[2:]] + [BUS],
                         "Arbetsmöte maj")
    plain = nv.analyze(may).notes.set_index("text")
    first = nv.analyze(jan, db=db)
    assert "teaching" not in nv.analyze(may, db=db).run          # no judgements: run.json as before
    bus = first.notes.set_index("text").loc[BUS]
    target = "hoja-kompetensen" if bus["area_id"] != "hoja-kompetensen" else "utveckla-attraktiva-platser"
    nv.analyze(jan, db=db, corrections=pd.DataFrame({"note_id": [bus["note_id"]], "goal_id": [target],
                                                     "is_challenge": ["nej" if bus["is_challenge"] else "ja"]}))
    taught = nv.analyze(may, db=db)
    notes = taught.notes.set_index("text")
    teaching = taught.run["teaching"]
    changed = {"goal_id": int((notes["goal_id"] != plain["goal_id"]).sum()),
               "is_challenge": int((notes["is_challenge"] != plain["is_challenge"]).sum())}
    assert changed == {"goal_id": 1, "is_challenge": 1}                      # the remark came back
    assert teaching["judgements"] == 1 and teaching["meetings"] == {"Arbetsmöte januari": 1}
    assert teaching["by_field"] == {"goal_id": 1, "is_challenge": 1} and teaching["changed"] == changed
    assert "goal_id" in teaching["guards"] and "is_challenge" not in teaching["guards"]  # no challenge vote (B9)
    assert json.loads(json.dumps(teaching)) == teaching
    sentence = "Lärde av 1 granskat påstående från Arbetsmöte januari; 1 påståendes mål och 1 påståendes " \
               "utmaningsbedömning ändrades."
    assert f"- {sentence}" in summary_markdown(taught)
    assert f"<dt>Inlärning</dt><dd>{sentence}</dd>" in render_html(taught)
    assert "Learned from 1 reviewed statement from Arbetsmöte januari" in summary_markdown(taught, lang="en")


def test_teaching_sentence_without_changes_and_many_meetings():
    from nlp_varmland.report.summary import teaching_sentence

    rec = {"judgements": 40, "meetings": {f"M{i}": 8 for i in range(5)}, "changed": {"goal_id": 0}}
    assert teaching_sentence(rec, "sv") == ("Prövade att lära av 40 granskade påståenden från M0, M1, M2 och 2 "
                                            "till; inget annat påstående fick ett annat mål eller en annan "
                                            "utmaningsbedömning av dem.")
    assert teaching_sentence({}, "sv") == "" and teaching_sentence(None, "en") == ""


# -- 4. the tool's "no goal" is a value in review.xlsx, an empty cell is no opinion ------------------

def test_no_goal_is_an_explicit_value_and_round_trips(tmp_path):
    """B7: the tool's "no goal" was an empty cell, the same as the analyst's "no opinion"."""
    from nlp_varmland.corrections import NO_GOAL
    from nlp_varmland.report.review import NO_GOAL_NAME

    fake, path, wb, ws, col = _review_sheet(tmp_path)
    rows = {ws.cell(r, col["note_id"]).value: r for r in range(2, ws.max_row + 1)}
    kept = fake.notes[fake.notes["status"] == "kept"]
    none_ids = kept.loc[kept["goal_id"] == "", "note_id"].tolist()
    goal_ids = kept.loc[kept["goal_id"] != "", "note_id"].tolist()
    assert len(none_ids) >= 3 and len(rows) == len(kept)
    for nid in none_ids:                                       # written as a value, with a name
        assert (ws.cell(rows[nid], col["goal_id"]).value, ws.cell(rows[nid], col["goal_name"]).value) == \
            (NO_GOAL, NO_GOAL_NAME)
    assert all(ws.cell(r, col["goal_id"]).value for r in rows.values())   # no empty goal cell from the tool
    assert [c.value for c in wb["listor"]["A"][1:3]][0] == NO_GOAL       # first in the drop-down
    assert match_corrections(read_corrections(path), fake.notes)[0].empty   # unchanged: no opinion anywhere

    to_goal, cleared, confirmed = none_ids[:3]
    to_none = goal_ids[0]
    ws.cell(rows[to_goal], col["goal_id"]).value = "kompetensforsorjning"   # no goal -> a goal
    ws.cell(rows[to_none], col["goal_id"]).value = NO_GOAL                  # a goal -> no goal
    ws.cell(rows[cleared], col["goal_id"]).value = None                     # emptied: no opinion
    ws.cell(rows[confirmed], col["comment"]).value = "ok"                   # "no goal" confirmed
    wb.save(tmp_path / "edited.xlsx")
    judged, _ = match_corrections(read_corrections(tmp_path / "edited.xlsx"), fake.notes)
    goals = judged[judged["field"] == "goal_id"].set_index("note_id")
    assert goals.loc[to_goal, ["model_value", "value", "corrected"]].tolist() == ["", "kompetensforsorjning", True]
    assert goals.loc[to_none, ["value", "corrected"]].tolist() == ["", True]
    assert goals.loc[confirmed, ["model_value", "value", "corrected"]].tolist() == ["", "", False]
    assert cleared not in set(judged["note_id"])

    notes, _ = apply_corrections(fake.notes, judged)
    fixed = notes.set_index("note_id")
    assert fixed.loc[to_none, "goal_id"] == "" and fixed.loc[to_none, "corrected"] == "goal_id"
    assert fixed.loc[to_goal, "goal_id"] == "kompetensforsorjning" and fixed.loc[confirmed, "corrected"] == ""
    fake.notes = notes                                          # the next review.xlsx shows the analyst's values
    ws2 = load_workbook(write_review(fake, tmp_path / "next.xlsx"))["granskning"]
    again = {ws2.cell(r, col["note_id"]).value: (ws2.cell(r, col["goal_id"]).value, ws2.cell(r, col["goal_name"]).value)
             for r in range(2, ws2.max_row + 1)}
    assert again[to_none] == (NO_GOAL, NO_GOAL_NAME) and again[to_goal][0] == "kompetensforsorjning"


def test_no_goal_spellings_in_a_csv():
    ops = read_corrections(pd.DataFrame({"note_id": ["a1", "a1", "c3"],
                                         "goal_id": ["(inget mål)", "inget-mål", "(no goal)"]}))
    assert ops["value"].tolist() == ["", "", ""]
