"""Analyst corrections: reading (and rejecting) files, matching, applying, agreement, review.xlsx,
and few-shot teaching that never changes anything without examples."""
from __future__ import annotations

import json

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
from tests.conftest import edit_review, make_fake_analysis


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
    ("note_id,goal_id\na1,kollektivtrafik-finns-inte\n", "row 2 (as Excel numbers it; the header is row 1): "
     "unknown goal_id 'kollektivtrafik-finns-inte'"),
    ("note_id,is_challenge\na1,ja\nb2,kanske\n", "row 3 (as Excel numbers it; the header is row 1): "
     "is_challenge must be ja or nej, not 'kanske'"),
    ("note_id,goal_id\n,hoja-kompetensen\n", "row 2 (as Excel numbers it; the header is row 1): no note_id"),
    ("id_saknas,goal_id\nx,hoja-kompetensen\n", "no note_id column"),
    ("note_id,kommentar_bara\na1,hej\n", "none of the columns goal_id, is_challenge, theme"),
    ("note_id,goal_id\n", "no rows below the header, so there is nothing to apply"),   # tester B13: silent
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
    with pytest.raises(CorrectionsError, match=r"row 2 \(as Excel numbers it; the header is row 1\): "
                                                 r"unknown goal_id 'nope'.*and 1 more problem"):
        read_corrections(path, goalset=goalset)


@pytest.mark.parametrize("name, data", [("notes.pdf", b"%PDF-1.4"), ("review.xlsx", b"not a zip at all"),
                                        ("bin.csv", b"\x00\x01\x02binary")])
def test_a_file_that_is_not_a_table(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CorrectionsError) as err:
        read_corrections(path)
    assert "\n" not in str(err.value) and str(path) in str(err.value)


@pytest.mark.parametrize("name", ["review.xlsx", "review.csv"])
def test_an_image_named_as_a_table_is_said_to_be_one(tmp_path, name):
    path = tmp_path / name  # tester B13: a PNG renamed .xlsx gave "(BadZipFile)"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(CorrectionsError, match="this is a PNG image, not a table"):
        read_corrections(path)


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
    with pytest.raises(CorrectionsError, match=r"row 2 \(as Excel numbers it; the header is row 1\): "
                                                 r"note_id 'zz' is not in this analysis"):
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
    assert all(ws.cell(r, col["goal_id"]).value for r in range(2, ws.max_row + 1))  # "no goal" is "(inget mål)"
    old = ws.cell(2, col["is_challenge"]).value
    ws.cell(2, col["is_challenge"]).value = "nej" if old == "ja" else "ja"
    ws.cell(3, col["comment"]).value = "ok"
    wb.save(tmp_path / "edited.xlsx")
    judged, _ = match_corrections(read_corrections(tmp_path / "edited.xlsx"), fake.notes)
    corrected = judged[judged["corrected"]]
    assert corrected[["note_id", "field"]].values.tolist() == [[first, "is_challenge"]]
    # confirmed: row 3's goal_id and is_challenge (commented "ok") and row 2's goal_id (a changed row is reviewed)
    assert (~judged["corrected"]).sum() == 3
    notes, _ = apply_corrections(fake.notes, judged)
    assert notes.set_index("note_id").loc[first, "corrected"] == "is_challenge"
    # unchanged file: nothing to correct, nothing reviewed
    unchanged, _ = match_corrections(read_corrections(path), fake.notes)
    assert unchanged.empty


