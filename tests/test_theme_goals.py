"""A theme's goal: a theme most of whose statements fit no goal gets none (goals.theme_votes)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from nlp_varmland.goals import load_goals
from nlp_varmland.goals.theme_votes import map_themes


def _rows(goal: str, n: int) -> list[dict]:
    gs = load_goals()
    return [dict(goal_id=goal, area_id=gs.area_of(goal) if goal else "", goal_score=4.0 if goal else 1.0,
                 goals=goal, goal_evidence="", emerging=not goal) for _ in range(n)]


def _scorer(label: str, c: np.ndarray, lemmas: str) -> tuple[str, float, str]:
    return "service-och-levande-landsbygd", 5.0, "tema"


def test_a_theme_of_notes_on_the_meeting_itself_gets_no_goal_from_its_centroid() -> None:
    """20 of 24 notes fit no goal (lunch, method); 4 do. The centroid lands near a goal, but
    the theme is emerging; with 13 of 24 on that goal it is not."""
    themes = pd.DataFrame({"theme_id": [0], "label": ["lunch – metod"], "keywords": [["lunch"]]})
    c = np.ones((1, 384), np.float32)
    mostly_none = pd.DataFrame(_rows("", 20) + _rows("service-och-levande-landsbygd", 4))
    out = map_themes(themes, np.zeros(24, int), mostly_none, c, goalset=load_goals(), score_centroid=_scorer,
                     keyword_lemmas=[["lunch"]])
    assert bool(out.emerging[0]) and out.goal_id[0] == ""
    assert out.goal_evidence[0].startswith("röster: 4/24")
    half = pd.DataFrame(_rows("", 11) + _rows("service-och-levande-landsbygd", 13))
    out = map_themes(themes, np.zeros(24, int), half, c, goalset=load_goals(), score_centroid=_scorer,
                     keyword_lemmas=[["lunch"]])
    assert out.goal_id[0] == "service-och-levande-landsbygd" and not bool(out.emerging[0])
