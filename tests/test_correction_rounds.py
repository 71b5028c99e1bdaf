"""A second review round keeps what the analyst saw (tester B13, issue 11).

Round 1: every error of meeting A is corrected. B is analysed into the store and shows answers
A's judgements taught. Round 2: the analyst corrects B's errors in B's review.xlsx and leaves the
rest. B is now a reviewed meeting, which keeps the untaught model's answers where nobody judged
(d6926be): without the shown values stored, a right taught row went back to the untaught answer.
"""
from __future__ import annotations

import sqlite3

import pandas as pd
from openpyxl import load_workbook

from nlp_varmland.report.review import write_review
from nlp_varmland.store import Store
from tests.conftest import blind2_meeting_files

FIELDS = ["goal_id", "area_id", "is_challenge"]


def _kept(notes: pd.DataFrame) -> pd.DataFrame:
    return notes[notes["status"] == "kept"].set_index("note_id")


def _norm(text: str) -> str:
    return " ".join(str(text).split())


def _review_cells(path) -> pd.DataFrame:
    ws = load_workbook(path, read_only=True)["granskning"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return pd.DataFrame(rows[1:], columns=rows[0]).set_index("note_id")


def _correct_errors(src, dst, truth: dict[str, str | None], *, ok_every: int = 4) -> tuple[set[str], set[str]]:
    """Edit review.xlsx as B13 did: every wrong goal set to the truth, "ok" on every
    ``ok_every``-th right row. Returns (corrected note ids, "ok" note ids)."""
    wb = load_workbook(src)
    ws = wb["granskning"]
    col = {c.value: c.column for c in ws[1]}
    fixed, ok, right = set(), set(), 0
    for r in range(2, ws.max_row + 1):
        nid = ws.cell(r, col["note_id"]).value
        if truth.get(nid) is None:  # a note split from a longer one: not in the gold
            continue
        want = truth[nid] or "(inget mål)"
        if ws.cell(r, col["goal_id"]).value != want:
            ws.cell(r, col["goal_id"]).value = want
            fixed.add(nid)
        else:
            right += 1
            if right % ok_every == 0:
                ws.cell(r, col["comment"]).value = "ok"
                ok.add(nid)
    wb.save(dst)
    return fixed, ok


def test_a_second_review_round_keeps_the_values_the_analyst_saw_and_left(tmp_path):
    import nlp_varmland as nv

    (a_path, a_gold), (b_path, b_gold) = blind2_meeting_files(tmp_path, lambda r: r["goal_id"])
    gold = {_norm(t): g for path, golds in ((a_path, a_gold), (b_path, b_gold))
            for t, g in zip(pd.read_csv(path)["text"], golds)}
    db = tmp_path / "store.sqlite"

    # round 1: every goal error of A corrected (A's own review.xlsx)
    a1 = nv.analyze(a_path, db=db, progress=False)
    truth_a = {n: gold.get(_norm(t)) for n, t in zip(a1.notes["note_id"], a1.notes["text"])}
    a_fixed, a_ok = _correct_errors(write_review(a1, tmp_path / "a1.xlsx"), tmp_path / "a_review.xlsx", truth_a)
    nv.analyze(a_path, db=db, corrections=tmp_path / "a_review.xlsx", progress=False)

    # B, taught by A's judgements; then B's untaught answers (a fresh store)
    b1 = nv.analyze(b_path, db=db, progress=False)
    plain = _kept(nv.analyze(b_path, progress=False).notes)
    shown = _review_cells(write_review(b1, tmp_path / "b1.xlsx"))
    truth_b = {n: gold.get(_norm(t)) for n, t in zip(b1.notes["note_id"], b1.notes["text"])}
    fixed, ok = _correct_errors(tmp_path / "b1.xlsx", tmp_path / "b_review.xlsx", truth_b)
    left = shown.index.difference(sorted(fixed))
    taught_left = [n for n in left if shown.at[n, "goal_id"] != (plain.at[n, "goal_id"] or "(inget mål)")]
    assert fixed and taught_left, "the scenario needs rows the lessons moved and the analyst accepted"

    # round 2: B's review.xlsx back with B's errors corrected
    b2 = nv.analyze(b_path, db=db, corrections=tmp_path / "b_review.xlsx", progress=False)
    later = nv.analyze(b_path, db=db, progress=False)                     # no file: from the store
    hist = _kept(nv.history(db, progress=False).notes)
    a_later = _kept(nv.analyze(a_path, db=db, progress=False).notes)
    for run in (_kept(b2.notes), _kept(later.notes), hist.loc[_kept(later.notes).index]):
        goals = run.loc[left, "goal_id"].replace("", "(inget mål)")
        moved = goals != shown.loc[left, "goal_id"]
        assert not moved.any(), run.loc[moved[moved].index, "text_clean"].head(3).tolist()
        flags = run.loc[left, "is_challenge"].map({True: "ja", False: "nej"})
        assert (flags == shown.loc[left, "is_challenge"]).all()
        assert run.loc[sorted(fixed), "goal_id"].replace("", "(inget mål)").tolist() == \
            [truth_b[n] or "(inget mål)" for n in sorted(fixed)]
        # shown values, and an "ok" on a taught value the model no longer gives, are not corrections
        assert (run.loc[left, "corrected"].fillna("") == "").all()
    # the taught mark and the counts cover exactly the output values that differ from the untaught
    # model's and are no analyst's judgement (tester B15): a learned goal the analyst left keeps its
    # mark, and A (reviewed) takes no forward move from B's judgements
    plain_a = _kept(nv.analyze(a_path, progress=False).notes)
    judged_b, judged_a = fixed | ok, a_fixed | a_ok
    for run, untaught, judged, info in ((_kept(b2.notes), plain, judged_b, b2.run),
                                        (_kept(later.notes), plain, judged_b, later.run),
                                        (a_later, plain_a, judged_a, None)):
        _assert_taught_is_what_differs(run, untaught, judged, info)
    accepted = [n for n in taught_left if n not in ok]
    assert (_kept(later.notes).loc[accepted, "taught"].str.contains("goal_id")).all()
    assert later.run["teaching"]["guards"]["kept"]["goal_id"] == len(accepted)
    both = pd.concat([plain_a, plain])
    _assert_taught_is_what_differs(hist.loc[both.index], both, judged_a | judged_b, None)

    # history = analyze after round 2, for both meetings
    single = pd.concat([a_later, _kept(later.notes)])
    for col in FIELDS:
        differ = single[col].astype(str) != hist.loc[single.index, col].astype(str)
        assert not differ.any(), (col, single.loc[differ, "text_clean"].head(3).tolist())

    # shown values are no judgements: neither in the agreement nor taught
    assert later.run["corrections"]["reviewed"] == len(fixed | ok)
    assert later.run["corrections"]["fields"]["goal_id"]["n"] == len(fixed | ok)
    with Store(db) as store:
        assert len(store.note_corrections().query("meeting == @b_path.stem")) == 2 * len(fixed | ok)
        assert set(store.shown_values()["note_id"]) >= set(left) - ok   # judged rows need none
    assert later.run["teaching"]["judgements"] == len(store_judged_statements(db))

    # removing B's judgements gives B the answers it had before round 2
    with Store(db) as store:
        ids = store.note_corrections().query("meeting == @b_path.stem")["correction_id"].tolist()
        for cid in ids:
            store.remove_correction(int(cid))
        assert not len(store.shown_values().query("meeting == @b_path.stem"))
    again = _kept(nv.analyze(b_path, db=db, progress=False).notes)
    before = _kept(b1.notes)
    for col in FIELDS:
        assert (again[col].astype(str) == before.loc[again.index, col].astype(str)).all(), col


def _assert_taught_is_what_differs(run: pd.DataFrame, untaught: pd.DataFrame, judged: set[str],
                                   info: dict | None) -> None:
    """``taught`` marks a field exactly where the output differs from the untaught model's value
    and no judgement of the analyst holds; run.json ``teaching.changed`` counts the same."""
    free = ~run.index.isin(sorted(judged))
    marks = run["taught"].fillna("").astype(str).str.split(";")
    for field in ("goal_id", "is_challenge"):
        differs = (run[field].astype(str) != untaught.loc[run.index, field].astype(str)) & free
        marked = marks.map(lambda m, f=field: f in m)
        wrong = differs != marked
        assert not wrong.any(), (field, run.loc[wrong, ["text_clean", field, "taught"]].head(3).values.tolist())
        if info is not None:
            assert info["teaching"]["changed"][field] == int(differs.sum()), field


def store_judged_statements(db) -> set[tuple[str, str]]:
    with Store(db) as store:
        nc = store.note_corrections()
    return set(zip(nc["meeting"], nc["text_clean"].str.casefold()))


def test_the_store_migrates_from_version_6_to_7_and_keeps_its_judgements(tmp_path):
    path = tmp_path / "s.sqlite"
    rows = pd.DataFrame({"note_id": ["a1"], "meeting": ["M"], "text_clean": ["Bussen går sällan"],
                         "field": ["goal_id"], "value": ["bostader"], "model_value": ["kommunikationer"]})
    with Store(path) as store:
        store.add_corrections(rows, analyst="Anna")
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE note_shown")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == 7
        assert store.note_corrections()["value"].tolist() == ["bostader"]
        assert not len(store.shown_values())
        shown = pd.DataFrame({"note_id": ["b2", "b2"], "meeting": ["M", "M"], "text_clean": ["x", "x"],
                              "field": ["goal_id", "comment"], "value": ["natur", "fel mål?"]})
        assert store.add_shown(shown, analyst="Anna") == 2
        assert store.add_shown(shown, analyst="Anna") == 0                # the same again: not stored twice
        assert store.shown_values()[["field", "value"]].values.tolist() == [["goal_id", "natur"],
                                                                             ["comment", "fel mål?"]]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
    conn.close()