def test_comments_written_in_review_xlsx_come_back_in_the_next_one(tmp_path):
    """An analyst's comments ("ok, stämmer", "fel mål?") are not lost: the review.xlsx of the
    run that read the edited file shows them again on their statements."""
    import nlp_varmland as nv
    from nlp_varmland.report import write_bundle

    raw = pd.DataFrame({"text": ["Bussarna till Torsby går för sällan på kvällarna",
                                 "Det saknas läkare på vårdcentralen i Hagfors",
                                 "Fiber behövs i alla byar för distansarbete"],
                        "meeting": "M", "source": "a.csv", "source_row": range(3)})
    first = nv.analyze(raw, seed=0)
    write_bundle(first, tmp_path / "one")
    wb = load_workbook(tmp_path / "one" / "review.xlsx")
    ws = wb["granskning"]
    col = {c.value: c.column for c in ws[1]}
    ws.cell(2, col["comment"]).value = "ok, stämmer"
    ws.cell(3, col["comment"]).value = "fel mål?"
    wb.save(tmp_path / "edited.xlsx")
    commented = {ws.cell(r, col["note_id"]).value: ws.cell(r, col["comment"]).value for r in (2, 3)}
    untouched = ws.cell(4, col["note_id"]).value

    second = nv.analyze(raw, seed=0, corrections=tmp_path / "edited.xlsx")
    write_bundle(second, tmp_path / "two")
    ws2 = load_workbook(tmp_path / "two" / "review.xlsx")["granskning"]
    col2 = {c.value: c.column for c in ws2[1]}
    again = {ws2.cell(r, col2["note_id"]).value: ws2.cell(r, col2["comment"]).value or ""
             for r in range(2, ws2.max_row + 1)}
    assert {k: again[k] for k in commented} == commented
    assert again[untouched] == ""


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


class _ToyMapper:
    """The mapper protocol ``feedback`` uses (score_matrix, _choose, threshold_, ids), with fixed
    zero-shot scores per text: what a mapper says, without an embedder."""

    def __init__(self, scores):
        self.scores, self.goal_ids_, self.area_ids_ = scores, ["a", "b"], ["a", "b"]
        self.threshold_, self.margin = 2.5, 0.0

    def score_matrix(self, texts, X=None, lemmas=None):
        return pd.DataFrame([self.scores[t] for t in texts], columns=self.goal_ids_)

    def _choose(self, s):
        j = int(np.argmax(s))
        return j if s[j] >= self.threshold_ else -1

    def transform(self, texts, X=None, lemmas=None):
        S = self.score_matrix(texts).to_numpy()
        goal = [self.goal_ids_[j] if j >= 0 else "" for j in map(self._choose, S)]
        return pd.DataFrame({"goal_id": goal, "area_id": goal, "goal_score": S.max(axis=1), "goals": goal,
                             "goal_evidence": "", "emerging": [g == "" for g in goal]})


def _cluster(rng, direction, n, dim=16, spread=0.45):
    X = np.eye(dim)[direction] + spread * rng.normal(size=(n, dim)) / np.sqrt(dim)
    return (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)


def _toy(labels_c):
    """Cluster A (the model says goal a, rightly) and cluster C (the model says a; ``labels_c``
    are the analyst's answers for its 8 judged statements); one new statement of each cluster."""
    rng = np.random.default_rng(3)
    XA, XC = _cluster(rng, 0, 7), _cluster(rng, 1, 9)
    texts = [f"a{i}" for i in range(7)] + [f"c{i}" for i in range(9)]
    scores = {t: [4.0, 3.0] for t in texts}                      # the model: goal a for everything
    X = np.vstack([XA, XC])
    judged = list(range(6)) + list(range(7, 15))                  # a0-a5, c0-c7; new: a6, c8
    labels = ["a"] * 6 + list(labels_c)
    fs = FewShot(X[judged], np.array(labels), texts=tuple(texts[i] for i in judged))
    return _ToyMapper(scores), X, texts, fs


def test_judged_statements_teach_a_different_but_related_statement():
    from nlp_varmland.feedback import GoalVote, teach_goals

    mapper, X, texts, fs = _toy(["b"] * 8)                        # the analyst: cluster C is goal b
    new = [6, 15]                                                 # a6 and c8, neither judged
    _, gate = fs.nearest(X[new])
    assert np.all(gate == 0)                                      # not near-duplicates: no pull
    vote = GoalVote(mapper, fs)
    assert vote.strength > 0 and vote.guard.fixed >= 8 - 1 and vote.guard.broken == 0
    sub = [texts[i] for i in new]
    before = mapper.transform(sub)
    assert before["goal_id"].tolist() == ["a", "a"]
    pulled_only = teach_goals(mapper, before, X[new], sub, None, fs)
    assert pulled_only["goal_id"].tolist() == ["a", "a"]          # the near-duplicate pull alone: nothing
    taught = teach_goals(mapper, before, X[new], sub, None, fs, vote)
    assert taught["goal_id"].tolist() == ["a", "b"]               # c8 learned from c0-c7; a6 stays
    assert "granskade" in taught.loc[1, "goal_evidence"]


