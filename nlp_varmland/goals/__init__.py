"""Goal files and the goal mapper: tie statements and themes to the goals of a regional strategy.

A goal file is YAML (format in ``models/goals/README.md``): file-level ``name``, ``version``,
``source``, ``language``, ``metadata`` and a ``goals`` list whose entries have ``id`` (slug),
``name``, ``parent``, ``description``, ``keywords``, ``examples`` and ``exclude``.

>>> gs = load_goals()                                    # Värmlandsstrategin 2040
>>> [g.id for g in gs.areas][:2]
['forbattra-livsvillkoren', 'hoja-kompetensen']
>>> gs.area_of("bostader")
'utveckla-attraktiva-platser'
>>> mapper = GoalMapper().fit(gs)                         # doctest: +SKIP
>>> mapper.transform(["Bussen går för sällan"])[["goal_id", "area_id"]]   # doctest: +SKIP

Modules: ``model`` (Goal, GoalSet), ``files`` (find, load, validate, print goal files),
``matching`` (keyword lemmas and compounds), ``vectors`` (embedder glue), ``background``
(calibrating "does any goal fit?"), ``selftrain`` (the corpus classifier that decides it),
``mapper`` (GoalMapper), ``theme_votes`` (a goal per
theme, a pure function), ``coverage`` (goals.csv).
"""
from __future__ import annotations

from nlp_varmland.goals.coverage import coverage
from nlp_varmland.goals.files import (
                                      DEFAULT_GOALS,
                                      GOAL_DIRS,
                                      format_tree,
                                      goal_file_hints,
                                      list_goal_files,
                                      load_goals,
                                      resolve_goal_file,
                                      validate_goals_file,
)
from nlp_varmland.goals.mapper import MIN_Z, GoalMapper
from nlp_varmland.goals.model import Goal, GoalSet
from nlp_varmland.goals.theme_votes import map_themes
from nlp_varmland.goals.vectors import _default_embedder

__all__ = ["Goal", "GoalSet", "GoalMapper", "load_goals", "validate_goals_file", "list_goal_files",
           "resolve_goal_file", "format_tree", "goal_file_hints", "coverage", "DEFAULT_GOALS", "GOAL_DIRS",
           "MIN_Z", "map_themes", "_default_embedder"]
