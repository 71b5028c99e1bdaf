"""Tester B15 (issue 11): the correction file's errors help the analyst -- a goal NAME given as
goal_id gets its id suggested, and every message names a row the way Excel numbers it."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from nlp_varmland.correction_file import goal_hint, row_name
from nlp_varmland.corrections import CorrectionsError, match_corrections, read_corrections
from nlp_varmland.goals import load_goals

EXCEL = "(as Excel numbers it; the header is row 1)"


@pytest.fixture(scope="module")
def goalset():
    return load_goals()


@pytest.mark.parametrize("given, goal_id, name", [
    ("Bostäder", "bostader", "Bostäder"),              # the name, as the report shows it
    ("bostäder", "bostader", "Bostäder"),              # in lower case
    ("BOSTADER", "bostader", "Bostäder"),              # without the accent, upper case
    ("Höja kompetensen", "hoja-kompetensen", "Höja kompetensen"),
    ("hoja kompetensen", "hoja-kompetensen", "Höja kompetensen"),
    ("bostadr", "bostader", "Bostäder"),               # a near miss of the id
    ("hoja-kompetens", "hoja-kompetensen", "Höja kompetensen"),
    ("Kompetensförsörjningen", "kompetensforsorjning", "Kompetensförsörjning"),  # a near miss of a name
])
def test_a_goal_name_given_as_goal_id_gets_the_id_suggested(tmp_path, goalset, given, goal_id, name):
    path = tmp_path / "rättelser.csv"
    path.write_text(f"note_id,goal_id\na1,{given}\n", encoding="utf-8")
    with pytest.raises(CorrectionsError) as err:
        read_corrections(path, goalset=goalset)
    message = str(err.value)
    assert f"did you mean goal_id '{goal_id}' ({name})?" in message
    assert f"row 2 {EXCEL}: unknown goal_id '{given}'" in message and "\n" not in message
    assert "nothing was applied" in message


def test_nothing_close_gets_no_guess(tmp_path, goalset):
    path = tmp_path / "rättelser.csv"
    path.write_text("note_id,goal_id\na1,rymdturism\n", encoding="utf-8")
    with pytest.raises(CorrectionsError) as err:
        read_corrections(path, goalset=goalset)
    assert "did you mean" not in str(err.value) and "unknown goal_id 'rymdturism'" in str(err.value)


def test_goal_hint_folds_case_accents_and_separators():
    names = {"natur-och-kultur": "Natur, kultur och besöksnäring"}
    assert goal_hint("Natur, kultur och besöksnäring", names) == \
        " did you mean goal_id 'natur-och-kultur' (Natur, kultur och besöksnäring)?"
    assert goal_hint("natur och kultur", names).startswith(" did you mean goal_id 'natur-och-kultur'")
    assert goal_hint("", names) == ""


def test_a_csv_row_is_numbered_as_excel_shows_it(tmp_path, goalset):
    """A quoted cell over two lines is one row in Excel, and a blank line is a row: the bad row
    is Excel's row 4 (file line 5); before, 'line 3' (blank lines dropped, records counted)."""
    path = tmp_path / "rättelser.csv"
    path.write_text('note_id,goal_id,comment\na1,hoja-kompetensen,"två\nrader"\n\nb2,nope,\n', encoding="utf-8")
    with pytest.raises(CorrectionsError) as err:
        read_corrections(path, goalset=goalset)
    assert f"row 4 {EXCEL}: unknown goal_id 'nope'" in str(err.value)
    ok = tmp_path / "ok.csv"
    ok.write_text('note_id,goal_id,comment\na1,hoja-kompetensen,"två\nrader"\n\nb2,bostader,\n', encoding="utf-8")
    assert read_corrections(ok, goalset=goalset)["row"].tolist() == [2, 4]


