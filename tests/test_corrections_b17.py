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
