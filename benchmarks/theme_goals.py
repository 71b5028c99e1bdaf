"""A theme's goal against what its statements are about: the theme-level half of goal mapping.

The report and summary.md present each theme under one area and one sub-goal. This measures how
often that is the area (sub-goal) most of the theme's statements have in the gold labels. Per
labelled meeting the whole pipeline runs (``nlp_varmland.analyze``, seed 0); a theme whose
statements carry no gold goal (the meeting itself) is not scored. A theme is right when its area
(sub-goal) is one of the gold's most frequent among its statements; ties count as right.
``weighted`` weights each theme by its size.

    .venv/bin/python -m benchmarks.theme_goals                  # ~3 min on a quiet machine
    .venv/bin/python -m benchmarks.theme_goals meetings_blind4  # one set

Sets (``corpora/labelled``; one run per meeting when the file has a ``meeting`` column):
development ``goals``, ``goals_holdout``, ``meetings_blind2``; REPORT ONLY (written blind, no
setting is chosen on them) ``meetings_blind3``, ``meetings_blind4``.

Measured 2026-12-01 04:40 UTC (seed 0), before -> after "the statements' majority rules"
(``goals.theme_votes.map_themes``: the centroid breaks ties and decides among minorities, but no
longer overturns a majority; before, a confident centroid on transport put a theme of 5 health,
2 transport and 1 skills notes on transport):

    sets                         themes   area            sub-goal        weighted area / sub-goal
    dev (goals, holdout, blind2)   53     0.774 -> 0.811  0.566 -> 0.623  0.786 -> 0.828 / 0.566 -> 0.620
    report only (blind3, blind4)   59     0.831 -> 0.898  0.729 -> 0.763  0.834 -> 0.905 / 0.716 -> 0.756
"""
from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from benchmarks._data import ROOT

DEV = ("goals", "goals_holdout", "meetings_blind2")
REPORT_ONLY = ("meetings_blind3", "meetings_blind4")


def score_meeting(analysis: Any, gold: dict[str, tuple[str, str]]) -> Counter[str]:
    """Counts of themes scored / right (area, sub-goal), plain and weighted by size."""
    notes = analysis.notes[analysis.notes["status"] == "kept"]
    c: Counter[str] = Counter()
    for _, th in analysis.themes.iterrows():
        members = notes[notes["theme_id"] == th["theme_id"]]
        said = [gold.get(t, ("", "")) for t in members["text"]]
        areas = Counter(a for a, _ in said if a)
        goals = Counter(g for _, g in said if g)
        if not areas:
            c["not_scored"] += 1
            continue
        ok_area = th["area_id"] in areas and areas[th["area_id"]] == max(areas.values())
        ok_goal = th["goal_id"] in goals and goals[th["goal_id"]] == max(goals.values())
        n = len(members)
        c.update(themes=1, statements=n, area=int(ok_area), goal=int(ok_goal),
                 area_w=n * int(ok_area), goal_w=n * int(ok_goal))
    return c


def run(name: str, seed: int = 0) -> Counter[str]:
    import pandas as pd

    import nlp_varmland as nv

    d = pd.read_csv(ROOT / "corpora" / "labelled" / f"{name}.csv", dtype=str).fillna("")
    meetings = [g for _, g in d.groupby("meeting")] if "meeting" in d else [d]
    total: Counter[str] = Counter()
    for g in meetings:
        gold = dict(zip(g["text"], zip(g["area_id"], g["goal_id"])))
        analysis = nv.analyze(pd.DataFrame({"text": g["text"].to_numpy()}), seed=seed)
        total.update(score_meeting(analysis, gold))
    return total


def _line(label: str, c: Counter[str]) -> str:
    t, s = max(c["themes"], 1), max(c["statements"], 1)
    return (f"{label:<34} {c['themes']:>4}  area {c['area'] / t:.3f}  sub-goal {c['goal'] / t:.3f}  "
            f"weighted {c['area_w'] / s:.3f} / {c['goal_w'] / s:.3f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", help=f"sets of corpora/labelled (default: {' '.join(DEV + REPORT_ONLY)})")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    groups = {"dev": DEV, "report only": REPORT_ONLY} if not args.sets else {"chosen": tuple(args.sets)}
    for group, names in groups.items():
        total: Counter[str] = Counter()
        for name in names:
            c = run(name, args.seed)
            print(_line(f"  {name}", c), flush=True)
            total.update(c)
        print(_line(group, total), flush=True)


if __name__ == "__main__":
    main()