def test_xlsx_and_csv_name_rows_alike(tmp_path, goalset):
    wb = Workbook()
    ws = wb.active
    ws.append(["note_id", "goal_id", "is_challenge"])
    ws.append(["a1", "bostader", "ja"])
    ws.append(["b2", "bostader", "kanske"])
    path = tmp_path / "review.xlsx"
    wb.save(path)
    with pytest.raises(CorrectionsError) as err:
        read_corrections(path, goalset=goalset)
    assert f"row 3 {EXCEL}: is_challenge must be ja or nej" in str(err.value)
    csv = tmp_path / "review.csv"
    csv.write_text("note_id,goal_id,is_challenge\na1,bostader,ja\nb2,bostader,kanske\n", encoding="utf-8")
    with pytest.raises(CorrectionsError) as err_csv:
        read_corrections(csv, goalset=goalset)
    assert str(err_csv.value).replace(str(csv), "F") == str(err.value).replace(str(path), "F")


def test_an_unknown_statement_names_the_excel_row(tmp_path):
    path = tmp_path / "rättelser.csv"
    path.write_text("note_id,is_challenge\n\nzz,nej\n", encoding="utf-8")
    ops = read_corrections(path)
    notes = pd.DataFrame({"note_id": ["a1"], "meeting": ["M"], "status": ["kept"], "text_clean": ["Bussen"],
                          "goal_id": [""], "is_challenge": [False], "theme_label": [""]})
    with pytest.raises(CorrectionsError) as err:
        match_corrections(ops, notes, source=str(path))
    assert f"{row_name(3)}: note_id 'zz' is not in this analysis" in str(err.value)
    assert "line" not in str(err.value)


# -- task 4: a CSV cell that restates the tool's value -----------------------------------------------

def _three() -> pd.DataFrame:
    return pd.DataFrame({"note_id": ["a1", "b2", "c3"], "meeting": ["M"] * 3, "status": ["kept"] * 3,
                         "text_clean": ["Bussen går för sällan", "Fler hyresrätter behövs", "Svårt att rekrytera"],
                         "goal_id": ["transporter-och-kollektivtrafik", "", "kompetensforsorjning"],
                         "is_challenge": [True, False, True], "theme_id": [0, 1, 0],
                         "theme_label": ["buss", "bostad", "buss"],
                         "area_id": ["utveckla-attraktiva-platser", "", "hoja-kompetensen"],
                         "goals": [""] * 3, "goal_evidence": [""] * 3, "emerging": [False, True, False]})


def test_a_csv_without_comment_column_that_restates_the_tool_is_a_confirmation_everywhere():
    """The rule: a CSV the analyst wrote holds only cells they filled on purpose (nothing in it is
    pre-filled), so a value equal to the tool's is a CONFIRMATION: it agrees in the agreement
    table, it teaches as a confirmed example, and it is not a correction (not counted as one, not
    marked ``corrected``), as the README says: only values that differ are corrections."""
    from nlp_varmland.agreement import agreement
    from nlp_varmland.corrections import apply_corrections
    from nlp_varmland.feedback import examples_from_judgements

    notes = _three()
    ops = read_corrections(pd.DataFrame({"note_id": ["a1", "c3"],
                                         "goal_id": ["transporter-och-kollektivtrafik", "bostader"]}))
    judged, _ = match_corrections(ops, notes)
    assert judged[["note_id", "corrected"]].values.tolist() == [["a1", False], ["c3", True]]
    info = agreement(judged, notes)
    assert info["reviewed"] == 2 and info["corrected"] == 1
    assert info["fields"]["goal_id"]["agreement"] == 0.5 and info["fields"]["goal_id"]["corrected"] == 1
    fixed = apply_corrections(notes, judged)[0].set_index("note_id")
    assert fixed.loc["a1", "corrected"] == "" and fixed.loc["c3", "corrected"] == "goal_id"
    ex = examples_from_judgements(judged, np.eye(2, dtype=np.float32), "goal_id")
    assert list(ex.labels) == ["transporter-och-kollektivtrafik", "bostader"]


def test_a_csv_with_a_comment_column_reads_like_review_xlsx():
    """A CSV with a comment column may be review.xlsx saved as CSV (every cell pre-filled): there
    an unchanged cell counts only on a row commented "ok", as in review.xlsx without its memory."""
    notes = _three()
    ops = read_corrections(pd.DataFrame({"note_id": ["a1", "b2"], "comment": ["", "ok"],
                                         "goal_id": ["transporter-och-kollektivtrafik", "(inget mål)"]}))
    judged, _ = match_corrections(ops, notes)
    assert judged[["note_id", "value", "corrected"]].values.tolist() == [["b2", "", False]]
