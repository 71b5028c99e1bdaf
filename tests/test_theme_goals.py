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


def _transport(label: str, c: np.ndarray, lemmas: str) -> tuple[str, float, str]:
    return "transporter-och-kollektivtrafik", 8.0, "tema: nyckelord: bil"


def test_the_centroid_cannot_overturn_the_statements_majority() -> None:
    """5 of 8 home-care notes on health, 2 on transport (driving between visits), 1 on skills:
    a confident centroid on transport ("bil") used to win the weighted vote (tester B7); the
    statements' majority area now holds, and within it their majority sub-goal."""
    themes = pd.DataFrame({"theme_id": [0], "label": ["hemtjänst – besök"], "keywords": [["hemtjänst", "bil"]]})
    c = np.ones((1, 384), np.float32)
    rows = pd.DataFrame(_rows("god-och-jamlik-halsa", 5) + _rows("transporter-och-kollektivtrafik", 2)
                        + _rows("kompetensforsorjning", 1))
    rows.loc[:4, "goal_score"] = 3.0  # the health notes are the less confident ones
    out = map_themes(themes, np.zeros(8, int), rows, c, goalset=load_goals(), score_centroid=_transport,
                     keyword_lemmas=[["hemtjänst", "bil"]])
    assert out.goal_id[0] == "god-och-jamlik-halsa" and out.area_id[0] == "forbattra-livsvillkoren"
    assert out.goals[0].split(";")[0] == "god-och-jamlik-halsa"


def test_the_centroid_still_decides_among_minorities() -> None:
    """No area holds more than half of the statements: the weighted vote with the centroid decides."""
    themes = pd.DataFrame({"theme_id": [0], "label": ["blandat"], "keywords": [["bil"]]})
    c = np.ones((1, 384), np.float32)
    rows = pd.DataFrame(_rows("god-och-jamlik-halsa", 3) + _rows("transporter-och-kollektivtrafik", 3)
                        + _rows("kompetensforsorjning", 2))
    out = map_themes(themes, np.zeros(8, int), rows, c, goalset=load_goals(), score_centroid=_transport,
                     keyword_lemmas=[["bil"]])
    assert out.goal_id[0] == "transporter-och-kollektivtrafik"