def test_corrections_towards_one_goal_move_only_their_neighbourhood():
    from nlp_varmland.feedback import FewShot as FS
    from nlp_varmland.feedback import GoalVote, teach_goals

    mapper, X, texts, fs = _toy(["b"] * 8)
    only_c = FS(fs.vectors[6:], fs.labels[6:], texts=fs.texts[6:])       # corrections only, all to b
    rest = [0, 1, 2, 3, 4, 5, 6, 15]                                       # cluster A (unjudged now) and c8
    sub = [texts[i] for i in rest]
    vote = GoalVote(mapper, only_c, (texts, X))
    assert vote.strength > 0
    taught = teach_goals(mapper, mapper.transform(sub), X[rest], sub, None, only_c, vote)
    assert taught["goal_id"].tolist() == ["a"] * 7 + ["b"]                 # far from every correction: unmoved
    frozen = np.zeros(len(rest), dtype=bool)
    frozen[-1] = True
    kept = teach_goals(mapper, mapper.transform(sub), X[rest], sub, None, only_c, vote, frozen=frozen)
    assert kept["goal_id"].tolist() == ["a"] * 8                           # judged in this run: the model's value


def test_a_corrections_file_teaches_the_next_meeting_of_its_run_not_its_own():
    """The judgements of meeting M teach meeting N of the same run; M's rows nobody judged keep
    the model's answer (tester B13: after a review that corrected every error, the vote changed
    right rows nobody had judged), and N gets what N's own analyze would give."""
    from types import SimpleNamespace

    from nlp_varmland.feedback import taught_goals

    mapper, X, texts, fs = _toy(["b"] * 8)
    notes = pd.DataFrame({"note_id": [f"n{i}" for i in range(16)], "meeting": ["M"] * 15 + ["N"],
                          "status": "kept", "text_clean": texts, "lemmas": ""})
    judged = [*range(6), *range(7, 15)]
    opinions = pd.DataFrame({"note_id": [f"n{i}" for i in judged], "meeting": "M", "text": "",
                             "field": "goal_id", "value": ["a"] * 6 + ["b"] * 8, "reviewed": True})
    ctx = SimpleNamespace(notes=notes, kept_mask=np.ones(16, bool), texts=texts, lemmas=[""] * 16, vectors=X,
                          goalset=SimpleNamespace(ids=["a", "b"]), store=None, extra={},
                          embedder=SimpleNamespace(model_id="toy"), goal_mapper=mapper,
                          corrections=SimpleNamespace(opinions=opinions))
    out = taught_goals(ctx, mapper.transform(texts))
    assert out.loc[15, "goal_id"] == "b"                           # c8, meeting N, not judged: learned
    assert out.loc[judged, "goal_id"].tolist() == ["a"] * 14      # the judged keep the model's value (frozen)
    assert out.loc[6, "goal_id"] == "a"                           # meeting M, reviewed: the model's answer
    assert ctx.extra["teaching"]["goal_id"]["strength"] > 0
    ctx.corrections, ctx.extra = None, {}
    assert taught_goals(ctx, mapper.transform(texts)).equals(mapper.transform(texts))   # nothing judged


