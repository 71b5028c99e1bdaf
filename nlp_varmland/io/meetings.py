"""Meeting names for a folder of meetings (``build-report``): a file in a sub-folder is named
after its path, and files that give the same meeting name are one meeting.

>>> import pandas as pd
>>> a = pd.DataFrame({"meeting": ["maj"], "source": ["bord1.csv"]})
>>> b = pd.DataFrame({"meeting": ["maj"], "source": ["bord2.csv"]})
>>> [(label, len(rows)) for label, rows in join_by_meeting([(Path("bord1.csv"), a), (Path("bord2.csv"), b)])]
[('bord1.csv + bord2.csv', 2)]
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

__all__ = ["name_by_path", "join_by_meeting"]


def name_by_path(raw: pd.DataFrame, unit: Path, stored: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """Rows of a file in the sub-folder ``unit`` that are named after their file (no meeting
    column) are named after its path instead: ``2025/arbetsmote.csv`` -> ``2025/arbetsmote``.

    A file the store already holds under its bare name (recorded before this rule) keeps that
    name, so a rerun replaces it rather than adding it twice."""
    if not unit.is_dir() or raw.empty:
        return raw
    stored = stored or {}
    root = Path(os.path.realpath(unit))
    names = {}
    for src in raw["source"].unique():
        path = Path(str(src).partition("#")[0])
        try:
            rel = path.relative_to(root).with_suffix("")
        except ValueError:  # a symlink out of the folder
            rel = Path(path.stem)
        kept = str(path) in stored.get(path.stem, set())
        names[src] = (path.stem, path.stem if kept else f"{unit.name}/{rel.as_posix()}")
    stem = raw["source"].map(lambda s: names[s][0])
    named = raw["source"].map(lambda s: names[s][1])
    out = raw.copy()
    out["meeting"] = named.where(raw["meeting"] == stem, raw["meeting"])
    return out


def join_by_meeting(units: list[tuple[Path, pd.DataFrame]]) -> list[tuple[str, pd.DataFrame]]:
    """Units that share a meeting name, joined: ``[(names of the units, their rows)]`` in order."""
    parent = list(range(len(units)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, (_unit, raw) in enumerate(units):
        for name in raw["meeting"].unique():
            j = first.setdefault(str(name), i)
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(units)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for members in sorted(groups.values()):
        frames = [units[i][1] for i in members]
        raw = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
        out.append((" + ".join(units[i][0].name for i in members), raw))
    return out
