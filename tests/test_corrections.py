"""Analyst corrections: reading (and rejecting) files, matching, applying, agreement, review.xlsx,
and few-shot teaching that never changes anything without examples."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from nlp_varmland.agreement import agreement, cohen_kappa
from nlp_varmland.corrections import (
    CorrectionsError,
    apply_corrections,
    match_corrections,
    new_theme_id,
    read_corrections,
)
from nlp_varmland.errors import NlpVarmlandError
from nlp_varmland.feedback import FewShot, examples_from_judgements
from nlp_varmland.goals import load_goals
from nlp_varmland.report.review import REVIEW_COLUMNS, write_review
from tests.conftest import make_fake_analysis


@pytest.fixture(scope="module")
def goalset():
    return load_goals()


@pytest.fixture()
def fake():
    return make_fake_analysis()


def _notes() -> pd.DataFrame:
    return pd.DataFrame({
        "note_id": ["a1", "b2", "c3", "d4"], "meeting": ["M", "M", "M", "M"],
        "status": ["kept", "kept", "kept", "duplicate"],
        "text_clean": ["Bussen går för sällan", "Fler hyresrätter behövs", "Svårt att rekrytera", "x"],
        "goal_id": ["transporter-och-kollektivtrafik", "", "kompetensforsorjning", ""],
        "area_id": ["utveckla-attraktiva-platser", "", "hoja-kompetensen", ""],
        "goals": ["", "", "", ""], "goal_evidence": ["", "", "", ""], "emerging": [False, True, False, False],
        "is_challenge": [True, False, True, False], "theme_id": [0, 1, 0, -1],
        "theme_label": ["buss", "bostad", "buss", ""]})


# ----------------------------------------------------------------------------- reading

def test_read_csv_with_swedish_values_and_empty_cells(tmp_path, goalset):
    path = tmp_path / "rattelser.csv"
    path.write_text("note_id;goal_id;is_challenge;theme\n"
                    "a1;hoja-kompetensen;NEJ;\n"
                    "b2;;ja;Bostäder för unga\n"
                    ";;;\n", encoding="utf-8")
    ops = read_corrections(path, goalset=goalset)
    got = sorted(zip(ops["note_id"], ops["field"], ops["value"], ops["row"]))
    assert got == [("a1", "goal_id", "hoja-kompetensen", 2), ("a1", "is_challenge", "false", 2),
                   ("b2", "is_challenge", "true", 3), ("b2", "theme", "Bostäder för unga", 3)]
    assert ops["reviewed"].all()  # no comment column: every given cell is deliberate


@pytest.mark.parametrize("content, needle", [
    ("note_id,goal_id\na1,kollektivtrafik-finns-inte\n", "line 2: unknown goal_id 'kollektivtrafik-finns-inte'"),
    ("note_id,is_challenge\na1,ja\nb2,kanske\n", "line 3: is_challenge must be ja or nej, not 'kanske'"),
    ("note_id,goal_id\n,hoja-kompetensen\n", "line 2: no note_id"),
    ("id_saknas,goal_id\nx,hoja-kompetensen\n", "no note_id column"),
    ("note_id,kommentar_bara\na1,hej\n", "none of the columns goal_id, is_challenge, theme"),
])
def test_bad_csv_is_one_line_naming_the_row(tmp_path, goalset, content, needle):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorrectionsError) as err:
        read_corrections(path, goalset=goalset)
    message = str(err.value)
    assert needle in message and "\n" not in message
    assert isinstance(err.value, NlpVarmlandError)


def test_several_problems_are_counted_in_the_one_line(tmp_path, goalset):
    path = tmp_path / "bad.csv"
    path.write_text("note_id,goal_id,is_challenge\na1,nope,ja\nb2,hoja-kompetensen,kanske\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match=r"line 2: unknown goal_id 'nope'.*and 1 more problem"):
        read_corrections(path, goalset=goalset)


@pytest.mark.parametrize("name, data", [("notes.pdf", b"%PDF-1.4"), ("review.xlsx", b"not a zip at all"),
                                        ("bin.csv", b"\x00\x01\x02binary")])
def test_a_file_that_is_not_a_table(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CorrectionsError) as err:
        read_corrections(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)


def test_missing_file():
    with pytest.raises(CorrectionsError, match="corrections file not found"):
        read_corrections("/no/such/review.xlsx")


def test_area_id_and_no_goal_are_valid_goal_values(goalset):
    ops = read_corrections(pd.DataFrame({"note_id": ["a1", "b2"], "goal_id": ["hoja-kompetensen", "(inget mål)"]}),
                           goalset=goalset)
    assert ops["value"].tolist() == ["hoja-kompetensen", ""]


# ----------------------------------------------------------------------------- matching

def test_only_differing_cells_are_corrections_and_comment_marks_reviewed():
    ops = read_corrections(pd.DataFrame({
        "note_id": ["a1", "b2", "c3"], "goal_id": ["transporter-och-kollektivtrafik", "", "kompetensforsorjning"],
        "is_challenge": ["nej", "nej", "ja"], "theme": ["buss", "bostad", "buss"], "comment": ["", "", "ok"]}))
    judged, _ = match_corrections(ops, _notes())
    rows = {(r.note_id, r.field): (r.value, r.corrected) for r in judged.itertuples()}
    assert rows == {("a1", "is_challenge"): ("false", True),                   # changed
                    ("c3", "goal_id"): ("kompetensforsorjning", False),        # confirmed (comment "ok")
                    ("c3", "is_challenge"): ("true", False)}                   # b2 untouched, no comment


def test_a_moved_file_is_found_by_meeting_and_text():
    ops = read_corrections(pd.DataFrame({"note_id": ["0000000000"], "meeting": ["M"],
                                         "text": ["  bussen går för  sällan "], "is_challenge": ["nej"]}))
    judged, _ = match_corrections(ops, _notes())
    assert judged["note_id"].tolist() == ["a1"]


def test_unknown_note_is_an_error_for_a_file_and_ignored_for_the_store():
    ops = read_corrections(pd.DataFrame({"note_id": ["zz"], "is_challenge": ["nej"]}))
    with pytest.raises(CorrectionsError, match="row 2: note_id 'zz' is not in this analysis"):
        match_corrections(ops, _notes(), source="review.xlsx")
    judged, _ = match_corrections(ops, _notes(), strict=False)
    assert judged.empty


def test_a_statement_no_longer_analysed_is_left_out_with_a_message():
    ops = read_corrections(pd.DataFrame({"note_id": ["d4"], "is_challenge": ["ja"]}))
    judged, messages = match_corrections(ops, _notes())
    assert judged.empty and "no longer analysed" in messages[0]


# ----------------------------------------------------------------------------- applying

def test_corrected_values_win_and_are_marked(goalset):
    ops = read_corrections(pd.DataFrame({"note_id": ["a1", "b2"], "goal_id": ["hoja-kompetensen", ""],
                                         "is_challenge": ["nej", "ja"]}), goalset=goalset)
    judged, _ = match_corrections(ops, _notes())
    notes, _ = apply_corrections(_notes(), judged, goalset=goalset)
    a1 = notes.set_index("note_id").loc["a1"]
    assert (a1.goal_id, a1.area_id, bool(a1.is_challenge), a1.corrected) == \
        ("hoja-kompetensen", "hoja-kompetensen", False, "goal_id;is_challenge")
    assert "rättad av analytiker" in a1.goal_evidence
    assert notes.set_index("note_id").loc["b2", "corrected"] == "is_challenge"
    assert notes.set_index("note_id").loc["c3", "corrected"] == ""


def test_theme_correction_to_an_existing_and_a_new_theme():
    themes = pd.DataFrame({"theme_id": [0, 1], "label": ["buss", "bostad"], "size": [2, 1],
                           "keywords": [["buss"], ["bostad"]], "area_id": ["", ""], "goal_id": ["", ""]})
    ops = read_corrections(pd.DataFrame({"note_id": ["a1", "c3"], "theme": ["Bostad", "Kompetens i vården"]}))
    judged, _ = match_corrections(ops, _notes())
    notes, themes2 = apply_corrections(_notes(), judged, themes=themes)
    by_id = notes.set_index("note_id")
    assert by_id.loc["a1", "theme_id"] == 1
    assert by_id.loc["c3", "theme_id"] == new_theme_id("kompetens i vården")
    sizes = dict(zip(themes2["label"], themes2["size"]))
    assert sizes == {"bostad": 2, "Kompetens i vården": 1}  # "buss" lost both statements


# ----------------------------------------------------------------------------- agreement

def test_kappa_matches_sklearn():
    from sklearn.metrics import cohen_kappa_score

    a = ["x", "x", "y", "z", "y", "x", "z", "z"]
    b = ["x", "y", "y", "z", "y", "x", "x", "z"]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None


def test_agreement_and_most_frequent_corrections():
    judged = pd.DataFrame({
        "note_id": ["a", "b", "c", "d", "d"],
        "field": ["goal_id", "goal_id", "goal_id", "goal_id", "is_challenge"],
        "model_value": ["gron-omstallning", "gron-omstallning", "x", "x", "true"],
        "value": ["natur-och-kultur", "natur-och-kultur", "x", "x", "false"],
        "corrected": [True, True, False, False, True]})
    ag = agreement(judged)
    assert ag["reviewed"] == 4 and ag["corrected"] == 3
    assert ag["fields"]["goal_id"]["agreement"] == 0.5
    assert ag["top"][0]["text"] == "gron-omstallning → natur-och-kultur (2)"
    assert ag["top"][1]["text"] == "ja → nej (1)"
    assert agreement(judged.iloc[:0]) == {}


# ----------------------------------------------------------------------------- review.xlsx

def test_review_xlsx_layout_and_drop_downs(fake, tmp_path):
    fake.notes.loc[0, "text_clean"] = "=HYPERLINK(\"http://x\")"
    path = write_review(fake, tmp_path / "review.xlsx")
    wb = load_workbook(path)
    ws = wb["granskning"]
    assert [c.value for c in ws[1]][: len(REVIEW_COLUMNS)] == REVIEW_COLUMNS
    assert ws.max_row - 1 == int((fake.notes["status"] == "kept").sum())
    assert ws.freeze_panes == "B2"
    assert ws.column_dimensions["D"].width > ws.column_dimensions["B"].width
    assert wb["listor"].sheet_state == "hidden"
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in ws.iter_rows() for c in row)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    validations = {str(dv.sqref).split(":")[0][0]: dv for dv in ws.data_validations.dataValidation}
    goal_col, theme_col, chal_col = (ws.cell(1, REVIEW_COLUMNS.index(n) + 1).column_letter
                                     for n in ("goal_id", "theme", "is_challenge"))
    assert set(validations) == {goal_col, theme_col, chal_col}
    assert validations[goal_col].errorStyle == "stop" and validations[theme_col].errorStyle == "warning"
    goal_list = [c.value for c in wb["listor"]["A"][1:] if c.value]
    assert "(inget mål)" in goal_list and set(fake.goals["goal_id"]) <= set(goal_list)


def test_review_round_trip_through_openpyxl(fake, tmp_path):
    path = write_review(fake, tmp_path / "review.xlsx")
    wb = load_workbook(path)
    ws = wb["granskning"]
    col = {c.value: c.column for c in ws[1]}
    first = ws.cell(2, col["note_id"]).value
    old = ws.cell(2, col["is_challenge"]).value
    ws.cell(2, col["is_challenge"]).value = "nej" if old == "ja" else "ja"
    ws.cell(3, col["comment"]).value = "ok"
    wb.save(tmp_path / "edited.xlsx")
    judged, _ = match_corrections(read_corrections(tmp_path / "edited.xlsx"), fake.notes)
    corrected = judged[judged["corrected"]]
    assert corrected[["note_id", "field"]].values.tolist() == [[first, "is_challenge"]]
    assert (~judged["corrected"]).sum() == 2  # row 3 confirmed: goal_id and is_challenge
    notes, _ = apply_corrections(fake.notes, judged)
    assert notes.set_index("note_id").loc[first, "corrected"] == "is_challenge"
    # unchanged file: nothing to correct, nothing reviewed
    unchanged, _ = match_corrections(read_corrections(path), fake.notes)
    assert unchanged.empty


# ----------------------------------------------------------------------------- few-shot

def test_few_shot_pulls_only_near_statements():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 16)).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    fs = FewShot(X[:1], np.array([False]))
    z = np.array([2.0, 2.0, 2.0, 2.0])
    out = fs.challenge_logits(z, X)
    assert out[0] == pytest.approx(-1.0)          # the judged statement itself: the analyst's answer
    assert np.array_equal(out[1:], z[1:])         # unrelated statements: untouched


def test_no_examples_means_exactly_the_model(goalset):
    from nlp_varmland.challenges import ChallengeDetector

    texts = ["Det är brist på bostäder", "Vi borde bygga fler hyresrätter"]
    X = np.eye(2, 8, dtype=np.float32)
    plain = ChallengeDetector(embedder=False).fit()
    taught = ChallengeDetector(embedder=False).fit(examples=None)
    assert np.array_equal(plain.predict_proba(texts, X), taught.predict_proba(texts, X))
    judged = pd.DataFrame({"note_id": ["a"], "field": ["is_challenge"], "value": ["true"]})
    assert examples_from_judgements(judged, X[:1], "is_challenge", exclude=["a"]) is None
    fs = examples_from_judgements(judged, X[:1], "is_challenge")
    assert fs is not None and fs.labels.tolist() == [True]