def test_run_judgements_finds_this_runs_statements_by_id_or_text():
    from nlp_varmland.feedback import run_judgements

    notes = pd.DataFrame({"note_id": ["n1", "n2", "n3"], "meeting": ["M"] * 3, "status": ["kept", "duplicate", "kept"],
                          "text_clean": ["Bussen går sällan", "Bussen går sällan", "Fler hyresrätter"]})
    stored = pd.DataFrame({"note_id": ["n1", "old"], "meeting": ["M", "M"], "text": ["", "fler  HYRESRÄTTER"],
                           "field": ["goal_id", "goal_id"], "value": ["a", "b"], "reviewed": [True, True]})
    given = pd.DataFrame({"note_id": ["n1", "n1", "zz"], "meeting": ["M"] * 3, "text": ["", "", "okänd"],
                          "field": ["goal_id", "theme", "is_challenge"], "value": ["c", "x", "true"],
                          "reviewed": [True, True, True]})
    out = run_judgements(notes, [stored, given])
    assert sorted(map(tuple, out[["pos", "field", "value"]].values.tolist())) == [(0, "goal_id", "c"),
                                                                                (1, "goal_id", "b")]
    assert run_judgements(notes, [None, None]).empty


def test_the_examples_guard_takes_a_learner_only_when_it_helps_on_the_judgements():
    from nlp_varmland.feedback import examples_guard

    mapper, X, texts, fs = _toy(["b"] * 8)            # judged: a0-a5 confirmed a, c0-c7 corrected to b
    seen = []

    def fitter(scores_of):
        def fit(examples):
            if examples is None:
                return mapper
            seen.append(len(examples[1]))
            return _ToyMapper({t: scores_of(t) for t in mapper.scores})
        return fit

    learns = examples_guard(fitter(lambda t: [3.0, 4.0] if t.startswith("c") else [4.0, 3.0]), fs, (texts, X))
    assert learns.strength == 1.0 and (learns.fixed, learns.broken) == (8, 0)
    assert max(seen) < len(fs)                          # each fold scored by a learner that never saw it
    overdoes = examples_guard(fitter(lambda t: [3.0, 4.0]), fs, (texts, X))     # everything b
    assert overdoes.strength == 0.0 and (overdoes.fixed, overdoes.broken) == (8, 6)


def test_the_guard_refuses_a_vote_that_hurts_on_the_judgements():
    from nlp_varmland.feedback import GoalVote, teach_goals

    # the analyst confirms the model on a and c statements alike, and says "b" only on a few
    # scattered ones: the neighbours' vote would break the confirmed ones
    mapper, X, texts, fs = _toy(["a", "b", "a", "a", "b", "a", "a", "a"])
    for t, label in zip(fs.texts, fs.labels):
        mapper.scores[t] = [4.0, 3.0] if label == "a" else [3.0, 4.0]   # the model is right on every judgement
    from nlp_varmland.feedback import class_votes

    codes = np.array([0 if g == "a" else 1 for g in fs.labels])
    V = class_votes(fs.vectors, fs.vectors, codes, 3, leave_one_out=True)
    S = mapper.score_matrix(list(fs.texts)).to_numpy() + 16.0 * (V[:, :2] - V[:, 2:])
    assert (S.argmax(axis=1) != codes).sum() >= 2                # forced on, the vote breaks judgements
    vote = GoalVote(mapper, fs)
    assert vote.strength == 0 and vote.guard.fixed == 0
    sub = [texts[i] for i in (6, 15)]
    before = mapper.transform(sub)
    assert teach_goals(mapper, before, X[[6, 15]], sub, None, fs, vote).equals(before)


def test_the_challenge_vote_learns_and_is_guarded():
    from nlp_varmland.feedback import ChallengeVote
    from nlp_varmland.feedback_challenges import teach_challenges

    class Detector:
        threshold = 0.5

        def decision_function(self, texts, X):
            return np.full(len(texts), 1.0)                        # the model: every statement a challenge

    rng = np.random.default_rng(5)
    X = np.vstack([_cluster(rng, 0, 8), _cluster(rng, 1, 8)])
    texts = [f"t{i}" for i in range(16)]
    y = np.array([True] * 8 + [False] * 8)                        # cluster 1 is not a challenge
    judged = [*range(7), *range(8, 15)]
    fs = FewShot(X[judged], y[judged], texts=tuple(texts[i] for i in judged))
    vote = ChallengeVote(Detector(), fs)
    assert vote.strength > 0
    p = np.full(2, 1 / (1 + np.exp(-1.0)))
    taught = teach_challenges(p, X[[7, 15]], fs, vote)
    assert taught[0] >= 0.5 > taught[1]                           # the unjudged non-challenge learned
    agree = FewShot(X[judged], np.ones(len(judged), bool), texts=fs.texts)   # all confirmations
    assert ChallengeVote(Detector(), agree).strength == 0


