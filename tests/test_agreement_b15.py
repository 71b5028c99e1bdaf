"""Tester B15 #9 (issue 11): the agreement table says what it covers. An analyst who corrects only
the errors saw "Mål: överens 31 %" although the tool had 97 of 121 goals right: the statistic
stays (the issue defines it), but the table says how many rows were judged of how many were
shown, how many shown values the analyst changed, and when the judged rows are (nearly) all
changes, that the figure then measures the errors found, not the tool."""
from __future__ import annotations

import pandas as pd
import pytest

from nlp_varmland.agreement import MOSTLY_CHANGES, agreement, shown_count
from tests.conftest import make_fake_analysis


def _notes(n: int = 121, right: int = 97) -> pd.DataFrame:
    """One meeting of ``n`` kept statements (+ a duplicate and another meeting's statement); the
    tool has goal ``g{i}``; the gold of the first ``n - right`` differs."""
    ids = [f"n{i:03d}" for i in range(n)]
    return pd.DataFrame({"note_id": [*ids, "dup", "other"], "meeting": ["M"] * (n + 1) + ["N"],
                         "status": ["kept"] * n + ["duplicate", "kept"],
                         "goal_id": [f"g{i % 5}" for i in range(n)] + ["", "g1"],
                         "is_challenge": [False] * (n + 2), "theme_label": [""] * (n + 2)})


def _corrections_only(notes: pd.DataFrame, wrong: int = 24) -> pd.DataFrame:
    """The analyst corrects the ``wrong`` errors and nothing else (no "ok")."""
    rows = notes.iloc[:wrong]
    return pd.DataFrame({"note_id": rows["note_id"], "meeting": rows["meeting"], "field": "goal_id",
                         "model_value": rows["goal_id"], "value": "bostader", "corrected": True})


def test_shown_is_the_kept_statements_of_reviewed_meetings():
    notes = _notes()
    judged = _corrections_only(notes)
    assert shown_count(judged, notes) == 121            # not the duplicate, not meeting N
    assert shown_count(judged.iloc[:0], notes) is None
    assert shown_count(judged.drop(columns="meeting"), notes) is None


def test_a_corrections_only_review_says_what_the_figure_covers():
    notes = _notes()
    judged = _corrections_only(notes)
    info = agreement(judged, notes, shown=shown_count(judged, notes))
    goal = info["fields"]["goal_id"]
    assert goal["agreement"] == 0.0 and goal["n"] == 24          # the statistic itself is kept as defined
    assert info["shown"] == 121 and goal["shown"] == 121
    assert goal["corrected"] == 24 and goal["changed_of_shown"] == round(24 / 121, 4)
    assert info["changes_only"] is True
    # the old keys are all still there
    assert {"reviewed", "corrected", "fields", "top"} <= set(info)
    assert {"n", "agreement", "kappa", "corrected", "no_changes"} <= set(goal)


def test_a_review_with_confirmations_is_not_changes_only():
    notes = _notes()
    judged = _corrections_only(notes)
    ok = notes.iloc[24:60]
    confirmed = pd.DataFrame({"note_id": ok["note_id"], "meeting": ok["meeting"], "field": "goal_id",
                              "model_value": ok["goal_id"], "value": ok["goal_id"], "corrected": False})
    info = agreement(pd.concat([judged, confirmed]), notes, shown=121)
    assert info["changes_only"] is False and info["fields"]["goal_id"]["agreement"] == round(36 / 60, 4)
    assert info["fields"]["goal_id"]["changed_of_shown"] == round(24 / 121, 4)


@pytest.mark.parametrize("changed, reviewed, expected", [(9, 10, True), (8, 10, False), (10, 10, True)])
def test_nearly_all_changes_is_the_documented_share(changed, reviewed, expected):
    notes = _notes(20)
    rows = notes.iloc[:reviewed]
    values = ["bostader"] * changed + list(rows["goal_id"].iloc[changed:])
    judged = pd.DataFrame({"note_id": rows["note_id"], "meeting": "M", "field": "goal_id",
                           "model_value": rows["goal_id"], "value": values, "corrected": True})
    assert agreement(judged, notes)["changes_only"] is expected
    assert (changed >= MOSTLY_CHANGES * reviewed) is expected


def test_without_shown_the_run_json_keys_are_as_before():
    notes = _notes(10)
    info = agreement(_corrections_only(notes, 3), notes)
    assert "shown" not in info and "changed_of_shown" not in info["fields"]["goal_id"]


def test_report_and_summary_show_judged_of_shown_changed_of_shown_and_the_note():
    from nlp_varmland.report import render_html, summary_markdown

    fake = make_fake_analysis()
    fake.run["corrections"] = {
        "reviewed": 24, "corrected": 24, "shown": 121, "changes_only": True, "top": [],
        "fields": {"goal_id": {"n": 24, "agreement": 0.0, "kappa": 0.0, "corrected": 24, "no_changes": False,
                               "shown": 121, "changed_of_shown": 0.1983}}}
    html = render_html(fake)
    assert "Ändrade av visade" in html and "24 av 121" in html
    assert "mäter ”Överens” de fel ni hittade" in html
    md = summary_markdown(fake)
    assert "24 av 121 visade rader granskade" in md and "ändrade 24 av 121 visade" in md
    assert "inte hur ofta verktyget har rätt" in md
    # a review with confirmations: the counts, but no note
    fake.run["corrections"]["changes_only"] = False
    assert "de fel ni hittade" not in render_html(fake) and "de fel ni hittade" not in summary_markdown(fake)
    # an old run.json (no shown): the table as before
    fake.run["corrections"] = {"reviewed": 4, "corrected": 1, "top": [],
                               "fields": {"goal_id": {"n": 4, "agreement": 0.75, "kappa": 0.5, "corrected": 1}}}
    html = render_html(fake)
    assert "Ändrade av visade" not in html and 'id="agreement"' in html
