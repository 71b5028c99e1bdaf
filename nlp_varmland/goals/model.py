"""The goal tree: ``Goal`` (one goal of a strategy) and ``GoalSet`` (a loaded goal file).

>>> gs = GoalSet("demo", goals=[Goal("a", "A"), Goal("a1", "A1", parent="a")])
>>> gs.area_of("a1"), [g.id for g in gs.children("a")]
('a', ['a1'])
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Goal", "GoalSet"]


@dataclass
class Goal:
    """One goal of a strategy. ``parent`` is None for a top-level focus area."""

    id: str
    name: str
    parent: str | None = None
    description: str = field(default="", repr=False)
    keywords: list[str] = field(default_factory=list, repr=False)
    examples: list[str] = field(default_factory=list, repr=False)
    exclude: list[str] = field(default_factory=list, repr=False)
    line: int = field(default=0, repr=False)
    provenance: str = field(default="", repr=False)


@dataclass
class GoalSet:
    """A loaded goal file: the goals as a tree (areas at the top, sub-goals below).

    >>> from nlp_varmland.goals import load_goals
    >>> gs = load_goals()
    >>> gs.get("bostader").name
    'Bostäder'
    >>> [g.id for g in gs.children("hoja-kompetensen")][:1]
    ['kompetensforsorjning']
    """

    name: str
    version: str = ""
    source: str = ""
    language: str = "sv"
    path: Path | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    goals: list[Goal] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {g.id: g for g in self.goals}

    def __repr__(self) -> str:
        """Name, size and file; the goals themselves are in ``.goals`` (or ``for g in gs``).

        >>> GoalSet("demo", goals=[Goal("a", "A"), Goal("a1", "A1", parent="a")])
        GoalSet('demo', 1 area, 1 sub-goal)
        """
        n_areas = len(self.areas)
        n_sub = len(self.goals) - n_areas
        version = f", version {self.version!r}" if self.version else ""
        path = f", path={str(self.path)!r}" if self.path else ""
        return (f"GoalSet({self.name!r}{version}, {n_areas} area{'' if n_areas == 1 else 's'}, "
                f"{n_sub} sub-goal{'' if n_sub == 1 else 's'}{path})")

    def __iter__(self) -> Iterator[Goal]:
        return iter(self.goals)

    def __len__(self) -> int:
        return len(self.goals)

    def __contains__(self, goal_id: object) -> bool:
        return goal_id in self._by_id

    @property
    def title(self) -> str:
        """The strategy's name as people write it (``title:`` in the goal file), else ``name``
        made readable: "Värmlandsstrategin 2040", "Min kommun 2030" for ``min-kommun-2030``.

        >>> GoalSet("min-kommun-2030").title, GoalSet("x", metadata={"title": "Dalastrategin"}).title
        ('Min kommun 2030', 'Dalastrategin')
        """
        given = str(self.metadata.get("title") or "").strip()
        if given:
            return given
        words = self.name.replace("_", "-").split("-")
        text = " ".join(w for w in words if w)
        return text[:1].upper() + text[1:]

    @property
    def vision(self) -> str:
        """The strategy's vision (``vision:`` in the goal file, or ``metadata: vision:``), or ""."""
        return str(self.metadata.get("vision") or "").strip()

    @property
    def ids(self) -> list[str]:
        return [g.id for g in self.goals]

    @property
    def areas(self) -> list[Goal]:
        """Top-level goals (the focus areas), in file order."""
        return [g for g in self.goals if not g.parent]

    def get(self, goal_id: str) -> Goal:
        """The goal with this id; ``KeyError`` when there is none."""
        return self._by_id[goal_id]

    def children(self, goal_id: str | None) -> list[Goal]:
        """Direct sub-goals of ``goal_id`` (``None``: the areas)."""
        return [g for g in self.goals if (g.parent or None) == goal_id]

    def ancestors(self, goal_id: str) -> list[str]:
        """Ids from the goal's parent up to its area (empty for an area)."""
        out, cur = [], self._by_id[goal_id].parent
        while cur:
            out.append(cur)
            cur = self._by_id[cur].parent
        return out

    def area_of(self, goal_id: str) -> str:
        """Id of the top-level ancestor (the goal itself for an area); ``""`` for ``""``."""
        if not goal_id:
            return ""
        anc = self.ancestors(goal_id)
        return anc[-1] if anc else goal_id

    def level(self, goal_id: str) -> int:
        """0 for an area, 1 for its sub-goals, and so on."""
        return len(self.ancestors(goal_id))