def test_one_judgement_never_teaches_beyond_near_duplicates():
    from nlp_varmland.feedback import GoalVote

    mapper, X, texts, fs = _toy(["b"] * 8)
    one = FewShot(fs.vectors[-1:], fs.labels[-1:], texts=fs.texts[-1:])
    assert GoalVote(mapper, one).strength == 0


# ----------------------------------------------------------------------------- end to end

MEETING_NOTES = [
    "Brist på undersköterskor i hela länet, svårt att rekrytera till äldreomsorgen",
    "Bussarna går för sällan på landsbygden, ungdomar kommer inte till fritidsaktiviteter",
    "Svårt för unga att hitta en första bostad i Karlstad",
    "För få elever söker vård- och omsorgsprogrammet på gymnasiet",
    "Kollektivtrafiken i norra Värmland räcker inte för att pendla till jobbet",
    "Bostadsbristen gör att nyanställda tackar nej till jobb i Arvika",
    "Psykisk ohälsa bland unga ökar, långa köer till BUP",
    "Elnätet har inte kapacitet för industrins elektrifiering",
    "Företagen i Hagfors hittar inte svetsare och CNC-operatörer",
    "Bredbandsutbyggnaden på landsbygden har stannat av",
    "Fler unga mår dåligt och skolkuratorerna hinner inte med",
    "Vi borde samla yrkesutbildningarna i ett regionalt YH-center",
]
BUS = MEETING_NOTES[1]


def _write_meeting(path, rows, meeting):
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["meeting", "date", "table", "text"])
        for i, text in enumerate(rows):
            writer.writerow([meeting, "2025-01-13", f"Bord {i % 3 + 1}", text])
    return path


def _rows(path):
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _cli(*args):
    from click.testing import CliRunner

    from nlp_varmland.cli import main

    return CliRunner().invoke(main, [*map(str, args), "-q"])


def _edit_review(src, dst, note_text, **values):
    return edit_review(src, dst, "text", note_text, **values)


