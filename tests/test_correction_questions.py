"""A comment that asks or doubts ("fel mål? fråga Anna", "osäker", "?") is no confirmation
(tester B13, issue 11): the row counts neither as agreement nor teaches, and the comment is kept
for the next review.xlsx and the correction list."""
from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from nlp_varmland.correction_file import is_doubt, read_corrections
from nlp_varmland.report.correction_list import list_or_remove
from nlp_varmland.report.review import write_review
from nlp_varmland.store import Store
from tests.conftest import edit_review

RAW = pd.DataFrame({"text": ["Bussarna till Torsby går för sällan på kvällarna",
                             "Det saknas läkare på vårdcentralen i Hagfors",
                             "Fiber behövs i alla byar för distansarbete",
                             "Vi har svårt att rekrytera undersköterskor till hemtjänsten"],
                    "meeting": "M", "date": "2026-03-01", "source": "a.csv", "source_row": range(4)})


def _rows(path) -> dict[str, dict]:
    ws = load_workbook(path)["granskning"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    return {r["note_id"]: r for r in rows}


def test_doubt_cues_come_from_the_data_file_and_confirmations_stay_confirmations():
    for text in ("fel mål? fråga Anna", "osäker", "?", "Osäkert", "inte säker på målet", "kolla med Per",
                 "tveksamt", "vet inte", "kanske natur", "Återkommer", "dubbelkolla", "kontrollera mot protokollet"):
        assert is_doubt(text), text
    for text in ("ok", "OK", "rätt", "stämmer", "✓", "ok, stämmer", "bra", "", "kollat, ok", "kontrollerat"):
        assert not is_doubt(text), text


def test_a_questioning_comment_is_no_judgement_but_comes_back(tmp_path):
    import nlp_varmland as nv

    db = tmp_path / "s.db"
    first = nv.analyze(RAW, seed=0, db=db)
    src = write_review(first, tmp_path / "one.xlsx")
    ids = list(_rows(src))
    edit_review(src, tmp_path / "e1.xlsx", "note_id", ids[0], comment="fel mål? fråga Anna")
    edit_review(tmp_path / "e1.xlsx", tmp_path / "e1.xlsx", "note_id", ids[1], comment="ok")
    opinions = read_corrections(tmp_path / "e1.xlsx")
    assert set(opinions["note_id"]) == {ids[1]}                      # the question gives no opinion
    asked = opinions.attrs["questions"].set_index("note_id")["comment"]
    assert asked[ids[0]] == "fel mål? fråga Anna" and asked[ids[1]] == ""

    run = nv.analyze(RAW, seed=0, db=db, corrections=tmp_path / "e1.xlsx")
    assert run.run["corrections"]["reviewed"] == 1                    # only the "ok" row
    assert run.run["teaching"]["judgements"] == 1
    with Store(db) as store:
        assert set(store.note_corrections()["note_id"]) == {ids[1]}
        assert store.shown_values().query("field == 'comment'")["value"].tolist() == ["fel mål? fråga Anna"]

    later = nv.analyze(RAW, seed=0, db=db)                              # no file: from the store
    again = _rows(write_review(later, tmp_path / "two.xlsx"))
    assert again[ids[0]]["comment"] == "fel mål? fråga Anna" and not again[ids[0]]["granskad"]
    assert again[ids[1]]["comment"] == "ok" and again[ids[1]]["granskad"] == "ja"
    assert later.run["corrections"]["reviewed"] == 1
    listing = "\n".join(list_or_remove(db))
    assert "fel mål? fråga Anna" in listing and "question" in listing

    # the pre-filled file back unchanged: nothing new; the question answered with "ok": a confirmation
    nv.analyze(RAW, seed=0, db=db, corrections=tmp_path / "two.xlsx")
    with Store(db) as store:
        assert len(store.shown_values().query("field == 'comment'")) == 1
    edit_review(tmp_path / "two.xlsx", tmp_path / "e2.xlsx", "note_id", ids[0], comment="ok")
    answered = nv.analyze(RAW, seed=0, db=db, corrections=tmp_path / "e2.xlsx")
    assert answered.run["corrections"]["reviewed"] == 2
    with Store(db) as store:
        assert not len(store.shown_values().query("field == 'comment'"))   # no question left


def test_a_question_in_a_csv_does_not_confirm_the_tools_value():
    notes = pd.DataFrame({"note_id": ["a1", "b2"], "meeting": ["M", "M"], "status": ["kept", "kept"],
                          "text_clean": ["Bussen går sällan", "Fler hyresrätter"],
                          "goal_id": ["kommunikationer", "bostader"], "area_id": ["platser", "platser"],
                          "is_challenge": [True, False], "theme_id": [0, 0], "theme_label": ["buss", "buss"]})
    from nlp_varmland.corrections import correct_analysis, load_corrections

    given = load_corrections(pd.DataFrame({"note_id": ["a1", "b2"], "goal_id": ["kommunikationer", "natur"],
                                           "comment": ["osäker", "kanske?"]}))
    out = correct_analysis(notes, None, given=given)
    judged = out["table"][out["table"]["field"] != "comment"]
    assert judged[["note_id", "value", "corrected"]].values.tolist() == [["b2", "natur", True]]
    assert out["run"]["reviewed"] == 1
    asked = out["table"][out["table"]["field"] == "comment"]
    assert asked[["note_id", "comment"]].values.tolist() == [["a1", "osäker"], ["b2", "kanske?"]]
