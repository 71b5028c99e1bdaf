"""Tester B17 on the analyst's review (issue 11): removing a correction restores the state before it."""
from __future__ import annotations

import pandas as pd

from nlp_varmland.report.correction_list import list_or_remove
from nlp_varmland.store import Store


def _rows(note_ids, fields, values, model_values, comments=None):
    n = len(note_ids)
    return pd.DataFrame({"note_id": note_ids, "meeting": ["M"] * n, "text_clean": ["t"] * n, "field": fields,
                         "value": values, "model_value": model_values, "comment": comments or [""] * n})


def test_remove_restores_the_superseded_judgement_and_keeps_the_other_field(tmp_path):
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        # round 2: a goal corrected, the challenge flag confirmed on the same row; another row confirmed
        store.add_corrections(_rows(["a", "a", "b", "b"], ["goal_id", "is_challenge", "goal_id", "is_challenge"],
                                    ["besoksnaring", "false", "service", "true"], ["", "false", "service", "false"]),
                              analyst="Anna")
        # a bad CSV sets both goals
        assert store.add_corrections(_rows(["a", "b"], ["goal_id", "goal_id"], ["service", "service"], ["", ""]),
                                     analyst="root") == 2
    lines = list_or_remove(db, ["5", "6"], remove=True)
    assert lines == ["correction 5 removed: the earlier judgement 1 holds again",
                     "correction 6 removed: the earlier judgement 3 holds again"]
    with Store(db) as store:
        active = store.note_corrections()
        assert sorted(zip(active["note_id"], active["field"], active["value"])) == [
            ("a", "goal_id", "besoksnaring"), ("a", "is_challenge", "false"),
            ("b", "goal_id", "service"), ("b", "is_challenge", "true")]
        assert store.withdrawn_corrections().empty
        state = dict(zip(store.correction_list(include_removed=True)["id"],
                         store.correction_list(include_removed=True)["state"]))
    assert state == {1: "active", 2: "active", 3: "active", 4: "active", 5: "withdrawn", 6: "withdrawn"}


def test_remove_without_earlier_judgement_still_withdraws(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.add_corrections(_rows(["a", "a"], ["goal_id", "is_challenge"], ["service", "false"], ["", "false"]),
                              analyst="Anna")
        assert store.remove_correction(1)
        assert store.note_corrections().empty  # the row's confirmation goes with its only change
        assert sorted(store.withdrawn_corrections()["field"]) == ["goal_id", "is_challenge"]


def test_removing_a_superseded_correction_keeps_the_chain(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        for value in ("bostader", "service", "nara-vard"):
            store.add_corrections(_rows(["a"], ["goal_id"], [value], [""]), analyst="Anna")
        assert store.remove_correction(2)  # superseded: the active one stays
        assert store.note_corrections()["value"].tolist() == ["nara-vard"]
        assert store.remove_correction(3)  # now the first round's holds again
        assert store.note_corrections()["value"].tolist() == ["bostader"]


# -- task 2: review.xlsx saved from Excel as CSV (cp1252, semicolons), applied unedited ----------------

def _notes() -> pd.DataFrame:
    return pd.DataFrame({"note_id": ["a1", "b2", "c3", "d4"], "meeting": ["M"] * 4, "status": ["kept"] * 4,
                         "text_clean": ["Bussen går för sällan", "Fler hyresrätter", "Svårt att rekrytera",
                                        "Slakteri saknas"],
                         "goal_id": ["kollektivtrafik", "", "kompetensforsorjning", ""],
                         "is_challenge": [True, False, True, True], "theme_id": [0, 1, 0, 1],
                         "theme_label": ["buss – tåg", "bostad", "buss – tåg", "bostad"]})  # relabelled since


def _excel_csv(path, rows) -> None:
    head = ["note_id", "meeting", "table", "text", "theme", "goal_id", "goal_name", "is_challenge", "comment",
            "corrected", "granskad"]
    lines = [";".join(head)] + [";".join(r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def _store(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    # round 1: b2's goal corrected (with "ok"), a1's challenge flag confirmed on a changed row
    store.add_corrections(_rows(["b2", "b2", "a1", "a1"], ["goal_id", "is_challenge", "goal_id", "is_challenge"],
                                ["bostader", "false", "service", "true"], ["", "false", "kollektivtrafik", "true"],
                                ["ok", "ok", "", ""]), analyst="Anna")
    # the learned goal the review file showed on d4 (left standing): a shown value, no judgement
    store.add_shown(pd.DataFrame({"note_id": ["d4"], "meeting": ["M"], "text_clean": ["Slakteri saknas"],
                                  "field": ["goal_id"], "value": ["skog-och-mat"]}), analyst="Anna")
    return store


def _apply_review_csv(tmp_path, rows):
    """B17's store, and the judgements of the review saved from Excel as a CSV holding ``rows``
    resolved against it: (store, judged, from_file)."""
    from nlp_varmland.corrections import load_corrections, resolve_corrections

    store = _store(tmp_path)
    path = tmp_path / "granskning.csv"
    _excel_csv(path, rows)
    judged, from_file, _ = resolve_corrections(load_corrections(path, analyst="root"), _notes(), store=store)
    return store, judged, from_file


def test_review_file_saved_as_excel_csv_and_applied_unedited_stores_nothing(tmp_path):
    store, judged, from_file = _apply_review_csv(tmp_path, [
        ["a1", "M", "Bord 1", "Bussen går för sällan", "buss", "service", "Service", "ja", "", "goal_id", "ja"],
        ["b2", "M", "Bord 1", "Fler hyresrätter", "bostad", "bostader", "Bostäder", "nej", "ok", "goal_id", "ja"],
        ["c3", "M", "Bord 2", "Svårt att rekrytera", "buss", "kompetensforsorjning", "Kompetens", "ja", "", "", ""],
        ["d4", "M", "Bord 2", "Slakteri saknas", "bostad", "skog-och-mat", "Skog", "ja", "", "", ""]])
    assert len(from_file) == 0  # before: a1 and b2 again, and d4's learned goal as root's correction
    assert sorted(zip(judged["note_id"], judged["field"], judged["value"])) == [
        ("a1", "goal_id", "service"), ("a1", "is_challenge", "true"),
        ("b2", "goal_id", "bostader"), ("b2", "is_challenge", "false")]
    store.close()


def test_review_csv_keeps_real_edits_and_new_ok(tmp_path):
    store, _, from_file = _apply_review_csv(tmp_path, [
        ["a1", "M", "Bord 1", "Bussen går för sällan", "buss", "nara-vard", "Vård", "ja", "", "goal_id", "ja"],
        ["c3", "M", "Bord 2", "Svårt att rekrytera", "buss", "kompetensforsorjning", "Kompetens", "ja", "ok", "", ""],
        ["d4", "M", "Bord 2", "Slakteri saknas", "bostad", "skog-och-mat", "Skog", "nej", "", "", ""]])
    got = sorted(zip(from_file["note_id"], from_file["field"], from_file["value"], from_file["model_value"],
                     from_file["corrected"]))
    # a1: a new goal over the stored judgement (what the analyst saw: the tool's kollektivtrafik);
    # c3: a new "ok" confirms both fields; d4: the flag changed, so the learned goal it shows is confirmed
    assert got == [("a1", "goal_id", "nara-vard", "kollektivtrafik", True),
                   ("c3", "goal_id", "kompetensforsorjning", "kompetensforsorjning", False),
                   ("c3", "is_challenge", "true", "true", False),
                   ("d4", "goal_id", "skog-och-mat", "skog-och-mat", False),
                   ("d4", "is_challenge", "false", "true", True)]
    store.close()