def test_a_correction_sticks_through_rerun_history_and_can_be_removed(tmp_path):
    from nlp_varmland.store import Store

    db = tmp_path / "store.sqlite"
    jan = _write_meeting(tmp_path / "jan.csv", MEETING_NOTES, "Arbetsmöte januari")
    assert _cli("analyze", jan, "--out", tmp_path / "a", "--db", db).exit_code == 0
    before = {r["note_id"]: r for r in _rows(tmp_path / "a" / "notes.csv")}
    bus_id = _edit_review(tmp_path / "a" / "review.xlsx", tmp_path / "edited.xlsx", BUS,
                          goal_id="hoja-kompetensen",
                          is_challenge="nej" if before_is(before, BUS) else "ja")
    model_challenge = before[bus_id]["is_challenge"]
    result = _cli("analyze", jan, "--out", tmp_path / "b", "--db", db, "--corrections", tmp_path / "edited.xlsx",
                  "--analyst", "Anna L")
    assert result.exit_code == 0, result.output

    def check(out):
        row = {r["note_id"]: r for r in _rows(out / "notes.csv")}[bus_id]
        assert row["corrected"] == "goal_id;is_challenge"
        assert row["goal_id"] == "hoja-kompetensen" and row["area_id"] == "hoja-kompetensen"
        assert row["goal_score"] == ""          # the tool's score was for its own goal (tester B11)
        assert row["is_challenge"] != model_challenge
        others = [r for r in _rows(out / "notes.csv") if r["note_id"] != bus_id]
        assert all(r["goal_score"] != "" for r in others if r["status"] == "kept")
        assert all(r["corrected"] == "" for r in others)
        html = (out / "report.html").read_text(encoding="utf-8")
        assert html.count('class="corrected"') == 2 and "Analytikernas granskning" in html
        run = json.loads((out / "run.json").read_text(encoding="utf-8"))
        assert run["corrections"]["corrected"] == 1
        assert run["corrections"]["fields"]["goal_id"]["agreement"] == 0.0
        # what the figure covers (tester B15): the meeting's kept statements were shown, 1 goal changed
        kept = sum(r["status"] == "kept" for r in _rows(out / "notes.csv"))
        assert run["corrections"]["shown"] == kept and run["corrections"]["changes_only"] is True
        assert run["corrections"]["fields"]["goal_id"]["changed_of_shown"] == round(1 / kept, 4)
        # what the judgements taught (a strength per field; 0 when the guard refused) is in run.json
        # the reviewed meeting keeps the model's answers where nobody judged (tester B13)
        taught = run["corrections"]["teaching"]
        assert "goal_reviewed" in taught and "is_challenge" not in taught
        assert all(t["judgements"] >= 1 for t in run["corrections"]["teaching"].values())

    check(tmp_path / "b")
    assert _cli("analyze", jan, "--out", tmp_path / "c", "--db", db).exit_code == 0      # re-run, no file
    check(tmp_path / "c")
    assert _cli("history", "--db", db, "--out", tmp_path / "h").exit_code == 0           # history, no file
    check(tmp_path / "h")
    with Store.open(db) as store:
        stored = store.note_corrections()
        assert set(stored["analyst"]) == {"Anna L"} and set(stored["field"]) == {"goal_id", "is_challenge"}
        for cid in stored["correction_id"]:
            assert store.remove_correction(int(cid))
    assert _cli("analyze", jan, "--out", tmp_path / "d", "--db", db).exit_code == 0
    assert all(r["corrected"] == "" for r in _rows(tmp_path / "d" / "notes.csv"))
    assert {r["note_id"]: r["goal_id"] for r in _rows(tmp_path / "d" / "notes.csv")} == \
        {k: r["goal_id"] for k, r in before.items()}


def before_is(rows, text):
    return next(r for r in rows.values() if r["text"] == text)["is_challenge"] == "True"


@pytest.mark.parametrize("content, needle", [
    ("note_id,goal_id\nfinnsinte00,hoja-kompetensen\n", "note_id 'finnsinte00' is not in this analysis"),
    ("note_id,goal_id\n{bus},inget-sadant-mal\n", "unknown goal_id 'inget-sadant-mal'"),
    ("note_id,is_challenge\n{bus},kanske\n", "is_challenge must be ja or nej"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "this is a PNG image, not a table"),
])
def test_a_bad_corrections_file_is_one_line_and_the_store_is_untouched(tmp_path, content, needle):
    import hashlib

    db = tmp_path / "store.sqlite"
    jan = _write_meeting(tmp_path / "jan.csv", MEETING_NOTES, "Arbetsmöte januari")
    assert _cli("analyze", jan, "--out", tmp_path / "a", "--db", db).exit_code == 0
    bus_id = next(r["note_id"] for r in _rows(tmp_path / "a" / "notes.csv") if r["text"] == BUS)
    bad = tmp_path / "bad.csv"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content.format(bus=bus_id), encoding="utf-8")
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    result = _cli("analyze", jan, "--out", tmp_path / "b", "--db", db, "--corrections", bad)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in result.output
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert not (tmp_path / "b" / "notes.csv").exists()


