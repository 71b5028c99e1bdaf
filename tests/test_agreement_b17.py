"""Tester B17 (issue 11): agreement per field counts only fields someone looked at."""
from __future__ import annotations

import pandas as pd

from nlp_varmland.agreement import agreement


def _notes() -> pd.DataFrame:
    return pd.DataFrame({"note_id": ["a", "b", "c", "d"], "meeting": ["M"] * 4, "status": ["kept"] * 4,
                         "goal_id": ["x", "y", "x", "y"], "is_challenge": [True, False, True, False],
                         "theme_label": ["t1", "t2", "t1", "t2"]})


def test_a_theme_left_alone_on_a_row_reviewed_for_its_goal_is_no_opinion():
    # a and b: goal changed (and the flag confirmed, as review.xlsx stores it); c: "ok"; d: its theme changed
    judged = pd.DataFrame({
        "note_id": ["a", "a", "b", "b", "c", "c", "d"],
        "field": ["goal_id", "is_challenge", "goal_id", "is_challenge", "goal_id", "is_challenge", "theme"],
        "model_value": ["x", "true", "y", "false", "x", "true", "t2"],
        "value": ["y", "true", "x", "false", "x", "true", "t1"],
        "comment": ["", "", "", "", "ok", "ok", ""]})
    info = agreement(judged, _notes())
    assert info["reviewed"] == 4
    theme = info["fields"]["theme"]
    # before: n 4 (a's and b's themes, nobody looked at them, counted as agreement: 3/4)
    assert (theme["n"], theme["agreement"], theme["corrected"]) == (2, 0.5, 1)
    goal = info["fields"]["goal_id"]
    assert (goal["n"], goal["agreement"]) == (3, round(1 / 3, 4))  # d's goal: not looked at
    assert info["fields"]["is_challenge"]["n"] == 3


def test_a_doubting_comment_confirms_nothing():
    judged = pd.DataFrame({"note_id": ["a", "b"], "field": ["goal_id", "goal_id"], "model_value": ["x", "y"],
                           "value": ["y", "y"], "comment": ["", "osäker?"]})
    info = agreement(judged, _notes())
    assert info["reviewed"] == 2 and "theme" not in info["fields"] and "is_challenge" not in info["fields"]