def test_the_next_meeting_learns_and_nothing_else_changes(tmp_path):
    import nlp_varmland as nv

    db = tmp_path / "store.sqlite"
    jan = _write_meeting(tmp_path / "jan.csv", MEETING_NOTES, "Arbetsmöte januari")
    may_rows = [n.replace("Karlstad", "Kil") for n in MEETING_NOTES[2:]] + [BUS]
    may = _write_meeting(tmp_path / "maj.csv", may_rows, "Arbetsmöte maj")
    plain = nv.analyze(may).notes.set_index("text")
    first = nv.analyze(jan, db=db)
    # a store without corrections: exactly the results without a store
    untaught = nv.analyze(may, db=db).notes.set_index("text")
    for col in ("goal_id", "goal_score", "is_challenge", "challenge_score"):
        assert untaught[col].equals(plain[col]), col
    bus = first.notes.set_index("text").loc[BUS]
    target = "hoja-kompetensen" if bus["area_id"] != "hoja-kompetensen" else "utveckla-attraktiva-platser"
    fix = pd.DataFrame({"note_id": [bus["note_id"]], "goal_id": [target],
                        "is_challenge": ["nej" if bus["is_challenge"] else "ja"]})
    without_store = nv.analyze(jan, corrections=fix)
    assert any("add --db" in m for m in without_store.messages)
    assert without_store.notes.set_index("text").loc[BUS, "corrected"] == "goal_id;is_challenge"
    corrected = nv.analyze(jan, db=db, corrections=fix)
    assert corrected.corrections[["field", "corrected"]].values.tolist() == [["goal_id", True],
                                                                             ["is_challenge", True]]
    taught = nv.analyze(may, db=db).notes.set_index("text")
    assert taught.loc[BUS, "goal_id"] == target                     # the remark came back: the analyst's answer
    assert bool(taught.loc[BUS, "is_challenge"]) != bool(bus["is_challenge"])
    assert taught.loc[BUS, "corrected"] == ""                       # taught, not corrected
    rest = taught.index != BUS
    for col in ("goal_id", "is_challenge"):
        assert taught.loc[rest, col].equals(plain.loc[rest, col]), col


@pytest.mark.parametrize("cell, text", [("'=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")"), ("'\uff1d1+1", "\uff1d1+1"),
                                        ("'hej", "'hej"), ("  två   ord ", "två ord"), (True, "ja"), (3.0, "3")])
def test_cells_read_back_as_written(cell, text):
    from nlp_varmland.correction_file import _cell

    assert _cell(cell) == text


def test_summary_and_report_show_agreement_only_once_corrections_exist(fake):
    from nlp_varmland.report import render_html, summary_markdown

    assert "Analytikernas granskning" not in summary_markdown(fake)
    assert 'id="agreement"' not in render_html(fake)
    fake.run["corrections"] = {"reviewed": 4, "corrected": 1, "top": [{"text": "kommunikationer → bostader (1)"}],
                               "fields": {"goal_id": {"n": 4, "agreement": 0.75, "kappa": 0.5, "corrected": 1}}}
    md = summary_markdown(fake)
    assert "Analytikernas granskning" in md and "- Mål: överens 75" in md and "kommunikationer → bostader (1)" in md
    html = render_html(fake)
    assert 'id="agreement"' in html and "kommunikationer → bostader (1)" in html


def test_review_cells_left_as_written_are_no_opinion_in_a_later_run(fake, tmp_path):
    """history (or another seed) re-fits themes and may re-map goals: the cells the analyst
    left as review.xlsx wrote them must not turn into corrections of the new run."""
    path = write_review(fake, tmp_path / "review.xlsx")
    later = fake.notes.copy()
    kept = later.index[later["status"] == "kept"]
    later.loc[kept, "theme_label"] = "ett annat tema"              # every theme label changed
    other_goal = next(g for g in fake.goals["goal_id"] if g != later.at[kept[0], "goal_id"])
    later.loc[kept[0], "goal_id"] = other_goal                      # and one goal
    assert load_workbook(path)["verktyget"].sheet_state == "hidden"
    untouched, _ = match_corrections(read_corrections(path), later)
    assert untouched.empty
    wb = load_workbook(path)
    ws = wb["granskning"]
    col = {c.value: c.column for c in ws[1]}
    old = ws.cell(3, col["is_challenge"]).value
    ws.cell(3, col["is_challenge"]).value = "nej" if old == "ja" else "ja"
    wb.save(tmp_path / "edited.xlsx")
    judged, _ = match_corrections(read_corrections(tmp_path / "edited.xlsx"), later)
    assert judged[judged["corrected"]][["note_id", "field"]].values.tolist() == \
        [[ws.cell(3, col["note_id"]).value, "is_challenge"]]
    assert "theme" not in set(judged["field"])   # the unchanged theme cell of the edited row is no opinion
